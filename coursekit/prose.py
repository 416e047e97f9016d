"""Numbers a chapter's prose quotes: computed in the notebook, shown in the text.

A chapter computes a figure from ``data/`` and names it; the Markdown quotes it by that name
(``{glue:text}`n_members` ``). One call names a whole set of values::

    glue_values(n_members=len(members), coverage_pct=100 * len(documented) / len(members))

The call displays nothing: it sits, with the asserts that keep the prose true, in a cell tagged
``remove-cell``, which runs in every execution but is not shown in the book.
"""

from __future__ import annotations

__all__ = ["glue_values"]


def glue_values(**values) -> None:
    """Glue each keyword's value under its name (myst-nb's ``glue`` with ``display=False``)."""
    from myst_nb import glue

    for name, value in values.items():
        glue(name, value, display=False)
