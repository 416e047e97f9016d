"""Mathematics as MathML, written at build time: no script, no web font, nothing to wait for.

The book's formulas are a few fractions and sums (the international collaboration index, shares,
weighted means, the team-output model). MathJax drew them in the browser with a 1.16 MB script
(257 KB compressed) that made every page with a formula miss the 300 KB page budget on its own
(issue "Performance"). Every current browser draws MathML Core itself, screen readers read it, and
it follows the page's colours in dark mode. ``latex2mathml`` converts the TeX at build time; the
TeX stays in ``alttext`` and the PDF build still typesets the same TeX with LaTeX.

``tests/test_light_book.py`` converts every formula of the book and fails on any TeX command left
unconverted, so a formula this converter cannot read is found at build time, not by a reader.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from docutils import nodes
from sphinx.locale import _
from sphinx.util.math import get_node_equation_number

_TEXT = re.compile(r"\\(?:text|mathrm|textrm)\{([^{}]*)\}")
_ESCAPED = re.compile(r"\\([&%$#_{}])")


def _plain_text(m: re.Match) -> str:
    """Inside ``\\text{...}`` an escaped ``\\&`` is just ``&`` (the converter would keep the backslash)."""
    return m.group(0).replace(m.group(1), _ESCAPED.sub(r"\1", m.group(1)))


def mathml(tex: str, display: bool) -> str:
    """*tex* as a ``<math>`` element (``display="block"`` for a displayed formula)."""
    from latex2mathml.converter import convert

    source = " ".join(tex.split())
    element = convert(_TEXT.sub(_plain_text, source), display="block" if display else "inline")
    return element.replace("<math ", f'<math alttext="{html.escape(source, quote=True)}" ', 1)


def visit_math(self, node) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate nohighlight"))
    self.body.append(mathml(node.astext(), display=False))
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self, node) -> None:
    # A wide formula scrolls sideways on a phone; tabindex lets a keyboard reach and scroll it
    # (axe-core: scrollable-region-focusable), as the theme does for code blocks.
    self.body.append(self.starttag(node, "div", CLASS="math notranslate nohighlight", tabindex="0"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    for part in (p for p in node.astext().split("\n\n") if p.strip()):
        self.body.append(mathml(part, display=True))
    self.body.append("</div>\n")
    raise nodes.SkipNode


_STATIC = str(Path(__file__).resolve().parent.parent / "_static")


def _use_mathml(app, config) -> None:
    config.html_math_renderer = "mathml"
    if _STATIC not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, _STATIC]


def _only_where_math(app, pagename, templatename, context, doctree) -> None:
    """Link the formulas' stylesheet only from pages that have a formula."""
    css = context.get("css_files")
    if css is not None and "<math " not in (context.get("body") or ""):
        css[:] = [c for c in css if "course-math.css" not in str(getattr(c, "filename", c))]


def setup(app):
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.connect("config-inited", _use_mathml)
    app.add_css_file("course-math.css")
    app.connect("html-page-context", _only_where_math)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
