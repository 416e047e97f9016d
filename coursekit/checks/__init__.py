"""Friendly self-checks for the exercise sets, which verify an answer without knowing it.

A learner checks an answer with one line after each code question::

    from coursekit.checks import check
    check("01.2")                          # looks up `international_share` in the notebook
    check("01.2", international_share)     # or pass the answer explicitly

``check`` prints what is right, what is not yet right and a hint. It never raises and never
shows a traceback from this package: a wrong type, ``None``, ``NaN``, a missing name or an
exception inside the learner's own function becomes a plain message.

Nothing here holds a right answer or computes one. ``chNN.py`` declares each question's form
(a percentage, a table with named columns, a function and the inputs it is tried on) and its
hints; ``keys/NN.json`` holds salted hashes of the right answer's canonical items and of typical
mistakes, written by the instructor's side (``python -m graders.keys``). See ``engine.py`` for how
an answer is compared, ``forms.py`` for the forms, ``toolkit.py`` for the shared mechanics. The
thorough checks that grade submissions live with the instructor, in ``graders/``.
"""

import importlib
import pkgutil

from .engine import QUESTIONS, check, evaluate, questions
from .i18n import language
from .toolkit import Result

for _module in sorted(m.name for m in pkgutil.iter_modules(__path__) if m.name.startswith("ch")):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["check", "evaluate", "language", "questions", "Result", "QUESTIONS"]
