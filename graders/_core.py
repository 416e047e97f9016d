"""The instructor's graders: the thorough checks that nbgrader's hidden tests run.

This package (``graders/``) is instructor-only: it is never part of what students receive (see
``python -m graders.distribution``). It computes every expected answer from ``data/`` and checks a
learner's answer against it; ``thorough=True`` (the hidden tests) checks more cases than the
learner's visible self-check, e.g. every country on a shuffled copy of the data. It also produces
the hashed keys from which the learner's self-checks (``coursekit.checks``) verify an answer
without holding it (``python -m graders.keys``).

The hidden test cells of the nbgrader sources call :func:`assert_check`, which raises
:class:`CheckFailed` (an ``AssertionError``) carrying a friendly message; IPython displays only that
message, so the hidden test code never appears in a traceback or in nbgrader's feedback.
:func:`evaluate` returns a :class:`Result` without printing (used by the tests).

The chapter modules (``chNN.py``) register their graders with ``@question("NN.k", "answer_name",
kind)`` or ``multiple_choice_question(...)``; the mechanics shared with the learner's self-checks
(messages, safe calls, taking answers apart) live once, in ``coursekit.checks.toolkit``.
"""

from __future__ import annotations

import functools
import importlib
import pkgutil
import random
import re
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit.checks import toolkit as tk
from coursekit.checks.engine import LAST_FAILED as _LAST_FAILED  # shared with the learner's visible check
from coursekit.checks.toolkit import (
    PCT_TOL,
    Feedback,
    Result,
    Stop,
    as_frame,
    numbered,
    numeric,
    require_columns,
    require_sorted,
)

__all__ = [
    "question",
    "table",
    "oic_members",
    "Feedback",
    "Stop",
    "check",
    "assert_check",
    "evaluate",
    "questions",
    "Result",
    "CheckFailed",
    "variant",
    "active_variant",
    "multiple_choice",
    "multiple_choice_question",
    "shuffled",
    "per_data",
    "works_on",
    "matching_hint",
    "reject_number",
    "as_frame",
    "require_columns",
    "require_sorted",
    "numbered",
    "numeric",
]

_MISSING = object()


@cache
def table(name: str) -> pd.DataFrame:
    """Dataset *name* of ``data/``, loaded once per process and shared by every set module's graders.

    Never change it: hand a learner's function ``table(name).copy()`` (or :func:`shuffled`)."""
    from coursekit.data import load

    return load(name)


def oic_members() -> frozenset[str]:
    """The ISO3 codes of the OIC's member states (``data/oic_members.csv``)."""
    return frozenset(table("oic_members")["iso3"].astype(str))


class CheckFailed(AssertionError):
    """Raised by :func:`assert_check`. IPython shows only the friendly message, no traceback,
    so the (hidden) test code that raised it is never displayed, not even in nbgrader feedback."""

    def _render_traceback_(self):  # IPython's hook for custom tracebacks
        return [f"{type(self).__name__}: {line}" if i == 0 else line for i, line in enumerate(str(self).split("\n"))]


@dataclass(frozen=True)
class _Question:
    qid: str
    name: str  # the variable or function the learner defines
    kind: str  # "function" or "value"
    grader: Callable[[Any, Feedback, bool], None]


_REGISTRY: dict[str, _Question] = {}
#: Multiple-choice questions: id -> (letter -> explanation, the right letter, hint for a wrong one).
MULTIPLE_CHOICE: dict[str, tuple[dict[str, str], str, str]] = {}


def question(qid: str, name: str, kind: str):
    def register(fn):
        _REGISTRY[qid] = _Question(qid, name, kind, fn)
        return fn

    return register


def set_module(set_id: str):
    """The grader module of set *set_id* (``graders.chNN``), imported on first use; None if there is none.

    Each set's graders load only when one of its questions is graded: a hidden test cell imports the
    engine and its own set, not the other twelve (and their libraries), in every kernel nbgrader starts.
    """
    name = f"graders.ch{set_id}"
    if name not in sys.modules:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:  # the module exists but something it imports does not: not ours to hide
                raise
            return None
    return sys.modules[name]


def load_all() -> None:
    """Import every set's graders (for what lists or walks all questions)."""
    for module in sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])):
        if re.fullmatch(r"ch\d\d", module):
            set_module(module[2:])


def _question(qid: str) -> _Question | None:
    if qid not in _REGISTRY and re.fullmatch(r"\d\d\.\w+", qid):
        set_module(qid[:2])
    return _REGISTRY.get(qid)


def multiple_choice_questions() -> dict[str, tuple[dict[str, str], str, str]]:
    """Every multiple-choice question: id -> (letter -> explanation, the right letter, hint)."""
    load_all()
    return dict(MULTIPLE_CHOICE)


def questions() -> dict[str, str]:
    """Every question id with the name its check looks up, e.g. {"01.2": "international_share"}."""
    load_all()
    return {q.qid: q.name for q in _REGISTRY.values()}


# =====================================================================================
# class variants: the same questions on other parameters drawn from the real data
# =====================================================================================
_ACTIVE = {"variant": 0}


def active_variant() -> int:
    """The variant being graded: 0 is the public edition."""
    return _ACTIVE["variant"]


@contextmanager
def variant(n: int | None):
    """Grade as variant *n* within the block (``None`` keeps the active one)."""
    old = _ACTIVE["variant"]
    if n is not None:
        _ACTIVE["variant"] = int(n)
    try:
        yield
    finally:
        _ACTIVE["variant"] = old


def seeded(scope: str, n: int) -> random.Random:
    """The random generator of variant *n* of *scope* (a set or a question id): the same every time."""
    return random.Random(f"science-across-borders/{scope}/variant-{n}")


@cache
def _params(set_id: str, n: int) -> dict:
    module = set_module(set_id)
    out = dict(getattr(module, "PARAMS", {}))
    if n and hasattr(module, "variant_params"):
        out.update(module.variant_params(seeded(set_id, n)))
    return out


def params(set_id: str) -> dict:
    """The parameters of set *set_id* (e.g. its focal year) in the active variant.

    A set module declares ``PARAMS`` (the public edition's values, which its question text states)
    and ``variant_params(rng)``, which draws other values from the real data; its graders read
    ``params("NN")[...]`` instead of constants, and ``REWRITES`` says where the question text and
    the solution state each value (see ``graders.variants``).
    """
    return dict(_params(set_id, active_variant()))


def mc_permutation(qid: str, n: int | None = None) -> dict[str, str]:
    """Public letter -> the letter of the same option in variant *n*; the right option always moves."""
    n = active_variant() if n is None else n
    _question(qid)
    options, right, _ = MULTIPLE_CHOICE[qid]
    letters = sorted(options)
    if not n:
        return {k: k for k in letters}
    rng, order = seeded(qid, n), letters[:]
    while True:
        rng.shuffle(order)
        if order[letters.index(right)] != right:
            return dict(zip(letters, order))


# =====================================================================================
# public API
# =====================================================================================
def evaluate(
    question: str,
    answer: Any = _MISSING,
    *,
    thorough: bool = False,
    namespace: dict | None = None,
    variant: int | None = None,
) -> Result:
    """Check *answer* to *question* and return a :class:`Result` (prints nothing, never raises).

    If *answer* is omitted, the question's name (e.g. ``international_share``) is
    looked up in *namespace* (default: the caller's global namespace, i.e. the notebook).
    *variant* grades a class variant's version of the question (default: the active one).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    with _variant(variant):
        return _evaluate(question, answer, thorough, namespace)


def check(question: str, answer: Any = _MISSING, *, thorough: bool = False) -> None:
    """Print friendly feedback on *answer* to *question*; never raises.

    Returns ``None`` on purpose: a value shown as a cell's result would be read by
    nbgrader as a partial-credit score.
    """
    namespace = sys._getframe(1).f_globals
    result = _evaluate(question, answer, thorough, namespace)
    if result.passed:
        _LAST_FAILED.pop(result.question, None)
        print(result.message(), file=sys.stdout, flush=True)
    else:
        _LAST_FAILED[result.question] = id(_resolve(question, answer, namespace))
        print(result.message(), file=sys.stderr, flush=True)


def assert_check(question: str, answer: Any = _MISSING, *, thorough: bool = False, variant: int | None = None) -> None:
    """Raise :class:`CheckFailed` (an AssertionError) with the friendly message unless *answer* passes.

    Used in nbgrader's (hidden) test cells; a class variant's source passes its *variant*. If the
    learner's visible ``check`` just failed for the same answer, the message only points back to
    that feedback.
    """
    __tracebackhide__ = True  # noqa: F841  (IPython and pytest hide this frame)
    namespace = sys._getframe(1).f_globals
    with _variant(variant):
        result = _evaluate(question, answer, thorough, namespace)
    if not result.passed:
        if _LAST_FAILED.get(result.question) == id(_resolve(question, answer, namespace)):
            raise CheckFailed(f"Question {result.question} is not right yet: see the feedback printed above.")
        raise CheckFailed(result.message())


# =====================================================================================
# the machinery: never let an exception escape to the learner
# =====================================================================================
def _resolve(question, answer, namespace):
    if answer is not _MISSING:
        return answer
    q = _question(str(question).strip())
    return namespace.get(q.name, _MISSING) if q else _MISSING


def _evaluate(question: Any, answer: Any, thorough: bool, namespace: dict) -> Result:
    qid = str(question).strip()
    q = _question(qid)
    if q is None:
        load_all()
        known = ", ".join(sorted(_REGISTRY))
        return Result(
            qid,
            "?",
            wrong=[f"There is no question {question!r}."],
            hints=[f"Check the id in the exercise text; known ids are {known}."],
        )
    result = Result(qid, q.name)
    if answer is _MISSING:
        answer = namespace.get(q.name, _MISSING)
        if answer is _MISSING:
            result.wrong.append(f"`{q.name}` is not defined yet.")
            result.hints.append(
                f"Write your answer in the cell above so that it defines `{q.name}`, run that cell "
                "(Shift+Enter), then run this check again."
            )
            return result
    fb = Feedback()
    try:
        if answer is None:
            raise Stop(
                f"`{q.name}` is None: there is no answer yet.",
                f"Replace the placeholder with your {'function' if q.kind == 'function' else 'answer'} "
                "and run the cell.",
            )
        if answer is Ellipsis:
            raise Stop(
                f"`{q.name}` is still the placeholder `...`.", "Replace `...` with your answer and run the cell."
            )
        if q.kind == "function" and not callable(answer):
            raise Stop(
                f"`{q.name}` should be a function, but it is {tk.describe(answer)}.",
                f"Define it with `def {q.name}(...):` and run the cell.",
            )
        q.grader(answer, fb, thorough)
        result.passed = True
    except Stop as stop:
        result.wrong.append(stop.message)
        if stop.hint:
            result.hints.append(stop.hint)
    except Exception as err:
        learner = tk.unreadable(err, q.name)  # the learner's own object raised while being read
        if learner is not None:
            result.wrong.append(learner.message)
            result.hints.append(learner.hint)
            result.right[:0] = fb.right
            return result
        # otherwise a bug in the checker or the data, not in the learner's answer
        result.wrong.append(f"The checker itself failed ({type(err).__name__}: {err}).")
        result.hints.append(
            "This is a problem in the course materials, not in your answer: please report it "
            "to your instructor or in the course's issue tracker."
        )
    result.right[:0] = fb.right
    return result


# =====================================================================================
# the toolkit of the chapter modules
# =====================================================================================
def multiple_choice(answer: Any, name: str, options: dict[str, str], right: str, hint: str, fb: Feedback) -> None:
    """Grade a multiple-choice answer: one letter among *options* (letter -> explanation).

    Accepts ``"b"``, ``"B"``, ``"(b)"`` or ``" b. "``; a wrong option is answered with its own
    explanation and *hint*, the right one with its explanation.
    """
    text = tk.text(answer, f"`{name}`").lower().strip("()[]. ")
    if text not in options:
        raise Stop(f"{answer!r} is not one of the options.", 'Answer with one letter in quotes, e.g. "a".')
    fb.ok("It is one of the options a–d.")
    if text != right:
        raise Stop(f"Option {text}: {options[text]}", hint)
    fb.ok(options[text])


def multiple_choice_question(qid: str, options: dict[str, str], right: str, hint: str) -> None:
    """Register *qid* as a multiple-choice question graded by :func:`multiple_choice`.

    The learner's answer is the variable ``answer_<set>_<question>``, e.g. ``answer_01_7`` for "01.7".
    """
    name = "answer_" + qid.replace(".", "_")
    MULTIPLE_CHOICE[qid] = (options, right, hint)

    def grade(answer: Any, fb: Feedback, thorough: bool) -> None:
        moved = mc_permutation(qid)  # a class variant lists the options in another order
        multiple_choice(answer, name, {moved[k]: v for k, v in options.items()}, moved[right], hint, fb)

    question(qid, name, "value")(grade)


def per_data(source: str = "_tables"):
    """Memoise a set module's reference computation for as long as its data stay the same object.

    A grader computes its expected answers from ``data/`` at check time; the same reference values are
    asked for many times (every hint, every variant, every key), so they are kept, keyed on the
    arguments and on the object the module's data function *source* returns. Swap the data (as the
    tests do, to prove nothing is hard-coded) and the value is computed afresh. Only for functions
    whose results the callers read and never change (numbers, strings, tuples, frozensets, the
    graders' own graphs)."""

    def wrap(fn):
        memo: dict = {}

        @functools.wraps(fn)
        def inner(*args, **kwargs):
            data = fn.__globals__[source]()
            key = (args, tuple(sorted(kwargs.items())))
            hit = memo.get(key)
            if hit is not None and hit[0] is data:
                return hit[1]
            value = fn(*args, **kwargs)
            memo[key] = (data, value)
            return value

        inner.cache_clear = memo.clear
        return inner

    return wrap


def shuffled(df: pd.DataFrame, seed: int, offset: int = 0) -> pd.DataFrame:
    """A copy of *df* with its rows in a random (but fixed) order, labelled from *offset* on.

    With an *offset*, the index labels no longer equal the positions, so a learner's function
    that selects rows by position (``.iloc``) or by label (``.loc[3]``) gives a wrong answer.
    """
    out = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    out.index = out.index + offset
    return out


def works_on(fn: Callable, args: tuple, ok: Callable[[Any], bool]) -> bool:
    """Whether the learner's ``fn(*args)`` runs and gives a result that ``ok`` accepts.

    A thorough check that failed on shuffled rows calls this with the rows in their original
    order: if the function is right there, it depends on the order of the rows.
    """
    try:
        return bool(ok(fn(*args)))
    except (Exception, SystemExit):  # the learner's code may also call exit()
        return False


def matching_hint(
    got: float, want: float, candidates, tol: float = PCT_TOL, *, match_tol: float | None = None, rel: float = 0.0
) -> str | None:
    """The hint of the first ``(value, hint)`` candidate that a wrong answer *got* matches, or None.

    A candidate is a typical mistake's result. It counts only if it differs from *want* by more
    than *tol*; *got* matches it to within *match_tol* (default *tol*), or to within the fraction
    *rel* of the candidate when that is larger. Candidates that are None or NaN are skipped.
    """
    close = tol if match_tol is None else match_tol
    for value, hint in candidates:
        if value is None or tk.is_missing(value):
            continue
        if not tk.close(value, want, tol) and tk.close(got, value, max(close, abs(value) * rel)):
            return hint
    return None


def reject_number(
    got: float,
    want: float,
    candidates,
    message: str,
    fallback_hint: str,
    *,
    tol: float = PCT_TOL,
    match_tol: float | None = None,
    fallback_message: str | None = None,
) -> None:
    """Stop with *message* and the hint of the mistake *got* matches (see :func:`matching_hint`).

    If it matches none, stop with *fallback_message* (default *message*) and *fallback_hint*.
    """
    hint = matching_hint(got, want, candidates, tol, match_tol=match_tol)
    if hint is not None:
        raise Stop(message, hint)
    raise Stop(fallback_message or message, fallback_hint)


_variant = variant  # the context manager, under a name the functions with a `variant` argument can reach
