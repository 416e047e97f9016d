"""Self-checks of exercise set 06, "Stem cells: the science": the form of each answer and its hints.

What is right is only in ``keys/06.json``, as salted hashes (see ``engine.py``). The forms below are
this set's own: an ordered list of names (6.3), a Series indexed by years (6.5), a Series sorted
largest first and right to a relative tolerance (6.6), an ISO3 code that may be given as a country's
name (6.7), and the rows of a filtered table labelled by their text (6.8).

The hints name the set's parameters as ``{FIRST_YEAR}``, ``{POP_YEAR}``, ``{FROM_YEAR}`` and so on: the
key file fills them in (a class variant asks about other years, a region and another window). Which
years 6.5 asks for is only in the key (the labels of the right answer), so a form never states it.
A class variant's 6.1 asks True or False instead of a level, and its 6.3 for the stages after one the
treatment has completed (the key file's parameters ``CAN_FORM`` and ``DONE_STAGE``, which its question
states): the forms of these two read them from there.
"""

import math
import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .engine import Data, function, keys_for, multiple_choice, value
from .forms import Choice, Form, Mapping, Number, Table, Values, normal_text
from .toolkit import Stop, as_floats, describe, flat_columns, is_missing, numbered, text


def _asked(name: str) -> str:
    """A parameter of the key file (a class variant's), or "" if it has none (the public edition)."""
    return str((keys_for("06") or {}).get("params", {}).get(name) or "")


# =====================================================================================
# 6.1 potency: the dictionary of the question, its keys read as the grader reads them
# =====================================================================================
_KEY_ALIASES = {
    "es cell": "embryonic stem cell",
    "esc": "embryonic stem cell",
    "ips cell": "induced pluripotent stem cell",
    "ipsc": "induced pluripotent stem cell",
    "hsc": "haematopoietic stem cell",
    "msc": "mesenchymal stromal cell",
    "mesenchymal stem cell": "mesenchymal stromal cell",
    "fertilised egg": "zygote",
    "fertilized egg": "zygote",
}


def cell_type_name(key) -> str:
    """A cell type as the question names it: case, hyphens, a plural and US spelling do not matter."""
    k = " ".join(str(key).strip().lower().replace("-", " ").replace("_", " ").split())
    k = k.replace("hematopoietic", "haematopoietic")
    if k.endswith("cells"):
        k = k[:-1]
    return _KEY_ALIASES.get(k, k)


@dataclass
class _CellTypes(Mapping):
    """The question's dictionary, whose keys may also be written with the usual synonyms of a cell type."""

    def take(self, answer, what):
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if isinstance(answer, dict):
            answer = {cell_type_name(k): v for k, v in answer.items()}
        return super().take(answer, what)


@dataclass
class _Potency(Choice):
    """One of the three levels; in a class variant that asks whether a cell type can give rise to
    something (the key file's ``CAN_FORM``), True or False instead."""

    def take(self, answer, what):
        asked = _asked("CAN_FORM")
        if not asked:
            return super().take(answer, what)
        if answer is None or answer is Ellipsis or (not isinstance(answer, str) and is_missing(answer)):
            raise Stop(f"{what} is still empty.", "Write True or False.")
        if isinstance(answer, str):
            if normal_text(answer) in {normal_text(o) for o in self.options}:
                raise Stop(
                    f"{what} is a level of potency, {answer!r}.",
                    f"This question asks whether each cell type can give rise to {asked}: write True or False.",
                )
            raise Stop(f"{what} is the text {answer!r}.", "Write True or False without quotes.")
        if not isinstance(answer, (bool, np.bool_)):
            raise Stop(f"{what} is {describe(answer)}; it should be True or False.")
        return bool(answer)

    def cell(self, value, exact):
        return [f"b{int(value)}"] if isinstance(value, bool) else super().cell(value, exact)


# =====================================================================================
# 6.3 an ordered list of the question's names
# =====================================================================================
@dataclass
class _Order(Form):
    """The question's *names*, each once, in an order: one item per position ("1", "2", ...)."""

    names: tuple = ()
    noun: str = "stage"
    #: the key-file parameter that names a completed item in a class variant ("" for none)
    after: str = ""
    labelled = True

    def take(self, answer, what):
        n = len(self.names)
        if isinstance(answer, str):
            raise Stop(
                f"{what} is one piece of text; it should be a list of the {n} {self.noun}s.",
                f'Write a list: ["first {self.noun}", "second {self.noun}", ...], using the {self.noun} names given.',
            )
        if isinstance(answer, (set, frozenset, dict)):
            raise Stop(
                f"{what} is a {type(answer).__name__}, which has no order.",
                "Use a list, in square brackets, so that the order is kept.",
            )
        if not isinstance(answer, (list, tuple, pd.Series)):
            raise Stop(f"{what} is {describe(answer)}; it should be a list of the {n} {self.noun}s.")
        items = [str(x).strip().lower() for x in list(answer)]
        unknown = [x for x in items if x not in self.names]
        if unknown:
            raise Stop(
                f"{unknown[0]!r} is not one of the {n} {self.noun} names.",
                f"Copy the {self.noun} names from the list `{self.noun}s`; only change their order.",
            )
        if len(items) != len(set(items)):
            dup = next(x for x in items if items.count(x) > 1)
            raise Stop(f"{dup!r} appears more than once.", f"Use each {self.noun} exactly once.")
        done = _asked(self.after) if self.after else ""
        if done:  # a class variant asks for the stages after the one completed: some of them, in order
            if not items:
                raise Stop(f"{what} is an empty list.", f"List the {self.noun}s that come after {done!r}, in order.")
            if done in items:
                raise Stop(
                    f"{what} includes {done!r}, which the question says is completed.",
                    f"List only the {self.noun}s that come after it.",
                )
            return items
        if len(items) != n:
            left = [s for s in self.names if s not in items]
            raise Stop(
                f"The list has {len(items)} {self.noun}s; {left[0]!r} is missing.",
                f"Put all {n} {self.noun}s in order.",
            )
        return items

    def items(self, value, exact=False):
        return {str(i): [f"s{name}"] for i, name in enumerate(value, start=1)}


# =====================================================================================
# 6.5 a Series indexed by consecutive years, with whole numbers
# =====================================================================================
#: The hint for years left out (the span is the key's: its parameters fill it in).
_ALL_YEARS = (
    "Every year from {FIRST_YEAR} to {LAST_YEAR} should be there, with 0 where no trial was listed: "
    "`.reindex(range({FIRST_YEAR}, {LAST_YEAR} + 1), fill_value=0)`."
)


def listings_series(answer, what: str) -> pd.Series:
    """A function's result that should be a Series of listings by year: a one-column DataFrame or a dict
    is taken as one; anything else stops with a message. (The grader of 06.5 reads results the same way.)"""
    if isinstance(answer, pd.DataFrame):
        if answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        elif "year" in answer.columns and "trials" in answer.columns:
            raise Stop(
                f"{what} returned a DataFrame with `year` and `trials` columns.",
                "Return a Series: the years as the index and the summed listings as the values, e.g. "
                "`...groupby('year')['trials'].sum()`.",
            )
        else:
            raise Stop(
                f"{what} returned a DataFrame with {answer.shape[1]} columns; it should return a Series.",
                "Select the `trials` column before summing: `...groupby('year')['trials'].sum()`.",
            )
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if not isinstance(answer, pd.Series):
        raise Stop(f"{what} returned {describe(answer)}; it should return a pandas Series indexed by year.")
    return answer


@dataclass
class _PerYear(Form):
    """A Series with one whole number per year (the index), the years consecutive; which years are
    right is the key's (its labels), so a year too many or too few is found there."""

    labelled = True
    messages = {"unknown": "The year {} should not be there.", "missing": "Some years are missing."}

    def take(self, answer, what):
        if answer is None:
            raise Stop(
                f"{what} returned None.",
                "Did you forget `return`? In the exercise, replace `pass` under `# YOUR CODE HERE` with your code.",
            )
        answer = listings_series(answer, what)
        if len(answer) == 0:
            raise Stop(f"{what} returned an empty Series.", _ALL_YEARS)
        try:
            years = [int(i) for i in answer.index]
        except (TypeError, ValueError):
            raise Stop(
                f"The index of the Series from {what} is not years.",
                "Group by the `year` column so that the years become the index.",
            ) from None
        if len(set(years)) != len(years):
            raise Stop(
                f"{what} returns some years more than once.",
                "Sum within each year: `groupby('year')['trials'].sum()` gives one value per year.",
            )
        gaps = [y for y in range(min(years), max(years) + 1) if y not in set(years)]
        if gaps:
            raise Stop(f"{what} leaves out {len(gaps)} year(s), e.g. {gaps[0]}.", _ALL_YEARS)
        values = dict(zip(years, as_floats(pd.Series(answer.to_numpy()))))
        out = {}
        for y in sorted(years):
            v = values[y]
            if math.isnan(v):
                raise Stop(
                    f"The value for {y} is missing (NaN).", "Fill years without listings with 0 (`fill_value=0`)."
                )
            if math.isinf(v) or v != int(v):
                raise Stop(f"The value for {y} is {v:g}, but a number of listings is a whole number.")
            out[str(y)] = int(v)
        return out

    def items(self, value, exact=False):
        return {y: [f"i{v}"] for y, v in value.items()}


# =====================================================================================
# 6.6 a Series indexed by ISO3 code, sorted largest first, right to a relative tolerance
# =====================================================================================
@dataclass
class _SortedByCode(Values):
    """A Series of numbers indexed by ISO3 code, sorted largest first (missing values are left out, as
    the question keeps only the countries that have one); a DataFrame with the column *column* is read
    as that column."""

    value: Form = field(default_factory=lambda: Number(rel=1e-3))
    index: str = "iso3"
    column: str = "per_million"

    def take(self, answer, what):
        if isinstance(answer, pd.DataFrame):
            if self.column not in answer.columns:
                raise Stop(
                    f"{what} is a DataFrame; it should be a Series of listings per million people.",
                    "Make a Series indexed by iso3, e.g. `totals / population * 1e6`.",
                )
            frame = answer.set_index("iso3") if "iso3" in answer.columns else answer
            answer = frame[self.column]
        if not isinstance(answer, pd.Series):
            raise Stop(f"{what} is {describe(answer)}; it should be a pandas Series indexed by iso3 code.")
        got = pd.Series(as_floats(answer).to_numpy(), index=[str(i) for i in answer.index])
        if numbered(answer.index):
            raise Stop(
                "The values are numbered 0, 1, 2, ... instead of labelled by iso3 code.",
                "Keep the `iso3` codes as the index: group the trials by `iso3`.",
            )
        not_codes = [lab for lab in got.index if not re.fullmatch(r"[A-Z]{3}", lab)]
        if len(not_codes) > len(got) / 2:
            raise Stop(
                "The Series is not indexed by ISO3 codes (it looks like country names).",
                "Index it by the `iso3` code: group the trials by `iso3`, which is also the key of the "
                "population table.",
            )
        got = got.dropna()
        if got.index.has_duplicates:
            raise Stop("Some countries appear more than once.", "Sum each country's listings over all years first.")
        if not got.is_monotonic_decreasing:
            raise Stop("The Series is not sorted, largest first.", "Use `.sort_values(ascending=False)`.")
        return {lab: self.value.take(v, f"The value for {lab!r}") for lab, v in got.items()}


# =====================================================================================
# 6.7 one ISO3 code (a country's name as the trials table writes it is read as its code)
# =====================================================================================
@dataclass
class _Code(Form):
    """An ISO3 code as text, in any case; the name of a country as the table *names* (a course table
    with the columns `country` and `iso3`) writes it is read as its code. The names are read from the
    course's data when an answer is checked: the form holds none of them."""

    names: str = "stem_cell_trials"
    example: str = "EGY"

    def take(self, answer, what):
        given = text(answer, what)
        if not re.fullmatch(r"[A-Za-z]{3}", given):
            from coursekit.data import load

            table = load(self.names)
            by_name = {str(n).casefold(): str(c) for n, c in zip(table["country"], table["iso3"])}
            if given.casefold() in by_name:
                return by_name[given.casefold()]
            raise Stop(
                f"{given!r} is not an ISO3 code.",
                f'Give the ISO3 code, e.g. "{self.example}", of the OIC member you found.',
            )
        return given.upper()

    def cell(self, value, exact):
        return [f"t{value}"]


def _as_year(value) -> float:
    """A year cell as a float (NaN if it is missing, not a number, or not a finite whole number)."""
    if isinstance(value, bool) or value is None or value is pd.NA:
        return math.nan
    try:
        y = float(value)
    except Exception:
        return math.nan
    return y if math.isfinite(y) and y == int(y) else math.nan


# =====================================================================================
# 6.8 the rows of a filtered table, each labelled by its text
# =====================================================================================
@dataclass
class _EventRows(Table):
    """Rows of the events table with the columns year, event and citation, sorted by year; one item
    per row, labelled by its `event` text (as in the table), whose content is its citation. (The
    rows are numbered, as a filtered copy of `events` is: the text of each row is its label.)"""

    index: str = "event"

    def take(self, answer, what):
        if not isinstance(answer, pd.DataFrame):
            raise Stop(f"{what} is {describe(answer)}; it should be a DataFrame (a filtered copy of `events`).")
        answer = flat_columns(answer)
        missing = [c for c in ("year", "event", "citation") if c not in answer.columns]
        if missing:
            raise Stop(
                f"The column(s) {', '.join(missing)} are missing.",
                "Keep the columns year, event and citation: `[['year', 'event', 'citation']]`.",
            )
        if len(answer) == 0:
            raise Stop(f"{what} has no rows.", "Check the filters that select the rows.")
        events = [str(x) for x in answer["event"]]
        if len(set(events)) != len(events):
            raise Stop("Some events appear twice.", "Keep each row of `events` once.")
        years = [_as_year(y) for y in answer["year"]]
        bad = next((e for e, y in zip(events, years) if math.isnan(y)), None)
        if bad is not None:
            raise Stop(
                f"The year of the row {bad[:60]!r}... is missing or not a number.",
                "Keep the `year` column of `events` as it is.",
            )
        if years != sorted(years):
            raise Stop("The rows are not in year order.", "Sort them: `.sort_values('year')`.")
        return {e: (int(y), str(c)) for e, y, c in zip(events, years, answer["citation"])}

    def items(self, value, exact=False):
        return {e: [f"y{y}|c{c}"] for e, (y, c) in value.items()}


# =====================================================================================
# the questions
# =====================================================================================
_LEVELS = ("totipotent", "pluripotent", "multipotent")

value(
    "06.1",
    "potency",
    _CellTypes(
        (
            "zygote",
            "embryonic stem cell",
            "induced pluripotent stem cell",
            "haematopoietic stem cell",
            "mesenchymal stromal cell",
        ),
        _Potency(_LEVELS),
    ),
    hint="Compare each cell type with the three definitions in the question: embryo and placenta, every cell "
    "type of the body, or the cells of one tissue.",
    praise="Every cell type has the right level of potency.",
)

value(
    "06.3",
    "pipeline",
    _Order(
        (
            "phase 2 trial",
            "regulatory review and approval",
            "basic (discovery) research",
            "phase 1 trial",
            "preclinical (laboratory and animal) studies",
            "phase 3 trial",
        ),  # the question's (wrong) order
        after="DONE_STAGE",
    ),
    hint="Ask what has to be known before each stage can start.",
    praise="The stages are in the order a new treatment goes through them.",
)

multiple_choice("06.4", hint="Ask what a registry checks before it lists a study.")

#: A KeyError gets a hint about *this* set's tables.
_HINTS = {
    "KeyError": "A column or label was not found. Check the spelling: the trials table has the columns "
    "country, iso3, year and trials."
}

function(
    "06.5",
    "listings_by_year",
    _PerYear(),
    [
        (Data("stem_cell_trials"), None),
        (Data("stem_cell_trials"), ["IRN"]),
        (Data("stem_cell_trials"), ["EGY", "JOR"]),
        (Data("stem_cell_trials"), Data("oic_members", "iso3")),
    ],
    hints=_HINTS,
    hint="Keep the rows whose iso3 code is in `iso3` (all rows if it is None), then add up `trials` by year.",
    extra_hint="Keep only the years from {FIRST_YEAR} to {LAST_YEAR}.",
    missing_hint=_ALL_YEARS,
    praise="It returns one number per year, {FIRST_YEAR}–{LAST_YEAR}, with 0 for years without listings; the "
    "sums are right for all countries, for the OIC members and for single countries.",
)

value(
    "06.6",
    "per_million",
    _SortedByCode(),
    hint="Add up each country's listings over all years, divide by its {POP_YEAR} population and multiply by "
    "1,000,000.",
    extra_hint="Keep only countries that have listings and a population value.",
    missing_hint="Take the population of {POP_YEAR} (indicator SP.POP.TOTL) for every country in the trials table.",
    praise="Every value is right, and it is sorted, largest first.",
)

value(
    "06.7",
    "top_oic_per_million",
    _Code(),
    hint="Filter `per_million` to {MEMBERS} and take `.idxmax()`.",
    praise="It is the OIC member{IN_REGION} with the most MSC trial listings per million people.",
)

value(
    "06.8",
    "science_events",
    _EventRows(),
    hint='Filter whole rows of `events` (category "science", years {FROM_YEAR} to {TO_YEAR}) and sort them by '
    "year; do not edit the text of the rows or sort one column alone.",
    extra_hint='Keep only the rows of `events` whose category is "science" and whose year is from {FROM_YEAR} to '
    "{TO_YEAR}, both included: `.between({FROM_YEAR}, {TO_YEAR})`; do not edit the text of the rows.",
    missing_hint="Both ends are included: use `>=` and `<=` (or `.between`); every science event of {FROM_YEAR} "
    "to {TO_YEAR} belongs in the table.",
    praise="It has exactly the science events of {FROM_YEAR}–{TO_YEAR}, in year order, each with its citation key.",
)
