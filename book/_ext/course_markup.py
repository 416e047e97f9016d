"""The notebooks as the book reads them, and the ``{eval}`` role without a live kernel.

The chapters and exercise sets are written for JupyterLab (jupyterlab-myst) as well as for the book
(``maintainers/markup.py`` lists the differences). As Sphinx reads each notebook, this extension
translates the few forms the book needs otherwise: citation links become ``{footcite:p}`` footnotes,
labelled file links ``{ref}`` cross-references, and the references cell the ``{footbibliography}``.

Numbers in the prose are ``{eval}`` roles (``{eval}`n_oic``` or ``{eval}`f"{share:.1%}"```), which
JupyterLab evaluates in the learner's kernel. myst-nb's own ``eval`` role needs a kernel running during
the build (its "inline" execution mode, which would give up the parallel, cached execution of
``make book``); this one evaluates the expression over the values the notebook glued
(``coursekit.prose.glue_values`` both glues each value and binds its name in the kernel, so both places
evaluate the same expression over the same values). Only names, constants and f-strings are allowed;
a name the notebook did not glue fails the build, naming the page and the expression.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # maintainers/ is the repository's, not an installed package
    sys.path.insert(0, str(_ROOT))

LOGGER = logging.getLogger(__name__)
_ALLOWED = (ast.Expression, ast.Name, ast.Load, ast.Constant, ast.JoinedStr, ast.FormattedValue)


def _translate(app, docname: str, source: list[str]) -> None:
    if not app.env.doc2path(docname).endswith(".ipynb"):
        return
    import nbformat

    from maintainers.markup import notebook_to_book

    nb = nbformat.reads(source[0], as_version=4)
    source[0] = nbformat.writes(notebook_to_book(nb))


def glued_value(document, name: str):
    """The value the notebook glued under *name* (its text/plain, read back as a Python literal)."""
    from myst_nb.core.variables import RetrievalError
    from myst_nb.ext.glue.utils import retrieve_glue_data

    try:
        data = retrieve_glue_data(document, name).data
    except RetrievalError as exc:
        raise ValueError(f"{name!r} was not glued in this notebook ({exc})") from None
    text = data.get("text/plain")
    if text is None:
        raise ValueError(f"{name!r} was glued without a text/plain value")
    try:
        return ast.literal_eval(text)
    except (SyntaxError, ValueError):
        raise ValueError(f"{name!r} was glued as {text!r}, which is not a plain number or string") from None


def evaluate(expression: str, lookup) -> str:
    """*expression* (a name, a constant or an f-string over names) as the text JupyterLab shows for it."""
    tree = ast.parse(expression.strip(), mode="eval")
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED):
            raise ValueError(f"{type(node).__name__} is not allowed in {{eval}} (use a name or an f-string)")
    names = {n.id: lookup(n.id) for n in ast.walk(tree) if isinstance(n, ast.Name)}
    value = eval(compile(tree, "<eval>", "eval"), {"__builtins__": {}}, names)  # noqa: S307 (checked above)
    return value if isinstance(value, str) else repr(value)


class EvalRole(SphinxRole):
    def run(self):
        try:
            text = evaluate(self.text, lambda name: glued_value(self.inliner.document, name))
        except (SyntaxError, ValueError, NameError, TypeError) as exc:
            msg = self.inliner.reporter.error(f"{{eval}}`{self.text}`: {exc}", line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        node = nodes.inline(text, text, classes=["pasted-text"])
        self.set_source_info(node)
        return [node], []


def setup(app):
    from maintainers.markup import register_bib_style

    register_bib_style()  # the bibliography style the book and the notebooks' references cells share
    app.connect("source-read", _translate)
    app.add_role("eval", EvalRole(), override=True)  # after myst-nb's, which needs a running kernel
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
