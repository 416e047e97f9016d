"""Friendly self-checks for the exercise sets.

A learner checks an answer with one line after each code question::

    from coursekit.checks import check
    check("01.2")                          # looks up `international_share` in the notebook
    check("01.2", international_share)     # or pass the answer explicitly

``check`` prints what is right, what is not yet right and a hint. It never raises and
never shows a traceback from this package: a wrong type, ``None``, ``NaN``, a missing
name or an exception inside the learner's own function becomes a plain message. The
nbgrader sources grade with the same checkers through :func:`assert_check`.

Layout: ``_core.py`` is the engine (results, feedback, safe calls, type coercion) and
the toolkit the checkers share (multiple choice, shuffled rows, typical-mistake hints,
table checks); each exercise set has its own module, ``chNN.py``, whose checkers register
themselves with ``@_question("NN.k", "answer_name", kind)`` (or, for a multiple-choice
question, ``multiple_choice_question("NN.k", options, right, hint)``). To add a set, add
``chNN.py``: it is imported (and so registered) automatically.
"""

import importlib
import pkgutil

from ._core import CheckFailed, Result, assert_check, check, evaluate, questions

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("ch")):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["check", "assert_check", "evaluate", "questions", "Result", "CheckFailed"]
