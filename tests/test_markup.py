"""One notebook text for JupyterLab and the book (maintainers/markup.py, book/_ext/course_markup.py).

The notebooks are written in the MyST that JupyterLab renders; the book build translates citations,
labelled links and the references cell; ``{eval}`` is evaluated from the glued values. These tests
prove each translation both ways, that the committed notebooks are in step with references.bib, and
that a number the notebook did not glue fails the book build instead of showing nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from course_markup import evaluate

from maintainers import markup

ROOT = Path(__file__).resolve().parent.parent
REFS = markup.bibliography()


def test_a_citation_becomes_a_footnote_in_the_book_and_back():
    lab = "as Ghaly put it ([Ghaly, 2012](#ref-ghaly2012beginning))."
    book = "as Ghaly put it {footcite:p}`ghaly2012beginning`."
    assert markup.to_book(lab) == book
    assert markup.to_lab(book) == lab
    two = "([Ghaly, 2012](#ref-ghaly2012beginning); [Ghaly, 2010](#ref-ghaly2010cloning))"
    assert markup.to_book(two) == "{footcite:p}`ghaly2012beginning,ghaly2010cloning`"
    assert markup.to_lab(markup.to_book(two)) == two


def test_the_labels_alone_are_the_bibliographys_labels_in_its_order():
    """The build's checks read the labels without formatting every reference (a second per build)."""
    assert list(markup.bibliography_labels().items()) == [(k, r.label) for k, r in REFS.items()]


def test_labels_are_author_year_and_unique():
    assert REFS["ghaly2012beginning"].label == "Ghaly, 2012"
    assert REFS["chamsipasha2013western"].label == "Chamsi-Pasha and Albar, 2013"
    assert REFS["daley2016setting"].label == "Daley et al., 2016"
    labels = [r.label for r in REFS.values()]
    assert len(labels) == len(set(labels)), "two works share an author-year label"
    # two resolutions of one body in one year are told apart
    assert {REFS["iifa1997cloning"].label, REFS["iifa1997cloning_iifa"].label} == {
        "International Islamic Fiqh Academy, 1997a",
        "International Islamic Fiqh Academy, 1997b",
    }


def test_a_stale_label_is_rewritten_and_an_unknown_key_refused():
    assert markup.to_lab("([Somebody, 1900](#ref-ghaly2012beginning))") == "([Ghaly, 2012](#ref-ghaly2012beginning))"
    with pytest.raises(KeyError, match="nobody2099"):
        markup.to_lab("{footcite:p}`nobody2099`")


def test_a_labelled_link_to_a_course_file_is_a_cross_reference_in_the_book():
    lab = "See the [data page](../book/data.md#data-events) and [chapter 9](09-policy-across-countries.ipynb)."
    assert markup.to_book(lab) == (
        "See the {ref}`data page <data-events>` and [chapter 9](09-policy-across-countries.ipynb)."
    )
    # web links with a fragment stay links
    web = "[a page](https://example.org/x#y)"
    assert markup.to_book(web) == web


def test_the_references_cell_lists_each_cited_work_once_and_the_book_keeps_its_footnotes():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# T\n\nOne {footcite:p}`ghaly2012beginning`. Two {footcite:p}`ghaly2012beginning,daley2016setting`."
        ),
        nbformat.v4.new_markdown_cell("## References\n\n```{footbibliography}\n```"),
    ]
    lab = markup.notebook_to_lab(nb)
    refs = lab.cells[1]
    assert markup.REFERENCES_TAG in refs.metadata["tags"]
    assert refs.source.count("(ref-ghaly2012beginning)=") == 1 and "(ref-daley2016setting)=" in refs.source
    assert "**Ghaly, 2012.**" in refs.source and "Zygon" in refs.source
    assert "{footcite" not in lab.cells[0].source and "{footbibliography}" not in refs.source
    book = markup.notebook_to_book(lab)
    assert book.cells[1].source == "## References\n\n```{footbibliography}\n```"
    assert book.cells[0].source == nb.cells[0].source
    assert markup.notebook_to_lab(lab).cells == lab.cells  # idempotent


def test_titles_keep_the_capitals_references_bib_gives_them_in_both_places():
    """pybtex's ``plain`` style sentence-cased titles ("10th session, jeddah, 28 june"): the course's
    style prints them as written, in the notebooks' references cells and in the book alike."""
    text = REFS["iifa1997cloning"].text
    assert "Resolution No. 94 (2/10) on Human Cloning, 10th Session, Jeddah, 28 June–3 July 1997" in text
    assert "Islamic Bioethical Perspectives" in REFS["ghaly2012beginning"].text
    config = (ROOT / "_config.yml").read_text(encoding="utf-8")
    assert re.search(rf"^\s*bibtex_default_style:\s*{markup.BIB_STYLE}\b", config, re.M)
    lab = "\n".join(
        c.source for c in nbformat.read(ROOT / "notebooks" / "08-islamic-bioethics.ipynb", as_version=4).cells
    )
    assert "10th Session, Jeddah" in lab and "jeddah" not in lab and "n.d..**" not in lab


def test_every_notebook_is_in_step_with_references_bib():
    assert markup.main(["--check"]) == 0, "run `python -m maintainers.markup`"


@pytest.mark.parametrize(
    "path", markup.notebooks(), ids=lambda p: p.parent.name if p.parent.name != "notebooks" else p.stem
)
def test_no_book_only_markup_is_left_for_jupyterlab(path):
    """In JupyterLab these show as raw text or an "Unknown Directive" box."""
    nb = nbformat.read(path, as_version=4)
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for raw in ("{footcite", "{glue", "{doc}", "{footbibliography}", "{cite:"):
        assert raw not in text, f"{path.name}: {raw} (write it as maintainers/markup.py describes)"


# --- {eval} in the book ------------------------------------------------------------------------------
GLUED = {"n_oic": 57, "share": 0.1234, "name": "Egypt", "total": 1236106}


def test_eval_shows_what_jupyterlab_shows():
    look = GLUED.__getitem__
    assert evaluate("n_oic", look) == "57"
    assert evaluate('f"{share:.1%}"', look) == "12.3%"
    assert evaluate('f"{total:,}"', look) == "1,236,106"
    assert evaluate("name", look) == "Egypt"  # JupyterLab strips the quotes of a string's repr
    assert evaluate("share", look) == "0.1234"


@pytest.mark.parametrize("expression", ["__import__('os')", "n_oic + 1", "len(name)", "name.upper()", "[n_oic]"])
def test_eval_allows_only_names_constants_and_f_strings(expression):
    with pytest.raises(ValueError, match="not allowed"):
        evaluate(expression, GLUED.__getitem__)


def test_a_number_the_notebook_did_not_glue_fails(tmp_path):
    def lookup(name):
        raise ValueError(f"{name!r} was not glued in this notebook")

    with pytest.raises(ValueError, match="'n_missing' was not glued"):
        evaluate("n_missing", lookup)


def _in_concept_check(html: str, anchor: str) -> bool:
    """Whether the link *anchor* stands inside a concept check (a ``<section class="cc"``)."""
    at = html.index(anchor)
    start = html.rfind('<section class="cc"', 0, at)
    return start != -1 and html.find("</section>", start) > at


@pytest.mark.build
def test_the_book_shows_footnotes_and_values_not_jupyterlab_markup(built_book):
    html = (built_book["html"] / "notebooks" / "08-islamic-bioethics.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", html)
    # no JupyterLab citation link is left: every link to a reference is a footnote reference, or a concept
    # check's citation, whose target is the footnote (its id is "ref-<key>", bibtex_footcite_id)
    links = re.findall(r'<a [^>]*href="#ref-[^"]*"[^>]*>', html)
    lab_links = [a for a in links if "footnote-reference" not in a and not _in_concept_check(html, a)]
    assert lab_links == [] and "](#ref-" not in html and "{eval}" not in text and "(ref-" not in text
    ids = set(re.findall(r'id="(ref-[^"]+)"', html))
    targets = {re.search(r'href="#([^"]+)"', a).group(1) for a in links}
    assert targets and targets <= ids, f"links to missing footnotes: {sorted(targets - ids)}"
    assert re.search(r"cited row for \d+ of the 57\s+OIC member states", text)
    assert 'class="footnote-reference' in html or "footnote" in html
    assert "Unknown Directive" not in text
    assert "10th Session, Jeddah" in text  # the footnotes use the course's bibliography style
