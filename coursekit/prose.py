"""Numbers a chapter's prose quotes: computed in the notebook, shown in the text.

A chapter computes a figure from ``data/`` and names it; the Markdown quotes it by that name with
MyST's ``{eval}`` role (``{eval}`n_members` ``, or ``{eval}`f"{coverage:.1%}"` `` to format it). One
call names a whole set of values::

    glue_values(n_members=len(members), coverage=len(documented) / len(members))

The call displays nothing: it sits, with the asserts that keep the prose true, in a cell tagged
``remove-cell``, which runs in every execution but is not shown in the book. It does two things with
each value, so that the prose shows the same number wherever it is read: it binds the name in the
notebook (JupyterLab's MyST renderer evaluates ``{eval}`` in the learner's kernel when the cell with
the prose is run), and it glues the value (the book evaluates the same expression over the glued
values; ``book/_ext/course_markup.py``). Values are plain numbers, strings or booleans (a NumPy
number is stored as the Python number it equals), so both evaluate exactly the same thing.

Chapters glue figures and values with :func:`glue`, which writes exactly what myst-nb's own ``glue``
writes (the same display data, the same ``scrapbook`` metadata; ``tests/test_prose.py`` compares the
two) without importing myst-nb in the kernel: its glue module imports nbformat, whose JSON-schema
validator takes about 2 s to import (an IRI grammar built at import time), once in every notebook
the book executes (issue "Performance").
"""

from __future__ import annotations

import sys

__all__ = ["glue", "glue_values"]

#: The mime-type prefix myst-nb gives a value glued with ``display=False`` (``myst_nb.ext.glue``).
GLUE_PREFIX = "application/papermill.record/"


def _display(name: str, variable, display: bool) -> None:
    from IPython.core.formatters import format_display_data
    from IPython.display import display as ipy_display

    mimebundle, metadata = format_display_data(variable)
    prefix = "" if display else GLUE_PREFIX
    metadata["scrapbook"] = dict(name=name, mime_prefix=prefix)
    ipy_display({prefix + k: v for k, v in mimebundle.items()}, raw=True, metadata=metadata)


def glue(name: str, variable, display: bool = True) -> None:
    """Glue *variable* under *name* for the book (myst-nb's ``glue``).

    With ``display=False`` (a value the prose quotes with ``{eval}`name` ``) it is a one-value
    :func:`glue_values`: the value must be a plain number, string or boolean, and *name* is bound in the
    notebook too, so that JupyterLab can evaluate the prose's expression."""
    if display:
        _display(name, variable, True)
    else:
        _bind(sys._getframe(1).f_globals, name, variable)


#: The names glue has bound, per namespace (a later call may bind them again, e.g. when a learner
#: re-runs a cell after changing something above it).
_BOUND: dict[int, set[str]] = {}


def _plain(name: str, value):
    if hasattr(value, "item") and type(value).__module__ == "numpy":
        value = value.item()  # np.int64(57) -> 57: the prose shows "57", not "np.int64(57)"
    if not isinstance(value, (bool, int, float, str)):
        raise TypeError(
            f"glue_values: {name} is a {type(value).__name__}; the prose can quote a number, a string or "
            "a boolean (compute the figure it quotes, e.g. len(...), float(...))"
        )
    return value


def _same(name: str, existing, value) -> bool:
    """``glue_values(x=x)``: the notebook's variable is the value being quoted."""
    try:
        return type(_plain(name, existing)) is type(value) and _plain(name, existing) == value
    except TypeError:
        return False


def _bind(namespace: dict, name: str, value) -> None:
    value = _plain(name, value)
    bound = _BOUND.setdefault(id(namespace), set())
    if name in namespace and name not in bound and not _same(name, namespace[name], value):
        raise ValueError(
            f"glue_values: the notebook already has a variable {name!r} "
            f"({type(namespace[name]).__name__}); quote the figure under another name"
        )
    _display(name, value, False)
    namespace[name] = value
    bound.add(name)


def glue_values(**values) -> None:
    """Glue each keyword's value under its name and bind the name in the caller's namespace (the
    notebook), displaying nothing."""
    namespace = sys._getframe(1).f_globals
    for name, value in values.items():
        _bind(namespace, name, value)
