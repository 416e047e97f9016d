"""Every exercise set: the source is well formed, the committed editions are up to date and hold no
solution where they must not, and regenerating never overwrites a learner's work. (That the solution
passes every check and the blank fails them is tested in tests/test_nbgrader_variants.py.)"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from execution_support import autograded_cells

from coursekit.checks import questions
from maintainers import editions
from maintainers.editions import (
    EditionError,
    classroom_toc,
    edition_path,
    find_solution_leaks,
    safe_write,
    sets,
    solution_fingerprints,
    source_path,
)
from maintainers.structure import bib_keys, cited_keys

ROOT = Path(__file__).resolve().parent.parent
SETS = sets()


def _meta(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _validator(**options):
    from nbgrader.validator import Validator

    config = editions._nbgrader_config(ROOT / "exercises")
    for key, value in options.items():
        setattr(config.Validator, key, value)
    return Validator(config=config)


def _norm_text(nb) -> str:
    return re.sub(r"[^0-9a-z]+", "", "\n".join(c.source for c in nb.cells).lower())


def test_there_are_exercise_sets():
    assert "01-why-collaborate" in SETS


# --- the source itself -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", SETS)
def test_source_is_well_formed(name):
    nb = nbformat.read(source_path(name), as_version=4)
    auto = autograded_cells(nb)
    assert auto, "a set needs autograded questions"
    for cell in auto:
        visible, _, rest = cell.source.partition("### BEGIN HIDDEN TESTS")
        m = re.fullmatch(r'\s*check\("([\d.]+)"\)\s*', visible)
        assert m, f'{_meta(cell)["grade_id"]}: the visible part must be one check("<id>") call'
        qid = m.group(1)
        assert qid in questions(), f"{qid} has no checker in coursekit/checks/"
        assert f'assert_check("{qid}"' in rest, f'{qid}: hidden tests must call assert_check("{qid}")'
        assert _meta(cell).get("points", 0) > 0 and _meta(cell).get("locked")
    manual = [c for c in nb.cells if _meta(c).get("grade") and _meta(c).get("solution")]
    assert manual, "a set needs open-response questions"
    for cell in manual:
        assert cell.cell_type == "markdown" and _meta(cell).get("points", 0) > 0
        region = cell.source.split("### BEGIN SOLUTION", 1)[-1]
        words = ("الإجابة النموذجية", "سلّم التصحيح") if name.endswith("-ar") else ("Model answer", "Marking rubric")
        assert words[0] in region and words[1] in region, (
            f"{_meta(cell)['grade_id']}: the solution region must hold a model answer and a marking rubric"
        )
    known = bib_keys(ROOT / "references.bib")
    unknown = {k for c in nb.cells if c.cell_type == "markdown" for k in cited_keys(c.source)} - known
    assert not unknown, f"keys not in references.bib: {sorted(unknown)}"


# --- solution passes, blank fails ------------------------------------------------------------------------
# Running the sets (the solution passes every check and runs without an error; on the blank learner
# edition every self-check and every hidden test fails) is tested from the one autograding of each set
# in tests/test_nbgrader_variants.py, which reads a failed self-check from its "not yet right" on
# stderr. That is what nbgrader's own `validate` (the learner's Validate button) goes by:
@pytest.mark.notebooks
def test_nbgrader_validate_fails_a_test_cell_whose_self_check_is_not_yet_right(tmp_path):
    from coursekit.checks import QUESTIONS

    qid, q = next((k, v) for k, v in sorted(QUESTIONS.items()) if v.kind != "function")
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"from coursekit.checks import check\n{q.name} = ..."),
        nbformat.v4.new_code_cell(
            f'check("{qid}")',
            metadata={
                "nbgrader": {
                    "grade": True,
                    "solution": False,
                    "locked": True,
                    "points": 1,
                    "grade_id": "t",
                    "schema_version": 3,
                }
            },
        ),
    ]
    path = tmp_path / "blank.ipynb"
    nbformat.write(nb, path)
    results = _validator(ignore_checksums=True).validate(str(path))
    assert results.get("failed"), results
    nb.cells[0].source = "from coursekit.checks import check"
    nb.cells[1].source = 'import sys\nprint("all good")'
    nbformat.write(nb, path)
    assert _validator(ignore_checksums=True).validate(str(path)) == {}


# --- the editions --------------------------------------------------------------------------------------
def test_committed_editions_are_up_to_date():
    assert editions.check() == []


def test_check_command_line():
    proc = subprocess.run(
        [sys.executable, "-m", "maintainers.editions", "--check"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "up to date" in proc.stdout


@pytest.mark.parametrize("name", SETS)
def test_learner_and_classroom_editions_hold_no_solution(name):
    prints = solution_fingerprints()
    assert prints
    book = _norm_text(nbformat.read(edition_path(name, "book"), as_version=4))
    assert any(k in book for k in prints), "positive control: the book edition shows the solutions"
    for edition in [e for e in ("learner", "classroom") if e in editions.editions_of(name)]:
        text = _norm_text(nbformat.read(edition_path(name, edition), as_version=4))
        leaked = [v for k, v in prints.items() if k in text]
        assert not leaked, f"{edition} edition contains solution text: {leaked[:3]}"


@pytest.mark.parametrize("name", SETS)
def test_book_edition_hides_solutions_behind_toggles_and_shows_no_nbgrader_markers(name):
    source = nbformat.read(source_path(name), as_version=4)
    book = nbformat.read(edition_path(name, "book"), as_version=4)
    assert len(book.cells) == len(source.cells)
    assert book.cells[0].source.startswith(f"({editions.label(name)})=")
    for src, cell in zip(source.cells, book.cells):
        assert "nbgrader" not in cell.metadata
        assert not re.search(r"(BEGIN|END) (SOLUTION|HIDDEN TESTS|MARK SCHEME)", cell.source)
        if _meta(src).get("solution") and src.cell_type == "code":
            assert "hide-cell" in cell.metadata.get("tags", [])
        if _meta(src).get("solution") and src.cell_type == "markdown":
            assert re.match(r":{3,}\{dropdown\}", cell.source)
        if _meta(src).get("grade") and not _meta(src).get("solution"):
            assert "assert_check" not in cell.source


@pytest.mark.parametrize("name", [n for n in SETS if "classroom" in editions.editions_of(n)])
def test_classroom_edition_is_never_executed(name):
    nb = nbformat.read(edition_path(name, "classroom"), as_version=4)
    assert nb.metadata["mystnb"]["execution_mode"] == "off"
    assert nb.cells[0].source.startswith(f"({editions.label(name)})=")
    assert all("nbgrader" not in c.metadata for c in nb.cells)


# --- never overwrite a learner's work -------------------------------------------------------------------
@pytest.fixture
def course(tmp_path):
    """A scratch copy of the exercises folder (config and the first set's sources, English and Arabic: the
    tests edit that set), with editions generated."""
    ex = tmp_path / "exercises"
    ex.mkdir()
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", ex)
    for name in (SETS[0], f"{SETS[0]}-ar"):
        shutil.copytree(ROOT / "exercises" / "source" / name, ex / "source" / name)
    assert editions.generate(exercises=ex, out=lambda *_: None) == 0
    return ex


def _edit(path: Path) -> bytes:
    nb = nbformat.read(path, as_version=4)
    answer = next(c for c in nb.cells if _meta(c).get("solution"))
    answer.source = "My own answer, written in place."
    nbformat.write(nb, path)
    return path.read_bytes()


def test_regenerating_unchanged_editions_writes_nothing(course):
    messages = []
    assert editions.generate(exercises=course, out=messages.append) == 0
    assert messages and all(m.startswith("unchanged") for m in messages)


def test_edited_learner_edition_is_never_overwritten(course):
    learner = edition_path(SETS[0], "learner", course)
    mine = _edit(learner)
    messages = []
    refused = editions.generate(exercises=course, out=messages.append)
    assert refused == 1
    assert learner.read_bytes() == mine, "the learner's work was changed"
    refusal = next(m for m in messages if m.startswith("REFUSED"))
    assert "NOT overwritten" in refusal and "--beside" in refusal
    assert not editions.beside_path(learner).exists()


def test_beside_writes_the_new_edition_next_to_the_edited_one(course):
    learner = edition_path(SETS[0], "learner", course)
    mine = _edit(learner)
    assert editions.generate(exercises=course, beside=True, out=lambda *_: None) == 0
    assert learner.read_bytes() == mine
    new = editions.beside_path(learner)
    assert new.name.endswith(".new.ipynb") and new.exists()
    fresh = nbformat.read(new, as_version=4)
    assert editions.content_hash(fresh) == fresh.metadata["coursekit"]["generated_sha256"]
    # if the learner then works in the .new file too, that is protected as well
    _edit(new)
    assert editions.generate(exercises=course, beside=True, out=lambda *_: None) == 1


def test_unreadable_or_foreign_notebook_is_not_overwritten(course):
    learner = edition_path(SETS[0], "learner", course)
    learner.write_text("{ this is not a notebook", encoding="utf-8")
    with pytest.raises(EditionError, match="NOT overwritten"):
        safe_write(editions.build_learner(SETS[0], course), learner)
    assert learner.read_text(encoding="utf-8") == "{ this is not a notebook"


def test_running_the_notebook_counts_as_a_change(course):
    """Outputs are the learner's too: a notebook with outputs is not replaced."""
    learner = edition_path(SETS[0], "learner", course)
    nb = nbformat.read(learner, as_version=4)
    code = next(c for c in nb.cells if c.cell_type == "code")
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hello\n")]
    nbformat.write(nb, learner)
    assert editions.generate(exercises=course, out=lambda *_: None) == 1


def test_a_changed_source_updates_pristine_editions(course):
    src = source_path(SETS[0], course)
    nb = nbformat.read(src, as_version=4)
    nb.cells[0].source += "\n\nA new sentence from the author."
    nbformat.write(nb, src)
    assert any("out of date" in p for p in editions.check(exercises=course))
    messages = []
    assert editions.generate(exercises=course, out=messages.append) == 0
    assert sum(m.startswith("written") for m in messages) == 3
    assert editions.check(exercises=course) == []
    assert "A new sentence" in nbformat.read(edition_path(SETS[0], "learner", course), as_version=4).cells[0].source


def test_check_reports_hand_edited_editions(course):
    _edit(edition_path(SETS[0], "learner", course))
    assert any("edited by hand" in p for p in editions.check(exercises=course))


# --- classroom build helpers ------------------------------------------------------------------------
def test_classroom_toc_points_exercise_pages_at_the_classroom_edition():
    toc = """format: jb-book
root: book/intro
parts:
  - caption: Part I
    chapters:
      - file: notebooks/01-why-collaborate
        sections:
          - file: exercises/book/01-why-collaborate
"""
    out = classroom_toc(toc)
    assert "exercises/classroom/01-why-collaborate" in out
    assert "exercises/book/" not in out
    assert "notebooks/01-why-collaborate" in out
    with pytest.raises(EditionError):
        classroom_toc("format: jb-book\nroot: book/intro\n")


def test_leak_scan_finds_solution_text_split_by_syntax_highlighting(tmp_path):
    source = nbformat.read(source_path(SETS[0]), as_version=4)
    code = next(c for c in source.cells if _meta(c).get("solution") and c.cell_type == "code")
    line = max(editions._regions(code.source, ("BEGIN SOLUTION", "END SOLUTION"))[0].split("\n"), key=len)
    spans = "".join(f'<span class="n">{ch}</span>' if ch.isalnum() else f'<span class="p">{ch}</span>' for ch in line)
    site = tmp_path / "html"
    (site / "exercises").mkdir(parents=True)
    (site / "index.html").write_text("<html><body>Welcome</body></html>")
    assert find_solution_leaks(site) == []
    escaped = spans.replace('"', "&quot;")
    (site / "exercises" / "page.html").write_text(f"<pre>{escaped}</pre>")
    assert find_solution_leaks(site), "a highlighted solution line must be found"


def test_leak_scan_ignores_text_that_is_public_anyway(tmp_path):
    learner = nbformat.read(edition_path(SETS[0], "learner"), as_version=4)
    site = tmp_path / "html"
    site.mkdir()
    (site / "page.html").write_text("<p>" + "</p><p>".join(c.source for c in learner.cells) + "</p>")
    assert find_solution_leaks(site) == []
