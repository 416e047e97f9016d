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


def eval_order_problems(nb) -> list[str]:
    """What JupyterLab would show wrongly in an executed notebook's prose: an ``{eval}`` name that no code
    cell above defines, that the notebook never glues (the book takes its values from the glue), or
    that a code cell assigns again after it was glued (JupyterLab would show the new value)."""
    import ast

    defined: set[str] = set()
    glued: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code":
            glued |= {o.get("metadata", {}).get("scrapbook", {}).get("name") for o in cell.get("outputs", [])}
    problems = []
    glued_above: set[str] = set()
    overwritten: dict[str, int] = {}  # glued names a later code cell assigns again (JupyterLab would show that)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code":
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:  # IPython magics: not used by the course's notebooks
                tree = ast.Module(body=[], type_ignores=[])
            assigned = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    assigned |= {(a.asname or a.name).split(".")[0] for a in node.names}
            now_glued = {o.get("metadata", {}).get("scrapbook", {}).get("name") for o in cell.get("outputs", [])}
            overwritten |= {n: i for n in assigned & glued_above if n not in now_glued}
            for n in now_glued:
                overwritten.pop(n, None)
            defined |= assigned | now_glued
            glued_above |= now_glued
        elif cell.cell_type == "markdown":
            for expr in re.findall(r"\{eval\}`([^`]+)`", cell.source):
                names = {n.id for n in ast.walk(ast.parse(expr, mode="eval")) if isinstance(n, ast.Name)}
                problems += [f"cell {i}: {{eval}}`{expr}` uses {n}, defined only further down" for n in names - defined]
                problems += [f"cell {i}: {{eval}}`{expr}` uses {n}, which is never glued" for n in names - glued]
                problems += [
                    f"cell {i}: {{eval}}`{expr}` uses {n}, glued above but assigned again by code cell {overwritten[n]}"
                    for n in names & set(overwritten)
                ]
    return problems
