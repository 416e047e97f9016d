"""Reading a notebook's run from the book's execution cache (jupyter-cache), for the tests.

A plain module, not a test file: ``from execution_support import run_errors``. The book build
executes each notebook page once, and nbgrader autogrades each exercise set once per edition; the
tests read their outputs with these helpers instead of running the notebooks again.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat


def ansi_free(lines: list[str]) -> str:
    """A traceback's lines as plain text (IPython colours them with ANSI escapes)."""
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))


def autograded_cells(nb) -> list:
    """The cells nbgrader grades automatically: a ``check("<id>")`` for the learner, then hidden tests."""
    return [
        c
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata.get("nbgrader", {}).get("solution")
    ]


def executed(cache_dir: Path, notebook: Path):
    """*notebook* with the outputs of its run in the cache at *cache_dir* (None if it never ran)."""
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    if cache.get_cached_project_nb(str(notebook)) is None:
        return None
    _, nb = cache.merge_match_into_notebook(nbformat.read(notebook, as_version=4))
    return nb


def run_errors(cache_dir: Path, notebook: Path) -> list[str]:
    """What went wrong when *notebook* was executed into the cache at *cache_dir* (empty: nothing).

    A notebook the executor could not finish has its traceback recorded; one that finished must have
    its outputs in the cache, with at least one cell run and no error output (cells tagged
    ``raises-exception`` may raise, as under nbval and nbclient).
    """
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    uri = str(notebook)
    record = cache.get_project_record(uri)
    if record.traceback:
        return [f"it failed when executed:\n{record.traceback[-4000:]}"]
    if cache.get_cached_project_nb(uri) is None:
        return ["it was never executed"]
    _, nb = cache.merge_match_into_notebook(nbformat.read(uri, as_version=4))
    if not any(c.cell_type == "code" and c.get("execution_count") for c in nb.cells):
        return ["no cell ran"]
    return [
        f"cell {i} raised:\n{ansi_free(out.get('traceback', []))}"
        for i, cell in enumerate(nb.cells)
        if "raises-exception" not in cell.metadata.get("tags", [])
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    ]
