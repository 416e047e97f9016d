"""The self-check engine shared by every exercise set (see ``coursekit.checks``).

A learner checks an answer with one line after each code question::

    from coursekit.checks import check
    check("01.2")                          # looks up `international_share` in the notebook
    check("01.2", international_share)     # or pass the answer explicitly

``check`` prints what is right, what is not yet right and a hint. It never raises
and never shows a traceback from this module: a wrong type, ``None``, ``NaN``, a
missing name or an exception inside the learner's own function becomes a plain
message (naming the exception and the learner's line). Feedback for a correct
answer goes to stdout; feedback for an answer that is not yet right goes to
stderr, which nbgrader's ``validate`` and ``autograde`` count as a failing test
cell, so a learner's "Validate" button agrees with the self-check.

The nbgrader source notebooks grade with the same checkers through
:func:`assert_check`, which raises :class:`CheckFailed` (an ``AssertionError``)
carrying the same friendly message; IPython displays only that message, so the
hidden test code never appears in a traceback or in nbgrader's feedback.
``thorough=True`` (used in the hidden tests) checks more cases than the learner's
visible check, e.g. every country in the table on a shuffled copy of the data.

Expected values are computed from ``data/`` at check time (``coursekit.data.load``);
no expected number is typed into this file. :func:`evaluate` returns a
:class:`Result` without printing (used by the unit tests).

Question ids are ``"<set>.<question>"``, e.g. ``"01.2"``; :func:`questions` lists
them with the name each one looks up.

The chapter modules (``chNN.py``) build their graders from the engine's private helpers
(``_question``, ``_Stop``, ``_call``, ``_number``, ``_text``, ...) and from a small toolkit
for the steps that recur across exercise sets, each written once here:

* :func:`multiple_choice` grades a lettered multiple-choice answer, and
  :func:`multiple_choice_question` registers a question graded that way;
* :func:`shuffled` and :func:`works_on` catch a function that relies on the row order;
* :func:`matching_hint` and :func:`reject_number` name the mistake a wrong number matches;
* :func:`as_frame`, :func:`require_columns`, :func:`require_sorted`, :func:`numbered` and
  :func:`numeric` take a learner's table apart with a friendly message for each way it can be
  malformed.

Each chapter keeps its own expected values, diagnoses and hints: only the mechanics live here.
"""

from __future__ import annotations

import math
import numbers
import sys
import sysconfig
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pandas as pd

__all__ = [
    # the learner's API (re-exported by coursekit.checks)
    "check", "assert_check", "evaluate", "questions", "Result", "CheckFailed",
    # the toolkit of the chapter modules
    "multiple_choice", "multiple_choice_question", "shuffled", "works_on", "matching_hint", "reject_number",
    "as_frame", "require_columns", "require_sorted", "numbered", "numeric",
]

_MISSING = object()
_THIS_DIR = str(Path(__file__).resolve().parent)  # the whole checks package
_LIBRARY_DIRS = tuple(
    str(Path(p).resolve())
    for p in {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
)
#: Percentages are accepted to within this many percentage points (so rounding to 1 decimal passes).
PCT_TOL = 0.05


# =====================================================================================
# results
# =====================================================================================
@dataclass
class Result:
    """The outcome of checking one answer."""

    question: str
    name: str
    passed: bool = False
    right: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    hints: list[str] = field(default_factory=list)

    def message(self) -> str:
        verdict = "well done, every check passes." if self.passed else "not yet right."
        lines = [f"Question {self.question} (`{self.name}`): {verdict}"]
        lines += [f"  ✓ {m}" for m in self.right]
        lines += [f"  ✗ {m}" for m in self.wrong]
        lines += [f"  Hint: {h}" for h in self.hints]
        return "\n".join(lines)

    __str__ = message


class CheckFailed(AssertionError):
    """Raised by :func:`assert_check`. IPython shows only the friendly message, no traceback,
    so the (hidden) test code that raised it is never displayed, not even in nbgrader feedback."""

    def _render_traceback_(self):  # IPython's hook for custom tracebacks
        return [f"{type(self).__name__}: {line}" if i == 0 else line
                for i, line in enumerate(str(self).split("\n"))]


class _Stop(Exception):
    """Internal: stop checking; the answer is not right (message, optional hint)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class _Feedback:
    """Collects right/wrong/hint lines while a grader runs."""

    def __init__(self):
        self.right: list[str] = []
        self.wrong: list[str] = []
        self.hints: list[str] = []

    def ok(self, message: str) -> None:
        self.right.append(message)

    def fail(self, message: str, hint: str | None = None) -> None:
        raise _Stop(message, hint)


@dataclass(frozen=True)
class _Question:
    qid: str
    name: str          # the variable or function the learner defines
    kind: str          # "function" or "value"
    grader: Callable[[Any, _Feedback, bool], None]


_REGISTRY: dict[str, _Question] = {}
_LAST_FAILED: dict[str, int] = {}   # question id -> id() of the answer whose visible check failed


def _question(qid: str, name: str, kind: str):
    def register(fn):
        _REGISTRY[qid] = _Question(qid, name, kind, fn)
        return fn

    return register


def questions() -> dict[str, str]:
    """Every question id with the name its check looks up, e.g. {"01.2": "international_share"}."""
    return {q.qid: q.name for q in _REGISTRY.values()}


# =====================================================================================
# public API
# =====================================================================================
def evaluate(question: str, answer: Any = _MISSING, *, thorough: bool = False,
             namespace: dict | None = None) -> Result:
    """Check *answer* to *question* and return a :class:`Result` (prints nothing, never raises).

    If *answer* is omitted, the question's name (e.g. ``international_share``) is
    looked up in *namespace* (default: the caller's global namespace, i.e. the notebook).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
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


def assert_check(question: str, answer: Any = _MISSING, *, thorough: bool = False) -> None:
    """Raise :class:`CheckFailed` (an AssertionError) with the friendly message unless *answer* passes.

    Used in nbgrader's (hidden) test cells. If the learner's visible ``check`` just
    failed for the same answer, the message only points back to that feedback.
    """
    __tracebackhide__ = True  # noqa: F841  (IPython and pytest hide this frame)
    namespace = sys._getframe(1).f_globals
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
    q = _REGISTRY.get(str(question).strip())
    return namespace.get(q.name, _MISSING) if q else _MISSING


def _evaluate(question: Any, answer: Any, thorough: bool, namespace: dict) -> Result:
    qid = str(question).strip()
    q = _REGISTRY.get(qid)
    if q is None:
        known = ", ".join(sorted(_REGISTRY))
        return Result(qid, "?", wrong=[f"There is no question {question!r}."],
                      hints=[f"Check the id in the exercise text; known ids are {known}."])
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
    fb = _Feedback()
    try:
        if answer is None:
            raise _Stop(f"`{q.name}` is None: there is no answer yet.",
                        f"Replace the placeholder with your {'function' if q.kind == 'function' else 'answer'} "
                        "and run the cell.")
        if answer is Ellipsis:
            raise _Stop(f"`{q.name}` is still the placeholder `...`.", "Replace `...` with your answer and run the cell.")
        if q.kind == "function" and not callable(answer):
            raise _Stop(f"`{q.name}` should be a function, but it is {_describe(answer)}.",
                        f"Define it with `def {q.name}(...):` and run the cell.")
        q.grader(answer, fb, thorough)
        result.passed = True
    except _Stop as stop:
        result.wrong.append(stop.message)
        if stop.hint:
            result.hints.append(stop.hint)
    except Exception as err:  # a bug in the checker or the data, not in the learner's answer
        result.wrong.append(f"The checker itself failed ({type(err).__name__}: {err}).")
        result.hints.append("This is a problem in the course materials, not in your answer: please report it "
                            "to your instructor or in the course's issue tracker.")
    result.right[:0] = fb.right
    return result


def _learner_frame(err: BaseException):
    """The innermost traceback frame that belongs to the learner (not to us, pandas or Python)."""
    frames = traceback.extract_tb(err.__traceback__)
    mine = []
    for fr in frames:
        path = fr.filename
        try:
            resolved = str(Path(path).resolve())
        except (OSError, ValueError):
            resolved = path
        if resolved.startswith(_THIS_DIR) or resolved.startswith(_LIBRARY_DIRS):
            continue
        mine.append(fr)
    return mine[-1] if mine else None


_EXCEPTION_HINTS = {
    "NotImplementedError": "This part still has its placeholder: replace `raise NotImplementedError()` with your code.",
    "KeyError": "A column or label was not found. Check the spelling; `co.columns` lists the column names "
                "(country, iso3, year, attribute, articles).",
    "IndexError": "This often means a filter matched no rows, so there was no first row to take. Check the "
                  "spelling of the country and that you compare `year` with a number (2003), not text ('2003').",
    "ZeroDivisionError": "You divided by zero: did a filter match no rows?",
    "NameError": "A name used in your code is not defined: a typo, or a variable from a cell you have not run yet?",
    "AttributeError": "You used a method or attribute that this object does not have; check its type with `type(...)`.",
    "TypeError": "An operation got a value of the wrong type, e.g. text where a number was expected.",
    "ValueError": "A value had the right type but an unusable content, e.g. a Series where one number was expected.",
    "RecursionError": "Your function calls itself without end.",
}


def _call(fn: Callable, label: str, *args, hints: dict[str, str] | None = None):
    """Call the learner's function; turn any exception into a friendly _Stop.

    *hints* maps an exception's name (e.g. ``"KeyError"``) to the hint to give instead of the
    generic one (or to a function that returns it, called after the exception), so that an
    exercise set can name its own tables' columns.
    """
    try:
        return fn(*args)
    except Exception as err:
        name = type(err).__name__
        text = str(err).strip().splitlines()[0] if str(err).strip() else ""
        msg = f"Calling `{label}` raised {name}" + (f": {text}" if text else "") + "."
        fr = _learner_frame(err)
        if fr is not None:
            where = f"line {fr.lineno}"
            if "ipykernel" not in fr.filename and not fr.filename.startswith("<"):
                where += f" of {Path(fr.filename).name}"
            code = (fr.line or "").strip()
            msg += f" It happened in your code at {where}" + (f": `{code}`" if code else "") + "."
        hint = (hints or {}).get(name) or _EXCEPTION_HINTS.get(name, "Read the error name and message; they say "
                                                                      "what went wrong.")
        raise _Stop(msg, hint() if callable(hint) else hint) from None


def _describe(value: Any) -> str:
    """A short, learner-readable description of a value's type."""
    if value is None:
        return "None"
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, str):
        shown = value if len(value) <= 30 else value[:30] + "..."
        return f"the text {shown!r}"
    if isinstance(value, pd.DataFrame):
        return f"a pandas DataFrame with {_n(len(value), 'row')}"
    if isinstance(value, pd.Series):
        return f"a pandas Series with {_n(len(value), 'value')}"
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type(value).__name__} with {_n(len(value), 'item')}"
    return f"a value of type {type(value).__name__}"


def _n(k: int, noun: str) -> str:
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


def _is_missing(value: Any) -> bool:
    if value is pd.NA:
        return True
    try:
        return isinstance(value, numbers.Real) and math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def _number(value: Any, what: str) -> float:
    """Accept a real number (Python or NumPy); explain anything else."""
    if value is None:
        raise _Stop(f"{what} is None.", "Did you forget `return` (or to assign the result)? In a new exercise, "
                                        "replace the `...` under `# YOUR CODE HERE` with your code.")
    if isinstance(value, bool):
        raise _Stop(f"{what} is {_describe(value)}, not a number.")
    if value is pd.NA or _is_missing(value):
        raise _Stop(f"{what} is NaN (not a number).",
                    "NaN usually means a selection matched no rows or a value was missing. Check the country's "
                    "spelling, that `year` is compared with a number, and the attribute names.")
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index, list, tuple)) or type(value).__name__ == "ndarray":
        size = len(value)
        if size == 0:
            raise _Stop(f"{what} is {_describe(value)}: it is empty.",
                        "Your selection matched no rows: check the spelling of the country and that `year` is "
                        "compared with a number.")
        if size == 1 and getattr(value, "size", 1) == 1:
            raise _Stop(f"{what} is a {type(value).__name__} holding one value, not a plain number.",
                        "Take the number out, e.g. with `.item()` or `.iloc[0]`.")
        raise _Stop(f"{what} is {_describe(value)}, not one number.",
                    "Select a single row: filter on every column that identifies it (country, year, attribute).")
    if isinstance(value, str):
        raise _Stop(f"{what} is {_describe(value)}, not a number.", "Return the number itself, not text.")
    if not isinstance(value, numbers.Real):
        raise _Stop(f"{what} is {_describe(value)}, not a number.")
    x = float(value)
    if math.isinf(x):
        raise _Stop(f"{what} is infinite.", "You divided by zero: did a selection give 0 articles?")
    return x


def _text(value: Any, what: str) -> str:
    if isinstance(value, (pd.Series, pd.Index, list, tuple)) and len(value) == 1:
        raise _Stop(f"{what} is a {type(value).__name__} holding one item, not plain text.",
                    "Take the single item out, e.g. with `.item()` or `[0]`.")
    if value is pd.NA or _is_missing(value):
        raise _Stop(f"{what} is missing (NaN).")
    if not isinstance(value, str):
        raise _Stop(f"{what} is {_describe(value)}; the answer should be text, e.g. \"Egypt\".")
    if not value.strip():
        raise _Stop(f"{what} is an empty text.", "Write the country's name between the quotes.")
    return value.strip()


def _count(value: Any, what: str) -> int:
    x = _number(value, what)
    if x != int(x):
        raise _Stop(f"{what} is {x}, but a count is a whole number.")
    return int(x)


def _pct(x: float) -> str:
    return f"{x:.1f}"


def _close(a: float, b: float, tol: float = PCT_TOL) -> bool:
    return abs(a - b) <= tol


# =====================================================================================
# the toolkit of the chapter modules
# =====================================================================================
def multiple_choice(answer: Any, name: str, options: dict[str, str], right: str, hint: str,
                    fb: _Feedback) -> None:
    """Grade a multiple-choice answer: one letter among *options* (letter -> explanation).

    Accepts ``"b"``, ``"B"``, ``"(b)"`` or ``" b. "``; a wrong option is answered with its own
    explanation and *hint*, the right one with its explanation.
    """
    text = _text(answer, f"`{name}`").lower().strip("()[]. ")
    if text not in options:
        raise _Stop(f"{answer!r} is not one of the options.", 'Answer with one letter in quotes, e.g. "a".')
    fb.ok("It is one of the options a–d.")
    if text != right:
        raise _Stop(f"Option {text}: {options[text]}", hint)
    fb.ok(options[text])


def multiple_choice_question(qid: str, options: dict[str, str], right: str, hint: str) -> None:
    """Register *qid* as a multiple-choice question graded by :func:`multiple_choice`.

    The learner's answer is the variable ``answer_<set>_<question>``, e.g. ``answer_01_7`` for "01.7".
    """
    name = "answer_" + qid.replace(".", "_")

    def grade(answer: Any, fb: _Feedback, thorough: bool) -> None:
        multiple_choice(answer, name, options, right, hint, fb)

    _question(qid, name, "value")(grade)


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
    except Exception:
        return False


def matching_hint(got: float, want: float, candidates, tol: float = PCT_TOL, *, match_tol: float | None = None,
                  rel: float = 0.0) -> str | None:
    """The hint of the first ``(value, hint)`` candidate that a wrong answer *got* matches, or None.

    A candidate is a typical mistake's result. It counts only if it differs from *want* by more
    than *tol*; *got* matches it to within *match_tol* (default *tol*), or to within the fraction
    *rel* of the candidate when that is larger. Candidates that are None or NaN are skipped.
    """
    close = tol if match_tol is None else match_tol
    for value, hint in candidates:
        if value is None or _is_missing(value):
            continue
        if not _close(value, want, tol) and _close(got, value, max(close, abs(value) * rel)):
            return hint
    return None


def reject_number(got: float, want: float, candidates, message: str, fallback_hint: str, *,
                  tol: float = PCT_TOL, match_tol: float | None = None, fallback_message: str | None = None) -> None:
    """Stop with *message* and the hint of the mistake *got* matches (see :func:`matching_hint`).

    If it matches none, stop with *fallback_message* (default *message*) and *fallback_hint*.
    """
    hint = matching_hint(got, want, candidates, tol, match_tol=match_tol)
    if hint is not None:
        raise _Stop(message, hint)
    raise _Stop(fallback_message or message, fallback_hint)


def _and(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(x) for x in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def as_frame(answer: Any, what: str, columns, *, index: str | tuple[str, ...] = (),
             hint: str | None = None) -> pd.DataFrame:
    """The learner's table *answer*, which should be a DataFrame with *columns*.

    A Series or any other type stops with a message (*hint* is given for a Series). If one
    of the column names in *index* is a column, the first such is made the index.
    """
    if isinstance(answer, pd.Series):
        raise _Stop(f"{what} is a pandas Series; it should be a DataFrame with the columns {_and(columns)}.", hint)
    if not isinstance(answer, pd.DataFrame):
        raise _Stop(f"{what} is {_describe(answer)}; it should be a pandas DataFrame.")
    for key in ((index,) if isinstance(index, str) else index):
        if key in answer.columns:
            return answer.set_index(key)
    return answer


def require_columns(df: pd.DataFrame, columns, hint: str) -> None:
    """Stop, naming the missing ones and the ones there are, unless *df* has all *columns*."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise _Stop(f"The column(s) {', '.join(missing)} are missing (the table has: "
                    f"{', '.join(map(str, df.columns)) or 'no columns'}).", hint)


def require_sorted(df: pd.DataFrame, column: str) -> None:
    """Stop unless the rows of *df* are sorted by *column*, largest first."""
    values = pd.to_numeric(df[column], errors="coerce").astype(float)
    if not values.is_monotonic_decreasing:
        raise _Stop(f"The rows are not sorted by {column}, largest first.",
                    f"Use `.sort_values('{column}', ascending=False)`.")


def numbered(index) -> bool:
    """Whether a table's rows are numbered 0, 1, 2, ... (whole-number labels) instead of named."""
    return len(index) > 0 and all(isinstance(x, numbers.Integral) for x in index)


def numeric(values: pd.Series, missing: str, hint: str | None = None, *, infinite: str | None = None,
            infinite_hint: str | None = None) -> pd.Series:
    """The learner's column *values* as floats; stop on the first value that is missing or not a number.

    *missing* is the message, with ``{}`` where the row's label goes. With *infinite* (a message
    of the same form), an infinite value stops too.
    """
    out = pd.to_numeric(values, errors="coerce").astype(float)
    if out.isna().any():
        raise _Stop(missing.format(out.index[out.isna()][0]), hint)
    if infinite is not None and out.map(math.isinf).any():
        raise _Stop(infinite.format(out.index[out.map(math.isinf)][0]), infinite_hint)
    return out
