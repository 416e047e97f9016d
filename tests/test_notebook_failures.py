"""The notebook runner used by the suite (nbval) really fails when a cell raises."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

pytestmark = pytest.mark.notebooks  # each test runs nbval on a small notebook in a kernel


def _run_nbval(path):
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-q", "-o", "addopts=", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=path.parent,
    )


def test_nbval_fails_when_a_cell_raises(tmp_path):
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("x = 1"),
            nbformat.v4.new_code_cell("raise ValueError('a chapter cell that breaks')"),
        ]
    )
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "broken.ipynb"
    nbformat.write(nb, path)
    result = _run_nbval(path)
    assert result.returncode != 0
    assert "a chapter cell that breaks" in result.stdout


def test_nbval_passes_a_clean_notebook(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("assert 1 + 1 == 2")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "fine.ipynb"
    nbformat.write(nb, path)
    assert _run_nbval(path).returncode == 0
