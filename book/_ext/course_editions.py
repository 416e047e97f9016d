"""Two editions of one book: English (the repository's root) and Arabic (``ar/``), issue 18.

Both builds load this extension. It

* links every page to the same page in the other edition where that page exists (``ar/<page>.md``
  for an English page, the English ``<page>.md`` or ``.ipynb`` for an Arabic one): a link at the top of
  the article, in the other language and marked with its ``lang`` and ``hreflang``, and a
  ``<link rel="alternate">`` in the head;
* in the Arabic edition (``course_edition: ar`` in ``ar/_config.yml``, with Sphinx's ``language: ar``,
  which gives ``lang="ar"`` and the theme's own strings in Arabic), writes ``dir="rtl"`` on every
  page's ``<html>`` (the theme's template has no place for it) and adds ``course-rtl.css``: the Arabic
  typeface from the book (``book/_static/vendor/noto-naskh-arabic/``), the few mirrored sides and what
  stays left to right (code, code output, Latin references); and marks the references, which are in
  English, as English (``lang="en"``), with any Arabic inside them (a title) marked as Arabic again,
  so that a screen reader reads each in its own language. The typeface is not preloaded: measured on
  the slow link of ``make bench``, preloading both weights delayed the first paint by about 0.25 s
  (the fonts competed with the stylesheets) and did not bring the load event earlier;

* in the Arabic edition, sends a link to a page that is not translated yet to the English page.

The built site holds the English book at its root and the Arabic book in ``ar/`` (``make book`` copies
it there), so an English page ``book/intro.html`` has its Arabic page at ``ar/book/intro.html``.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.transforms.post_transforms import SphinxPostTransform

ROOT = Path(__file__).resolve().parents[2]
ARABIC = ROOT / "ar"
SUFFIXES = (".md", ".ipynb")
CSS = "course-rtl.css"
_STATIC = str(Path(__file__).resolve().parent.parent / "_static")

#: What the link to the other edition says, in that edition's language.
LINK_TEXT = {"ar": "اقرأ هذه الصفحة بالعربية", "en": "Read this page in English"}


def counterpart(edition: str, pagename: str) -> str | None:
    """The other edition's page for *pagename*, as a path from the built site's root, or None."""
    if edition == "en":
        found = any((ARABIC / f"{pagename}{s}").exists() for s in SUFFIXES)
        return f"ar/{pagename}.html" if found else None
    found = any((ROOT / f"{pagename}{s}").exists() for s in SUFFIXES)
    return f"{pagename}.html" if found else None


def _link(app, pagename, templatename, context, doctree) -> None:
    edition = app.config.course_edition
    other = counterpart(edition, pagename)
    if other is None or doctree is None:
        return
    up = "../" * pagename.count("/") + ("../" if edition == "ar" else "")  # to the site's root
    lang = "en" if edition == "ar" else "ar"
    direction = "ltr" if lang == "en" else "rtl"
    href = up + other
    context["metatags"] = context.get("metatags", "") + (f'\n<link rel="alternate" hreflang="{lang}" href="{href}" />')
    context["body"] = (
        f'<p class="course-edition"><a href="{href}" hreflang="{lang}" lang="{lang}" dir="{direction}">'
        f"{LINK_TEXT[lang]}</a></p>\n" + context.get("body", "")
    )


_HTML_TAG = re.compile(r'<html([^>]*?) lang="ar"(?![^>]*\bdir=)')
_CITATION = re.compile(r'<span class="bibtex-citation"(?![^>]*\blang=)')
_ENTRY = re.compile(
    r'(<(div|aside) class="(?:citation|footnote(?: [^"]*)?)")(?![^>]*\blang=)([^>]*>)(.*?)(</\2>)', re.S
)
_ARABIC = re.compile(r"[\u0600-\u06ff](?:[\u0600-\u06ff\s\d]*[\u0600-\u06ff])?")


def mark_references(html: str) -> str:
    """The Arabic page's references (inline citations, bibliography and footnote entries) marked as
    English, and the Arabic inside an entry marked as Arabic."""
    html = _CITATION.sub('<span class="bibtex-citation" lang="en"', html)

    def entry(m: re.Match) -> str:
        body = _ARABIC.sub(lambda a: f'<span lang="ar" dir="rtl">{a.group(0)}</span>', m.group(4))
        return f'{m.group(1)} lang="en" dir="ltr"{m.group(3)}{body}{m.group(5)}'

    return _ENTRY.sub(entry, html)


def _right_to_left(app, exception) -> None:
    """Write dir="rtl" on the <html> of every page of the Arabic edition."""
    if exception is not None or app.config.course_edition != "ar" or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        new = mark_references(_HTML_TAG.sub(r'<html\1 lang="ar" dir="rtl"', text, count=1))
        if new != text:
            page.write_text(new, encoding="utf-8")


def english_page(refdoc: str, page: str, anchor: str = "") -> str | None:
    """For a link from the Arabic page *refdoc* to *page* (a path from the Arabic book's root, with
    its suffix: ``book/data.md``, or ``../book/evidence.ipynb`` out of ``ar/`` to the English page
    itself, as a translated chapter links to it so that the link also opens in JupyterLab), the English
    page's address if *page* is a page of the English book that the Arabic edition does not have."""
    import os.path

    page = os.path.normpath(page)
    if page.startswith("../"):
        page = page[3:]
    stem, suffix = os.path.splitext(page)
    if suffix not in SUFFIXES or page.startswith("..") or any((ARABIC / f"{stem}{s}").exists() for s in SUFFIXES):
        return None
    if not (ROOT / page).exists():
        return None
    up = "../" * refdoc.count("/") + "../"  # from the Arabic page to the site's root
    return f"{up}{stem}.html" + (f"#{anchor}" if anchor else "")


class EnglishPages(SphinxPostTransform):
    """In the Arabic edition, a link to a page that is not translated yet (``../book/data.md`` in a
    translated chapter) goes to the English page, marked as English, instead of nowhere. Runs before
    MyST resolves its links (priority 9)."""

    default_priority = 5

    def run(self, **kwargs) -> None:
        from docutils import nodes
        from sphinx import addnodes

        if self.app.config.course_edition != "ar":
            return
        for node in list(self.document.findall(addnodes.pending_xref)):
            if node.get("reftype") != "myst":
                continue
            refdoc, target = node.get("refdoc", self.env.docname), node.get("reftarget", "")
            if node.get("refdomain") == "doc":  # MyST made the file link a document name already
                name = target[3:] if target.startswith("../") else target
                suffix = next((s for s in SUFFIXES if (ROOT / (name + s)).exists()), "")
                href = english_page(refdoc, target + suffix, node.get("reftargetid") or "")
            else:  # a file MyST did not find: its path from the linking page
                import os.path

                path, _, anchor = target.partition("#")
                href = english_page(refdoc, os.path.join(os.path.dirname(refdoc), path), anchor)
            if href is None:
                continue
            ref = nodes.reference("", "", internal=False, refuri=href, hreflang="en")
            ref += node.children
            node.replace_self(ref)


def _configure(app, config) -> None:
    if config.course_edition == "ar":
        if _STATIC not in config.html_static_path:
            config.html_static_path = [*config.html_static_path, _STATIC]
        app.add_css_file(CSS)


def setup(app):
    app.add_config_value("course_edition", "en", "html", [str])
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _link)
    app.connect("build-finished", _right_to_left)
    app.add_post_transform(EnglishPages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
