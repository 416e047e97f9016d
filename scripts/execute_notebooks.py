"""Execute the book's notebooks in parallel into the execution cache that the build reads.

    python scripts/execute_notebooks.py [--cache _build/.jupyter_cache] [--toc _toc.yml]
    python scripts/execute_notebooks.py --cache _build/ar/_build/.jupyter_cache --toc ar/_toc.yml  # Arabic

`jupyter-book build` (execute_notebooks: cache) executes notebooks one after another.
This step runs jupyter-cache's parallel executor first, over every executable page in
the table of contents, so the build then finds every notebook already in the cache.
Notebooks that are cached already (unchanged code) are skipped. A notebook that fails
here is reported and left for the build, which executes it again and shows the error.

Each kernel is forked from one process that has already imported ipykernel, debugpy, pandas and
matplotlib (``maintainers/fork_kernel.py``): a new process, with nothing of another notebook, that
starts without those imports. ``--fresh-kernels`` starts each as a new Python.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import sys
import time
from pathlib import Path
from unittest import mock

from jupyter_cache import get_cache
from jupyter_cache.executors import load_executor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from maintainers.fork_kernel import fork_kernels  # noqa: E402
from maintainers.markup import notebook_to_book  # noqa: E402
from maintainers.structure import toc_files  # noqa: E402


def executable_pages(root: Path, toc: Path) -> list[Path]:
    """Notebooks listed in the toc that the build executes (not those with execution turned off)."""
    pages = []
    for f in toc_files(toc):
        path = root / f"{f}.ipynb"
        if not path.exists():
            continue
        meta = json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
        if meta.get("mystnb", {}).get("execution_mode") == "off":
            continue
        pages.append(path)
    return pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", default=str(ROOT / "_build" / ".jupyter_cache"))
    ap.add_argument("--toc", default=str(ROOT / "_toc.yml"), help="the book's toc; its pages are found beside it")
    ap.add_argument("--timeout", type=int, default=120, help="seconds per cell (as in _config.yml)")
    ap.add_argument(
        "--jobs",
        type=int,
        default=0,
        help="notebooks at once (default: one per processor); 1 runs them one after another",
    )
    ap.add_argument(
        "--fresh-kernels",
        action="store_true",
        help="start every kernel as a new Python (as JupyterLab does), not forked from a warm one",
    )
    args = ap.parse_args(argv)

    pages = executable_pages(Path(args.toc).resolve().parent, Path(args.toc))
    cache = get_cache(args.cache)
    for page in pages:
        cache.add_nb_to_project(str(page))
    kind = "local-serial" if args.jobs == 1 else "local-parallel"  # jupyter-cache's parallel one uses every core
    executor = load_executor(kind, cache=cache, logger=logging.getLogger("execute"))
    start = time.perf_counter()
    with contextlib.ExitStack() as stack:
        if not args.fresh_kernels and cache.list_unexecuted(filter_uris=[str(p) for p in pages]):
            # each kernel a fork of one process that has imported what every notebook imports
            stack.enter_context(mock.patch.dict(os.environ, stack.enter_context(fork_kernels())))
        result = executor.run_and_cache(filter_uris=[str(p) for p in pages], timeout=args.timeout)
    seconds = time.perf_counter() - start
    done = len(result.succeeded)
    print(
        f"executed {done} notebook(s) {'one by one' if args.jobs == 1 else 'in parallel'} in {seconds:.1f} s; "
        f"{len(pages) - done - len(result.excepted) - len(result.errored)} already cached"
    )
    for uri in result.succeeded:
        print(f"  executed: {Path(uri).relative_to(ROOT)}")
    for uri in result.excepted + result.errored:
        print(f"  failed here, the build will show why: {Path(uri).relative_to(ROOT)}")
    cache_book_form(cache, pages)
    return 0


def cache_book_form(cache, pages: list[Path]) -> None:
    """Cache each executed notebook also as the book reads it (``maintainers.markup``), so the build
    finds it: jupyter-cache matches a notebook by a hash of its code cells *with their metadata*, and
    the book's form moves each figure's caption into its code cell's metadata. Nothing runs again:
    the outputs are the same run's."""
    import nbformat
    from jupyter_cache.base import CacheBundleIn

    for page in pages:
        original = nbformat.read(page, as_version=4)
        book = notebook_to_book(original)
        try:
            cache.match_cache_notebook(book)
            continue  # cached in the book's form already
        except KeyError:
            pass
        try:
            _, executed = cache.merge_match_into_notebook(original)
        except KeyError:
            continue  # it failed above: the build runs it and shows why
        cache.cache_notebook_bundle(CacheBundleIn(nb=notebook_to_book(executed), uri=str(page)), check_validity=False)


if __name__ == "__main__":
    sys.exit(main())
