"""Self-checks of exercise set 09, "Policy across countries": the form of each answer and its hints.

What is right is only in ``keys/09.json``, as salted hashes (see ``engine.py``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import forms
from .engine import multiple_choice, value
from .forms import Count, Number, Values
from .toolkit import Stop, is_missing, text


class _Total(Count):
    """A count that a join may have left missing: NaN gets the hint of the question (fill with 0)."""

    def take(self, answer: Any, what: str) -> int:
        if is_missing(answer):
            raise Stop(
                f"{what} is missing or not a number.", "Missing counts should be 0: use `.fillna(0)` after joining."
            )
        return super().take(answer, what)


class _Verbatim(forms.Text):
    """Text copied from a table: compared exactly as written (the grader compares it exactly too)."""

    def take(self, answer: Any, what: str) -> str:
        text(answer, what)  # the same messages as Text for a value that is not text
        return answer

    def cell(self, value: str, exact: bool) -> list[str]:
        return ["v" + value]


@dataclass
class SortedTable(forms.Table):
    """A Table whose rows are sorted by *by* (largest first) and then by *then* (A to Z); *then* is
    a column or, if it is the *index*, the row label."""

    by: str = ""
    then: str = ""
    order_hint: str = ""

    def take(self, answer: Any, what: str) -> dict[str, tuple]:
        rows = super().take(answer, what)
        cols = list(self.columns)
        first = cols.index(self.by)
        keys = [
            (-row[first], lab if self.then == self.index else row[cols.index(self.then)]) for lab, row in rows.items()
        ]
        if keys != sorted(keys):
            raise Stop("The rows are not in the requested order.", self.order_hint)
        return rows


value(
    "09.1",
    "oic_coverage_pct",
    Number(tol=0.05, low=0, high=100, unit="a percentage"),
    hint='Count the OIC members (from `oic`) whose row in `policies` has a `category` other than "no-rule-found", '
    "divide by the number of members and multiply by 100.",
    praise="It is the percentage of the OIC's member states for which the policy table has a rule found.",
)

multiple_choice("09.2", hint="Reread what the table's description says a no-rule-found row means.")

value(
    "09.3",
    "by_category",
    SortedTable(
        {
            "countries": _Total(noun="a number of countries"),
            "oic": _Total(noun="a number of countries"),
            "with_year": _Total(noun="a number of countries"),
        },
        index="category",
        by="countries",
        then="category",
        order_hint="Sort by `countries` (largest first) and then by `category` (A to Z): `sort_values` "
        "takes a list of columns and a list of directions.",
    ),
    hint="Group the policy table by its `category` column and count, for each category, its rows (`countries`), "
    "the rows whose `oic_member` is True (`oic`) and the rows whose `year` is known (`with_year`: "
    "`count()` skips missing values, `size()` does not).",
    extra_hint="Group the policy table by its `category` column.",
    missing_hint="Group the policy table by its `category` column: one row per category.",
    praise="Each category has the right counts, missing years kept missing, and the rows are in the requested order.",
)

value(
    "09.4",
    "trial_table",
    SortedTable(
        {"country": _Verbatim(), "category": _Verbatim(), "trials": _Total(noun="a number of trials")},
        index="iso3",
        by="trials",
        then="country",
        order_hint="Sort by `trials` (largest first), then by `country` (A to Z).",
    ),
    hint="Add up the `trials` column over all years for each iso3 code, and take `country` and `category` from "
    "the rows of the policy table (`policies`) with a rule found.",
    extra_hint='Keep only the countries of `policies` with a rule found (leave out the "no-rule-found" rows), one '
    "row each, labelled by their `iso3` code.",
    missing_hint="Keep every country with a rule found: join the totals onto those rows of `policies` (a left "
    "join) on the `iso3` code, since the two tables spell some names differently, and fill the missing "
    "totals with 0.",
    praise="It has one row for each country with a rule found, zeros included, with the trial totals, the "
    "country and category of the policy table, in the requested order.",
)

multiple_choice("09.5", hint="Think about what MSC trials are, and how the countries of the policy table were chosen.")

#: The form of 09.8's answer: one percentage per group (the grader reads answers with it too).
FOUND_BY_GROUP = Values(Number(tol=0.05, low=0, high=100, unit="a percentage"), index="group")

value(
    "09.8",
    "pct_found_by_group",
    FOUND_BY_GROUP,
    hint="For each {GROUP_BY} of `oic`, count its members whose row in `policies` has a `category` other than "
    '"no-rule-found", divide by its number of members and multiply by 100.',
    extra_hint="Keep one value per {GROUP_BY} of `oic`, labelled by it: group the members of `oic`, not the rows "
    "of `policies`.",
    missing_hint="Keep one value for every {GROUP_BY} of `oic`, including those where no rule was found (0).",
    praise="Each {GROUP_BY}'s percentage of members with a rule found is right.",
)
