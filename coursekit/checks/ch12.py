"""Self-checks of exercise set 12, "Evaluating claims": the form of each answer and its hints.

What is right is only in ``keys/12.json``, as salted hashes (see ``engine.py``).
"""

from __future__ import annotations

import itertools
import numbers
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from .engine import Data, function, multiple_choice, value
from .forms import Choice, Count, Form, Number
from .toolkit import Stop, as_floats, describe, number

GERD = "GB.XPD.RSDV.GD.ZS"  # named in the questions: R&D expenditure, % of GDP
VALUE_TOL = 5e-4  # data values and differences: learners may round to 3 decimals


# =====================================================================================
# forms of this set
# =====================================================================================
@dataclass
class _Figures(Form):
    """12.2: a DataFrame with one row per figure of `usr` (a country and a year) and the columns the
    question names; the numbers `published`, `wdi` and `difference` are compared to within *tol*."""

    tol: float = VALUE_TOL
    needed: tuple[str, ...] = ("iso3", "year", "published", "wdi", "difference")
    compared: tuple[str, ...] = ("published", "wdi", "difference")
    labelled = True

    def take(self, answer: Any, what: str) -> dict[str, tuple[float, ...]]:
        if isinstance(answer, pd.Series):
            raise Stop(
                f"{what} is a pandas Series; it should be a DataFrame with the columns {', '.join(self.needed)}.",
                "Start from `usr` and merge the World Bank values onto it.",
            )
        if not isinstance(answer, pd.DataFrame):
            raise Stop(
                f"{what} is {describe(answer)}; it should be a pandas DataFrame.",
                "Start from `usr` and merge the World Bank values onto it.",
            )
        df = answer
        if "iso3" not in df.columns and "iso3" in (df.index.names or []):
            df = df.reset_index()
        missing = [c for c in self.needed if c not in df.columns]
        if missing:
            hint = "Keep the columns of `usr` and add `wdi` and `difference`."
            if "wdi" in missing and "value" in df.columns:
                hint = "Rename the World Bank column `value` to `wdi`, e.g. `.rename(columns={'value': 'wdi'})`."
            raise Stop(f"The column(s) {', '.join(missing)} are missing.", hint)
        if "indicator" in df.columns and df["indicator"].nunique() > 1:
            raise Stop(
                f"{what} has rows of more than one indicator.",
                f"Keep only the rows of `rd` whose indicator is {GERD!r} (R&D, % of GDP) before merging.",
            )
        if len(df) == 0:
            raise Stop(
                f"{what} has no rows.",
                "Use a merge that keeps every row of `usr` (`how='left'`), on both iso3 and year.",
            )
        try:
            labels = [f"{str(i)} {int(y)}" for i, y in zip(df["iso3"], df["year"])]
        except (TypeError, ValueError, OverflowError):
            raise Stop("Some iso3 or year values are missing or not whole numbers.") from None
        if len(set(labels)) != len(labels):
            raise Stop(
                "A country and year appear more than once.",
                f"Keep only the rows of `rd` whose indicator is {GERD!r} (R&D, % of GDP), then merge on both "
                "`iso3` and `year`.",
            )
        columns = {c: as_floats(df[c]).to_numpy() for c in self.compared}
        rows = {}
        for k, lab in enumerate(labels):
            for c in self.compared:
                if np.isnan(columns[c][k]):
                    iso3, year = lab.split(" ")
                    raise Stop(
                        f"The {c} value for {iso3} in {year} is missing (NaN).",
                        "The merge found no World Bank value: merge on both iso3 and year, and check that you "
                        f"kept the {GERD!r} rows of `rd`.",
                    )
            rows[lab] = tuple(number(columns[c][k], f"The {c} for {lab}") for c in self.compared)
        return rows

    def items(self, value: dict[str, tuple[float, ...]], exact: bool = False) -> dict[str, list[str]]:
        cell = Number(tol=self.tol).cell
        return {
            lab: ["|".join(c) for c in itertools.product(*(cell(v, exact) for v in row))] for lab, row in value.items()
        }


@dataclass
class _Year(Form):
    """12.3: a year. Any real number is taken (a value returned instead of a year is a typical mistake);
    a whole number is canonical as itself, so 2021, 2021.0 and np.int64(2021) are the same."""

    def take(self, answer: Any, what: str) -> float:
        return number(answer, what)

    def cell(self, value: float, exact: bool) -> list[str]:
        x = float(value)
        return [f"i{int(x)}"] if x == int(x) else [f"r{x:.9f}"]


@dataclass
class _Years(Form):
    """12.6: a collection of years (list, tuple, set, Index, array, a Series of years or a True/False
    Series indexed by year); order and repeats do not matter."""

    example: str = "[2015, 2016, 2017]"
    labelled = True
    # {} is the year; {{COUNTRY}} and {{ATTRIBUTE_TEXT}} become the variant's parameters (engine.say)
    messages = {
        "unknown": "In {}, {{COUNTRY}} did not have the most {{ATTRIBUTE_TEXT}} among the OIC members in the table.",
        "missing": "Some years are missing.",
    }

    def take(self, answer: Any, what: str) -> list[int]:
        if isinstance(answer, (str, bytes)) or isinstance(answer, numbers.Number):
            raise Stop(f"{what} is {describe(answer)}; it should be a list of years.", f"For example {self.example}.")
        if isinstance(answer, pd.DataFrame):
            raise Stop(
                f"{what} is a DataFrame; it should be a list of years.",
                "Take the years (the index) where the leader is {COUNTRY}: `list(leader.index[...])`.",
            )
        if isinstance(answer, pd.Series):
            if answer.dtype == bool:
                items = list(answer.index[answer.to_numpy()])
            elif len(answer) and all(isinstance(x, str) for x in answer):
                raise Stop(f"{what} is a Series of country names.", "The years are its index: `list(s.index)`.")
            else:
                items = list(answer)
        elif isinstance(answer, (pd.Index, np.ndarray, list, tuple, set, frozenset, range)):
            items = list(np.ravel(answer)) if isinstance(answer, np.ndarray) else list(answer)
        else:
            raise Stop(f"{what} is {describe(answer)}; it should be a list of years.")
        if any(isinstance(x, str) for x in items):
            raise Stop(
                f"{what} holds text, e.g. country names or '2015'.",
                "It should hold the years as numbers, e.g. [2015, 2016].",
            )
        years = sorted({Count(noun="a year").take(x, f"Each year in {what}") for x in items})
        if not years:
            raise Stop(
                f"{what} is empty.",
                "Keep only the OIC members (iso3 in `oic['iso3']`): among all countries, others lead.",
            )
        return years

    def items(self, value: list[int], exact: bool = False) -> dict[str, list[str]]:
        return {str(year): ["in"] for year in value}


# =====================================================================================
# the questions
# =====================================================================================
value(
    "12.2",
    "usr_check",
    _Figures(),
    hint=f"wdi is the value of indicator {GERD!r} for the same country and year; difference = wdi − published, "
    "in percentage points.",
    extra_hint="Keep one row for each row of `usr`: start from `usr` and merge the World Bank values onto it "
    "(`how='left'`, on both iso3 and year).",
    missing_hint="Use a merge that keeps every row of `usr` (`how='left'`), on both iso3 and year.",
    praise="It has one row for each figure of `usr`, with the World Bank value and the difference in percentage "
    "points.",
)

_RD_HINTS = {
    "KeyError": "A column or label was not found. `rd` has the columns iso3, year, indicator and value; check the "
    "spelling.",
    "IndexError": f"A selection matched no rows: check the country code and the indicator code {GERD!r}.",
    "ValueError": f"An empty selection has no smallest value: check the country code and the indicator code {GERD!r}.",
}

_RD = Data("rd_indicators", label="rd")  # shown as the exercise names it: closest_year(rd, ...)

function(
    "12.3",
    "closest_year",
    _Year(),
    [(_RD, "ARE", 1.50), (_RD, "EGY", 0.96), (_RD, "TUR", 0.86)],
    hints=_RD_HINTS,
    hint=f"Keep the rows of `rd` for this country and the indicator {GERD!r} (and the years the question "
    "allows), compute the absolute difference between each value and the published figure, and return the "
    "year of the smallest.",
    praise="It returns the year whose R&D value is closest to the published figure.",
)

value(
    "12.4",
    "solarquarter_numbers",
    Choice(
        ("match", "partly", "differ"),
        {
            "not checked": "not_checked",
            "not-checked": "not_checked",
            "no numbers": "no_numbers",
            "no-numbers": "no_numbers",
        },
    ),
    hint="Compare each figure's distance to its closest World Bank value with {TOL_TEXT}.",
    praise="That is the rubric's answer that the check of SolarQuarter's two figures gives.",
)

multiple_choice("12.5", hint="Ask of each page: did it find its facts itself?")

value(
    "12.6",
    "lead_years",
    _Years(),
    hint="For each year, find the OIC member with the largest '{ATTRIBUTE}' count (`idxmax`), and keep the years "
    "in which it is {COUNTRY}.",
    extra_hint="For each year, find the OIC member with the largest '{ATTRIBUTE}' count (`idxmax`): the question "
    "is about the number of articles with the attribute '{ATTRIBUTE}', not their share.",
    missing_hint="Check every year from 2003 to 2022.",
    praise="These are the years in which {COUNTRY} had the most {ATTRIBUTE_TEXT} among the OIC members in the table.",
)

value(
    "12.7",
    "n_changed_by_source",
    Count(noun="a number of claims"),
    hint="Grade `examples()` and `examples().assign(source_type='{SOURCE}')` with `grade_table` and count the rows "
    "whose band differs.",
    praise="That many claims change band when only their source becomes '{SOURCE}'.",
)
