"""Shared fixtures: the repository root and a built copy of the book.

`make test` runs pytest with two xdist workers (`-n 2 --dist loadscope`: each test module and
each notebook stays on one worker). The book is built once per test run, whichever worker
asks first; the other waits for it (a file lock in the run's shared temporary folder).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

# The instructor's graders (graders/, at the repository root) are deliberately not an installed
# package, so nothing a student's kernel can import includes them. The tests, and the kernels they
# start (nbval, nbgrader), find them through PYTHONPATH, as the instructor's nbgrader does (see
# exercises/nbgrader_config.py). The JupyterHub test removes it again for the students' servers.
os.environ["PYTHONPATH"] = os.pathsep.join(
    [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != str(ROOT)]
)


def jupyter_book(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the jupyter-book CLI of this environment; return the finished process."""
    return subprocess.run(
        [str(BIN / "jupyter-book"), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=1800,
    )


def shared_dir(tmp_path_factory, name: str) -> Path:
    """A folder shared by all xdist workers of this test run (or this run's temp folder)."""
    base = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent
    return base / name


@contextmanager
def exclusive(lock: Path):
    """Hold an exclusive lock on *lock* (one worker at a time)."""
    with open(lock, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> dict:
    """Build the self-study book with warnings as errors, twice.

    Returns the HTML folder and both build results (returncode, stdout, stderr). The second
    build runs with nothing changed, so the execution cache must serve every notebook.
    """
    out = shared_dir(tmp_path_factory, "book")
    record = out / "builds.json"
    with exclusive(out.with_suffix(".lock")):
        if not record.exists():
            out.mkdir(parents=True, exist_ok=True)
            # as `make book` does: execute the notebooks in parallel into the cache the build reads
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "scripts" / "execute_notebooks.py"),
                    "--cache",
                    str(out / "_build" / ".jupyter_cache"),
                ],
                check=True,
                timeout=1800,
                capture_output=True,
            )
            builds = {}
            for name in ("first", "second"):
                proc = jupyter_book("build", str(ROOT), "--path-output", str(out), "--warningiserror", "--keep-going")
                builds[name] = {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
            record.write_text(json.dumps(builds), encoding="utf-8")
        builds = json.loads(record.read_text(encoding="utf-8"))
    return {"html": out / "_build" / "html", **{k: SimpleNamespace(**v) for k, v in builds.items()}}


@pytest.fixture(scope="session")
def class_variant(tmp_path_factory):
    """``class_variant(n)``: the nbgrader course root of class variant *n* of every set, written once per
    test run (whichever worker asks first; the others wait) by ``python -m graders.variants``."""

    def make(n: int) -> Path:
        out = shared_dir(tmp_path_factory, f"variant-{n}")
        with exclusive(out.with_suffix(".lock")):
            if not (out / "variant.json").exists():
                from graders import variants

                variants.write_course_root(n, out)
        return out

    return make


def pytest_collection_modifyitems(config, items):
    """The cells of the notebooks that nbval executes (testpaths `notebooks/` and `exercises/source/`)
    are heavy tests: they carry the `notebooks` marker, so `make test-fast` leaves them out."""
    for item in items:
        if type(item).__name__ == "IPyNbCell":
            item.add_marker(pytest.mark.notebooks)
