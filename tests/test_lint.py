"""The course's own code is ruff-clean: lint (pyflakes, pycodestyle, import order, pyupgrade, bugbear)
over the packages, scripts, tests and the code cells of the chapters and exercise sources, and
`ruff format` over the Python files (configuration: pyproject.toml)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

RUFF = Path(sys.executable).parent / "ruff"


def _ruff(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(RUFF), *args], cwd=cwd, capture_output=True, text=True)


def test_ruff_check_is_clean(root):
    done = _ruff("check", "--no-cache", ".", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr


def test_ruff_format_is_clean(root):
    done = _ruff("format", "--check", "--no-cache", ".", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr + "\nrun: .venv/bin/ruff format ."


def test_a_planted_violation_fails_both(root, tmp_path):
    """The same commands find an unused import, a badly formatted file and an undefined name in a
    notebook cell, with the repository's configuration."""
    shutil.copy(root / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / "planted.py").write_text("import os\nx = {  'a':1 }\n", encoding="utf-8")
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(undefined_name)")])
    nbformat.write(nb, tmp_path / "planted.ipynb")
    lint = _ruff("check", "--no-cache", ".", cwd=tmp_path)
    assert lint.returncode != 0 and "F401" in lint.stdout and "F821" in lint.stdout, lint.stdout
    fmt = _ruff("format", "--check", "--no-cache", ".", cwd=tmp_path)
    assert fmt.returncode != 0 and "planted.py" in fmt.stdout + fmt.stderr
