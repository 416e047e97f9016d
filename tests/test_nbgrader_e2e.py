"""The instructor's workflow with the real nbgrader, end to end, in a temporary course root.

generate_assignment -> submissions from four students (correct, partly wrong, crashing, blank)
-> autograde -> exact scores from the gradebook -> generate_feedback (hidden tests stay hidden)
-> export grades. These are the commands documented in book/instructors/nbgrader.md.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from maintainers.editions import edition_path, sets, source_path

ROOT = Path(__file__).resolve().parent.parent
SET = "01-why-collaborate"
NB = f"{SET}.ipynb"

pytestmark = pytest.mark.notebooks

# Autograded test cells of set 01 and their points (the source notebook must agree: checked below).
AUTOGRADED = {"q1-2-tests": 2, "q1-3-tests": 3, "q1-4-tests": 1, "q1-5-tests": 1, "q1-6-tests": 1, "q1-7-tests": 1}

CORRECT_FUNCTION = """
def international_share(df, country, year):
    sub = df[(df["country"] == country) & (df["year"] == year)]
    intl = sub.loc[sub["attribute"] == "international", "articles"].item()
    total = sub.loc[sub["attribute"] == "total", "articles"].item()
    return 100 * intl / total
"""

UNSORTED_TABLE = """
codes = set(oic["iso3"])
names = co.loc[co["iso3"].isin(codes), "country"].unique()
oic_shares = pd.DataFrame({"share_2003": [international_share(co, n, 2003) for n in names],
                           "share_2022": [international_share(co, n, 2022) for n in names]}, index=names)
oic_shares["change"] = oic_shares["share_2022"] - oic_shares["share_2003"]
"""

CRASHING_FUNCTION = """
def international_share(df, country, year):
    return df.loc[(country, year), "international"]   # KeyError: the table has no such index
"""


def _solutions() -> dict[str, str]:
    """grade_id -> the instructor's solution (source cell without the nbgrader markers)."""
    nb = nbformat.read(source_path(SET), as_version=4)
    out = {}
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            out[meta["grade_id"]] = "\n".join(
                line for line in cell.source.split("\n") if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
            )
    return out


def _submission(release: Path, answers: dict[str, str]):
    nb = nbformat.read(release, as_version=4)
    for cell in nb.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return nb


def _nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"  # nbgrader calls `alembic`
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True, text=True, timeout=900
    )
    assert proc.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-5000:]}"
    return proc


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(ROOT / "exercises" / "source" / SET, course / "source" / SET)

    _nbgrader(course, "generate_assignment", SET)
    release = course / "release" / SET / NB

    solutions = _solutions()
    written = "Access to expertise: ... (a student's text)"
    students = {
        "alice": dict(solutions, **{"q1-1-answer": written}),  # everything right
        "bob": dict(
            solutions,
            **{
                "q1-3-answer": UNSORTED_TABLE,  # not sorted: 1.3 fails
                "q1-4-answer": 'largest_relative_increase = "Saudi Arabia"',
            },
        ),  # 1.4 wrong
        "carol": dict(solutions, **{"q1-2-answer": CRASHING_FUNCTION}),  # raises: 1.2-1.5 crash
        "dave": {},  # hands in the blank notebook
    }
    for student, answers in students.items():
        _nbgrader(course, "db", "student", "add", student, f"--last-name={student.title()}", "--first-name=Test")
        folder = course / "submitted" / student / SET
        folder.mkdir(parents=True)
        nbformat.write(_submission(release, answers), folder / NB)
        (folder / "timestamp.txt").write_text("2026-03-01 12:00:00.000000 UTC\n")

    _nbgrader(course, "autograde", SET)
    _nbgrader(course, "generate_feedback", SET)
    _nbgrader(course, "export", "--to", str(course / "grades.csv"))
    return course


def _scores(course: Path, student: str) -> dict[str, float]:
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {gid: gb.find_grade(gid, SET, SET, student).score for gid in AUTOGRADED}


def test_the_source_declares_the_points_this_test_expects():
    nb = nbformat.read(source_path(SET), as_version=4)
    auto = {
        c.metadata["nbgrader"]["grade_id"]: c.metadata["nbgrader"]["points"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
    }
    assert auto == AUTOGRADED


def test_release_is_the_committed_learner_edition(graded):
    released = nbformat.read(graded / "release" / SET / NB, as_version=4)
    learner = nbformat.read(edition_path(SET, "learner"), as_version=4)
    assert [dict(c) for c in released.cells] == [dict(c) for c in learner.cells]


def test_correct_submission_gets_every_autograded_point(graded):
    assert _scores(graded, "alice") == {gid: float(p) for gid, p in AUTOGRADED.items()}


def test_partly_wrong_submission_loses_exactly_the_wrong_questions(graded):
    expected = {gid: float(p) for gid, p in AUTOGRADED.items()}
    expected.update({"q1-3-tests": 0.0, "q1-4-tests": 0.0})
    assert _scores(graded, "bob") == expected


def test_crashing_submission_is_graded_not_aborted(graded):
    expected = {gid: 0.0 for gid in AUTOGRADED}
    expected.update({"q1-6-tests": 1.0, "q1-7-tests": 1.0})  # the questions that do not use the function
    assert _scores(graded, "carol") == expected


def test_blank_submission_scores_zero(graded):
    assert _scores(graded, "dave") == {gid: 0.0 for gid in AUTOGRADED}


def test_totals_in_the_gradebook(graded):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{graded / 'gradebook.db'}") as gb:
        totals = {s: gb.find_submission(SET, s).score for s in ("alice", "bob", "carol", "dave")}
        max_score = gb.find_assignment(SET).max_score
    assert totals == {"alice": 9.0, "bob": 5.0, "carol": 2.0, "dave": 0.0}
    assert max_score == 20.0  # 9 autograded + 11 marked by hand (1.1, 1.8, 1.9)


def test_feedback_is_friendly_and_keeps_hidden_tests_hidden(graded):
    pages = {s: (graded / "feedback" / s / SET / f"{SET}.html") for s in ("alice", "bob", "carol")}
    for student, page in pages.items():
        assert page.exists(), f"no feedback for {student}"
        text = page.read_text(encoding="utf-8")
        assert "BEGIN HIDDEN TESTS" not in text and "assert_check" not in text
    bob = pages["bob"].read_text(encoding="utf-8")
    assert "The rows are not sorted by change" in bob  # the self-check's own words
    carol = pages["carol"].read_text(encoding="utf-8")
    assert "raised KeyError" in carol  # the learner's exception, named


def test_grades_export(graded):
    with open(graded / "grades.csv", newline="", encoding="utf-8") as fh:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(fh)}
    assert rows == {"alice": 9.0, "bob": 5.0, "carol": 2.0, "dave": 0.0}


def test_every_set_has_a_source_and_learner_edition():
    assert SET in sets()
    for name in sets():
        assert edition_path(name, "learner").exists()
