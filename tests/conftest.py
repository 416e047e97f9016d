"""Shared fixtures: the repository root and a built copy of the book."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def jupyter_book(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """Run the jupyter-book CLI of this environment; return the finished process."""
    return subprocess.run(
        [str(BIN / "jupyter-book"), *args],
        cwd=cwd, capture_output=True, text=True, timeout=1800,
    )


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def built_book(tmp_path_factory) -> dict:
    """Build the self-study book with warnings as errors, twice.

    Returns the HTML folder and both build logs. The second build runs with nothing
    changed, so the execution cache must serve every notebook.
    """
    out = tmp_path_factory.mktemp("book")
    # as `make book` does: execute the notebooks in parallel into the cache the build reads
    subprocess.run([sys.executable, str(ROOT / "scripts" / "execute_notebooks.py"),
                    "--cache", str(out / "_build" / ".jupyter_cache")], check=True, timeout=1800,
                   capture_output=True)
    first = jupyter_book("build", str(ROOT), "--path-output", str(out), "--warningiserror", "--keep-going")
    second = jupyter_book("build", str(ROOT), "--path-output", str(out), "--warningiserror", "--keep-going")
    return {"html": out / "_build" / "html", "first": first, "second": second}
