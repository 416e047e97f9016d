"""The instructor's graders for the exercise sets: instructor-only, never distributed to students.

Layout: ``_core.py`` is the engine (registry, :func:`evaluate`, :func:`assert_check`, the toolkit
the set modules share); each exercise set has its own module, ``chNN.py``, whose graders compute
every expected value from ``data/``; ``keys.py`` turns the solutions and the typical mistakes into
the hashed keys of the learner's self-checks; ``variants.py`` makes a class's seeded variant of a
set; ``distribution.py`` builds what students receive. The hidden test cells of the nbgrader
sources call::

    from graders import assert_check
    assert_check("07.1", thorough=True)

To add a set, add ``chNN.py``: it is imported (and so registered) automatically.
"""

import importlib
import pkgutil

from ._core import CheckFailed, Result, assert_check, check, evaluate, questions

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("ch")):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["check", "assert_check", "evaluate", "questions", "Result", "CheckFailed"]
