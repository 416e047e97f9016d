"""Self-checks of exercise set 11, "National programmes and their partners": the form of each answer and its
hints.

What is right is only in ``keys/11.json``, as salted hashes (see ``engine.py``). ``{START}``–``{END}`` in a
hint (11.2, 11.3, 11.5) is the key file's study period: the public edition's, or a class variant's.
"""

import re

from . import forms
from .engine import Data, function, multiple_choice, value
from .forms import Count, Number
from .toolkit import Stop, is_missing

#: The spans of the visible inputs of 11.1 (the same in every variant: the function takes the span; a class
#: variant may leave out one end of it, which the question states).
START, END = 2004, 2022


class _Trials(Count):
    """The number of trials a function returns: a whole number, and 0 (not None or NaN) for no rows."""

    def take(self, answer, what):
        if answer is None or (not isinstance(answer, bool) and is_missing(answer)):
            raise Stop(
                f"{what} is {'None' if answer is None else 'NaN'}.",
                "Did you forget `return`? A country with no row in the span has 0 trials: make sure your "
                "function returns 0 (the sum of no rows is 0, but taking the first of no rows fails).",
            )
        return super().take(answer, what)


_ISO3 = re.compile(r"^[A-Z]{3}$")


class _Table(forms.Table):
    """The table of 11.2: one row per OIC member with a trial, labelled by its ISO3 code, with hints for
    duplicated rows and rows labelled by name."""

    def take(self, answer, what):
        try:
            rows = super().take(answer, what)
        except Stop as stop:
            if "appears more than once" in stop.message:
                raise Stop(
                    stop.message, "Each member should be one row: add up the years with `groupby('iso3')`."
                ) from None
            raise
        if not any(_ISO3.match(lab) for lab in rows):
            raise Stop(
                f"The rows are labelled by {next(iter(rows))!r}, not by ISO3 code.",
                "Label each row by its ISO3 code (the `iso3` column).",
            )
        return rows


_HINTS = {
    "KeyError": "A column or label was not found. The trials table has the columns country, iso3, year and "
    "trials; check the spelling.",
    "IndexError": "A selection matched no rows, so there was no first row to take. A country with no row in the "
    "span has 0 trials: add up the `trials` column (the sum of no rows is 0) instead of taking a row.",
}

function(
    "11.1",
    "trials_in_period",
    _Trials(noun="a number of trials"),
    [
        (Data("stem_cell_trials", label="trials"), "IRN", START, END),
        (Data("stem_cell_trials", label="trials"), "IDN", 2020, 2022),
        (Data("stem_cell_trials", label="trials"), "JOR", 2016, 2016),
        (Data("stem_cell_trials", label="trials"), "SAU", START, END),
    ],
    hints=_HINTS,
    # a class variant counts a half-open span: the hint says which ends count only through the question
    hint="Keep the rows whose iso3 is the country and whose year is in the span (check which of start and end "
    "the question includes), then add up `trials`.",
    praise="The counts are right for the calls with IRN, 2004, 2022; IDN, 2020, 2022; JOR, 2016, 2016; and "
    "SAU, 2004, 2022.",
)

value(
    "11.2",
    "oic_trials",
    _Table(
        {
            "trials": Count(noun="a number of trials"),
            "population": Number(tol=1.0, low=0, unit="a population"),
            "per_million": Number(tol=0.005, low=0, unit="a number of trials per million people"),
        },
        index="iso3",
        sorted_by="per_million",
    ),
    hint="trials is the sum of `trials` over {START}–{END}, population the mean of the SP.POP.TOTL values from "
    "{START} to {END}, and per_million is trials / population × 1,000,000.",
    extra_hint="Keep only the OIC members (iso3 in `members`) with at least one trial in {START}–{END}.",
    missing_hint="Use every year from {START} to {END} and every member whose iso3 is in `members`.",
    praise="It has one row for each OIC member with a registered trial, with the right trials, population and "
    "per_million, sorted by per_million, largest first.",
)

value(
    "11.3",
    "oic_listing_share",
    Number(tol=0.05, low=0, high=100, unit="a percentage"),
    hint="Add up `trials` for the OIC members ({START}–{END}), divide by the sum over all countries, and multiply "
    "by 100.",
    praise="It is the OIC members' percentage of all country listings, {START}–{END}.",
)

value(
    "11.5",
    "rank_correlation",
    Number(
        tol=0.005, low=-1, high=1, unit="a correlation", range_hint="Correlate the ranks: `a.rank().corr(b.rank())`."
    ),
    hint="Join the trial totals and article totals on iso3, keep the countries that have both, and compute "
    "`both['trials'].rank().corr(both['articles'].rank())`.",
    praise="It is Spearman's rank correlation between trials and biomedical articles, {START}–{END}.",
)

multiple_choice(
    "11.4", hint="Think of one trial with sites in Iran and Turkey: how many times does it appear in the table?"
)

multiple_choice("11.6", hint="Which statement describes the pattern without saying why it exists?")
