"""The notebook runners the course relies on really fail when a cell raises.

The suite reads each book page's run from the execution cache the build fills
(``execution_support.run_errors``); authors run one notebook with nbval (CONTRIBUTING.md). Both are
shown a notebook whose cell raises and a clean one.
"""

from __future__ import annotations

import logging
import subprocess
import sys

import nbformat
import pytest
from execution_support import eval_order_problems, run_errors

pytestmark = pytest.mark.notebooks  # each test runs small notebooks in a kernel


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    folder = tmp_path_factory.mktemp("planted")
    cells = {
        "broken": ["x = 1", "raise ValueError('a chapter cell that breaks')", "y = 2"],
        "fine": ["assert 1 + 1 == 2", "import sys\nprint('a warning', file=sys.stderr)"],
    }
    for name, sources in cells.items():
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def test_the_execution_cache_records_a_cell_that_raises(planted):
    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    cache = get_cache(str(planted / "cache"))
    for name in ("broken", "fine"):
        cache.add_nb_to_project(str(planted / f"{name}.ipynb"))
    load_executor("local-serial", cache=cache, logger=logging.getLogger("planted")).run_and_cache(timeout=120)
    broken = run_errors(planted / "cache", planted / "broken.ipynb")
    assert broken and "a chapter cell that breaks" in broken[0]
    assert run_errors(planted / "cache", planted / "fine.ipynb") == []
    unrun = get_cache(str(planted / "unrun"))
    unrun.add_nb_to_project(str(planted / "fine.ipynb"))
    assert run_errors(planted / "unrun", planted / "fine.ipynb") == ["it was never executed"]


def test_nbval_fails_a_cell_that_raises_and_passes_a_clean_notebook(planted):
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval-lax", "-p", "no:cacheprovider", "-rA", "-o", "addopts=", "."],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=planted,
    )
    assert proc.returncode != 0
    assert "a chapter cell that breaks" in proc.stdout
    assert "FAILED broken.ipynb::Cell 1" in proc.stdout, proc.stdout[-3000:]
    assert "PASSED fine.ipynb::Cell 0" in proc.stdout and "PASSED fine.ipynb::Cell 1" in proc.stdout


def _glued_cell(source: str, **values) -> nbformat.NotebookNode:
    """A code cell as it looks after a run that glued *values* (myst-nb's glue output)."""
    cell = nbformat.v4.new_code_cell(source)
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"application/papermill.record/text/plain": repr(v)},
            metadata={"scrapbook": {"name": k, "mime_prefix": "application/papermill.record/"}},
        )
        for k, v in values.items()
    ]
    return cell


def test_the_eval_order_check_passes_a_right_notebook_and_fails_each_mistake():
    md = nbformat.v4.new_markdown_cell
    good = nbformat.v4.new_notebook()
    good.cells = [
        _glued_cell("n = 5\nglue_values(n=n)", n=5),
        md('There are {eval}`n` and {eval}`f"{n:,}"`.'),
    ]
    assert eval_order_problems(good) == []
    later = nbformat.v4.new_notebook()
    later.cells = [md("There are {eval}`n`."), _glued_cell("glue_values(n=5)", n=5)]
    assert any("defined only further down" in p for p in eval_order_problems(later))
    unglued = nbformat.v4.new_notebook()
    unglued.cells = [nbformat.v4.new_code_cell("n = 5"), md("There are {eval}`n`.")]
    assert any("never glued" in p for p in eval_order_problems(unglued))
    reassigned = nbformat.v4.new_notebook()
    reassigned.cells = [
        _glued_cell("glue_values(world=0.5)", world=0.5),
        nbformat.v4.new_code_cell("world = load('rd_indicators')"),
        md('The world spends {eval}`f"{world:.2f}"`%.'),
    ]
    assert any("assigned again by code cell 1" in p for p in eval_order_problems(reassigned))
