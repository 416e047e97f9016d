"""The mechanics every check shares: results, friendly messages, safe calls, taking answers apart.

Used by the learner's self-checks (``coursekit.checks``) and by the instructor's graders
(``graders``, which never reach a student). Nothing here knows an answer: these functions only
say whether an answer has the right *form* (a number, a whole number, text, a table with the
columns the question names) and turn every way an answer can be malformed, or a learner's
function can fail, into one or two plain sentences.
"""

from __future__ import annotations

import math
import numbers
import sysconfig
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = [
    "Result",
    "Stop",
    "Feedback",
    "PCT_TOL",
    "call",
    "describe",
    "is_missing",
    "number",
    "text",
    "count",
    "close",
    "as_frame",
    "require_columns",
    "require_sorted",
    "numbered",
    "numeric",
    "and_list",
    "unreadable",
    "listed",
    "flat_columns",
    "as_floats",
]

#: Folders whose frames are ours, not the learner's (this package, the graders, Python, pandas).
_OWN_DIRS = tuple(
    str(Path(p).resolve()) for p in {sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")}
) + (str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2] / "graders"))
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
    #: True when the answer was only checked for its form (a class variant): graded after submission.
    recorded: bool = False

    def message(self, language: str | None = None) -> str:
        """The feedback as the learner reads it, in *language* (default: the one chosen with
        ``coursekit.checks.language``; a message without a translation stays in English)."""
        from .i18n import isolate, translate

        if self.recorded:
            verdict = "answer recorded: it has the right form, and it will be graded after you submit."
        elif self.passed:
            verdict = "well done, every check passes."
        else:
            verdict = "not yet right."
        lines = [f"Question {self.question} (`{self.name}`): {verdict}"]
        lines += [f"  ✓ {m}" for m in self.right]
        lines += [f"  ✗ {m}" for m in self.wrong]
        lines += [f"  Hint: {h}" for h in self.hints]
        if (language or _language()) == "en":
            return "\n".join(lines)
        out = []
        for line in lines:
            body = line.lstrip(" ")
            mark = body[:2] if body[:2] in ("✓ ", "✗ ") else ""
            text = translate(body[len(mark) :], language)
            out.append(isolate(line[: len(line) - len(body)] + mark + text, language))
        return "\n".join(out)

    __str__ = message


def _language() -> str:
    from .i18n import language

    return language()


class Stop(Exception):
    """Stop checking: the answer is not right (a message, and an optional hint)."""

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint


class Feedback:
    """Collects the lines that say what is already right while a check runs."""

    def __init__(self):
        self.right: list[str] = []

    def ok(self, message: str) -> None:
        self.right.append(message)

    def fail(self, message: str, hint: str | None = None) -> None:
        raise Stop(message, hint)


# =====================================================================================
# calling the learner's function: never let an exception escape
# =====================================================================================
def _learner_frame(err: BaseException):
    """The innermost traceback frame that belongs to the learner (not to us, pandas or Python)."""
    mine = []
    for fr in traceback.extract_tb(err.__traceback__):
        try:
            resolved = str(Path(fr.filename).resolve())
        except (OSError, ValueError):
            resolved = fr.filename
        if not resolved.startswith(_OWN_DIRS):
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


def call(fn: Callable, label: str, *args, hints: dict[str, str] | None = None):
    """Call the learner's function; turn any exception into a friendly :class:`Stop`.

    *hints* maps an exception's name (e.g. ``"KeyError"``) to the hint to give instead of the
    generic one (or to a function that returns it), so that an exercise set can name its own
    tables' columns.
    """
    try:
        return fn(*args)
    except SystemExit as err:
        raise Stop(
            f"Calling `{label}` stopped Python itself (`sys.exit()` or `exit()`, code {err.code!r}).",
            "A function should `return` its result; remove the call to `exit()` or `sys.exit()`.",
        ) from None
    except Exception as err:
        name = type(err).__name__
        first = _safe_str(err).strip().splitlines()[0] if _safe_str(err).strip() else ""
        msg = f"Calling `{label}` raised {name}" + (f": {first}" if first else "") + "."
        fr = _learner_frame(err)
        if fr is not None:
            where = f"line {fr.lineno}"
            if "ipykernel" not in fr.filename and not fr.filename.startswith("<"):
                where += f" of {Path(fr.filename).name}"
            code = (fr.line or "").strip()
            msg += f" It happened in your code at {where}" + (f": `{code}`" if code else "") + "."
        hint = (hints or {}).get(name) or _EXCEPTION_HINTS.get(
            name, "Read the error name and message; they say what went wrong."
        )
        raise Stop(msg, hint() if callable(hint) else hint) from None


def _raised_by_a_learner_method(err: BaseException) -> bool:
    """Whether a method of an object of the learner's own class (``self`` in a frame outside the
    course, pandas and Python) is on *err*'s traceback: the check called it while reading the answer."""
    tb = err.__traceback__
    while tb is not None:
        frame = tb.tb_frame
        try:
            outside = not str(Path(frame.f_code.co_filename).resolve()).startswith(_OWN_DIRS)
        except (OSError, ValueError):
            outside = True
        owner = frame.f_locals.get("self", None) if outside else None
        if owner is not None and type(owner).__module__.split(".")[0] not in _OWN_MODULES:
            return True
        tb = tb.tb_next
    return False


#: Top-level modules whose classes are not the learner's.
_OWN_MODULES = {"coursekit", "graders", "builtins", "pandas", "numpy"}


def unreadable(err: BaseException, name: str) -> Stop | None:
    """If *err* was raised by the learner's own code while a check read their answer (an object whose
    ``__len__``, ``__float__``, ``__iter__``, ``__eq__``... is their own), the :class:`Stop` that says
    so; None if the error came from the course's code (a real bug, reported as such)."""
    if not _raised_by_a_learner_method(err):
        return None
    fr = _learner_frame(err)
    if fr is None:
        return None
    code = (fr.line or "").strip()
    return Stop(
        f"Reading `{name}` ran your own code, which raised {type(err).__name__}"
        + (f" at `{code}`" if code else "")
        + ".",
        "Give the answer as a plain value: a number, a text, a list, a dict or a pandas DataFrame.",
    )


# =====================================================================================
# describing and taking apart an answer
# =====================================================================================
def _safe_str(value: Any) -> str:
    """``str(value)``, or a description of *value*'s type if its ``__str__`` raises."""
    try:
        return str(value)
    except Exception:
        return f"<{type(value).__name__} that cannot be shown>"


def _size(value: Any) -> int | None:
    """``len(value)``, or None for an object without a usable length (a 0-d array, a broken ``__len__``)."""
    try:
        return len(value)
    except Exception:
        return None


def describe(value: Any) -> str:
    """A short, learner-readable description of a value's type (never raises)."""
    try:
        return _describe(value)
    except Exception:
        return f"a value of type {type(value).__name__}"


def _describe(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return f"the truth value {value}"
    if isinstance(value, str):
        plain = str.__str__(value)
        shown = plain if len(plain) <= 30 else plain[:30] + "..."
        return f"the text {shown!r}"
    if isinstance(value, pd.DataFrame):
        return f"a pandas DataFrame with {_n(len(value), 'row')}"
    if isinstance(value, pd.Series):
        return f"a pandas Series with {_n(len(value), 'value')}"
    if isinstance(value, (list, tuple, set, dict)):
        return f"a {type(value).__name__} with {_n(len(value), 'item')}"
    if type(value).__name__ == "ndarray":
        return f"a NumPy array of shape {value.shape}"
    return f"a value of type {type(value).__name__}"


def _n(k: int, noun: str) -> str:
    return f"{k} {noun}" if k == 1 else f"{k} {noun}s"


def is_missing(value: Any) -> bool:
    """Whether *value* is NaN, ``pd.NA`` or ``pd.NaT``."""
    if value is pd.NA or value is pd.NaT:
        return True
    try:
        return isinstance(value, numbers.Real) and math.isnan(float(value))
    except Exception:  # not a number at all, or an integer too large for a float: not missing
        return False


def number(value: Any, what: str) -> float:
    """Accept a real number (Python or NumPy); explain anything else."""
    if value is None:
        raise Stop(
            f"{what} is None.",
            "Did you forget `return` (or to assign the result)? In a new exercise, "
            "replace the `pass` under `# YOUR CODE HERE` with your code.",
        )
    if value is Ellipsis:
        raise Stop(f"{what} is still the placeholder `...`.", "Replace `...` with your answer and run the cell.")
    if isinstance(value, bool):
        raise Stop(f"{what} is {describe(value)}, not a number.")
    if value is pd.NA or is_missing(value):
        raise Stop(
            f"{what} is NaN (not a number).",
            "NaN usually means a selection matched no rows or a value was missing. Check the country's "
            "spelling, that `year` is compared with a number, and the attribute names.",
        )
    if type(value).__name__ == "ndarray" and getattr(value, "ndim", None) == 0:
        value = value.item()  # a 0-d NumPy array (np.array(5)) is one number in disguise
    if isinstance(value, (pd.Series, pd.DataFrame, pd.Index, list, tuple)) or type(value).__name__ == "ndarray":
        size = _size(value)
        if size is None:
            raise Stop(f"{what} is {describe(value)}, not one number.")
        if size == 0:
            raise Stop(
                f"{what} is {describe(value)}: it is empty.",
                "Your selection matched no rows: check the spelling of the country and that `year` is "
                "compared with a number.",
            )
        if size == 1 and getattr(value, "size", 1) == 1:
            raise Stop(
                f"{what} is a {type(value).__name__} holding one value, not a plain number.",
                "Take the number out, e.g. with `.item()` or `.iloc[0]`.",
            )
        raise Stop(
            f"{what} is {describe(value)}, not one number.",
            "Select a single row: filter on every column that identifies it (country, year, attribute).",
        )
    if isinstance(value, str):
        raise Stop(f"{what} is {describe(value)}, not a number.", "Return the number itself, not text.")
    if not isinstance(value, numbers.Real):
        raise Stop(f"{what} is {describe(value)}, not a number.")
    try:
        x = float(value)
    except OverflowError:
        raise Stop(
            f"{what} is a whole number with {len(str(abs(int(value))))} digits: far too large for this question.",
            "Check the formula: did you multiply where you meant to divide?",
        ) from None
    except Exception:
        raise Stop(f"{what} is {describe(value)}, which cannot be read as a number.") from None
    if math.isnan(x):
        raise Stop(f"{what} is NaN (not a number).")
    if math.isinf(x):
        raise Stop(f"{what} is infinite.", "You divided by zero: did a selection give 0 articles?")
    return x


def text(value: Any, what: str) -> str:
    """Accept non-empty text; explain anything else."""
    if isinstance(value, (pd.Series, pd.Index, list, tuple)) and _size(value) == 1:
        raise Stop(
            f"{what} is a {type(value).__name__} holding one item, not plain text.",
            "Take the single item out, e.g. with `.item()` or `[0]`.",
        )
    if value is Ellipsis:
        raise Stop(f"{what} is still the placeholder `...`.", "Replace `...` with your answer and run the cell.")
    if value is pd.NA or is_missing(value):
        raise Stop(f"{what} is missing (NaN).")
    if not isinstance(value, str):
        raise Stop(f'{what} is {describe(value)}; the answer should be text, e.g. "Egypt".')
    plain = str.strip(str.__str__(value))  # the text itself, whatever a str subclass overrides
    if not plain:
        raise Stop(f"{what} is an empty text.", "Write the country's name between the quotes.")
    return plain


def count(value: Any, what: str) -> int:
    """Accept a whole number (``3``, ``3.0``, ``np.int64(3)``); explain anything else."""
    x = number(value, what)
    if abs(x) > 1e15:
        raise Stop(f"{what} is {x:.3g}, far too large for a count.", "Check what your code counts.")
    if x != int(x):
        raise Stop(f"{what} is {x}, but a count is a whole number.")
    return int(x)


def close(a: float, b: float, tol: float = PCT_TOL) -> bool:
    return abs(a - b) <= tol


def and_list(items) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [str(x) for x in items]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def listed(value: Any, what: str) -> list:
    """The items of a list-like answer (list, tuple, set, Series, Index, 1-d array) as a list."""
    if type(value).__name__ == "ndarray" and getattr(value, "ndim", 1) != 1:
        raise Stop(
            f"{what} is {describe(value)}; a flat list is expected.",
            "Take the values of one column, e.g. `list(table['column'])`.",
        )
    try:
        return list(value.tolist() if hasattr(value, "tolist") else value)
    except Exception:
        raise Stop(f"{what} is {describe(value)}; a list is expected.") from None


def flat_columns(df: pd.DataFrame) -> pd.DataFrame:
    """*df* with one level of column names: a two-level header such as ``.agg({"x": ["mean"]})`` makes
    becomes ``x_mean`` (or ``x`` where the lower levels are empty, as after ``.reset_index()``)."""
    if not isinstance(df.columns, pd.MultiIndex):
        return df
    df = df.copy()
    df.columns = [c[0] if all(not str(x) for x in c[1:]) else "_".join(map(str, c)) for c in df.columns]
    return df


def as_frame(
    answer: Any, what: str, columns, *, index: str | tuple[str, ...] = (), hint: str | None = None
) -> pd.DataFrame:
    """The learner's table *answer*, which should be a DataFrame with *columns*.

    A Series or any other type stops with a message (*hint* is given for a Series). If one
    of the column names in *index* is a column, the first such is made the index.
    """
    if isinstance(answer, pd.Series):
        raise Stop(f"{what} is a pandas Series; it should be a DataFrame with the columns {and_list(columns)}.", hint)
    if not isinstance(answer, pd.DataFrame):
        raise Stop(f"{what} is {describe(answer)}; it should be a pandas DataFrame.")
    answer = flat_columns(answer)
    for key in (index,) if isinstance(index, str) else index:
        if key in answer.columns:
            return answer.set_index(key)
    return answer


def require_columns(df: pd.DataFrame, columns, hint: str) -> None:
    """Stop, naming the missing ones and the ones there are, unless *df* has all *columns*."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise Stop(
            f"The column(s) {', '.join(missing)} are missing (the table has: "
            f"{', '.join(map(str, df.columns)) or 'no columns'}).",
            hint,
        )


def require_sorted(df: pd.DataFrame, column: str) -> None:
    """Stop unless the rows of *df* are sorted by *column*, largest first."""
    values = as_floats(df[column])
    if not values.is_monotonic_decreasing:
        raise Stop(
            f"The rows are not sorted by {column}, largest first.", f"Use `.sort_values('{column}', ascending=False)`."
        )


def _float_or_nan(value: Any) -> float:
    """One cell as a float; NaN for anything that is not a finite-or-infinite real number (a huge
    integer becomes inf, which the callers reject as they ask)."""
    if isinstance(value, bool) or value is None or value is pd.NA:
        return math.nan
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return math.nan
    try:
        return float(value)
    except OverflowError:
        return math.inf if value > 0 else -math.inf
    except Exception:
        return math.nan


def as_floats(values) -> pd.Series:
    """A column as floats, never raising: NaN for a cell that is not a number, ±inf for an integer too
    large for a float (so a check says "not right" instead of failing)."""
    if isinstance(values, pd.DataFrame):  # df[col] of a two-level header: several columns under one name
        raise Stop(
            f"The column {values.columns[0][0] if isinstance(values.columns, pd.MultiIndex) else ''!s} has "
            "sub-columns (a two-level header).",
            "Give each column one name, e.g. `.agg(name=(column, 'sum'))` instead of `.agg({column: ['sum']})`.",
        )
    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    return pd.Series([_float_or_nan(v) for v in values], index=values.index, dtype=float)


def numbered(index) -> bool:
    """Whether a table's rows are numbered 0, 1, 2, ... (whole-number labels) instead of named."""
    return len(index) > 0 and all(isinstance(x, numbers.Integral) for x in index)


def numeric(
    values: pd.Series,
    missing: str,
    hint: str | None = None,
    *,
    infinite: str | None = None,
    infinite_hint: str | None = None,
) -> pd.Series:
    """The learner's column *values* as floats; stop on the first value that is missing or not a number.

    *missing* is the message, with ``{}`` where the row's label goes. With *infinite* (a message
    of the same form), an infinite value stops too.
    """
    out = as_floats(values)
    if out.isna().any():
        raise Stop(missing.format(out.index[out.isna()][0]), hint)
    if infinite is not None and out.map(math.isinf).any():
        raise Stop(infinite.format(out.index[out.map(math.isinf)][0]), infinite_hint)
    return out
