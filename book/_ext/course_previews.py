"""Previews on the page: a glossary term shows its definition, a citation its full reference (issue 17).

sphinx-tippy does the work: at build time it copies, for every link in a page's text whose target is in
the book, the target's HTML (a glossary entry's term and definition, a footnote's reference, a
section's heading) into one small script per page, and tippy.js shows it next to the link when the
reader hovers over it or moves the keyboard focus to it. This module sets it
up for a book that must work offline:

* tippy.js and Popper are served from the book (``book/_static/vendor/tippy/``, with their MIT licences
  and versions in the README there), not from unpkg;
* the Wikipedia and DOI look-ups (requests to other hosts at build time) are off;
* previews are made for links in the page's text only (not the sidebar), for glossary entries,
  footnotes (the citations) and section headings; figures and tables are not copied into previews;
* the preview box takes the theme's colours (``course-previews.css``), so it reads in light and dark mode;
* nothing of it delays the page or keeps a phone busy while it opens: its stylesheet and its three
  scripts (Popper, tippy.js and the page's previews) are fetched when the reader first moves the
  pointer, touches the screen, presses a key or moves the focus after the page has loaded, and the
  preview of the link that started it opens at once. (Setting up every link's preview when the page
  loads kept a mid-range phone's main thread busy for about 0.3 s: Lighthouse's chapter score fell
  from 98 to 75.)
"""

from __future__ import annotations

import json
from pathlib import Path

_STATIC = str(Path(__file__).resolve().parent.parent / "_static")
JS = ("vendor/tippy/popper.min.js", "vendor/tippy/tippy-bundle.umd.min.js")
SETTINGS = {
    "tippy_js": JS,
    "tippy_enable_wikitips": False,
    "tippy_enable_doitips": False,
    "tippy_rtd_urls": [],
    "tippy_tip_selector": "aside.footnote",
    "tippy_anchor_parent_selector": "article.bd-article",
    # tippy.js options (JavaScript values). tippy.js opens a preview on hover and on keyboard focus (its
    # default trigger, which sphinx-tippy does not let a book change).
    # Interactive: the pointer can move onto an open preview without closing it (WCAG 2.2, 1.4.13).
    "tippy_props": {"placement": "auto-start", "maxWidth": 500, "theme": "course", "interactive": True},
}


CSS = "course-previews.css"
#: Loads the previews at the reader's first move after the page has loaded: the stylesheet, then the
#: scripts in order. sphinx-tippy's page script installs its previews as ``window.onload``, which has
#: fired by then, so it is called here; then the link under the pointer or with the focus, if any,
#: shows its preview (its own mouseenter or focus event came before the preview existed).
_LATER = """window.addEventListener("load", () => {
  const moves = ["pointerover", "touchstart", "keydown", "focusin"];
  const start = (event) => {
    moves.forEach((name) => document.removeEventListener(name, start, true));
    const css = document.createElement("link");
    css.rel = "stylesheet"; css.href = %(css)s; document.head.appendChild(css);
    %(scripts)s.reduce((done, src) => done.then(() => new Promise((ok, fail) => {
      const s = document.createElement("script");
      s.src = src; s.onload = ok; s.onerror = fail; document.head.appendChild(s);
    })), Promise.resolve()).then(() => {
      // a screen reader reads an open preview as the link's description, interactive or not
      window.tippy.setDefaultProps({aria: {content: "describedby", expanded: false}});
      if (typeof window.onload === "function") window.onload();
      const link = event.target instanceof Element ? event.target.closest("a") : null;
      const here = (a) => a && a._tippy && (a.matches(":hover") || a === document.activeElement);
      [link, document.activeElement].find(here)?._tippy.show();
    });
  };
  moves.forEach((name) => document.addEventListener(name, start, {capture: true, passive: true}));
  // Escape closes an open preview without moving the pointer or the focus (WCAG 2.2, 1.4.13)
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") document.querySelectorAll("a").forEach((a) => a._tippy && a._tippy.hide());
  });
});"""


def _name(asset) -> str:
    """The asset's file below _static/ (Sphinx records ``_static/x.js`` for an extension's ``x.js``)."""
    name = getattr(asset, "filename", None) or ""
    return name.removeprefix("_static/")


def _load_after_the_page(app, pagename, templatename, context, doctree) -> None:
    """Move the preview stylesheet and scripts of this page out of its head, into a loader run at the first move."""
    scripts = context.get("script_files")
    if scripts is None:
        return
    mine = [js for js in scripts if _name(js).startswith(("vendor/tippy/", "tippy/"))]
    if not mine:
        return
    scripts[:] = [js for js in scripts if js not in mine]
    styles = context.get("css_files")
    if styles is not None:
        styles[:] = [c for c in styles if _name(c) != CSS]
    pathto = context["pathto"]
    urls = [pathto(f"_static/{_name(js)}", 1) for js in mine]
    body = _LATER % {"css": json.dumps(pathto(f"_static/{CSS}", 1)), "scripts": json.dumps(urls)}
    app.add_js_file(None, body=body)


def _configure(app, config) -> None:
    for name, value in SETTINGS.items():
        setattr(config, name, value)
    if _STATIC not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, _STATIC]


def setup(app):
    app.setup_extension("sphinx_tippy")
    app.connect("config-inited", _configure, priority=100)
    app.add_css_file(CSS)
    app.connect("html-page-context", _load_after_the_page, priority=460)  # after sphinx-tippy's (450)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
