"""The instructor's graders for the exercise sets: instructor-only, never distributed to students.

Layout: ``_core.py`` is the engine (registry, :func:`evaluate`, :func:`assert_check`, the toolkit
the set modules share); each exercise set has its own module, ``chNN.py``, whose graders compute
every expected value from ``data/``; ``keys.py`` turns the solutions and the typical mistakes into
the hashed keys of the learner's self-checks; ``variants.py`` makes a class's seeded variant of a
set; ``distribution.py`` builds what students receive. The hidden test cells of the nbgrader
sources call::

    from graders import assert_check
    assert_check("07.1", thorough=True)

To add a set, add ``chNN.py``: it is imported (and so registers its questions) the first time one of
its questions is graded, or by :func:`load_all` (what walks every question calls it).
"""

from ._core import CheckFailed, Result, assert_check, check, evaluate, load_all, questions

__all__ = ["check", "assert_check", "evaluate", "questions", "load_all", "Result", "CheckFailed"]
