"""Self-checks of exercise set 03, "Measuring collaboration": the form of each answer and its hints.

What is right is only in ``keys/03.json``, as salted hashes (see ``engine.py``). ``{YEAR}`` (03.3),
``{NETWORK_YEAR}`` (03.5) and ``{CUT}`` (03.7, 03.8) in a hint are the key file's parameters: the public
edition's, or a class variant's.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from .engine import function, multiple_choice, value
from .forms import Form, Number, Table, Text, Values
from .toolkit import Stop, describe, text

_PCT = Number(tol=0.05, low=0, high=100, unit="a percentage")


class Credits(Values):
    """What ``count_articles`` returns: a dict (or Series) from each country to its credit."""

    def take(self, answer: Any, what: str) -> dict[str, Any]:
        if (
            not isinstance(answer, (dict, pd.Series, pd.DataFrame))
            or isinstance(answer, pd.DataFrame)
            and answer.shape[1] != 1
        ):
            raise Stop(
                f"{what} is {describe(answer)}; it should be a dictionary (or a pandas Series) mapping each "
                "country to its credit.",
                "Build a dict, e.g. start with `credit = dict()` and add to `credit[country]` for each article.",
            )
        return super().take(answer, what)


class SortedValues(Values):
    """One value per label, sorted from the largest value to the smallest."""

    def take(self, answer: Any, what: str) -> dict[str, Any]:
        values = super().take(answer, what)
        order = list(values.values())
        if order != sorted(order, reverse=True):
            raise Stop("The values are not sorted, largest first.", "Use `.sort_values(ascending=False)`.")
        return values


class CountryNames(Form):
    """A list (or tuple, set, Index, Series) of country names, in any order: one item, the whole set."""

    def take(self, answer: Any, what: str) -> tuple[str, ...]:
        if isinstance(answer, str):
            raise Stop(
                f"{what} is the text {answer!r}; it should be a list of country names, e.g. ['A', 'B'].",
                "Put the names in a list, even if there is only one.",
            )
        if isinstance(answer, dict):
            raise Stop(
                f"{what} is a dict; it should be a list of country names.",
                "Keep only the names, e.g. `sorted(nx.isolates(G))`.",
            )
        if isinstance(answer, pd.DataFrame):
            raise Stop(f"{what} is a DataFrame; it should be a list of country names.")
        try:
            items = list(answer)
        except TypeError:
            raise Stop(f"{what} is {describe(answer)}; it should be a list of country names.") from None
        bad = [x for x in items if not isinstance(x, str)]
        if bad:
            raise Stop(f"{what} contains {describe(bad[0])}; every item should be a country name (text).")
        names = [x.strip() for x in items]
        if len(set(names)) != len(names):
            raise Stop(f"A country appears more than once in {what}.", "List each country once.")
        if names and all(len(n) == 3 and n.isalpha() and n.isupper() for n in names):
            raise Stop("These are ISO3 codes.", "Give the country names, as the network's nodes are labelled.")
        return tuple(sorted(names))

    def cell(self, value: tuple[str, ...], exact: bool) -> list[str]:
        return ["s" + "\x1e".join(value)]


class CountryName(Text):
    """One country's name, as the network labels it (case does not matter)."""

    def take(self, answer: Any, what: str) -> str:
        name = text(answer, what)
        if len(name) == 3 and name.isalpha() and name.isupper():
            raise Stop(f"{name!r} is an ISO3 code.", "Give the country's name as the network labels it.")
        return name


function(
    "03.2",
    "count_articles",
    Credits(Number(tol=1e-6), index="country"),
    [
        (papers, method)
        for method in ("whole", "fractional")
        for papers in ([["A", "A", "B", "C"], ["A"], ["B", "A"]], [["X"]], [["P", "Q"], ["P", "Q", "Q"], ["Q"]])
    ],
    # (a class variant shares fractional credit by another rule than the chapter's table: this hint holds for both)
    hint="Work through the made-up example by hand first, following the question's rule for each method.",
    extra_hint="Every country that appears among the authors should get a credit, and no other.",
    missing_hint="Every country that appears among the authors should get a credit, and no other.",
    praise="The whole and fractional counts are right for the example and two more small sets of articles.",
)

value(
    "03.3",
    "counting_2022",
    Table(
        {"whole": Number(tol=0.5), "fractional": Number(tol=0.5), "ratio": Number(tol=0.005)},
        index="country",
        sorted_by="ratio",
    ),
    hint="Whole counts: `co`, attribute 'total'; fractional: `pub`, field 'all_se'; both for {YEAR}, matched on iso3.",
    extra_hint="Keep one row for each country of `co` in {YEAR}, labelled by its name as written in "
    '`co["country"]` (not its ISO3 code); the World is not a country: leave it out.',
    missing_hint="Keep one row for each country of `co` in {YEAR}: check your filters, and match the tables on the "
    "iso3 code.",
    praise="It has one row for each country of the NCSES table (no World row), with the right whole, fractional "
    "and ratio values, sorted by ratio, largest first.",
)

multiple_choice("03.4", hint="Work out fractional ÷ whole for the made-up country C in the chapter's table.")

value(
    "03.5",
    "partners_per_article_2003",
    SortedValues(Number(tol=0.005), index="country"),
    hint="Divide the country's strength in the {NETWORK_YEAR} network by its internationally co-authored articles "
    "in {NETWORK_YEAR}.",
    extra_hint="Keep one value per OIC member in the network, labelled by its name as in the network (not its "
    "ISO3 code).",
    missing_hint="Keep one value per OIC member in the network: match OIC members with "
    '`G.nodes[country]["iso3"]` or through `co`\'s `iso3` column.',
    praise="The values are right: strength in the {NETWORK_YEAR} network ÷ international articles in "
    "{NETWORK_YEAR}, sorted, "
    "largest first.",
)

value(
    "03.6",
    "intra_oic",
    Table({"share_2003": _PCT, "share_2022": _PCT}, index="country"),
    hint="Add up the country's co-authored articles with the *other OIC members* in the network, divide by "
    "its strength (all its co-authored articles in the network) and multiply by 100.",
    extra_hint="Keep one row per OIC member in the network, labelled by its name as in the network (not its "
    "ISO3 code).",
    missing_hint="Keep one row per OIC member in the network: match OIC members with "
    '`G.nodes[country]["iso3"]` or through `co`\'s `iso3` column.',
    praise="The share_2003 and share_2022 values are right.",
)

value(
    "03.7",
    "isolated_at_2",
    CountryNames(),
    hint="Build `pairs_to_graph(pairs, 2022, weight='collaboration_index', min_weight={CUT})` and list the nodes "
    "of degree 0 (`nx.isolates(G)`).",
    praise="These are the countries left without a partner at an index of at least {CUT} in 2022.",
)

value(
    "03.8",
    "top_broker_at_2",
    CountryName(),
    hint="Use `centrality_table(G)['betweenness'].idxmax()` on the graph you built in 3.7.",
    praise="It is the country with the highest (unweighted) betweenness in the 2022 network cut at an index of {CUT}.",
)
