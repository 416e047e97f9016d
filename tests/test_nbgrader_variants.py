"""Every exercise set, in the public edition and in two class variants, through real nbgrader.

For each edition: ``generate_assignment`` of every set, then ``autograde`` of two submissions per
set: the edition's own solution (which must get every automatic point) and the released notebook
as it is (blank, which must get none). Runs nbgrader's Python API in this process (the same code as
the command line, without a start-up per call); the kernels it starts grade with the instructor's
``graders``, which they find through the course root's ``nbgrader_config.py``. They are forked from
a warm process, as the book build's are (``maintainers/fork_kernel.py``): grading the public edition took
62 s instead of 80 s (4 December 2026).

These two executions of each set are the only ones the suite makes (the book's exercise pages
aside), and every other question about running a set is answered from their outputs:

* the solution runs from top to bottom without an error (what nbval would report on the source:
  autograding the solution runs the source's cells, hidden tests included);
* on the blank notebook every visible self-check says "not yet right" on stderr (what
  ``nbgrader validate --invert`` reports on the learner edition), and every hidden test fails too;
* the public release is the committed learner edition, cell for cell, so the blank graded here is
  what students receive.

One test class per edition, so that the test run's two workers share the editions between them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import nbformat
import pytest
from execution_support import ansi_free, autograded_cells

from maintainers.editions import edition_path, sets
from maintainers.fork_kernel import fork_kernels

ROOT = Path(__file__).resolve().parent.parent
SETS = sets()
#: A class variant is made of the English sets (graders.variants); the public edition has them all,
#: the Arabic sets (<set>-ar) included.
ENGLISH_SETS = [n for n in SETS if not n.endswith("-ar")]


def _sets(variant: int) -> list[str]:
    return SETS if variant == 0 else ENGLISH_SETS


def pytest_generate_tests(metafunc):
    """Each edition's tests run for every set the edition has."""
    if "name" in metafunc.fixturenames and metafunc.cls is not None:
        metafunc.parametrize("name", _sets(metafunc.cls.variant))


pytestmark = pytest.mark.notebooks


def _course(tmp: Path, variant: int, class_variant) -> Path:
    """An nbgrader course root for *variant* (0: a copy of the repository's exercises/), in *tmp*."""
    course = tmp / f"course-{variant}"
    if variant:
        shutil.copytree(class_variant(variant), course)
    else:
        course.mkdir()
        shutil.copytree(ROOT / "exercises" / "source", course / "source")
        config = (ROOT / "exercises" / "nbgrader_config.py").read_text(encoding="utf-8")
        (course / "nbgrader_config.py").write_text(
            config.replace("_ROOT = str(Path(__file__).resolve().parent.parent)", f"_ROOT = {str(ROOT)!r}"),
            encoding="utf-8",
        )
    return course


def _solution(source: nbformat.NotebookNode, release: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The released notebook with the source's solutions in its answer cells (as a student would type)."""
    answers = {}
    for cell in source.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution"):
            answers[meta["grade_id"]] = "\n".join(
                x for x in cell.source.split("\n") if "BEGIN SOLUTION" not in x and "END SOLUTION" not in x
            )
    out = nbformat.from_dict(release)
    for cell in out.cells:
        gid = cell.metadata.get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell.source = answers[gid]
    return out


def _grade(course: Path, variant: int) -> dict:
    """Generate, submit (solution and blank) and autograde every set of the edition; return the automatic scores.

    Loading a course root's ``nbgrader_config.py`` in this process sets environment variables for the
    kernels it starts (PYTHONPATH; a variant's COURSEKIT_KEYS): they are restored afterwards, so that
    no later test of this worker grades with a variant's keys."""
    import os

    saved = dict(os.environ)
    try:
        return _grade_in(course, variant)
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _grade_in(course: Path, variant: int) -> dict:
    import os
    import sys

    bindir = str(Path(sys.executable).parent)  # nbgrader runs `alembic` from the environment's bin/
    if bindir not in os.environ["PATH"].split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ["PATH"]
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    # Loading the configuration set the kernels' PYTHONPATH: a kernel server started now forks
    # kernels with it (maintainers/fork_kernel.py; tests/test_fork_kernel.py shows that a forked kernel
    # shows what a fresh one does). The end-to-end test (test_nbgrader_e2e) grades in fresh kernels,
    # as an instructor's nbgrader does.
    with fork_kernels() as env:
        os.environ["JUPYTER_PATH"] = env["JUPYTER_PATH"]
        return _grade_with(course, variant, config)


def _grade_with(course: Path, variant: int, config) -> dict:
    from nbgrader.api import Gradebook
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    coursedir = CourseDirectory(config=config, root=str(course))
    api = NbGraderAPI(coursedir=coursedir, config=config)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for student in ("solution", "blank"):
            gb.update_or_create_student(student)
    scores = {}
    for name in _sets(variant):
        made = api.generate_assignment(name)
        assert made["success"], made.get("error") or made.get("log")
        release = nbformat.read(course / "release" / name / f"{name}.ipynb", as_version=4)
        source = nbformat.read(course / "source" / name / f"{name}.ipynb", as_version=4)
        for student, nb in (("solution", _solution(source, release)), ("blank", release)):
            folder = course / "submitted" / student / name
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / f"{name}.ipynb")
            (folder / "timestamp.txt").write_text("2026-12-01 12:00:00.000000 UTC\n")
            done = api.autograde(name, student)
            if not done["success"] and "Kernel died before replying to kernel_info" in str(done.get("log")):
                # The kernel died while starting, before it ran a cell: two kernels (this test's and
                # another test's, started at the same moment) drew the same free TCP port ("Address
                # already in use"). Not the notebook's fault: start it once more.
                done = api.autograde(name, student)
            assert done["success"], f"{name}/{student}: {done.get('error') or done.get('log')}"
        with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
            cells = [c for c in gb.find_assignment(name).notebooks[0].grade_cells if c.cell_type == "code"]
            scores[name] = {
                s: {c.name: (gb.find_grade(c.name, name, name, s).auto_score, c.max_score) for c in cells}
                for s in ("solution", "blank")
            }
    return scores


@pytest.fixture(scope="class")
def graded(request, tmp_path_factory, class_variant) -> dict:
    """The edition's course root, graded: ``{"course": path, "scores": {set: {student: {cell: (got, max)}}}}``."""
    course = _course(tmp_path_factory.mktemp("nbgrader"), request.cls.variant, class_variant)
    return {"course": course, "scores": _grade(course, request.cls.variant)}


def _graded_notebook(graded: dict, student: str, name: str) -> nbformat.NotebookNode:
    return nbformat.read(graded["course"] / "autograded" / student / name / f"{name}.ipynb", as_version=4)


def _text(output) -> str:
    return ansi_free(output.get("traceback", [])) if output.output_type == "error" else output.get("text", "")


class _Edition:
    variant = 0

    def test_the_solution_gets_every_automatic_point(self, graded, name):
        got = graded["scores"][name]["solution"]
        assert got and all(score == full for score, full in got.values()), got

    def test_the_solution_runs_from_top_to_bottom_without_an_error(self, graded, name):
        nb = _graded_notebook(graded, "solution", name)
        assert sum(c.cell_type == "code" and c.get("execution_count") is not None for c in nb.cells) > 3
        for i, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                assert output.output_type != "error", f"cell {i} raised:\n{cell.source[:300]}\n{_text(output)}"

    def test_the_blank_notebook_gets_none(self, graded, name):
        got = graded["scores"][name]["blank"]
        assert got and all(score == 0 for score, _ in got.values()), got

    def test_on_the_blank_every_self_check_and_every_hidden_test_fails(self, graded, name):
        """Each test cell of the blank: the learner's ``check`` prints "not yet right" on stderr (which
        ``nbgrader validate`` counts as a failure), and the hidden tests raise ``CheckFailed`` besides."""
        cells = autograded_cells(_graded_notebook(graded, "blank", name))
        assert cells
        for cell in cells:
            qid = re.match(r'\s*check\("([\d.]+)"\)', cell.source).group(1)
            stderr = "".join(_text(o) for o in cell.outputs if o.output_type == "stream" and o.name == "stderr")
            said = ("السؤال", "الإجابة ليست صحيحة بعد") if name.endswith("-ar") else ("Question", "not yet right")
            assert f"{said[0]} {qid} (" in stderr and said[1] in stderr, f"{qid}: the self-check passed"
            errors = [o for o in cell.outputs if o.output_type == "error"]
            assert [o.ename for o in errors] == ["CheckFailed"], f"{qid}: the hidden tests passed"


class TestPublicEdition(_Edition):
    variant = 0

    def test_the_release_is_the_committed_learner_edition(self, graded, name):
        released = nbformat.read(graded["course"] / "release" / name / f"{name}.ipynb", as_version=4)
        learner = nbformat.read(edition_path(name, "learner"), as_version=4)
        assert [dict(c) for c in released.cells] == [dict(c) for c in learner.cells]


class TestVariant1(_Edition):
    variant = 1


class TestVariant2(_Edition):
    variant = 2


def test_the_public_course_root_uses_the_package_keys(monkeypatch, tmp_path):
    """A variant's keys folder left in the environment (by a variant course root loaded earlier in the
    same process) must not reach the public edition's autograding."""
    import os

    from traitlets.config.loader import PyFileConfigLoader

    monkeypatch.setenv("COURSEKIT_KEYS", str(tmp_path / "variant-keys"))
    PyFileConfigLoader("nbgrader_config.py", path=str(ROOT / "exercises")).load_config()
    assert "COURSEKIT_KEYS" not in os.environ
