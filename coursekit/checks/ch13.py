"""Self-checks of exercise set 13, "Capstone: design an international stem cell collaboration":
the form of each answer and its hints.

What is right is only in ``keys/13.json``, as salted hashes (see ``engine.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from .engine import Data, function, multiple_choice, value
from .forms import Choice, Form, Number
from .toolkit import Stop, describe, is_missing, number


# =====================================================================================
# forms of this set
# =====================================================================================
@dataclass
class _CountOrUnknown(Form):
    """A number of articles or trials, or "unknown" (None, NaN or pd.NA). A count is compared to within
    *tol*, so that 12.0 is 12; None and NaN are the same answer."""

    tol: float = 0.5

    def take(self, answer: Any, what: str) -> float | None:
        if answer is None or answer is pd.NA or is_missing(answer):
            return None
        return number(answer, what)

    def cell(self, value: float | None, exact: bool) -> list[str]:
        return ["u"] if value is None else Number(tol=self.tol).cell(value, exact)


@dataclass
class _Status(Choice):
    """13.3: one of the three texts 'agree', 'differ' and 'unknown' (case and surrounding spaces do not matter)."""

    options: tuple[str, ...] = ("agree", "differ", "unknown")

    def take(self, answer: Any, what: str) -> str:
        if not isinstance(answer, str):
            raise Stop(
                f"{what} returned {describe(answer)}.",
                "Return one of the texts 'agree', 'differ' or 'unknown' (did you forget `return`?).",
            )
        if not answer.strip():
            raise Stop(
                f"{what} returned an empty text.", "Return one of the three texts 'agree', 'differ' or 'unknown'."
            )
        return super().take(answer, what)


@dataclass
class _Dimensions(Form):
    """13.4: names of dimensions of the compatibility table (a list, tuple, set or Index of names, one
    name as text, or a Series of names or of statuses indexed by dimension); case, surrounding spaces,
    order and repeats do not matter."""

    labelled = True

    def take(self, answer: Any, what: str) -> list[str]:
        if isinstance(answer, pd.DataFrame):
            raise Stop(
                f"{what} is the whole table.",
                "Keep only the dimension names whose status is 'unknown', e.g. "
                "`table.index[table['status'] == 'unknown'].tolist()`.",
            )
        if isinstance(answer, str):
            answer = [answer]
        if isinstance(answer, pd.Series):
            answer = (
                list(answer.index)
                if set(map(str, answer.values)) <= {"agree", "differ", "unknown"}
                else list(answer.values)
            )
        if not isinstance(answer, (list, tuple, set, pd.Index)):
            raise Stop(f"{what} is {describe(answer)}; it should be a list of dimension names.")
        if len(answer) == 0:
            raise Stop(
                f"{what} is empty.",
                "Use `compatibility(policies, 'EGY', 'GBR', ...)` as the question says "
                "and keep every row whose status is 'unknown' (the names are its "
                "index).",
            )
        return sorted({str(x).strip().casefold() for x in answer})

    def items(self, value: list[str], exact: bool = False) -> dict[str, list[str]]:
        return {name: ["in"] for name in value}


# =====================================================================================
# the questions
# =====================================================================================
_PAIRS_HINTS = {
    "KeyError": "A column or label was not found. Check the spelling of the column names: `pairs.columns` lists "
    "them (country_a, iso3_a, country_b, iso3_b, year, coauthored_articles, collaboration_index).",
    "IndexError": 'A selection matched no rows. When a country is not in the table (Jordan, "JOR", is an example) '
    "the selection is empty: check for that case first and return None, e.g. "
    "`if len(rows) == 0: return None`.",
}

#: The tables as the exercise names them (shown in messages: coauthored_articles(pairs, ...)).
_PAIRS = Data("coauthorship_pairs", label="pairs")
_TRIALS = Data("stem_cell_trials", label="trials")

function(
    "13.1",
    "coauthored_articles",
    _CountOrUnknown(),
    [
        (_PAIRS, "MYS", "GBR", 2003),
        (_PAIRS, "GBR", "MYS", 2022),
        (_PAIRS, "TUR", "GBR", 2022),
        (_PAIRS, "JOR", "GBR", 2022),
    ],
    hints=_PAIRS_HINTS,
    # a class variant asks for a share instead of the number: the messages hold for both
    hint="Select the one row with iso3_a == a, iso3_b == b and the given year, and compute what the question "
    "asks from its coauthored_articles; return None when the table does not cover a or b.",
    praise="It returns the right value for pairs the table covers, and None (unknown, not zero) for a pair it "
    "does not cover.",
)

function(
    "13.2",
    "registered_trials",
    _CountOrUnknown(),
    [(_TRIALS, "MYS"), (_TRIALS, "GBR"), (_TRIALS, "TUR"), (_TRIALS, "QAT")],
    hints={
        "KeyError": "A column or label was not found. Check the spelling of the column names: "
        "`trials.columns` lists them (country, iso3, year, trials)."
    },
    hint="Keep the rows whose iso3 is the code (trials {TRIALS_RANGE}), then add up their `trials` column; a "
    "country with no such row has 0.",
    praise="It returns the total number of registered MSC trials, {TRIALS_RANGE}, and 0 for a country with no "
    "registered trial in those years.",
)

function(
    "13.3",
    "status",
    _Status(),
    [(5, 14), (14, 14.0), ("yes", "Yes "), (None, 14), (float("nan"), float("nan"))],
    hints={
        "TypeError": "A missing value reached a comparison or a text method. Test for missing values first, "
        "e.g. with `pd.isna(value)` (and `isinstance(value, str)` for texts)."
    },
    # a class variant compares texts by a stricter rule: the messages hold for every rule
    hint="If either value is missing (None, NaN, pd.NA or empty text), the status is 'unknown'; otherwise "
    "numbers compare as numbers and texts by the rule the question gives (case, spaces).",
    praise="Missing values give 'unknown'; numbers compare as numbers, texts by the question's rule.",
)

value(
    "13.4",
    "egy_gbr_unknown",
    _Dimensions(),
    hint="Use `compatibility(policies, 'EGY', 'GBR')` and keep every row whose status is 'unknown'.",
    extra_hint="Keep only the names of the rows of `compatibility(policies, 'EGY', 'GBR')` whose status is "
    "'unknown' (the names are its index).",
    missing_hint="Use `compatibility(policies, 'EGY', 'GBR')` and keep every row whose status is 'unknown'.",
    praise="It lists exactly the dimensions on which the sources do not let us compare Egypt with the UK.",
)

multiple_choice("13.5", hint="Ask what the table can know: it only records what cited sources state.")

multiple_choice("13.6", hint="Look again at the table of instruments in 'The brief' and at Step 4 of the chapter.")
