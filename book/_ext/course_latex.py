"""The PDF numbers its chapters as the web book does (issue 17).

The web book numbers only the chapters of the numbered parts of ``_toc.yml`` (Parts I to IV: chapter 8
is "8. Islamic bioethics ..."); the front matter ("How to use this course", "Setup", the instructor
pages), the exercise pages and the back matter are not numbered. LaTeX numbers every ``\\chapter``, so
the PDF's chapter 12 was the web's chapter 8, and its parts printed as "Part II / Part I: ...". This
extension sets LaTeX's ``secnumdepth`` at the start of each page of the assembled PDF: unnumbered for
the parts (their captions carry their own numbers) and for pages that the web book does not number,
numbered for the others. An unnumbered ``\\chapter`` does not advance the chapter counter, so the
first numbered chapter is chapter 1, as on the web, and figures are numbered as there (Figure 8.1).
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

UNNUMBERED = r"\setcounter{secnumdepth}{-2}"  # not even \part
NUMBERED = r"\setcounter{secnumdepth}{2}"  # chapter, section, subsection (Sphinx's default)


class ChapterNumbers(SphinxPostTransform):
    builders = ("latex",)
    default_priority = 800  # after sphinx-jupyterbook-latex has made the parts (700)

    def run(self, **kwargs) -> None:
        numbered = {doc for doc, numbers in self.env.toc_secnumbers.items() if numbers}
        for start in self.document.findall(addnodes.start_of_file):
            command = NUMBERED if start.get("docname") in numbered else UNNUMBERED
            start.insert(0, nodes.raw("", command + "\n", format="latex"))


def setup(app):
    app.add_post_transform(ChapterNumbers)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
