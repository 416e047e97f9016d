"""Self-checks of exercise set 04, "Collaboration in practice": the form of each answer and its hints.

What is right is only in ``keys/04.json``, as salted hashes (see ``engine.py``). ``{FOCUS1}`` to
``{FOCUS4}`` (04.3) and ``{PAIR_YEAR}`` (04.5) in a hint are the key file's parameters: the public
edition's, or a class variant's. A class variant also changes whose total 04.2 divides by and which
members 04.6 counts, so the hints of these two refer to the question's formula rather than restate it.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .engine import Data, function, multiple_choice, value
from .forms import Form, Number, Table, Text, Values, normal_text
from .toolkit import Stop, describe, text

_FOCUS = "{FOCUS1}, {FOCUS2}, {FOCUS3}, {FOCUS4}"  # the four countries the question text of 4.3 names


class Shares(Values):
    """What ``partner_shares`` returns: a Series of percentages indexed by partner, largest first."""

    def take(self, answer: Any, what: str) -> dict[str, Any]:
        if isinstance(answer, pd.DataFrame):
            if answer.shape[1] == 1:
                raise Stop(
                    f"{what} is a DataFrame with one column, not a Series.",
                    "Select the column, e.g. `table['share']`, or use `.squeeze()`.",
                )
            raise Stop(
                f"{what} is {describe(answer)}; it should be a pandas Series.",
                "Index the Series by partner name, e.g. `rows.set_index('country_b')['coauthored_articles']`, "
                "then divide.",
            )
        if isinstance(answer, dict):
            raise Stop(f"{what} is a dict; it should be a pandas Series.", "Wrap it: `pd.Series(d)`.")
        if not isinstance(answer, pd.Series):
            raise Stop(
                f"{what} is {describe(answer)}; it should be a pandas Series of percentages, indexed by partner name.",
                "Did you forget `return`?" if answer is None else None,
            )
        shares = super().take(answer, what)
        order = list(shares.values())
        if order != sorted(order, reverse=True):
            raise Stop(f"{what} is not sorted, largest share first.", "Use `.sort_values(ascending=False)`.")
        return shares


class PartnerName(Text):
    """The name of a partner country, as in ``country_b`` (case does not matter)."""

    def take(self, answer: Any, what: str) -> str:
        name = text(answer, what)
        if normal_text(name) == "world":
            raise Stop(f"{what} is 'World'.", "'World' is the country's total, not a partner: leave it out.")
        if len(name) == 3 and name.isalpha() and name.isupper():
            raise Stop(
                f"{what} is {name!r}, an ISO3 code.", "Give the partner's name (as in country_b), not its ISO3 code."
            )
        return name


class Pair(Form):
    """Two different country names, in any order (a tuple, list, set or Series); case does not matter."""

    def take(self, answer: Any, what: str) -> tuple[str, str]:
        if isinstance(answer, str):
            raise Stop(
                f"{what} is one text; it should hold two country names.",
                'Write it as a tuple, e.g. ("Egypt", "Turkey").',
            )
        if isinstance(answer, (pd.Series, pd.Index)):
            answer = list(answer)
        if not isinstance(answer, (tuple, list, set, frozenset)):
            raise Stop(
                f"{what} is {describe(answer)}; it should be a tuple of two country names.",
                'For example ("Egypt", "Turkey").',
            )
        names = [text(x, f"each name in {what}") for x in answer]
        if len({normal_text(n) for n in names}) != 2:
            raise Stop(f"{what} holds {len(names)} name(s); it should hold two different countries.")
        return tuple(sorted(names, key=normal_text))

    def cell(self, value: tuple[str, str], exact: bool) -> list[str]:
        return ["p" + "|".join(sorted(normal_text(n) for n in value))]


_PAIRS_HINTS = {
    "KeyError": "A column or label was not found. `pairs` has the columns country_a, iso3_a, country_b, iso3_b, "
    "year, coauthored_articles and collaboration_index; check the spelling, and that the row with "
    "country_b == 'World' is there before you take the total from it.",
}
_PUBS_HINTS = {
    "KeyError": "A column or label was not found. `pubs` has the columns country, iso3, parent, kind, year, field "
    "and articles, and `oic` has iso3; check the spelling.",
    "ValueError": "A value had the right type but an unusable content: `.item()` needs exactly one row (the World "
    'row of the field and year, `kind == "world"`).',
}

function(
    "04.2",
    "partner_shares",
    Shares(Number(tol=0.05), index="country_b"),
    [
        (Data("coauthorship_pairs"), "Saudi Arabia", 2022),
        (Data("coauthorship_pairs"), "Egypt", 2003),
        (Data("coauthorship_pairs"), "Turkey", 2022),
    ],
    hints=_PAIRS_HINTS,
    hint="Take the rows for this country and year, divide each partner's coauthored_articles by the total that "
    "the question's formula names (a row with country_b == 'World') and multiply by 100.",
    extra_hint="Keep only the rows where country_a is the country and country_b is another country: leave out "
    "the pseudo-partner 'World' (it holds the country's total), and index by the partner's name "
    "(country_b), not its ISO3 code.",
    missing_hint="Keep every partner country of this country in this year.",
    praise="It returns a Series of percentages indexed by partner, largest first, and the shares are right for "
    "Saudi Arabia 2022, Egypt 2003 and Turkey 2022.",
)

value(
    "04.3",
    "top_partners",
    Table({"top_2003": PartnerName(), "top_2022": PartnerName()}, index="country"),
    hint="Use your `partner_shares` function for the country and year and take the first label.",
    extra_hint=f"Keep only {_FOCUS}.",
    missing_hint=f"The table needs one row for each of: {_FOCUS}.",
    praise="Every top partner is right, for 2003 and 2022.",
)

multiple_choice(
    "04.4", hint="Look at the formula: a share of one country's articles divided by the partner's share of the world's."
)

value(
    "04.5",
    "strongest_oic_pair",
    Pair(),
    hint="Keep the {PAIR_YEAR} rows where both countries are OIC members, then take the row with the largest "
    "collaboration_index (`.idxmax()`); spell the names as in the table's country_a and country_b columns.",
    praise="It is the pair of OIC members with the highest index of collaboration in {PAIR_YEAR}.",
)

function(
    "04.6",
    "oic_share",
    Number(tol=0.05, low=0, high=100, unit="a percentage"),
    [
        (Data("publications"), Data("oic_members"), "biological_biomedical", 2022),
        (Data("publications"), Data("oic_members"), "biological_biomedical", 2003),
        (Data("publications"), Data("oic_members"), "all_se", 2022),
    ],
    hints=_PUBS_HINTS,
    hint="Keep the rows of this field and year; add up the articles of the rows of the OIC member states the "
    "question names (match `iso3` with `oic['iso3']`), divide by the World's articles and multiply by 100.",
    praise="It returns one number for each field and year, and the percentages are right for "
    "biological_biomedical 2022 and 2003 and all_se 2022.",
)

multiple_choice(
    "04.7",
    hint="Think of one article with authors in two countries: how much does it add to the sum of "
    "the two countries under fractional counting, and under whole counting?",
)
