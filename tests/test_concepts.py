"""Concept checks (issue 17): the data files, the rules they keep, and the questions made from them.

Each chapter's questions live in ``notebooks/checks/<chapter>.yml`` (``coursekit.concepts``); the book
(``book/_ext/course_concepts.py``) and JupyterLab show them with the same renderer. These tests need no
browser: the browser tests answer the questions on every chapter page, with the keyboard.
"""

from __future__ import annotations

import html.parser
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest

from coursekit import concepts
from coursekit.concepts import ConceptCheckError, check_chapter, load_checks, problems, render_html, render_text
from maintainers.structure import CHECKS_PER_CHAPTER, chapter_paths, concept_problems, concept_problems_of

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = [p.stem for p in chapter_paths()]
ALL = [(ch, c) for ch in CHAPTERS if (concepts.CHECKS_DIR / f"{ch}.yml").exists() for c in load_checks(ch)]

VALID = """\
chapter: 99-demo
checks:
  - id: first
    type: choice
    section: "A section"
    prompt: Which measure counts a paper once for each country on it?
    options:
      - text: Whole counting.
        correct: true
        feedback: Each country on the paper gets the whole paper.
      - text: Fractional counting.
        feedback: That splits the paper between the countries.
      - text: First-author counting.
        feedback: That gives the paper to one country only.
"""


def _write(folder: Path, text: str, name: str = "99-demo") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------------
# every chapter
# --------------------------------------------------------------------------------------------------
def test_every_chapter_has_its_concept_checks_and_they_keep_every_rule():
    assert len(CHAPTERS) == 13
    assert concept_problems() == []
    low, high = CHECKS_PER_CHAPTER
    for ch in CHAPTERS:
        assert low <= len(load_checks(ch)) <= high, ch


ETHICS_AND_RULINGS = ("07-ethics-frameworks", "08-islamic-bioethics", "09-policy-across-countries")


def test_the_ethics_and_rulings_chapters_have_the_most_checks():
    counts = {ch: len(load_checks(ch)) for ch in CHAPTERS}
    ethics = [counts[ch] for ch in ETHICS_AND_RULINGS]
    others = [n for ch, n in counts.items() if ch not in ETHICS_AND_RULINGS]
    assert min(ethics) >= 5 and max(ethics) == max(counts.values()), counts
    assert sum(ethics) / len(ethics) > sum(others) / len(others), counts


def test_all_three_kinds_of_question_are_used():
    assert {c.kind for _, c in ALL} == set(concepts.KINDS)


@pytest.mark.parametrize("chapter,check", ALL, ids=[f"{ch[:2]}-{c.id}" for ch, c in ALL])
def test_every_question_renders_as_an_accessible_form(chapter, check):
    markup = render_html(check)
    parsed = _Parsed(markup)
    assert parsed.errors == [], parsed.errors
    # every control has a label (radio buttons by for=, drop-downs by for=), grouped with a legend
    assert parsed.inputs and set(parsed.inputs) <= set(parsed.labels_for), (parsed.inputs, parsed.labels_for)
    assert parsed.tags.count("legend") >= 1 and parsed.tags.count("fieldset") >= 1
    assert 'role="status"' in markup and 'aria-live="polite"' in markup
    assert '<button type="button" class="cc-check">Check answer</button>' in markup
    # feedback for every option, and an explanation of every option, from the data
    assert markup.count("<template data-fb=") == len(check.options) + (2 if check.kind == "true-false" else 0)
    assert markup.count("<li>") == len(check.options) + (1 if check.kind == "true-false" else 0)
    # nothing from another host
    assert "http://" not in markup.replace('href="http', "") and "src=" not in markup
    # back to the section the question checks
    assert f'data-cc-section="{check.section}"' in markup.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_text_form_states_the_question_and_its_answer():
    check = load_checks("08-islamic-bioethics")[0]
    text = render_text(check)
    assert check.prompt in text and "*Answer:*" in text
    right = next(o for o in check.options if o.correct)
    assert right.feedback in text


# --------------------------------------------------------------------------------------------------
# malformed files: a message that names file, question and field
# --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "change,message",
    [
        (("        correct: true\n", ""), "exactly one option must have 'correct: true'"),
        (
            ("        feedback: That splits", "        correct: true\n        feedback: That splits"),
            "exactly one option",
        ),
        (("    type: choice", "    type: quiz"), "'type' must be one of choice, true-false, match, not 'quiz'"),
        (("    prompt: Which", "    promt: Which"), "unknown field(s) promt"),
        (("        correct: true", "        correct: yes please"), "correct: must be true or false"),
        (
            ("      - text: First-author counting.\n        feedback: That gives the paper to one country only.\n", ""),
            "at least 3 entries",
        ),  # fmt: skip
        (("chapter: 99-demo", "chapter: 98-other"), "is not the file's name"),
        (("- id: first", "- id: First Question"), "must be lowercase words joined by hyphens"),
        (("      - text: Whole counting.", "      - text: [Whole counting."), "not valid YAML"),
    ],
)
def test_a_malformed_file_is_refused_with_a_message_naming_where(tmp_path, change, message):
    text = textwrap.dedent(VALID).replace(*change)
    _write(tmp_path, text)
    with pytest.raises(ConceptCheckError) as err:
        load_checks("99-demo", tmp_path)
    assert message in str(err.value)
    assert str(err.value).startswith(f"{tmp_path.parent.name}/{tmp_path.name}/99-demo.yml")


def test_a_valid_file_loads(tmp_path):
    _write(tmp_path, VALID)
    (check,) = load_checks("99-demo", tmp_path)
    assert check.kind == "choice" and check.number == 1 and check.total == 1
    assert [o.correct for o in check.options] == [True, False, False]


# --------------------------------------------------------------------------------------------------
# a fact needs a citation
# --------------------------------------------------------------------------------------------------
UNCITED_FACT = VALID.replace(
    "feedback: Each country on the paper gets the whole paper.",
    "feedback: The Muslim World League's council adopted this count in 2003.",
)
CITED_FACT = UNCITED_FACT.replace(
    "adopted this count in 2003.",
    "adopted this count in 2003 ([Islamic Fiqh Council of the Muslim World League, 2003](#ref-mwl2003stemcells)).",
)


@pytest.mark.parametrize(
    "text,fact",
    [
        ("It was adopted in 2003.", "a number"),
        ("The guidelines of the ISSCR are not law.", "an acronym"),
        ("The resolution of the council in Makkah permits it.", "a name"),
        ("Islam has no central authority.", None),  # the first word of a sentence is not a name by itself
        ("Which measure counts a paper once per country? Fractional counting splits it.", None),
        ('"Public good" is a principle; `iso3` is a column.', None),
    ],
)
def test_what_states_a_fact(text, fact):
    found = concepts.states_fact(text)
    assert (found or "").startswith(fact) if fact else found is None, found


def test_a_question_that_states_a_fact_without_a_citation_is_refused(tmp_path):
    _write(tmp_path, UNCITED_FACT)
    found = problems("99-demo", tmp_path)
    assert len(found) == 1
    assert "99-demo.yml, check 'first', option 1 feedback: states a fact (a number, '2003')" in found[0]
    with pytest.raises(ConceptCheckError, match="without a citation"):
        check_chapter("99-demo", tmp_path)
    # the same question with the source cited is shown
    _write(tmp_path, CITED_FACT)
    assert problems("99-demo", tmp_path) == []
    assert check_chapter("99-demo", tmp_path)[0].id == "first"


def test_each_feedback_cites_its_own_facts(tmp_path):
    """A citation in one option's feedback does not cover a fact that another option's feedback states."""
    _write(tmp_path, CITED_FACT.replace(
        "feedback: That splits the paper between the countries.",
        "feedback: NCSES splits the paper between the countries.",
    ))  # fmt: skip
    found = problems("99-demo", tmp_path)
    assert len(found) == 1 and "option 2 feedback: states a fact (an acronym, 'NCSES') without a citation" in found[0]


def test_a_fact_from_the_course_data_cites_its_dataset(tmp_path):
    """``[label](data:resource)`` cites a dataset of the data package; the question links to its description."""
    data_cited = CITED_FACT.replace(
        "feedback: That splits the paper between the countries.",
        "feedback: NCSES splits the paper between the countries ([articles by country](data:publications)).",
    )
    _write(tmp_path, data_cited)
    assert problems("99-demo", tmp_path) == []
    check = check_chapter("99-demo", tmp_path)[0]
    assert '<a href="../book/data.md">articles by country</a>' in render_html(check)  # JupyterLab: the data page
    book = render_html(check, data_href=lambda name: f"../book/data.html#data-{name}")
    assert '<a href="../book/data.html#data-publications">articles by country</a>' in book
    assert "data:" not in concepts.render_text(check)
    # a dataset the package does not have is refused, naming what it has
    _write(tmp_path, data_cited.replace("data:publications", "data:publication"))
    found = problems("99-demo", tmp_path)
    assert any("cites dataset 'publication', which data/datapackage.json does not have" in f for f in found)
    assert any("publications" in f.split("(it has")[-1] for f in found)


# --------------------------------------------------------------------------------------------------
# the learner's cell: a question, or a clear message, never a traceback
# --------------------------------------------------------------------------------------------------
def test_concept_check_shows_the_question_or_says_what_is_wrong():
    shown = concepts.concept_check("08-islamic-bioethics", "ensoulment")
    assert 'class="cc"' in shown._repr_html_() and "True or false?" in shown._repr_markdown_()
    missing = concepts.concept_check("08-islamic-bioethics", "no-such-question")
    assert "has no concept check 'no-such-question'" in repr(missing) and "ensoulment" in repr(missing)
    nothing = concepts.concept_check("99-no-chapter", "x")
    assert "cannot be shown" in repr(nothing) and "does not exist" in repr(nothing)


# --------------------------------------------------------------------------------------------------
# placement in the chapter (maintainers.structure)
# --------------------------------------------------------------------------------------------------
@pytest.fixture()
def planted(tmp_path):
    """A copy of chapter 8 with its checks beside it (in checks/, as in notebooks/)."""
    folder = tmp_path / "checks"
    folder.mkdir()
    shutil.copy(concepts.CHECKS_DIR / "08-islamic-bioethics.yml", folder)
    nb_path = tmp_path / "08-islamic-bioethics.ipynb"
    shutil.copy(ROOT / "notebooks" / "08-islamic-bioethics.ipynb", nb_path)
    assert concept_problems_of(nb_path) == []
    return nb_path, folder


def _check_cells(nb):
    return [c for c in nb.cells if "concept-check" in c.metadata.get("tags", [])]


def test_a_question_not_shown_in_its_chapter_is_found(planted):
    nb_path, _ = planted
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells.remove(_check_cells(nb)[-1])
    nbformat.write(nb, nb_path)
    assert any("each once, in the file's order" in p for p in concept_problems_of(nb_path))


def test_a_question_shown_outside_its_section_is_found(planted):
    nb_path, _ = planted
    nb = nbformat.read(nb_path, as_version=4)
    first = _check_cells(nb)[0]
    nb.cells.remove(first)
    nb.cells.insert(len(nb.cells) - 3, first)
    nbformat.write(nb, nb_path)
    found = concept_problems_of(nb_path)
    assert any("but the chapter shows it under" in p for p in found), found


def test_a_citation_the_chapter_does_not_make_or_with_another_label_is_found(planted):
    nb_path, folder = planted
    path = folder / "08-islamic-bioethics.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("[Ghaly, 2010](#ref-ghaly2010cloning)", "[Ghaly, 2011](#ref-ghaly2010cloning)", 1))
    assert any("reads 'Ghaly, 2011', but references.bib gives 'Ghaly, 2010'" in p for p in concept_problems_of(nb_path))
    path.write_text(text.replace("[Farid, 2022](#ref-farid2022shia)", "[Zon, 2007](#ref-zon2007isscr)", 1))
    assert any(
        "cites 'zon2007isscr', which the chapter itself does not cite" in p for p in concept_problems_of(nb_path)
    )


# --------------------------------------------------------------------------------------------------
class _Parsed(html.parser.HTMLParser):
    """The tags, controls and labels of a question's HTML; unbalanced tags are errors."""

    VOID = {"input", "br", "img", "hr", "meta", "link"}

    def __init__(self, markup: str):
        super().__init__()
        self.tags, self.inputs, self.labels_for, self.errors, self._open = [], [], [], [], []
        self.feed(markup)
        if self._open:
            self.errors.append(f"not closed: {self._open}")

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag in ("input", "select"):
            self.inputs.append(a.get("id"))
        if tag == "label":
            self.labels_for.append(a.get("for"))
        if tag not in self.VOID:
            self._open.append(tag)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self._open or self._open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self._open[-1:] or 'nothing'}")
        else:
            self._open.pop()


# --------------------------------------------------------------------------------------------------
# the build: a fact without a citation fails it; a fixed file builds, and an edit shows at once
# --------------------------------------------------------------------------------------------------
def _tiny_book(src: Path, checks_text: str) -> None:
    """A book with one chapter of three concept checks, read by Sphinx with myst-nb and this course's
    concept-check extension (no execution: the book replaces the check cells whatever their output)."""
    (src / "notebooks" / "checks").mkdir(parents=True)
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT / 'book' / '_ext')!r})\n"
        "extensions = ['myst_nb', 'course_concepts']\n"
        "nb_execution_mode = 'off'\n"
        "exclude_patterns = ['_build']\nroot_doc = 'intro'\n",
        encoding="utf-8",
    )
    (src / "_toc.yml").write_text("root: intro\nchapters:\n  - file: notebooks/01-demo\n", encoding="utf-8")
    (src / "intro.md").write_text("# Demo\n\n```{toctree}\nnotebooks/01-demo\n```\n", encoding="utf-8")
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                   "language_info": {"name": "python"}}  # fmt: skip
    nb.cells = [nbformat.v4.new_markdown_cell("# Counting papers\n\n## A section\n\nWhole counting gives...")]
    for cid in ("first", "second", "third"):
        cell = nbformat.v4.new_code_cell(
            f'from coursekit.concepts import concept_check\nconcept_check("01-demo", "{cid}")'
        )
        cell.metadata = {"tags": ["concept-check"]}
        nb.cells.append(cell)
    nbformat.write(nb, src / "notebooks" / "01-demo.ipynb")
    (src / "notebooks" / "checks" / "01-demo.yml").write_text(checks_text, encoding="utf-8")


def _three(first: str) -> str:
    text = textwrap.dedent(first).replace("99-demo", "01-demo")
    body = text.split("checks:\n", 1)[1]
    return text + body.replace("id: first", "id: second") + body.replace("id: first", "id: third")


def _sphinx(src: Path, out: Path):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "-q", str(src), str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_a_fact_without_a_citation_fails_the_build_and_a_fixed_file_builds(tmp_path):
    src, out = tmp_path / "src", tmp_path / "out"
    _tiny_book(src, _three(UNCITED_FACT))
    run = _sphinx(src, out)
    assert run.returncode != 0, "the build passed although a concept check states a fact without a citation"
    assert "notebooks/checks/01-demo.yml, check 'first', option 1 feedback: states a fact (a number, '2003')" in (
        run.stderr + run.stdout
    )
    # the same book, its question now reasoning alone: it builds, and the page holds the three questions
    (src / "notebooks" / "checks" / "01-demo.yml").write_text(_three(VALID), encoding="utf-8")
    run = _sphinx(src, out)
    assert run.returncode == 0, run.stderr
    page = (out / "notebooks" / "01-demo.html").read_text(encoding="utf-8")
    assert page.count('<section class="cc"') == 3 and "concept_check(" not in page
    assert page.count("<style>") == 1 and page.count("if(window.courseConceptChecks)return") == 1  # assets once a page
    assert 'href="#a-section"' in page and 'id="a-section"' in page  # back to the section
    # an edited question shows in the next build, though no notebook changed
    edited = _three(VALID).replace("Which measure counts", "Which way of counting counts", 1)
    (src / "notebooks" / "checks" / "01-demo.yml").write_text(edited, encoding="utf-8")
    assert _sphinx(src, out).returncode == 0
    assert "Which way of counting counts" in (out / "notebooks" / "01-demo.html").read_text(encoding="utf-8")
