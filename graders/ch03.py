"""Checkers for exercise set 03, "Measuring collaboration".

Every expected value is computed from ``data/`` at check time, with the same network
helper the chapter and the exercise set use (:func:`coursekit.networks.pairs_to_graph`).
"""

from __future__ import annotations

import copy
import random
from functools import lru_cache

import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    Feedback,
    Stop,
    as_frame,
    multiple_choice_question,
    numeric,
    params,
    per_data,
    question,
    require_columns,
    require_sorted,
    table,
)

_TOL = 1e-6  # for exact quantities (the learner's counting function)
_RATIO_TOL = 0.005  # ratios: rounding to 2 decimals passes
_PCT_TOL = 0.05  # percentages: rounding to 1 decimal passes

#: The public edition's parameters (a class variant draws others: see `variant_params`): the year of
#: the counts in 03.3, the year of the network in 03.5, and the index threshold of 03.7 and 03.8 (whose
#: network is always that of 2022, the year the news report of 3.9 and the chapter's figures are about).
PARAMS = {"YEAR": 2022, "NETWORK_YEAR": 2003, "CUT": 2}
#: The year of the network cut in 03.7 and 03.8 (not a parameter: see `PARAMS`).
_CUT_YEAR = 2022
#: Two parameters that only a class variant sets (they are not in `PARAMS`, whose values the committed key
#: file records): `FRACTIONAL`, how 03.2's fractional counting shares an article (the public edition: in
#: proportion to its authors, as NCSES does), and `GROUP`, the column of `oic` whose classes 03.6 keeps
#: (the public edition: none, every other OIC member counts).
PUBLIC_FRACTIONAL = "authors"
#: The other rules of fractional counting a class variant may ask 03.2 for, as its text states them.
FRACTIONAL_RULES = {
    "countries": "each article is shared **equally between its\n  countries**: each of the k different "
    "countries on it gets 1/k, whatever its number of authors"
}
#: The classifications of `oic` a class variant may restrict 03.6's partners to, as the text names them.
GROUPS = {"region": "World Bank region", "income_group": "World Bank income group"}


def _fractional() -> str:
    """How 03.2's fractional counting shares an article (the active variant's): by "authors" or "countries"."""
    return str(params("03").get("FRACTIONAL", PUBLIC_FRACTIONAL))


def _group() -> str | None:
    """The column of `oic` whose class 03.6's partners must share (the active variant's; None: any member)."""
    return params("03").get("GROUP")


def _year() -> int:
    """The year of the counts in 03.3 (the active variant's)."""
    return int(params("03")["YEAR"])


def _network_year() -> int:
    """The year of the network in 03.5 (the active variant's)."""
    return int(params("03")["NETWORK_YEAR"])


def _cut() -> float:
    """The index threshold of 03.7 and 03.8 (the active variant's)."""
    return params("03")["CUT"]


def _other_years(year: int) -> list[int]:
    """The years whose answers are recognised as a mistake when *year* is asked for: the two years of
    the pair table, less *year* (the public edition's 03.3 and 03.5 each name the other one)."""
    return [y for y in (2003, 2022) if y != year]


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    return {name: table(name) for name in ("coauthorship", "publications", "coauthorship_pairs", "oic_members")}


@per_data()
def _graph(year: int, weight: str = "coauthored_articles", min_weight=None):
    """The network the checks compare against, built once per (year, weight, threshold) and only read:
    the graders never hand it to a learner's function."""
    from coursekit.networks import pairs_to_graph

    return pairs_to_graph(_tables()["coauthorship_pairs"], year, weight, min_weight=min_weight)


def _members(year: int = 2022) -> list[str]:
    """The OIC members among the network's countries (NCSES names), in the graph's order."""
    return list(_member_names(year))


@per_data()
def _member_names(year: int) -> tuple[str, ...]:
    oic = set(_tables()["oic_members"]["iso3"])
    return tuple(c for c, iso in _graph(year).nodes(data="iso3") if iso in oic)


def _counting(year: int = 2022, field: str = "all_se", attribute: str = "total") -> pd.DataFrame:
    """Expected answer to 03.3 (and variants used to diagnose mistakes)."""
    t = _tables()
    co, pub = t["coauthorship"], t["publications"]
    whole = co[(co["attribute"] == attribute) & (co["year"] == year)][["country", "iso3", "articles"]]
    frac = pub[(pub["field"] == field) & (pub["year"] == year)][["iso3", "articles"]].dropna()
    df = whole.merge(frac, on="iso3", suffixes=("_w", "_f"))
    df = df[df["iso3"] != "WLD"]
    out = pd.DataFrame(
        {"whole": df["articles_w"].astype(float).to_numpy(), "fractional": df["articles_f"].astype(float).to_numpy()},
        index=pd.Index(df["country"].astype(str), name="country"),
    )
    out["ratio"] = out["whole"] / out["fractional"]
    return out.sort_values("ratio", ascending=False)


def _strength(G, country) -> float:
    return float(sum(d["coauthored_articles"] for d in G[country].values()))


def _partners_per_article(year: int, plus: float = 0.0) -> pd.Series:
    G = _graph(year)
    co = _tables()["coauthorship"]
    intl = co[(co["attribute"] == "international") & (co["year"] == year)].set_index("country")["articles"]
    s = pd.Series({c: (_strength(G, c) + plus * float(intl[c])) / float(intl[c]) for c in _members(year)})
    return s.sort_values(ascending=False)


def _intra_oic(year: int, denominator: str = "strength", group: str | None = "active") -> pd.Series:
    """Each member's share of its strength from edges to other OIC members (of its own class of the column
    *group* of `oic`; by default the active variant's, None for any member)."""
    G = _graph(year)
    members = _members(year)
    co = _tables()["coauthorship"]
    intl = co[(co["attribute"] == "international") & (co["year"] == year)].set_index("country")["articles"]
    group = _group() if group == "active" else group
    cls = _tables()["oic_members"].set_index("iso3")[group] if group else None

    def partner(c, other) -> bool:
        return other in members and (cls is None or cls[G.nodes[other]["iso3"]] == cls[G.nodes[c]["iso3"]])

    out = {}
    for c in members:
        within = sum(d["coauthored_articles"] for other, d in G[c].items() if partner(c, other))
        base = _strength(G, c) if denominator == "strength" else float(intl[c])
        out[c] = 100.0 * within / base
    return pd.Series(out)


def _isolated(year: int, weight: str, cut: float) -> list[str]:
    import networkx as nx

    return sorted(nx.isolates(_graph(year, weight, cut)))


@per_data()
def _broker(year: int, weight: str, cut, column: str = "betweenness") -> str:
    from coursekit.networks import centrality_table

    return str(centrality_table(_graph(year, weight, cut))[column].idxmax())


# =====================================================================================
# shared coercion for the answers of this set
# =====================================================================================
def _series(value, what: str) -> pd.Series:
    """Accept a Series, a one-column DataFrame or a dict; explain anything else."""
    if isinstance(value, dict):
        value = pd.Series(value, dtype=object)
    if isinstance(value, pd.DataFrame):
        if value.shape[1] != 1:
            raise Stop(
                f"{what} is a DataFrame with {value.shape[1]} columns; it should be a Series (one value per country).",
                "Select the one column you need, e.g. `table['ratio']`.",
            )
        value = value.iloc[:, 0]
    if not isinstance(value, pd.Series):
        raise Stop(f"{what} is {tk.describe(value)}; it should be a pandas Series with one value per country.")
    if len(value) == 0:
        raise Stop(f"{what} is empty.", "Did a filter match no rows? Check the year and the country names.")
    return value


def _labels(index) -> list[str]:
    return [str(x) for x in index]


def _check_rows(labels: list[str], expected: list[str], what: str, iso_of: dict[str, str]) -> None:
    """Same countries as expected, labelled by NCSES name; otherwise a specific message."""
    if len(set(labels)) != len(labels):
        dup = next(x for x in labels if labels.count(x) > 1)
        raise Stop(f"{dup} appears more than once in {what}.", "Each country should be one row.")
    if labels and all(x.isdigit() for x in labels):
        raise Stop(
            f"The rows of {what} are numbered 0, 1, 2, ... instead of labelled by country.",
            "Make the country name the index, e.g. with `.set_index('country')`.",
        )
    iso_names = {v: k for k, v in iso_of.items()}
    if labels and all(x in iso_names for x in labels):
        raise Stop(
            f"The rows of {what} are labelled by ISO3 codes.",
            "Label each row by its country name as written in the data (e.g. 'Saudi Arabia').",
        )
    if "World" in labels:
        raise Stop(f"{what} includes the World row.", "The World is not a country: leave it out.")
    extra = [x for x in labels if x not in expected]
    missing = [x for x in expected if x not in labels]
    if extra:
        raise Stop(
            f"{what} has rows that should not be there: {', '.join(extra[:5])}.",
            "Check which countries the question asks for.",
        )
    if missing:
        raise Stop(
            f"{what} lacks {len(missing)} expected row(s), e.g. {missing[0]}.",
            "Check your filters; match tables on the iso3 code.",
        )


def _iso_of() -> dict[str, str]:
    co = _tables()["coauthorship"]
    return dict(zip(co["country"].astype(str), co["iso3"].astype(str)))


def _numbers(series: pd.Series, what: str) -> pd.Series:
    return numeric(
        series,
        f"The value of {what} for {{}} is missing or not a number.",
        "NaN often comes from a merge or a division that matched no row.",
        infinite=f"The value of {what} for {{}} is infinite.",
        infinite_hint="Did you divide by zero?",
    )


# =====================================================================================
# 03.2 whole and fractional counting
# =====================================================================================
_EXAMPLE = [["A", "A", "B", "C"], ["A"], ["B", "A"]]


def _count_reference(papers, method, rule: str | None = None):
    """The credits of *papers* under *method*; fractional counting shares an article by *rule* (default: the
    active variant's), in proportion to its "authors" or equally between its "countries"."""
    rule = _fractional() if rule is None else rule
    credit: dict[str, float] = {}
    for authors in papers:
        if method == "whole":
            for c in set(authors):
                credit[c] = credit.get(c, 0.0) + 1.0
        elif rule == "countries":
            for c in set(authors):
                credit[c] = credit.get(c, 0.0) + 1.0 / len(set(authors))
        else:
            for c in authors:
                credit[c] = credit.get(c, 0.0) + 1.0 / len(authors)
    return credit


def _example_credit(rule: str) -> str:
    """Country A's fractional credit in the made-up example under *rule*, as the text of 3.2 gives it (e.g. "2.0")."""
    from fractions import Fraction

    credit = Fraction(0)
    for authors in _EXAMPLE:
        if "A" in authors:
            credit += (
                Fraction(1, len(set(authors))) if rule == "countries" else Fraction(authors.count("A"), len(authors))
            )
    return f"{float(credit):.1f}" if credit.denominator == 1 else f"{credit}, about {float(credit):.2f}"


def _rule_hint() -> str:
    """The hint for fractional credits shared by the other rule than the question's."""
    if _fractional() == PUBLIC_FRACTIONAL:
        return (
            "You split each article equally between its countries. Split it between its *authors*: a country "
            "with 2 of 4 authors gets 2/4."
        )
    return (
        "You shared each article in proportion to its authors (as NCSES does). Here fractional counting shares "
        "it equally between its countries: each of the k different countries on an article gets 1/k, whatever "
        "its number of authors (use `set(authors)`)."
    )


def _by_hand_hint() -> str:
    if _fractional() == PUBLIC_FRACTIONAL:
        return "Work through the made-up example by hand first (see the table in the chapter)."
    return (
        "Work through the made-up example by hand first, with the question's rule (the chapter's table shares "
        "each article by authors, not equally between countries)."
    )


def _count_alternatives(papers):
    by_author: dict[str, float] = {}
    equal_split: dict[str, float] = {}
    for authors in papers:
        for c in authors:
            by_author[c] = by_author.get(c, 0.0) + 1.0
        for c in set(authors):
            equal_split[c] = equal_split.get(c, 0.0) + 1.0 / len(set(authors))
    return by_author, equal_split


def _random_papers(seed: int, n: int = 40) -> list[list[str]]:
    rng = random.Random(seed)
    countries = ["Egypt", "Malaysia", "Pakistan", "Turkey", "Germany", "China"]
    return [[rng.choice(countries) for _ in range(rng.randint(1, 8))] for _ in range(n)]


def _as_credit(value, label: str) -> dict[str, float]:
    if isinstance(value, pd.DataFrame) and value.shape[1] == 1:
        value = value.iloc[:, 0]
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if not isinstance(value, dict):
        raise Stop(
            f"`{label}` returned {tk.describe(value)}; it should return a dictionary (or a pandas Series) "
            "mapping each country to its credit, e.g. {'A': 2.0, 'B': 0.75}.",
            "Build a dict such as `credit = {}` and add to `credit[country]` for each article.",
        )
    out = {}
    for k, v in value.items():
        out[str(k)] = tk.number(v, f"The credit of {k!r} returned by `{label}`")
    return out


@question("03.2", "count_articles", "function")
def _grade_count_articles(fn, fb: Feedback, thorough: bool) -> None:
    cases = [_EXAMPLE, [["X"]], [["P", "Q"], ["P", "Q", "Q"], ["Q"]]]
    if thorough:
        cases += [_random_papers(seed) for seed in (3, 33, 303)]
    for method in ("whole", "fractional"):
        for papers in cases:
            label = (
                f"count_articles({papers if len(papers) <= 3 else '<' + str(len(papers)) + ' articles>'}, {method!r})"
            )
            got = _as_credit(tk.call(fn, label, copy.deepcopy(papers), method), label)
            want = _count_reference(papers, method)
            if set(got) != set(want):
                missing = sorted(set(want) - set(got))
                extra = sorted(set(got) - set(want))
                raise Stop(
                    f"{label} has the wrong countries"
                    + (f"; missing {missing}" if missing else "")
                    + (f"; unexpected {extra}" if extra else "")
                    + ".",
                    "Every country that appears among the authors should get a credit, and no other.",
                )
            if all(abs(got[c] - want[c]) <= _TOL for c in want):
                continue
            by_author, _ = _count_alternatives(papers)
            other_rule = _count_reference(papers, method, "authors" if _fractional() == "countries" else "countries")
            other = _count_reference(papers, "fractional" if method == "whole" else "whole")
            hint = None
            if all(abs(got[c] - other[c]) <= _TOL for c in want):
                hint = (
                    f"That is the {'fractional' if method == 'whole' else 'whole'} count: check how your "
                    "function uses `method`."
                )
            elif method == "whole" and all(abs(got[c] - by_author[c]) <= _TOL for c in want):
                hint = (
                    "You counted authors. Under whole counting each country gets 1 per article it appears on, "
                    "however many of its authors the article has (use `set(authors)`)."
                )
            elif method == "fractional" and all(abs(got[c] - other_rule[c]) <= _TOL for c in want):
                hint = _rule_hint()
            elif method == "fractional" and abs(sum(got.values()) - len(papers)) > _TOL:
                hint = (
                    f"Fractional credits must add up to the number of articles ({len(papers)}); yours add up to "
                    f"{sum(got.values()):.4g}."
                )
            shown = {c: round(got[c], 4) for c in sorted(got)}
            raise Stop(f"{label} returned {shown}, which is not right.", hint or _by_hand_hint())
        fb.ok(
            f"The {method} counts are right"
            + (
                " for the example and further sets of articles, including random ones."
                if thorough
                else " for the example and two more small sets of articles."
            )
        )


# =====================================================================================
# 03.3 whole versus fractional counts in the NCSES data
# =====================================================================================
@question("03.3", "counting_2022", "value")
def _grade_counting(table, fb: Feedback, thorough: bool) -> None:
    year = _year()
    want = _counting(year)
    cols = ["whole", "fractional", "ratio"]
    df = as_frame(table, "`counting_2022`", cols, index="country")
    fb.ok("It is a DataFrame.")
    require_columns(df, cols, "Name the columns exactly whole, fractional and ratio.")
    _check_rows(_labels(df.index), list(want.index), "`counting_2022`", _iso_of())
    fb.ok(f"It has one row for each of the {len(want)} countries of the NCSES table (no World row).")
    got = df.copy()
    got.index = _labels(got.index)
    bio = _counting(year, field="biological_biomedical")
    others = [(y, _counting(y)) for y in _other_years(year)]
    intl = _counting(year, attribute="international")
    for col in cols:
        values = _numbers(got[col], col)
        for country in want.index:
            g, w = values[country], want.loc[country, col]
            if abs(g - w) <= (_RATIO_TOL if col == "ratio" else 0.5):
                continue
            hint = None
            if col == "fractional" and abs(g - bio.loc[country, "fractional"]) <= 0.5:
                hint = "These are the biological and biomedical sciences; use field 'all_se' (all S&E fields)."
            elif col == "whole" and abs(g - intl.loc[country, "whole"]) <= 0.5:
                hint = "These are internationally co-authored articles; use the attribute 'total'."
            elif any(
                abs(g - older.loc[country, col]) <= (_RATIO_TOL if col == "ratio" else 0.5) for _, older in others
            ):
                other = next(
                    y
                    for y, older in others
                    if abs(g - older.loc[country, col]) <= (_RATIO_TOL if col == "ratio" else 0.5)
                )
                hint = f"That is the value for {other}; the question asks about {year}."
            elif col == "ratio" and tk.close(g, 1 / w, _RATIO_TOL):
                hint = "The ratio is the wrong way round: whole ÷ fractional."
            elif col == "ratio" and tk.close(g, 100 * w, 100 * _RATIO_TOL):
                hint = "Give the ratio as a plain number (e.g. 1.5), not as a percentage."
            elif col == "whole" and abs(g - want.loc[country, "fractional"]) <= 0.5:
                hint = "The whole and fractional columns seem swapped: whole counts are in `co`, fractional in `pub`."
            raise Stop(
                f"{col} for {country} is {g:.6g}, which is not right.",
                hint
                or "Whole counts: `co`, attribute 'total'; fractional: `pub`, field 'all_se'; "
                f"both for {year}, matched on iso3.",
            )
        fb.ok(f"The {col} values are right.")
    require_sorted(df, "ratio")
    fb.ok("It is sorted by ratio, largest first.")


# =====================================================================================
# 03.4 what the ratio means (multiple choice)
# =====================================================================================
_MC_03_4 = {
    "a": "Not this one: the ratio compares two ways of counting the same year's articles, not two years.",
    "b": "Not this one: nothing is counted twice by mistake. Whole counting gives the country the whole of "
    "each article on purpose; it is a definition, not an error.",
    "c": "Yes: fractional ÷ whole is the average share the country holds in the articles it takes part in, "
    "here 1 ÷ 2.5 = 0.4, so its authors made up on average 40% of the authors of those articles.",
    "d": "Not this one: neither count says anything about articles per researcher; the table has no "
    "numbers of researchers.",
}


multiple_choice_question(
    "03.4", _MC_03_4, "c", "Work out fractional ÷ whole for the made-up country C in the chapter's table."
)


# =====================================================================================
# 03.5 strength and partners per article, 2003
# =====================================================================================
@question("03.5", "partners_per_article_2003", "value")
def _grade_partners_per_article(answer, fb: Feedback, thorough: bool) -> None:
    year = _network_year()
    want = _partners_per_article(year)
    s = _series(answer, "`partners_per_article_2003`")
    _check_rows(_labels(s.index), list(want.index), "`partners_per_article_2003`", _iso_of())
    fb.ok(f"It has one value for each of the {len(want)} OIC members in the network.")
    values = _numbers(s, "partners_per_article_2003")
    values.index = _labels(values.index)
    others = [(y, _partners_per_article(y)) for y in _other_years(year)]
    with_world = _partners_per_article(year, plus=1.0)
    for country in want.index:
        g, w = values[country], want[country]
        if tk.close(g, w, _RATIO_TOL):
            continue
        hint = (
            f"Divide the country's strength in the {year} network by its internationally co-authored articles "
            f"in {year}."
        )
        other = next((y for y, s in others if tk.close(g, s[country], _RATIO_TOL)), None)
        if tk.close(g, 1 / w, _RATIO_TOL):
            hint = "The ratio is upside down: strength ÷ international articles."
        elif other is not None:
            hint = f"That is the value for {other}; build the network for {year}."
        elif tk.close(g, with_world[country], _RATIO_TOL):
            hint = (
                "Your strength includes the pseudo-partner 'World' (all international articles). Use the "
                "network from `pairs_to_graph`, which leaves the World out."
            )
        elif g < 0.05:
            hint = (
                "The value is tiny: did you divide the number of partners (degree) instead of the strength "
                "(the sum of co-authored articles over the partners)?"
            )
        raise Stop(f"For {country} your value is {g:.4g}, which is not right.", hint)
    fb.ok(f"The values are right: strength in the {year} network ÷ international articles in {year}.")
    if not values.is_monotonic_decreasing:
        raise Stop("The values are not sorted, largest first.", "Use `.sort_values(ascending=False)`.")
    fb.ok("It is sorted, largest first.")


# =====================================================================================
# 03.6 share of co-authorship with other OIC members
# =====================================================================================
@question("03.6", "intra_oic", "value")
def _grade_intra_oic(table, fb: Feedback, thorough: bool) -> None:
    want = {2003: _intra_oic(2003), 2022: _intra_oic(2022)}
    df = as_frame(table, "`intra_oic`", ["share_2003", "share_2022"], index="country")
    fb.ok("It is a DataFrame.")
    require_columns(df, ["share_2003", "share_2022"], "Name the columns exactly share_2003 and share_2022.")
    expected = list(want[2022].index)
    _check_rows(_labels(df.index), expected, "`intra_oic`", _iso_of())
    fb.ok(f"It has one row for each of the {len(expected)} OIC members in the network.")
    group = _group()
    any_member = {y: _intra_oic(y, group=None) for y in (2003, 2022)} if group else {}
    for year in (2003, 2022):
        col = f"share_{year}"
        values = _numbers(df[col], col)
        values.index = _labels(values.index)
        other = want[2022 if year == 2003 else 2003]
        by_intl = _intra_oic(year, denominator="international")
        for country in expected:
            g, w = values[country], want[year][country]
            if tk.close(g, w, _PCT_TOL):
                continue
            hint = _intra_hint()
            if group and tk.close(g, any_member[year][country], _PCT_TOL) and not tk.close(g, w, _PCT_TOL):
                hint = _any_member_hint()
            elif tk.close(100 * g, w, _PCT_TOL):
                hint = "It looks like a fraction between 0 and 1; give a percentage (multiply by 100)."
            elif tk.close(g, other[country], _PCT_TOL):
                hint = "The 2003 and 2022 columns seem swapped."
            elif tk.close(g, by_intl[country], _PCT_TOL):
                hint = (
                    "You divided by the number of international articles. Divide by the strength instead, so "
                    "that numerator and denominator both count pairs."
                )
            raise Stop(f"{col} for {country} is {g:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")


def _intra_hint() -> str:
    group = _group()
    if not group:
        return (
            "Add up the country's co-authored articles with the *other OIC members* in the network, divide by "
            "its strength (all its co-authored articles in the network) and multiply by 100."
        )
    return (
        f"Add up the country's co-authored articles with the other OIC members of its own {GROUPS[group]} "
        f"(`oic['{group}']`) in the network, divide by its strength (all its co-authored articles in the "
        "network) and multiply by 100."
    )


def _any_member_hint() -> str:
    """A class variant's hint for the public edition's answer: every other OIC member counted."""
    group = _group()
    return (
        f"That is the share with *all* the other OIC members; here only the members of the country's own "
        f"{GROUPS[group]} count (`oic['{group}']`, matched on iso3)."
    )


# =====================================================================================
# 03.7 and 03.8 thresholds change the picture
# =====================================================================================
def _names(value, what: str) -> list[str]:
    if isinstance(value, str):
        raise Stop(
            f"{what} is the text {value!r}; it should be a list of country names, e.g. ['A', 'B'].",
            "Put the names in a list, even if there is only one.",
        )
    if isinstance(value, dict):
        raise Stop(
            f"{what} is a dict; it should be a list of country names.",
            "Keep only the names, e.g. `sorted(nx.isolates(G))`.",
        )
    if isinstance(value, pd.DataFrame):
        raise Stop(f"{what} is a DataFrame; it should be a list of country names.")
    if isinstance(value, (pd.Series, pd.Index)):
        value = list(value)
    try:
        items = list(value)
    except TypeError:
        raise Stop(f"{what} is {tk.describe(value)}; it should be a list of country names.") from None
    bad = [x for x in items if not isinstance(x, str)]
    if bad:
        raise Stop(f"{what} contains {tk.describe(bad[0])}; every item should be a country name (text).")
    return [x.strip() for x in items]


@question("03.7", "isolated_at_2", "value")
def _grade_isolated(answer, fb: Feedback, thorough: bool) -> None:
    cut = _cut()
    want = _isolated(_CUT_YEAR, "collaboration_index", cut)
    names = _names(answer, "`isolated_at_2`")
    fb.ok("It is a list of names.")
    if len(set(names)) != len(names):
        raise Stop("A country appears more than once in `isolated_at_2`.", "List each country once.")
    if sorted(names) == want:
        fb.ok(
            f"These are the {len(want)} countries left without a partner at an index of at least {cut} in {_CUT_YEAR}."
        )
        return
    iso = {v: k for k, v in _iso_of().items()}
    if names and all(n in iso for n in names):
        raise Stop("These are ISO3 codes.", "Give the country names, as the network's nodes are labelled.")
    if not names:
        raise Stop("The list is empty, but some countries do lose all their partners.", _empty_hint(cut))
    if sorted(names) == _isolated(2003, "collaboration_index", cut):
        raise Stop(f"That is the list for 2003; the question asks about {_CUT_YEAR}.")
    if len(names) > len(want) + 10:
        raise Stop(
            f"Your list has {len(names)} countries: these seem to be the countries that *keep* partners.",
            "An isolated country has degree 0: `nx.isolates(G)` lists them.",
        )
    missing = sorted(set(want) - set(names))
    extra = sorted(set(names) - set(want))
    raise Stop(
        "The list is not right"
        + (f"; it lacks {len(missing)} country(ies)" if missing else "")
        + (f"; it has {', '.join(extra[:3])}, which keep(s) a partner" if extra else "")
        + ".",
        f"Build `pairs_to_graph(pairs, {_CUT_YEAR}, weight='collaboration_index', min_weight={cut})` and list "
        "the nodes of degree 0.",
    )


def _empty_hint(cut) -> str:
    return (
        f"Weight the edges by the index (weight='collaboration_index') and keep pairs with min_weight={cut}; "
        f"with article weights, no pair has fewer than {cut} articles in {_CUT_YEAR}."
    )


@question("03.8", "top_broker_at_2", "value")
def _grade_top_broker(answer, fb: Feedback, thorough: bool) -> None:
    cut = _cut()
    want = _broker(_CUT_YEAR, "collaboration_index", cut)
    name = tk.text(answer, "`top_broker_at_2`")
    fb.ok("It is a country name (text).")
    if name.casefold() == want.casefold():
        fb.ok(
            f"It is the country with the highest (unweighted) betweenness in the {_CUT_YEAR} network cut at an "
            f"index of {cut}."
        )
        return
    iso = {v.casefold(): k for k, v in _iso_of().items()}
    if name.casefold() in iso:
        raise Stop(f"{name!r} is an ISO3 code.", "Give the country's name as the network labels it.")
    for alt, hint in _broker_alternatives(cut):
        if alt.casefold() != want.casefold() and name.casefold() == alt.casefold():
            raise Stop(f"{name} is not the country with the highest betweenness here.", hint)
    raise Stop(
        f"{name} is not the country with the highest betweenness here.",
        "Use `centrality_table(G)['betweenness'].idxmax()` on the graph you built in 3.7.",
    )


def _broker_alternatives(cut) -> list[tuple[str, str]]:
    """The brokers of other calculations than 03.8's, each with its hint (the first that matches wins)."""
    return [
        (
            _broker(_CUT_YEAR, "collaboration_index", cut, "betweenness_weighted"),
            "That country has the highest *weighted* betweenness. The question asks for the plain (unweighted) "
            "betweenness of the thresholded network: the `betweenness` column.",
        ),
        (_broker(2003, "collaboration_index", cut), f"That is the answer for 2003; use {_CUT_YEAR}."),
        (
            _broker(_CUT_YEAR, "collaboration_index", cut, "strength"),
            "That country has the largest strength (sum of index values), not the highest betweenness.",
        ),
        (
            _broker(_CUT_YEAR, "coauthored_articles", None, "betweenness_weighted"),
            f"That is the broker of the full network weighted by articles. Cut the network at an index of {cut} first.",
        ),
    ]


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _other_method(method: str) -> str:
    return "fractional" if method == "whole" else "whole"


def _count_mistakes(ns):
    right = ns["count_articles"]
    return [
        # the always-whole function comes first: its fractional results are also those of the swapped one
        (
            lambda papers, method: right(papers, "whole"),
            "That is the whole count: check how your function uses `method`.",
        ),
        (
            lambda papers, method: right(papers, "fractional"),
            "That is the fractional count: check how your function uses `method`.",
        ),
        (
            lambda papers, method: right(papers, _other_method(method)),
            "That is the fractional count: check how your function uses `method`.",
        ),
        (
            lambda papers, method: _count_alternatives(papers)[0] if method == "whole" else right(papers, method),
            "You counted authors. Under whole counting each country gets 1 per article it appears on, however many "
            "of its authors the article has (use `set(authors)`).",
        ),
        (
            lambda papers, method: (
                _count_reference(papers, method, "authors" if _fractional() == "countries" else "countries")
                if method == "fractional"
                else right(papers, method)
            ),
            _rule_hint(),
        ),
    ]


def _by_ratio(df: pd.DataFrame) -> pd.DataFrame:
    return df.sort_values("ratio", ascending=False)


def _counting_mistakes(ns):
    year = _year()
    right = _counting(year)
    bio = _counting(year, field="biological_biomedical")
    intl = _counting(year, attribute="international")
    return [
        (bio, "These are the biological and biomedical sciences; use field 'all_se' (all S&E fields)."),
        (
            right.assign(fractional=bio["fractional"]),
            "These are the biological and biomedical sciences; use field 'all_se' (all S&E fields).",
        ),
        (intl, "These are internationally co-authored articles; use the attribute 'total'."),
        (
            right.assign(whole=intl["whole"]),
            "These are internationally co-authored articles; use the attribute 'total'.",
        ),
        *[(_counting(y), f"That is the value for {y}; the question asks about {year}.") for y in _other_years(year)],
        (_by_ratio(right.assign(ratio=1 / right["ratio"])), "The ratio is the wrong way round: whole ÷ fractional."),
        (right.assign(ratio=100 * right["ratio"]), "Give the ratio as a plain number (e.g. 1.5), not as a percentage."),
        (
            _by_ratio(right.assign(whole=right["fractional"], fractional=right["whole"], ratio=1 / right["ratio"])),
            "The whole and fractional columns seem swapped: whole counts are in `co`, fractional in `pub`.",
        ),
    ]


def _intra_table(year_2003: pd.Series, year_2022: pd.Series) -> pd.DataFrame:
    return pd.DataFrame({"share_2003": year_2003, "share_2022": year_2022})


def _broker_mistakes(ns):
    want = _broker(_CUT_YEAR, "collaboration_index", _cut())
    out, seen = [], {want.casefold()}
    for name, hint in _broker_alternatives(
        _cut()
    ):  # as the grader: the first alternative a name matches gives the hint
        if name.casefold() not in seen:
            seen.add(name.casefold())
            out.append((name, hint))
    return out


def _isolated_mistakes(ns):
    cut = _cut()
    want = _isolated(_CUT_YEAR, "collaboration_index", cut)
    keepers = sorted(set(_graph(_CUT_YEAR).nodes) - set(want))
    older = _isolated(2003, "collaboration_index", cut)
    return [
        *([(older, f"That is the list for 2003; the question asks about {_CUT_YEAR}.")] if older != want else []),
        ([], ["The list is empty, but some countries do lose all their partners.", _empty_hint(cut)]),
        (
            keepers,
            [
                "These seem to be the countries that *keep* partners.",  # (no count: it would tell the answer's)
                "An isolated country has degree 0: `nx.isolates(G)` lists them.",
            ],
        ),
    ]


MISTAKES = {
    "03.2": _count_mistakes,
    "03.3": _counting_mistakes,
    "03.5": lambda ns: [
        (
            (1 / _partners_per_article(_network_year())).sort_values(ascending=False),
            "The ratio is upside down: strength ÷ international articles.",
        ),
        *[
            (_partners_per_article(y), f"That is the value for {y}; build the network for {_network_year()}.")
            for y in _other_years(_network_year())
        ],
        (
            _partners_per_article(_network_year(), plus=1.0),
            "Your strength includes the pseudo-partner 'World' (all international articles). Use the network from "
            "`pairs_to_graph`, which leaves the World out.",
        ),
    ],
    "03.6": lambda ns: [
        (
            _intra_table(_intra_oic(2003) / 100, _intra_oic(2022) / 100),
            "It looks like a fraction between 0 and 1; give a percentage (multiply by 100).",
        ),
        (_intra_table(_intra_oic(2022), _intra_oic(2003)), "The 2003 and 2022 columns seem swapped."),
        (
            _intra_table(_intra_oic(2003, "international"), _intra_oic(2022, "international")),
            "You divided by the number of international articles. Divide by the strength instead, so that numerator "
            "and denominator both count pairs.",
        ),
        # a class variant that keeps one class of members: the public edition's answer, with every member
        *(
            [(_intra_table(_intra_oic(2003, group=None), _intra_oic(2022, group=None)), _any_member_hint())]
            if _group()
            else []
        ),
    ],
    "03.7": _isolated_mistakes,
    "03.8": _broker_mistakes,
}


# =====================================================================================
# class variants
# =====================================================================================
#: Thresholds a class variant may cut the 2022 network at (kept only where `_cuts_for_variants` allows).
_CUTS = (1.5, 1.75, 2.25, 2.5, 2.75, 3)


def _count_years_for_variants() -> list[int]:
    """Years other than the public one in which every country of `co` has a fractional count."""
    t = _tables()
    co, pub = t["coauthorship"], t["publications"]
    n = co.loc[co["iso3"] != "WLD", "iso3"].nunique()
    years = sorted(set(co["year"]) & set(pub["year"]))
    return [int(y) for y in years if y != PARAMS["YEAR"] and len(_counting(int(y))) == n]


def _network_years_for_variants() -> list[int]:
    """The other years of the pair table (it has 2003 and 2022)."""
    return sorted(int(y) for y in set(_tables()["coauthorship_pairs"]["year"]) if y != PARAMS["NETWORK_YEAR"])


def _cuts_for_variants() -> list:
    """Thresholds at which 03.7 and 03.8 both have another answer than the public edition's, the top
    broker is clear (its betweenness at least 10% above the runner-up's), and the United States and
    China are left without partners (as the news report of 3.9 and the variant's model answer say)."""
    from coursekit.networks import centrality_table

    public_isolated = _isolated(_CUT_YEAR, "collaboration_index", PARAMS["CUT"])
    public_broker = _broker(_CUT_YEAR, "collaboration_index", PARAMS["CUT"])
    out = []
    for cut in _CUTS:
        isolated = _isolated(_CUT_YEAR, "collaboration_index", cut)
        ranked = centrality_table(_graph(_CUT_YEAR, "collaboration_index", cut))["betweenness"].sort_values(
            ascending=False
        )
        if (
            isolated
            and isolated != public_isolated
            and {"United States", "China"} <= set(isolated)
            and ranked.index[0] != public_broker
            and ranked.iloc[0] > 1.1 * ranked.iloc[1]
        ):
            out.append(int(cut) if float(cut).is_integer() else cut)
    return out


def variant_params(rng) -> dict:
    """03.3 on another year of the counts, 03.5 on the other year of the pair table, 03.7 and 03.8 on
    another index threshold (see `_cuts_for_variants`); 03.2's fractional counting shares an article
    equally between its countries (`FRACTIONAL_RULES`), and 03.6 counts only the partners of the same
    World Bank region or income group (`GROUPS`)."""
    years, network_years, cuts = _count_years_for_variants(), _network_years_for_variants(), _cuts_for_variants()
    out = {
        "YEAR": years[rng.randrange(len(years))],
        "NETWORK_YEAR": network_years[rng.randrange(len(network_years))],
        "CUT": cuts[rng.randrange(len(cuts))],
    }
    # 03.2: another standard rule of fractional counting; 03.6: only the other members of the same class
    rules = sorted(FRACTIONAL_RULES)
    rule = rules[rng.randrange(len(rules))]
    groups = sorted(GROUPS)
    group = groups[rng.randrange(len(groups))]
    out.update(
        {
            "FRACTIONAL": rule,
            "FRACTIONAL_TEXT": FRACTIONAL_RULES[rule],
            "EXAMPLE_CREDIT": _example_credit(rule),
            "GROUP": group,
            "GROUP_TEXT": GROUPS[group],
        }
    )
    return out


_NAME_KEPT = "the checks look for this name in every version of the exercise"

#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q3-2-question": [
        (
            "under fractional counting, for each article, the country's number of authors\n  divided by the article's "
            "number of authors (as NCSES does {footcite:p}`ncses2023publications`).",
            "under fractional counting, {FRACTIONAL_TEXT}\n  (NCSES instead shares an article in proportion to its "
            "authors {{footcite:p}}`ncses2023publications`).",
        ),
        ("under fractional counting, A should get 2.0.", "under fractional counting, A should get {EXAMPLE_CREDIT}."),
    ],
    "q3-2-answer": [  # (the rule of FRACTIONAL_RULES: each country on the article gets 1/k)
        (
            "            for country in authors:\n                credit[country] = credit.get(country, 0) + 1 / "
            "len(authors)",
            "            for country in set(authors):\n                credit[country] = credit.get(country, 0) + 1 / "
            "len(set(authors))",
        ),
    ],
    "q3-3-question": [
        (
            "Build a DataFrame `counting_2022` with one row for each country of `co` in **2022** (leave out the\nWorld)",
            "Build a DataFrame `counting_2022` (" + _NAME_KEPT + ")\nwith one row for each country of `co` in "
            "**{YEAR}** (leave out the World)",
        ),
    ],
    "q3-3-answer": [
        ('(co["year"] == 2022)', '(co["year"] == {YEAR})'),
        ('(pub["year"] == 2022)', '(pub["year"] == {YEAR})'),
    ],
    "q3-5-question": [
        (
            "## 3.5 Strength and partners per article, 2003 (code, 2 points)",
            "## 3.5 Strength and partners per article, {NETWORK_YEAR} (code, 2 points)",
        ),
        (
            "Do the same for **2003** and for every OIC member in the network.",
            "Do the same for **{NETWORK_YEAR}** and for every OIC member in the network.",
        ),
        (
            "Build a pandas Series `partners_per_article_2003`, labelled",
            "Build a pandas Series `partners_per_article_2003` (" + _NAME_KEPT + "),\nlabelled",
        ),
        (
            "its strength in the 2003 network (weighted by co-authored\narticles) divided by its number of "
            "internationally co-authored articles in 2003",
            "its strength in the {NETWORK_YEAR} network (weighted by co-authored\narticles) divided by its number of "
            "internationally co-authored articles in {NETWORK_YEAR}",
        ),
        ("Hint: `pairs_to_graph(pairs, 2003)`", "Hint: `pairs_to_graph(pairs, {NETWORK_YEAR})`"),
    ],
    "q3-5-answer": [  # G03 and members stay: 3.6's solution uses them
        (
            'strength_03 = centrality_table(G03)["strength"]',
            'strength_y = centrality_table(pairs_to_graph(pairs, {NETWORK_YEAR}))["strength"]',
        ),
        (
            'intl_03 = co[(co["attribute"] == "international") & (co["year"] == 2003)]',
            'intl_y = co[(co["attribute"] == "international") & (co["year"] == {NETWORK_YEAR})]',
        ),
        ("(strength_03[members] / intl_03[members])", "(strength_y[members] / intl_y[members])"),
    ],
    "q3-6-question": [
        ("countries is with *other OIC members*?", "countries is with *other OIC members of its own {GROUP_TEXT}*?"),
        (
            "that comes from edges to other OIC members.",
            'that comes from edges to other OIC members\nof the same {GROUP_TEXT}, as `oic["{GROUP}"]` classifies '
            "them (match on iso3; the same classification\nfor both years). A member with no such partner in the "
            "network has a share of 0.",
        ),
    ],
    "q3-6-answer": [
        (
            "def intra_share(G, members):",
            'group = oic.set_index("iso3")["{GROUP}"]   # each member\'s {GROUP_TEXT}\n\n\ndef intra_share(G, members):',
        ),
        (
            "if other in members)",
            'if other in members\n                     and group[G.nodes[other]["iso3"]] == group[G.nodes[country]["iso3"]])',
        ),
    ],
    "q3-7-question": [
        (
            "## 3.7 Cut the network at an index of 2 (code, 2 points)",
            "## 3.7 Cut the network at an index of {CUT} (code, 2 points)",
        ),
        ("keep only the pairs with an\nindex of at least 2.", "keep only the pairs with an\nindex of at least {CUT}."),
        (
            "Store their names in a list\n`isolated_at_2` (any order).",
            "Store their names in a list\n`isolated_at_2` (any order; " + _NAME_KEPT + ").",
        ),
    ],
    "q3-7-answer": [("min_weight=2)", "min_weight={CUT})")],
    "q3-8-question": [
        (
            "In the network you built in 3.7, which country",
            "In the network you built in 3.7 (the 2022 network cut at an index of {CUT}), which country",
        ),
        (
            "Store its\nname, as text, in `top_broker_at_2`.",
            "Store its\nname, as text, in `top_broker_at_2` (" + _NAME_KEPT + ").",
        ),
    ],
    "q3-9-answer": [
        ("only pairs with an index of at least 2 kept", "only pairs with an index of at least {CUT} kept"),
        ("Turkey comes out highest.", "The country of 3.8 comes out highest."),
        (
            "so large systems rarely\nreach 2: the United States and Canada are left with *no partner at all* (3.7)",
            "so large systems rarely\nreach {CUT}: the United States and China are left with *no partner at all* (3.7)",
        ),
        ("index weight, threshold of 2,", "index weight, threshold of {CUT},"),
    ],
}
