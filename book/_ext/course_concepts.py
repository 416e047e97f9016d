"""Concept checks in the book, made from their data files as the book is built (issue 17).

A chapter shows a concept check with a code cell tagged ``concept-check`` that calls
``concept_check("08-islamic-bioethics", "ensoulment")``; in JupyterLab the learner runs it. In the book
this extension replaces the whole cell (code and output) with the question rendered from
``notebooks/checks/<chapter>.yml`` as it is at build time (``coursekit.concepts``), so an edited
question or feedback (or a change to the renderer) shows in the next build even though the notebook's
cached execution is reused.
The HTML book gets the interactive question; the PDF a printed one (question, options, then the
answer with its explanation).

Before reading any page, the build checks every chapter's concept checks
(``maintainers.structure.concept_problems``): a question that states a fact without citing its source,
a malformed file, a question not shown in its chapter or shown outside its section, or a citation of a
work that the chapter does not cite fails the build, naming the file and the question.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from docutils import nodes
from sphinx.errors import ExtensionError
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

TAG = "concept-check"


def _check_all(app) -> None:
    from maintainers.structure import concept_problems

    found = concept_problems(Path(app.srcdir))
    if found:
        raise ExtensionError("concept checks:\n  " + "\n  ".join(found))


def _plain(text: str) -> str:
    """Inline Markdown as print text: citation links as their labels, emphasis and code marks removed."""
    from coursekit.concepts import CITATION, DATA_CITATION

    text = DATA_CITATION.sub(lambda m: m.group(1), CITATION.sub(lambda m: m.group(1), text))
    return re.sub(r"[*`]", "", text)


def _printed(check) -> nodes.Node:
    """The question for the PDF: an admonition with the question, its options and the answer."""
    from coursekit.concepts import render_text

    box = nodes.admonition(classes=["concept-check"])
    box += nodes.title(text=f"Check your understanding ({check.number} of {check.total})")
    lines = render_text(check).split("\n")[1:]  # the first line is the title and the prompt
    box += nodes.paragraph(
        text=_plain(check.prompt if check.kind != "true-false" else f"True or false? {check.prompt}")
    )
    for line in lines:
        if line.strip():
            box += nodes.paragraph(text=_plain(line.replace("*Answer:*", "Answer:").replace("*Answers:*", "Answers:")))
    return box


class concept_check_node(nodes.General, nodes.Element):
    """Where a concept check goes (its chapter and id), until the page is written."""


class ConceptCheckCells(SphinxTransform):
    """Replace each concept-check cell (code and output) with a placeholder for its question, and make
    the page depend on the chapter's data file, so that editing the file rebuilds the page."""

    default_priority = 400

    def apply(self, **kwargs) -> None:
        from coursekit import concepts
        from coursekit.concepts import CALL, load_checks

        for cell in list(self.document.findall(nodes.container)):
            if cell.get("nb_element") != "cell_code" or TAG not in cell.get("cell_metadata", {}).get("tags", []):
                continue
            m = CALL.search(cell.astext())
            if not m:
                raise ExtensionError(f"{self.env.docname}: a cell tagged {TAG} must call concept_check(chapter, id)")
            chapter, check_id = m.groups()
            folder = Path(self.env.doc2path(self.env.docname)).parent / "checks"  # beside the chapter
            self.env.note_dependency(str(folder / f"{chapter}.yml"))
            self.env.note_dependency(concepts.__file__)  # the renderer too: an edit to it rebuilds the page
            if not any(c.id == check_id for c in load_checks(chapter, folder)):
                raise ExtensionError(f"{self.env.docname}: no concept check {check_id!r} in chapter {chapter!r}")
            cell.replace_self(concept_check_node(chapter=chapter, check_id=check_id, folder=str(folder)))


class ConceptCheckQuestions(SphinxPostTransform):
    """Write each question as the builder needs it: interactive HTML, or a printed box for the PDF."""

    default_priority = 400

    def run(self, **kwargs) -> None:
        from docutils.nodes import make_id

        from coursekit.concepts import load_checks, render_html

        first = True
        data_page = self.app.builder.get_relative_uri(self.env.docname, "book/data")
        if "book/data" not in self.env.all_docs:  # the Arabic edition: the English data page, one level up
            data_page = "../" + data_page
        for node in list(self.document.findall(concept_check_node)):
            check = next(c for c in load_checks(node["chapter"], Path(node["folder"])) if c.id == node["check_id"])
            if self.app.builder.format == "html":
                markup = render_html(
                    check,
                    ref_href=lambda key: "#" + make_id(f"ref-{key}"),
                    data_href=lambda name: f"{data_page}#{make_id(f'data-{name}')}",
                    assets=first,
                )
                node.replace_self(nodes.raw("", markup, format="html"))
            else:
                node.replace_self(_printed(check))
            first = False


def setup(app):
    app.connect("builder-inited", _check_all)
    app.add_node(concept_check_node)
    app.add_transform(ConceptCheckCells)
    app.add_post_transform(ConceptCheckQuestions)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
