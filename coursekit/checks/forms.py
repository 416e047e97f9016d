"""The forms an answer can take, and how each is put in canonical form for hashing.

A self-check never holds the right answer. It holds what the question already says (the answer's
*form*: a percentage, a whole number, one letter, a table with named columns) and, in a key file,
salted hashes of the canonical right answer and of typical mistakes (see ``coursekit.checks``).

Each form does two things:

``take(answer, what)``
    Accept the learner's answer if it has the form, or raise :class:`~.toolkit.Stop` with a
    friendly message saying what is wrong with its form (a type, a shape, a missing column, NaN).
``items(value, exact=False)``
    Cut an accepted answer into *items*: ``{label: [candidates]}``. A scalar answer is one item
    with the label ``""``; a table has one item per row, labelled by the row; a mapping one per
    key; a list of codes one per code. Each candidate is a canonical string. With ``exact=True``
    (the instructor's side, writing keys) there is one candidate per item; on the learner's side
    a number inside the check's tolerance yields its neighbours on the tolerance grid, so that an
    answer within the tolerance matches the stored hash whichever way it was rounded.

Numbers: with tolerance ``tol`` the grid step is ``tol / 2``; the key stores the step index of
the right value and the learner's side tries the indices within two steps of its own. An answer
within ``tol`` of the right value therefore always matches, and one more than ``1.5 * tol`` away
never does.
"""

from __future__ import annotations

import itertools
import math
import numbers
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .toolkit import Stop, and_list, describe, flat_columns, is_missing, number, numbered, text

__all__ = ["Form", "Number", "Count", "Letter", "Choice", "Text", "Codes", "Mapping", "Table", "Values", "normal_text"]

#: At most this many neighbour combinations are tried for one row (numeric cells multiply them).
_MAX_COMBINATIONS = 625


def normal_text(value: str) -> str:
    """Text as compared: Unicode NFKC, case-folded, curly quotes and dashes straightened, spaces collapsed."""
    value = unicodedata.normalize("NFKC", str(value))
    for a, b in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"), ("_", " ")):
        value = value.replace(a, b)
    return " ".join(value.casefold().split())


class Form:
    """Base class: a scalar form has one item, labelled ``""``."""

    #: True for forms whose items carry their own labels (tables, mappings, lists of codes).
    labelled = False
    #: A labelled form's own messages, if the engine's for its kind do not fit: {"unknown": "The year
    #: {!r} should not be there.", "missing": "Some years are missing.", "wrong": "... {!r} ..."}.
    messages: dict = {}

    def take(self, answer: Any, what: str) -> Any:
        raise NotImplementedError

    def cell(self, value: Any, exact: bool) -> list[str]:
        """Canonical candidates of one accepted scalar value."""
        raise NotImplementedError

    def items(self, value: Any, exact: bool = False) -> dict[str, list[str]]:
        return {"": self.cell(value, exact)}


# =====================================================================================
# scalar forms
# =====================================================================================
@dataclass
class Number(Form):
    """A real number, right to within *tol*. *low*/*high* bound what the question allows
    (e.g. a percentage lies between 0 and 100; *range_hint* is the hint for a number outside);
    *unit* names it in messages. With *rel*, the tolerance is relative instead: a fraction of the
    value (the grid is then on the logarithm of the number; the sign must be right)."""

    tol: float = 0.05
    low: float | None = None
    high: float | None = None
    unit: str = ""
    range_hint: str | None = None
    rel: float | None = None

    def take(self, answer: Any, what: str) -> float:
        x = number(answer, what)
        if self.low is not None and x < self.low - 1e-9 or self.high is not None and x > self.high + 1e-9:
            lo = "" if self.low is None else f"{self.low:g}"
            hi = "" if self.high is None else f"{self.high:g}"
            span = f"between {lo} and {hi}" if lo and hi else (f"at least {lo}" if lo else f"at most {hi}")
            raise Stop(f"{what} is {x:.4g}, but {self.unit or 'the answer'} lies {span}.", self.range_hint)
        return x

    def cell(self, value: float, exact: bool) -> list[str]:
        value = float(value)
        if self.rel:
            if value == 0:
                return ["r0"]
            k = round(math.log(abs(value)) / math.log1p(self.rel / 2))
            sign = "-" if value < 0 else "+"
            return [f"r{sign}{k}"] if exact else [f"r{sign}{k + d}" for d in (0, -1, 1, -2, 2)]
        step = value / (self.tol / 2)
        if not math.isfinite(step):  # a finite number too large for the grid (1e308): no answer is that
            return ["n+huge" if value > 0 else "n-huge"]
        k = round(step)
        return [f"n{k}"] if exact else [f"n{k + d}" for d in (0, -1, 1, -2, 2)]


@dataclass
class Count(Form):
    """A whole number (``3``, ``3.0`` and ``np.int64(3)`` are all 3); *noun* says what it counts."""

    noun: str = "a count"

    def take(self, answer: Any, what: str) -> int:
        x = number(answer, what)
        if abs(x) > 1e15:
            raise Stop(f"{what} is {x:.3g}, far too large for {self.noun}.", "Check what your code counts.")
        if x != int(x):
            raise Stop(f"{what} is {x:g}, but {self.noun} is a whole number.")
        return int(x)

    def cell(self, value: int, exact: bool) -> list[str]:
        return [f"i{int(value)}"]


@dataclass
class Letter(Form):
    """One option of a multiple-choice question: ``"b"``, ``"B"``, ``"(b)"`` and ``" b. "`` are all b."""

    options: str = "abcd"

    def take(self, answer: Any, what: str) -> str:
        letter = text(answer, what).lower().strip("()[]. ")
        if letter not in self.options:
            raise Stop(f"{answer!r} is not one of the options.", 'Answer with one letter in quotes, e.g. "a".')
        return letter

    def cell(self, value: str, exact: bool) -> list[str]:
        return [f"l{value}"]


@dataclass
class Choice(Form):
    """One of a few words the question lists (e.g. "law", "non-binding guidance"); *synonyms*
    maps other spellings a learner may use to one of them."""

    options: tuple[str, ...] = ()
    synonyms: dict[str, str] = field(default_factory=dict)

    def take(self, answer: Any, what: str) -> str:
        if answer is None or answer is Ellipsis or is_missing(answer):
            raise Stop(
                f"{what} is still empty.", f"Write {and_list(repr(o) for o in self.options)}.".replace(" and ", " or ")
            )
        if not isinstance(answer, str):
            raise Stop(f"{what} is {describe(answer)}; it should be text.")
        words = normal_text(answer)
        known = {normal_text(o): o for o in self.options}
        known.update({normal_text(k): v for k, v in self.synonyms.items()})
        if words not in known:
            raise Stop(
                f"{answer!r} ({what[0].lower() + what[1:]}) is not one of the options.",
                "Use exactly " + ", ".join(repr(o) for o in self.options[:-1]) + f" or {self.options[-1]!r}.",
            )
        return known[words]

    def cell(self, value: str, exact: bool) -> list[str]:
        return [f"c{normal_text(value)}"]


@dataclass
class Text(Form):
    """Free text compared after :func:`normal_text` (case, spaces, quotes and dashes do not matter)."""

    def take(self, answer: Any, what: str) -> str:
        return text(answer, what)

    def cell(self, value: str, exact: bool) -> list[str]:
        return [f"t{normal_text(value)}"]


# =====================================================================================
# labelled forms: one item per code, key or row
# =====================================================================================
def _label(value: Any) -> str:
    if isinstance(value, numbers.Integral):
        return str(int(value))
    return " ".join(str(value).split())


@dataclass
class Codes(Form):
    """A collection of codes (list, tuple, set, Index, Series or array of text), order ignored."""

    example: str = '["AFG", "BGD"]'
    upper: bool = True
    labelled = True

    def take(self, answer: Any, what: str) -> list[str]:
        if answer is None:
            raise Stop(f"{what} is None.", f"Assign your list of codes to the name, e.g. `... = {self.example}`.")
        if isinstance(answer, str):
            raise Stop(
                f"{what} is {describe(answer)}, a single text.",
                f"Give a list of codes, e.g. {self.example} (or a pandas Index or Series).",
            )
        if isinstance(answer, pd.DataFrame):
            raise Stop(
                f"{what} is {describe(answer)}; it should be a list of codes.",
                "Take one column, e.g. `list(table['iso3'])`, or use `.index` if the codes are the index.",
            )
        if isinstance(answer, dict):
            raise Stop(
                f"{what} is a dict; it should be a list of codes.", "Use `list(my_dict)` if the codes are the keys."
            )
        if not isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
            raise Stop(f"{what} is {describe(answer)}; it should be a list of codes.")
        items = list(np.ravel(answer)) if isinstance(answer, np.ndarray) else list(answer)
        bad = [x for x in items if not isinstance(x, str)]
        if bad:
            raise Stop(
                f"{what} contains {describe(bad[0])}; every item should be a code as text.",
                "If you collected row numbers or names, look the codes up in the table's code column.",
            )
        codes = [x.strip().upper() if self.upper else x.strip() for x in items]
        if len(set(codes)) != len(codes):
            dup = next(c for c in codes if codes.count(c) > 1)
            raise Stop(f"{what} lists {dup!r} more than once.", "List each code once, e.g. with `sorted(set(...))`.")
        return codes

    def items(self, value: list[str], exact: bool = False) -> dict[str, list[str]]:
        return {code: ["in"] for code in value}


@dataclass
class Mapping(Form):
    """A dictionary (or Series) with the keys the question lists; each value has the form *value*."""

    keys: tuple[str, ...] = ()
    value: Form = field(default_factory=Text)
    noun: str = "dictionary"
    labelled = True

    def take(self, answer: Any, what: str) -> dict[str, Any]:
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if not isinstance(answer, dict):
            raise Stop(
                f"{what} is {describe(answer)}; it should be the {self.noun} from the question.",
                "Keep the dictionary and replace each `...` with your answer.",
            )
        given = {normal_text(k): v for k, v in answer.items()}
        wanted = {normal_text(k): k for k in self.keys}
        missing = [k for n, k in wanted.items() if n not in given]
        if missing:
            raise Stop(f"There is no entry for {missing[0]!r}.", "Keep the keys exactly as in the question.")
        extra = [k for k in answer if normal_text(k) not in wanted]
        if extra:
            raise Stop(
                f"There is an entry the question did not ask for: {extra[0]!r}.",
                f"Keep only the {len(self.keys)} keys of the question.",
            )
        return {k: self.value.take(given[n], f"The value for {k!r}") for n, k in wanted.items()}

    def items(self, value: dict[str, Any], exact: bool = False) -> dict[str, list[str]]:
        return {_label(k): self.value.cell(v, exact) for k, v in value.items()}


@dataclass
class Values(Form):
    """One value per label: a Series, or a dict, labelled by e.g. country (*index* names the labels)."""

    value: Form = field(default_factory=lambda: Number())
    index: str = "label"
    labelled = True

    def take(self, answer: Any, what: str) -> dict[str, Any]:
        if isinstance(answer, dict):
            answer = pd.Series(answer, dtype=object)
        if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        if not isinstance(answer, pd.Series):
            raise Stop(f"{what} is {describe(answer)}; it should be a pandas Series with one value per {self.index}.")
        if numbered(answer.index):
            raise Stop(
                f"The values are numbered 0, 1, 2, ... instead of labelled by {self.index}.",
                f"Make the {self.index} the index, e.g. `.set_index('{self.index}')[...]`.",
            )
        labels = [_label(x) for x in answer.index]
        if len(set(labels)) != len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            raise Stop(f"The {self.index} {dup!r} appears more than once.", f"Keep one value per {self.index}.")
        return {lab: self.value.take(v, f"The value for {lab!r}") for lab, v in zip(labels, answer.to_list())}

    def items(self, value: dict[str, Any], exact: bool = False) -> dict[str, list[str]]:
        return {k: self.value.cell(v, exact) for k, v in value.items()}


@dataclass
class Table(Form):
    """A DataFrame with one row per *index* label (the index, or a column of that name) and the
    *columns* the question names, each cell of the given form. With *sorted_by*, the rows must be
    sorted by that column, largest first (or smallest first with ``ascending=True``)."""

    columns: dict[str, Form] = field(default_factory=dict)
    index: str = "label"
    sorted_by: str | None = None
    ascending: bool = False
    labelled = True

    def take(self, answer: Any, what: str) -> dict[str, tuple]:
        cols = list(self.columns)
        if isinstance(answer, pd.Series):
            raise Stop(
                f"{what} is a pandas Series; it should be a DataFrame with the columns {and_list(cols)}.",
                "Keep every column the question asks for, e.g. `table[[...]]` with a list of names.",
            )
        if not isinstance(answer, pd.DataFrame):
            raise Stop(f"{what} is {describe(answer)}; it should be a pandas DataFrame.")
        df = flat_columns(answer)
        if self.index in df.columns:
            df = df.set_index(self.index)
        missing = [c for c in cols if c not in df.columns]
        if missing:
            raise Stop(
                f"The column(s) {', '.join(missing)} are missing (the table has: "
                f"{', '.join(map(str, df.columns)) or 'no columns'}).",
                f"Give the table the columns {and_list(cols)}, with the {self.index} as the index.",
            )
        if len(df) == 0:
            raise Stop(f"{what} has no rows.", "Check the filters that select the rows.")
        if numbered(df.index):
            raise Stop(
                f"The rows are numbered 0, 1, 2, ... instead of labelled by {self.index}.",
                f"Make the {self.index} the index, e.g. `.set_index('{self.index}')`.",
            )
        labels = [_label(x) for x in df.index]
        if len(set(labels)) != len(labels):
            dup = next(x for x in labels if labels.count(x) > 1)
            raise Stop(f"The row {dup!r} appears more than once.", f"Keep one row per {self.index}.")
        rows = {}
        for lab, (_, row) in zip(labels, df[cols].iterrows()):
            rows[lab] = tuple(form.take(row[c], f"The {c} for {lab!r}") for c, form in self.columns.items())
        if self.sorted_by is not None:
            k = cols.index(self.sorted_by)
            values = [r[k] for r in rows.values()]
            if values != sorted(values, reverse=not self.ascending):
                order = "smallest" if self.ascending else "largest"
                raise Stop(
                    f"The rows are not sorted by {self.sorted_by}, {order} first.",
                    f"Use `.sort_values('{self.sorted_by}'{', ascending=False' if not self.ascending else ''})`.",
                )
        return rows

    def items(self, value: dict[str, tuple], exact: bool = False) -> dict[str, list[str]]:
        out = {}
        for lab, row in value.items():
            cells = [form.cell(v, exact) for form, v in zip(self.columns.values(), row)]
            combos = itertools.islice(itertools.product(*cells), _MAX_COMBINATIONS)
            out[lab] = ["|".join(c) for c in combos]
        return out
