"""Self-checks of exercise set 02, "The science landscape of OIC member states": the form of each
answer and its hints.

What is right is only in ``keys/02.json``, as salted hashes (see ``engine.py``).
"""

import numbers
import re

import pandas as pd

from .engine import Data, function, multiple_choice, value
from .forms import Codes, Count, Number, Table, Values
from .toolkit import PCT_TOL, Stop, describe

# the indicator codes, as the set's setup cell defines them
RD = "GB.XPD.RSDV.GD.ZS"
RESEARCHERS = "SP.POP.SCIE.RD.P6"
POP = "SP.POP.TOTL"
FINE_TOL = 0.005  # for answers that learners should not round (the graders' tolerance)

_ISO3 = re.compile(r"^[A-Z]{3}$")

_HINTS = {
    "KeyError": f"A column or label was not found. Check the spelling; the columns of `rd` are "
    f'iso3, year, indicator, value, and indicator codes are text such as "{RD}".'
}


class _IsoCodes(Codes):
    """ISO3 codes; a list of country names is told apart from a list of codes."""

    def take(self, answer, what):
        codes = super().take(answer, what)
        if not codes:
            raise Stop(f"{what} is empty.", "Some members have no value of the indicator: list their ISO3 codes.")
        if any(not _ISO3.match(c) for c in codes):
            raise Stop(
                f"{what} contains {next(c for c in codes if not _ISO3.match(c))!r}, which is not an ISO3 "
                "code (three letters): are these country names?",
                "Collect the codes from the `iso3` column (e.g. 'AFG' rather than 'Afghanistan').",
            )
        return codes


def year_series(answer, what: str) -> pd.Series:
    """The learner's answer as a Series indexed by whole-number years (years as numbers or text); a
    DataFrame with a year column and one value column, or with one numeric column, is taken as that
    Series. The values are left as they are. (The grader of 02.9 reads answers the same way.)"""
    if isinstance(answer, pd.DataFrame):
        numeric = answer.select_dtypes("number")
        if "year" in answer.columns and numeric.shape[1] == 2:
            answer = answer.set_index("year").select_dtypes("number").iloc[:, 0]
        elif numeric.shape[1] == 1:
            answer = numeric.iloc[:, 0]
        else:
            raise Stop(
                f"{what} is {describe(answer)} with several columns; it should be a Series.",
                "Return one Series indexed by year, e.g. `numerator / denominator * 100`.",
            )
    if not isinstance(answer, pd.Series):
        raise Stop(
            f"{what} is {describe(answer)}; it should be a pandas Series indexed by year.",
            "Group the members' articles by year and divide by the World row's articles by year.",
        )
    try:
        years = [
            int(x) if isinstance(x, numbers.Real) and float(x).is_integer() else int(str(x).strip())
            for x in answer.index
        ]
    except (TypeError, ValueError, OverflowError):
        raise Stop(
            f"The index of {what} should be years; it starts with {answer.index[0]!r}.",
            "Use the years as the index, e.g. the result of `.groupby('year')`.",
        ) from None
    if len(set(years)) != len(years):
        dup = next(y for y in years if years.count(y) > 1)
        raise Stop(
            f"The year {dup} appears more than once.",
            "One value per year: add up the members' articles for each year (`groupby('year')`).",
        )
    return pd.Series(answer.to_numpy(), index=years)


class _YearSeries(Values):
    """A Series indexed by year: see :func:`year_series`."""

    def take(self, answer, what):
        series = year_series(answer, what)
        return {str(y): self.value.take(v, f"The value for {y}") for y, v in series.items()}


_RD_TABLE = Data("rd_indicators", label="rd", shuffle=2024, offset=5000)  # as the grader passes it
_PERCENT = dict(low=0, high=100, unit="a percentage")

value(
    "02.1",
    "oic_population_share",
    Number(tol=PCT_TOL, **_PERCENT),
    hint=f"Keep the population rows ('{POP}') of {{POP_YEAR}}; add up the members' values and divide by the "
    "World's (iso3 'WLD'), times 100.",
    praise="It is the members' share of the world's population in {POP_YEAR}, in percent.",
)

multiple_choice(
    "02.2", hint="Reread the table of science bodies and the paragraph on the STI Agenda 2026 in the chapter."
)

function(
    "02.3",
    "latest_values",
    Table(
        {"year": Count(noun="a year"), "value": Number(tol=1e-6), "age": Count(noun="a number of years")}, index="iso3"
    ),
    [(_RD_TABLE, RD, 2022), (_RD_TABLE, RESEARCHERS, 2015)],
    hints=_HINTS,
    # (a class variant adds a reporting lag: a report written in `as_of` can use only the years up to
    # `as_of - LAG`; these texts hold with and without one)
    hint="Keep the rows of the indicator up to the last year that a report written in `as_of` can use (see "
    "the question), sort them by year and keep the last row of each code: its year, the value *in* that "
    "year, and `age` = `as_of` minus that year.",
    extra_hint="One row for every iso3 code with at least one value of the indicator that a report written in "
    "`as_of` can use: keep only the rows of this indicator, and only those years, before you look "
    "for the latest year.",
    missing_hint="One row for every iso3 code with at least one value of the indicator that a report written "
    "in `as_of` can use (a value from the last usable year itself counts).",
    praise=f"It returns a DataFrame with one row per country and the columns year, value and age; the latest "
    f"usable years, their values and ages are right for {RD} as of 2022 and {RESEARCHERS} as of "
    "2015.",
)

value(
    "02.4",
    "no_data_members",
    _IsoCodes(example='["AFG", ...]'),
    hint="A member belongs in the list only if it has no {IND_SHORT} row at all.",
    extra_hint="List only OIC members (codes from `oic['iso3']`) that have no {IND_TEXT} row "
    '("{IND_CODE}") in any year.',
    missing_hint="Check every member in `oic['iso3']` against the codes that have {IND_A} row.",
    praise="It lists exactly the OIC members with no {IND_TEXT} value in any year.",
)

value(
    "02.5",
    "pop_share_no_recent",
    Number(tol=PCT_TOL, **_PERCENT),
    hint="Find each member's latest {IND_SHORT} year (your `latest_values` helps), keep members with none or "
    "with a latest year before {RECENT_FROM}, and divide their {POP_YEAR} population by all members' "
    "population.",
    praise="It is the share of the OIC's {POP_YEAR} population living in members with no {IND_SHORT} value "
    "from {RECENT_FROM} onwards.",
)

value(
    "02.6",
    "oic_rd_intensity",
    Number(tol=FINE_TOL),
    hint="For each member with an R&D value in {AGG_YEAR}, compute GDP = GDP per capita × population (same "
    "year); then sum(R&D % × GDP) / sum(GDP) over those members.",
    praise="It is the GDP-weighted R&D intensity of the OIC members that report for {AGG_YEAR} (their total "
    "R&D spending divided by their total GDP).",
)

value(
    "02.7",
    "oic_rd_coverage",
    Number(tol=PCT_TOL, **_PERCENT),
    hint="Divide the {AGG_YEAR} GDP of the members you used in 2.6 by the {AGG_YEAR} GDP of all members, times 100.",
    praise="It is the share of the OIC's {AGG_YEAR} GDP produced by the members with an R&D value.",
)

multiple_choice(
    "02.8", hint="Look at the bottom panel of the chapter's figure of the OIC series: who reports, year by year?"
)

value(
    "02.9",
    "oic_article_share",
    _YearSeries(Number(tol=FINE_TOL), index="year"),
    hint="For each year: the articles of the 57 members (Palestine as 'Gaza Strip' + 'West Bank'), field "
    "{FIELD}, divided by the World's articles, times 100.",
    extra_hint="One value for each year of `pubs`, and no other.",
    missing_hint="One value for each year of `pubs`.",
    praise="The shares are right for every year (fractional counts, Palestine included).",
)
