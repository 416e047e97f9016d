"""Reading a notebook's run from the book's execution cache (jupyter-cache), for the tests.

A plain module, not a test file: ``from execution_support import run_errors``. The book build
executes each notebook page once; the tests read its outputs here instead of running it again.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat


def _ansi_free(lines: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))


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
        f"cell {i} raised:\n{_ansi_free(out.get('traceback', []))}"
        for i, cell in enumerate(nb.cells)
        if "raises-exception" not in cell.metadata.get("tags", [])
        for out in cell.get("outputs", [])
        if out.output_type == "error"
    ]
