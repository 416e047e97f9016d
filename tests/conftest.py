"""Shared fixtures (the repository root, the built book, class variants) and the run's schedule.

`make test` runs pytest with two xdist workers (`-n 2 --dist loadscope`: each test module and each
test class stays on one worker, handed out in the order set below). The
book builds are made once per run, in the background while the workers test other things
(tests/book_builds.py); a class variant is written once, by whichever worker asks first, while the
other waits (a file lock in the run's shared temporary folder).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path
from types import SimpleNamespace

import book_builds
import pytest

ROOT = Path(__file__).resolve().parent.parent

# The instructor's graders (graders/, at the repository root) are deliberately not an installed
# package, so nothing a student's kernel can import includes them. The tests, and the kernels they
# start (nbval, nbgrader), find them through PYTHONPATH, as the instructor's nbgrader does (see
# exercises/nbgrader_config.py). The JupyterHub test removes it again for the students' servers.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(ROOT)]
)


def shared_dir(tmp_path_factory, name: str) -> Path:
    """A folder shared by all xdist workers of this test run (or this run's temp folder)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def book_folder(tmp_path_factory) -> Path:
    """Where this run's book builds are made (tests/book_builds.py), shared by the xdist workers."""
    return shared_dir(tmp_path_factory, "books")


@pytest.fixture(scope="session")
def built_book(book_folder) -> dict:
    """The self-study book, built with warnings as errors, twice (tests/book_builds.py).

    Returns the HTML folder and both build results (returncode, stdout, stderr). The second
    build runs with nothing changed, so the execution cache must serve every notebook.
    """
    builds = book_builds.result("html", book_folder)
    html = book_builds.html_folder(book_folder) / "_build" / "html"
    return {"html": html, **{k: SimpleNamespace(**v) for k, v in builds.items()}}


@pytest.fixture(scope="session")
def class_variant(tmp_path_factory):
    """``class_variant(n)``: the nbgrader course root of class variant *n* of every set, written once per
    test run (whichever worker asks first; the others wait) by ``python -m graders.variants``."""

    def make(n: int) -> Path:
        out = shared_dir(tmp_path_factory, f"variant-{n}")
        with book_builds.exclusive(out.with_suffix(".lock")):
            if not (out / "variant.json").exists():
                from graders import variants

                variants.write_course_root(n, out)
        return out

    return make


HEAVY = {"notebooks", "hub", "variants", "browser", "pdf"}
#: The units that take minutes (`make bench` times the suite), handed out first, in this order: each
#: nbgrader edition, then the hub (which reuses class variant 1, written by then).
SLOWEST = (
    "tests/test_nbgrader_variants.py::TestPublicEdition",
    "tests/test_nbgrader_variants.py::TestVariant1",
    "tests/test_nbgrader_variants.py::TestVariant2",
    "tests/test_jupyterhub.py",
)


def pytest_configure(config):
    """xdist hands out units in the order of the collection below, not the largest first."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def _scope(item) -> str:
    """The unit xdist's loadscope hands to one worker: the test class, or else the module."""
    return item.nodeid.rsplit("::", 1)[0] if item.cls is not None else item.nodeid.split("::", 1)[0]


def _needs_book(item) -> bool:
    return any(f in book_builds.FIXTURES for f in getattr(item, "fixturenames", ()))


def pytest_collection_modifyitems(config, items):
    """Mark the cells nbval executes as heavy, and order the run for two workers.

    Cells of a notebook named on the command line (``pytest notebooks/NN.ipynb``: nbval) carry the
    ``notebooks`` marker, so `make test-fast` leaves them out. The run's order, which xdist keeps
    (see ``pytest_configure``): first the heavy units that need no book (nbgrader, the hub,
    JupyterLab), while the book builds in the background; then the units that read the book; the
    light units last, to even out the two workers' ends.
    """
    for item in items:
        if type(item).__name__ == "IPyNbCell":
            item.add_marker(pytest.mark.notebooks)
    book = {_scope(i) for i in items if _needs_book(i)}
    heavy = {_scope(i) for i in items if HEAVY & {m.name for m in i.iter_markers()}}
    size: dict[str, int] = {}
    for item in items:
        size[_scope(item)] = size.get(_scope(item), 0) + 1

    def rank(item) -> tuple:
        scope = _scope(item)
        first = SLOWEST.index(scope) if scope in SLOWEST else len(SLOWEST)
        group = 1 if scope in book else 0 if scope in heavy else 2
        return (group, first, -size[scope], scope)

    items.sort(key=rank)  # stable: the tests of a unit keep their order


_BACKGROUND: list = []


def pytest_collection_finish(session):
    """Start the book builds the collected tests need, in the background (tests/book_builds.py)."""
    if session.config.option.collectonly:
        return
    needed = {
        book_builds.FIXTURES[f]
        for i in session.items
        for f in getattr(i, "fixturenames", ())
        if f in book_builds.FIXTURES
    }
    if needed:
        steps = [s for s in book_builds.STEPS if s in needed or s == "html"]
        folder = shared_dir(session.config._tmp_path_factory, "books")
        proc = book_builds.start_in_background(folder, steps)
        if proc is not None:
            _BACKGROUND.append(proc)


def pytest_sessionfinish(session, exitstatus):
    """A run cut short stops the background builds too (otherwise they finish and exit by themselves:
    the other worker may still be waiting for one)."""
    if exitstatus == pytest.ExitCode.INTERRUPTED:
        for proc in _BACKGROUND:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
