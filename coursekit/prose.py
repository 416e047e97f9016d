"""Numbers a chapter's prose quotes: computed in the notebook, shown in the text.

A chapter computes a figure from ``data/`` and names it; the Markdown quotes it by that name
(``{glue:text}`n_members` ``). One call names a whole set of values::

    glue_values(n_members=len(members), coverage_pct=100 * len(documented) / len(members))

The call displays nothing: it sits, with the asserts that keep the prose true, in a cell tagged
``remove-cell``, which runs in every execution but is not shown in the book.

Chapters glue figures and values with :func:`glue`, which writes exactly what myst-nb's own ``glue``
writes (the same display data, the same ``scrapbook`` metadata; ``tests/test_prose.py`` compares the
two) without importing myst-nb in the kernel: its glue module imports nbformat, whose JSON-schema
validator takes about 2 s to import (an IRI grammar built at import time), once in every notebook
the book executes (issue "Performance").
"""

from __future__ import annotations

__all__ = ["glue", "glue_values"]

#: The mime-type prefix myst-nb gives a value glued with ``display=False`` (``myst_nb.ext.glue``).
GLUE_PREFIX = "application/papermill.record/"


def glue(name: str, variable, display: bool = True) -> None:
    """Glue *variable* under *name* for the book (myst-nb's ``glue``): ``{glue}`name` `` shows it."""
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    mimebundle, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=prefix)
    ipy_display({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


def glue_values(**values) -> None:
    """Glue each keyword's value under its name, displaying nothing."""
    for name, value in values.items():
        glue(name, value, display=False)
