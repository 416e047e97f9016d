"""Checkers for exercise set 01, "Why nations collaborate in research".

Every expected value is computed from ``data/`` at check time.
"""

from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    PCT_TOL,
    Feedback,
    Stop,
    as_frame,
    matching_hint,
    multiple_choice_question,
    numbered,
    numeric,
    params,
    question,
    reject_number,
    require_sorted,
    shuffled,
    table,
    works_on,
)

#: The public edition's parameters (a class variant draws others: see `variant_params`): the two years
#: whose shares 01.3-01.5 compare, and the year of the whole-count ratio of 01.6.
PARAMS = {"FIRST_YEAR": 2003, "LAST_YEAR": 2022, "RATIO_YEAR": 2003}
#: The unit of 01.2's share in the public edition: a percentage (100 x international / total). A class
#: variant asks for another unit (its `SHARE_SCALE`, drawn in `variant_params`); 01.3-01.6 stay in percent,
#: so the variant's solution converts. It is not in `PARAMS`, whose values the committed key file records.
PUBLIC_SCALE = 100
#: The units a class variant may ask 01.2 for: the factor of international / total -> how the text names
#: the unit, and its range. (A fraction, 0 to 1, would be as natural, but the learner's self-check compares
#: the function's results to 0.05, too coarse a grid for numbers below 1.)
SCALES = {1000: ("per thousand", "‰, 0 to 1000")}
#: The years of the co-authorship table.
YEARS = range(2003, 2023)


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return table("coauthorship"), table("oic_members")


def _coauthorship() -> pd.DataFrame:
    """A fresh copy for the learner's function (so it cannot spoil our copy)."""
    return _tables()[0].copy()


@lru_cache(maxsize=1)
def _counts() -> pd.DataFrame:
    """Articles by (country, year) x attribute, as floats."""
    co = _tables()[0]
    wide = co.pivot_table(index=["country", "year"], columns="attribute", values="articles", aggfunc="sum")
    return wide.astype(float)


def _share(country: str, year: int, numerator: str = "international", denominator: str = "total") -> float:
    row = _counts().loc[(country, year)]
    return 100.0 * row[numerator] / row[denominator]


def _scale() -> int:
    """The factor of international / total that 01.2 asks for (the active variant's; 100 = a percentage)."""
    return int(params("01").get("SHARE_SCALE", PUBLIC_SCALE))


def _in_unit(percent: float) -> float:
    """A share given in percent, in the unit that 01.2 asks for (the active variant's)."""
    scale = _scale()
    return percent if scale == PUBLIC_SCALE else percent * scale / 100


def _unit_tol() -> float:
    """The tolerance of 01.2 in its unit: 0.05 percentage points."""
    return _in_unit(PCT_TOL)


def _unit() -> tuple[str, str]:
    """How 01.2's unit is named in a class variant, and its range, e.g. ("per thousand", "‰, 0 to 1000")."""
    return SCALES[_scale()]


def _to_percent_text(what: str = "it") -> str:
    """How *what*, in 01.2's unit (not a percentage), becomes a percentage, e.g. "divide it by 10"."""
    scale = _scale()
    return f"divide {what} by {scale // 100}" if scale > 100 else f"multiply {what} by {100 // scale}"


def _years() -> tuple[int, int]:
    """The two years that 01.3-01.5 compare (the active variant's)."""
    p = params("01")
    return int(p["FIRST_YEAR"]), int(p["LAST_YEAR"])


def _cols() -> tuple[str, str]:
    """The names of the two share columns of 01.3, e.g. ("share_2003", "share_2022")."""
    first, last = _years()
    return f"share_{first}", f"share_{last}"


def _ratio_year() -> int:
    """The year of the whole-count ratio of 01.6 (the active variant's)."""
    return int(params("01")["RATIO_YEAR"])


def _world() -> str:
    co = _tables()[0]
    return str(co.loc[co["iso3"] == "WLD", "country"].iloc[0])


def _oic_table() -> pd.DataFrame:
    """Expected answer to 01.3 (the active variant's years)."""
    return _oic_table_for(*_years())


@cache
def _oic_table_for(first: int, last: int) -> pd.DataFrame:
    """OIC members in the co-authorship table: their shares in *first* and *last*, and the change."""
    co, oic = _tables()
    members = co.loc[co["iso3"].isin(set(oic["iso3"])), ["country", "iso3"]].drop_duplicates()
    rows = []
    for country, iso3 in members.itertuples(index=False):
        a, b = _share(country, first), _share(country, last)
        rows.append(
            {"country": str(country), "iso3": str(iso3), f"share_{first}": a, f"share_{last}": b, "change": b - a}
        )
    return pd.DataFrame(rows).set_index("country").sort_values("change", ascending=False)


def _world_change(first: int | None = None, last: int | None = None) -> float:
    if first is None:
        first, last = _years()
    w = _world()
    return _share(w, last) - _share(w, first)


# =====================================================================================
# set 01: why nations collaborate in research
# =====================================================================================
@question("01.2", "international_share", "function")
def _grade_international_share(fn, fb: Feedback, thorough: bool) -> None:
    counts = _counts()
    world = _world()
    if thorough:
        df = shuffled(_coauthorship(), 20240501, offset=1000)
        years = sorted({2003, 2022, *_years(), _ratio_year()})
        cases = [(c, y) for c in sorted({c for c, _ in counts.index}) for y in years]
    else:
        df = None
        cases = [(world, 2003), (world, 2022), ("Saudi Arabia", 2022), ("Indonesia", 2010)]
    for country, year in cases:
        label = f"international_share(co, {country!r}, {year})"
        got = tk.number(tk.call(fn, label, df if df is not None else _coauthorship(), country, year), f"`{label}`")
        want = _in_unit(_share(country, year))
        if tk.close(got, want, _unit_tol()):
            continue
        hint = _diagnose_share(got, want, country, year)
        # thorough: does it only work on the rows in their original order?
        if df is not None and works_on(
            fn, (_coauthorship(), country, year), lambda v: tk.close(float(v), want, _unit_tol())
        ):
            hint = (
                "Your function depends on the order (or the index labels) of the rows. Select rows by "
                "their values (country, year, attribute), not by position."
            )
        raise Stop(f"For {country} in {year} your function returned {got:.4g}, which is not the share we expect.", hint)
    checked = (
        f"every country in the table, for {tk.and_list([str(y) for y in years])}, on shuffled rows"
        if thorough
        else ", ".join(f"{c} {y}" for c, y in cases)
    )
    fb.ok("It returns one number for each country and year.")
    shares = "percentages" if _scale() == PUBLIC_SCALE else f"shares {_unit()[0]}"
    fb.ok(f"The {shares} are right for {checked}.")


def _unit_hints() -> list[str]:
    """01.2's hints for a fraction (and, in a class variant, for the public edition's percentage)."""
    scale = _scale()
    if scale == PUBLIC_SCALE:
        return ["It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."]
    unit, span = _unit()
    return [
        f"It looks like a fraction between 0 and 1. Multiply by {scale} to get the share {unit}.",
        f"That is a percentage (0 to 100); this question asks for the share {unit} ({span}): multiply "
        f"international / total by {scale}, not by 100.",
    ]


def _diagnose_share(got: float, want: float, country: str, year: int) -> str:
    counts = _counts()
    world = _world()
    scale = _scale()
    fraction, *percentage = _unit_hints()
    candidates = [
        (want / scale, fraction),
        *[(100 * want / scale, hint) for hint in percentage],  # a class variant: the public edition's unit
        (
            _in_unit(_share(country, year, "domestic_only")),
            "That is the share of *domestic-only* articles; use the 'international' attribute.",
        ),
        (
            _in_unit(_share(country, year, "multiple_institutions")),
            "That is the share of articles with *multiple institutions*; use the 'international' attribute.",
        ),
        (
            scale * counts.loc[(country, year), "total"] / counts.loc[(country, year), "international"],
            f"You divided the wrong way round: international articles divided by total articles, times {scale}.",
        ),
        (
            scale * counts.loc[(country, year), "international"] / counts.loc[(world, year), "total"],
            "You divided by the world's total; divide by the country's own total instead.",
        ),
        (
            scale
            * counts.loc[(country, year), "international"]
            / (counts.loc[(country, year), "international"] + counts.loc[(country, year), "domestic_only"]),
            "Your denominator is international + domestic-only. Use the 'total' attribute: some articles have "
            "incomplete addresses and are in neither group.",
        ),
        (
            counts.loc[(country, year), "international"],
            f"That is the number of international articles; divide it by the total and multiply by {scale}.",
        ),
    ]
    tol = _unit_tol()
    hint = matching_hint(got, want, candidates, tol, rel=1e-6)
    if hint is not None:
        return hint
    for other in range(2003, 2023):
        if other != year and (country, other) in counts.index and tk.close(got, _in_unit(_share(country, other)), tol):
            return f"That is the value for {other}: check how you select the year."
    for other in sorted({c for c, _ in counts.index}):
        if other != country and tk.close(got, _in_unit(_share(other, year)), tol):
            return f"That is the value for {other}: check how you select the country."
    return (
        "Select the rows for this country and year, take the 'international' and 'total' articles, and "
        f"compute {scale} * international / total."
    )


@question("01.3", "oic_shares", "value")
def _grade_oic_shares(table, fb: Feedback, thorough: bool) -> None:
    want = _oic_table()
    co, oic = _tables()
    c1, c2 = _cols()
    df = as_frame(
        table,
        "`oic_shares`",
        [c1, c2, "change"],
        index="country",
        hint="Build a DataFrame, e.g. with `pd.DataFrame({...})`.",
    )
    fb.ok("It is a DataFrame.")
    missing_cols = [c for c in (c1, c2, "change") if c not in df.columns]
    if missing_cols:
        if {"year", "share"} <= set(df.columns) or "year" in df.columns:
            raise Stop(
                f"The columns {missing_cols} are missing; the table seems to be in long format "
                "(one row per country and year).",
                f"Make one row per country with the columns {c1}, {c2} and change (e.g. with `pivot`).",
            )
        raise Stop(
            f"The columns {', '.join(missing_cols)} are missing (the table has: "
            f"{', '.join(map(str, df.columns)) or 'no columns'}).",
            f"Name the columns exactly {c1}, {c2} and change.",
        )
    labels = [str(x) for x in df.index]
    if df.index.has_duplicates:
        dup = df.index[df.index.duplicated()][0]
        raise Stop(f"{dup} appears more than once.", "Each country should be one row.")
    expected = set(want.index)
    iso_of = dict(zip(want["iso3"], want.index))
    wb_names = dict(zip(oic["name"].astype(str), oic["iso3"].astype(str)))
    if labels and all(lab in iso_of for lab in labels):
        raise Stop(
            "The rows are labelled by ISO3 codes.",
            "Label each row by its NCSES country name, the `country` column of `co` (e.g. 'Turkey').",
        )
    if any(lab in wb_names and lab not in expected and wb_names[lab] in iso_of for lab in labels):
        lab = next(lab for lab in labels if lab in wb_names and lab not in expected and wb_names[lab] in iso_of)
        raise Stop(
            f"The row {lab!r} uses the World Bank name from `oic`.",
            f"Use the NCSES label from `co` instead (here {iso_of[wb_names[lab]]!r}): join on iso3 and "
            "keep `co`'s country column.",
        )
    if numbered(df.index):
        raise Stop(
            "The rows are numbered 0, 1, 2, ... instead of labelled by country.",
            "Make the country the index, e.g. `.set_index('country')`, or keep a `country` column.",
        )
    extra = [lab for lab in labels if lab not in expected]
    missing = sorted(expected - set(labels))
    if _world() in extra:
        raise Stop("The table includes the World row.", "The World is not an OIC member: keep only member states.")
    if extra:
        raise Stop(
            f"These rows are not OIC members in the table: {', '.join(extra[:5])}.",
            "Keep only countries whose iso3 code is in `oic['iso3']` (join or `isin` on iso3).",
        )
    if missing:
        raise Stop(
            f"{len(missing)} OIC member(s) of the table are missing, e.g. {missing[0]}.",
            "Match on the iso3 column (names differ between the two tables, e.g. Turkey/Türkiye).",
        )
    fb.ok(f"It has one row for each of the {len(expected)} OIC members in the co-authorship table.")
    got = df.loc[list(want.index), [c1, c2, "change"]]
    first, last = _years()
    for col in (c1, c2, "change"):
        values = numeric(got[col], f"The {col} value for {{}} is missing or not a number.")
        for country in want.index:
            g, w = values[country], want.loc[country, col]
            if tk.close(g, w):
                continue
            hint = "Use your `international_share` function for each country and year."
            unconverted = _scale() != PUBLIC_SCALE and tk.close(g, _in_unit(w))  # a class variant's unit
            if col == "change":
                if unconverted:
                    hint = _unconverted_hint()
                elif tk.close(g, -w):
                    hint = f"The change has the wrong sign: compute {c2} − {c1}."
                elif tk.close(g, want.loc[country, c2] / want.loc[country, c1]):
                    hint = f"That is a ratio; the change is a difference in percentage points: {c2} − {c1}."
                else:
                    hint = f"The change is {c2} − {c1}, in percentage points."
            elif tk.close(g, w / 100):
                hint = "It looks like a fraction between 0 and 1; percentages run from 0 to 100."
            elif unconverted:
                hint = _unconverted_hint()
            elif col == c1 and tk.close(g, want.loc[country, c2]) or col == c2 and tk.close(g, want.loc[country, c1]):
                hint = f"The {first} and {last} columns seem swapped."
            raise Stop(f"{col} for {country} is {g:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")
    require_sorted(df, "change")
    fb.ok("It is sorted by change, largest increase first.")


def _unconverted_hint() -> str:
    """01.3 in a class variant whose 01.2 is not in percent: the function's values were not converted."""
    return (
        f"These look like your function's values {_unit()[0]}; the columns of this table are in percent "
        f"(and the change in percentage points): {_to_percent_text('each value')}."
    )


@question("01.4", "largest_relative_increase", "value")
def _grade_largest_relative_increase(answer, fb: Feedback, thorough: bool) -> None:
    want = _oic_table()
    c1, c2 = _cols()
    first, last = _years()
    factor = want[c2] / want[c1]
    name = tk.text(answer, "`largest_relative_increase`")
    best = str(factor.idxmax())
    fb.ok("It is a country name (text).")
    if name.casefold() == best.casefold():
        fb.ok(f"It is the OIC member whose international share grew by the largest factor from {first} to {last}.")
        return
    iso = dict(zip(want["iso3"].str.casefold(), want.index))
    if name.casefold() in iso:
        if iso[name.casefold()] == best:
            raise Stop(f"{name!r} is an ISO3 code.", "Give the country's name as written in `co['country']`.")
        raise Stop(
            f"{name!r} is an ISO3 code, and not of the right country.",
            "Give the country's name as written in `co['country']`.",
        )
    labels = {str(c).casefold(): str(c) for c in want.index}
    if name.casefold() not in labels:
        raise Stop(
            f"{name!r} is not one of the OIC members in the table.",
            "Use a name from `oic_shares.index`, spelled as in `co['country']`.",
        )
    chosen = labels[name.casefold()]
    if chosen == str(want["change"].idxmax()):
        raise Stop(
            f"{chosen} has the largest increase in percentage points, but not the largest relative one.",
            f"Divide {c2} by {c1} for each member and take the largest.",
        )
    if chosen == str(want[c2].idxmax()):
        raise Stop(
            f"{chosen} has the highest share in {last}, which is not the same as the largest growth.",
            f"Compare {c2} / {c1} for each member.",
        )
    if chosen == str(factor.idxmin()):
        raise Stop(f"{chosen} has the smallest factor, not the largest.", "Take the maximum, not the minimum.")
    raise Stop(
        f"{chosen} is not the member whose share grew by the largest factor.",
        f"Compute {c2} / {c1} for each row of `oic_shares` and use `.idxmax()`.",
    )


def _count_alternatives() -> tuple[int, list]:
    """The expected answer to 01.5 and the results of its typical mistakes, each with its hint."""
    want_tab = _oic_table()
    first, last = _years()
    world_change = _world_change()
    expected = int((want_tab["change"] > world_change).sum())
    alternatives = [
        (
            len(want_tab),
            "That is every OIC member in the table; count only those whose change is larger than the World's change.",
        ),
        (
            int((want_tab["change"] > 0).sum()),
            "You counted members whose share rose at all; compare each change with the World's change instead.",
        ),
        (int((want_tab["change"] < world_change).sum()), "Your comparison is the wrong way round."),
        (
            int((want_tab[f"share_{last}"] > _share(_world(), last)).sum()),
            f"You compared the {last} shares; the question compares the *changes* {first}→{last}.",
        ),
    ]
    if _scale() != PUBLIC_SCALE:  # a class variant: the World's change straight from the function, not converted
        alternatives.append(
            (
                int((want_tab["change"] > _in_unit(world_change)).sum()),
                f"Your World change seems to be {_unit()[0]}, as your function gives it; "
                f"{_to_percent_text()} to get percentage points before you compare it with "
                "`oic_shares['change']`.",
            )
        )
    return expected, alternatives


@question("01.5", "n_faster_than_world", "value")
def _grade_n_faster(answer, fb: Feedback, thorough: bool) -> None:
    expected, alternatives = _count_alternatives()
    n = tk.count(answer, "`n_faster_than_world`")
    fb.ok("It is a whole number.")
    if n == expected:
        fb.ok("It is the number of OIC members whose share rose by more percentage points than the world's.")
        return
    reject_number(
        n,
        expected,
        alternatives,
        f"{n} is not the right count.",
        "Compute the World's change with `international_share`, then count the rows of `oic_shares` "
        "whose change is larger.",
        tol=0,
    )


def _ratio(year: int, attribute: str = "international") -> float:
    """The sum of the countries' *attribute* articles in *year* divided by the World's."""
    at_year = _counts().xs(year, level="year")
    world = _world()
    return float(at_year.drop(index=world)[attribute].sum() / at_year.loc[world, attribute])


def _ratio_alternatives() -> tuple[float, list]:
    """The expected answer to 01.6 and the results of its typical mistakes, each with its hint."""
    year = _ratio_year()
    expected = _ratio(year)
    alternatives = [
        (1 / expected, "You divided the wrong way round: sum over the countries ÷ the World's count."),
        (expected + 1, "Your sum includes the World row itself; add up only the countries."),
        (100 * expected, "Give a ratio (e.g. 1.5), not a percentage."),
        (_ratio(year, "total"), "You used all articles ('total'); the question is about 'international' articles."),
    ]
    # the other end of the table's years, and the public edition's year (a class variant's typical mistake)
    for other in dict.fromkeys((2022 if year != 2022 else 2003, PARAMS["RATIO_YEAR"])):
        if other != year:
            alternatives.append((_ratio(other), f"That is the ratio for {other}; the question asks about {year}."))
    return expected, alternatives


@question("01.6", "whole_count_ratio", "value")
def _grade_whole_count_ratio(answer, fb: Feedback, thorough: bool) -> None:
    year = _ratio_year()
    expected, alternatives = _ratio_alternatives()
    got = tk.number(answer, "`whole_count_ratio`")
    fb.ok("It is a number.")
    if tk.close(got, expected, 0.005):
        fb.ok(f"It is the sum of the countries' international articles divided by the world's ({year}).")
        return
    reject_number(
        got,
        expected,
        alternatives,
        f"{got:.4g} is not the expected ratio.",
        f"Keep the {year} 'international' rows, add up all countries except the World, and divide "
        "by the World's number.",
        tol=0.005,
        fallback_message=f"{got:.4g} is not the expected ratio (checked to 2 decimal places).",
    )


_MC_01_7 = {
    "a": "Not this one: leaving countries out of the table makes the sum smaller, not larger.",
    "b": "Yes: under whole counting an article with authors in k countries counts once for each of them, "
    "but only once in the world total.",
    "c": "Not this one: articles with incomplete addresses are in neither the domestic nor the international "
    "group, so they cannot push the sum up.",
    "d": "Not this one: revisions would change both the countries' and the world's figures; they do not explain "
    "a sum twice as large.",
}


multiple_choice_question(
    "01.7",
    _MC_01_7,
    "b",
    "Think about how one article with authors in two countries is counted for each country and for the world.",
)


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _attr(df: pd.DataFrame, country: str, year: int, attribute: str) -> float:
    rows = df[(df["country"] == country) & (df["year"] == year) & (df["attribute"] == attribute)]
    return float(rows["articles"].sum())


def _df_world(df: pd.DataFrame) -> str:
    return str(df.loc[df["iso3"] == "WLD", "country"].iloc[0])


def _share_mistakes(ns):
    """The wrong functions behind each hint of :func:`_diagnose_share`, in the same order."""
    a = _attr
    k = _scale()
    fraction, *percentage = _unit_hints()
    out = [
        (lambda df, c, y: _share_in(df, c, y) / k, fraction),
        *[(lambda df, c, y: _share_in(df, c, y, 100), hint) for hint in percentage],  # the public edition's unit
        (
            lambda df, c, y: k * a(df, c, y, "domestic_only") / a(df, c, y, "total"),
            "That is the share of *domestic-only* articles; use the 'international' attribute.",
        ),
        (
            lambda df, c, y: k * a(df, c, y, "multiple_institutions") / a(df, c, y, "total"),
            "That is the share of articles with *multiple institutions*; use the 'international' attribute.",
        ),
        (
            lambda df, c, y: k * a(df, c, y, "total") / a(df, c, y, "international"),
            f"You divided the wrong way round: international articles divided by total articles, times {k}.",
        ),
        (
            lambda df, c, y: k * a(df, c, y, "international") / a(df, _df_world(df), y, "total"),
            "You divided by the world's total; divide by the country's own total instead.",
        ),
        (
            lambda df, c, y: (
                k * a(df, c, y, "international") / (a(df, c, y, "international") + a(df, c, y, "domestic_only"))
            ),
            "Your denominator is international + domestic-only. Use the 'total' attribute: some articles have "
            "incomplete addresses and are in neither group.",
        ),
        (
            lambda df, c, y: a(df, c, y, "international"),
            f"That is the number of international articles; divide it by the total and multiply by {k}.",
        ),
    ]
    counts = _counts()
    for other in range(2003, 2023):
        out.append(
            (
                lambda df, c, y, other=other: _share_in(df, c, other),
                f"That is the value for {other}: check how you select the year.",
            )
        )
    for other in sorted({c for c, _ in counts.index}):
        out.append(
            (
                lambda df, c, y, other=other: _share_in(df, other, y),
                f"That is the value for {other}: check how you select the country.",
            )
        )
    return out


def _share_in(df: pd.DataFrame, country: str, year: int, scale: int | None = None) -> float:
    """*country*'s international share in *year*, in the unit of 01.2 (or times *scale*)."""
    scale = _scale() if scale is None else scale
    return scale * _attr(df, country, year, "international") / _attr(df, country, year, "total")


def _table_mistakes(ns):
    """Wrong tables behind the hints of the value checks of 01.3 (each sorted by its own change)."""
    c1, c2 = _cols()
    first, last = _years()
    right = _oic_table()[[c1, c2, "change"]]

    def table(a, b, change):
        t = pd.DataFrame({c1: a, c2: b, "change": change}, index=right.index)
        return t.sort_values("change", ascending=False)

    a, b, ch = right[c1], right[c2], right["change"]
    return [
        (table(a / 100, b / 100, ch / 100), "It looks like a fraction between 0 and 1; percentages run from 0 to 100."),
        (table(b, a, ch), f"The {first} and {last} columns seem swapped."),
        (table(b, a, -ch), f"The {first} and {last} columns seem swapped."),
        (table(a, b, -ch), f"The change has the wrong sign: compute {c2} − {c1}."),
        (table(a, b, b / a), f"That is a ratio; the change is a difference in percentage points: {c2} − {c1}."),
        (
            _world_bank_named(right),
            [
                "A row uses the World Bank name from `oic`.",
                "Use the NCSES label from `co` instead: join on iso3 and keep `co`'s country column.",
            ],
        ),
        # a class variant whose 01.2 is not in percent: the function's values, not converted
        *([(table(_in_unit(a), _in_unit(b), _in_unit(ch)), _unconverted_hint())] if _scale() != PUBLIC_SCALE else []),
    ]


def _world_bank_named(table: pd.DataFrame) -> pd.DataFrame:
    """*table* with each row labelled by the member's name in `oic` (the World Bank's), not in `co`."""
    want = _oic_table()
    _, oic = _tables()
    wb_name = dict(zip(oic["iso3"].astype(str), oic["name"].astype(str)))
    out = table.rename(index={c: wb_name[iso3] for c, iso3 in zip(want.index, want["iso3"])})
    out.index.name = "country"
    return out


def _relative_mistakes(ns):
    """Wrong answers to 01.4: an ISO3 code, the member that leads by another measure, any other member."""
    want = _oic_table()
    c1, c2 = _cols()
    last = _years()[1]
    factor = want[c2] / want[c1]
    best = str(factor.idxmax())
    out = [
        (str(code), ["That is an ISO3 code.", "Give the country's name as written in `co['country']`."])
        for code in want["iso3"]
    ]
    by_other_measure = [
        (
            want["change"].idxmax(),
            "That member has the largest increase in percentage points, but not the "
            f"largest relative one. Divide {c2} by {c1} for each member and "
            "take the largest.",
        ),
        (
            want[c2].idxmax(),
            f"That member has the highest share in {last}, which is not the same as the "
            f"largest growth. Compare {c2} / {c1} for each member.",
        ),
        (factor.idxmin(), "That member has the smallest factor, not the largest. Take the maximum, not the minimum."),
    ]
    out += [(str(name), hint) for name, hint in by_other_measure if str(name) != best]
    out += [
        (
            str(name),
            f"That member's share did not grow by the largest factor. Compute {c2} / {c1} "
            "for each row of `oic_shares` and use `.idxmax()`.",
        )
        for name in want.index
        if str(name) != best
    ]
    return out


def _count_mistakes(ns):
    expected, alternatives = _count_alternatives()
    return [(n, hint) for n, hint in alternatives if n != expected]


def _ratio_mistakes(ns):
    expected, alternatives = _ratio_alternatives()
    # beyond the self-check's tolerance window (1.5 x 0.005), so that each one fails it as it fails the grader
    return [(float(v), hint) for v, hint in alternatives if abs(v - expected) > 0.0075]


MISTAKES = {
    "01.2": _share_mistakes,
    "01.3": _table_mistakes,
    "01.4": _relative_mistakes,
    "01.5": _count_mistakes,
    "01.6": _ratio_mistakes,
}


# =====================================================================================
# class variants: the same questions on other years (see graders.variants)
# =====================================================================================
def _largest_factor(first: int, last: int) -> str:
    t = _oic_table_for(first, last)
    return str((t[f"share_{last}"] / t[f"share_{first}"]).idxmax())


def _n_faster(first: int, last: int) -> int:
    return int((_oic_table_for(first, last)["change"] > _world_change(first, last)).sum())


def variant_params(rng) -> dict:
    """01.3-01.5 compare another pair of the table's years, at least ten years apart, chosen so that the
    answers of 01.4 and 01.5 differ from the public edition's too; 01.6 takes another year; 01.2 asks for
    the share in another unit (see `SCALES`), which 01.3 and 01.5 convert to percent."""
    public = PARAMS["FIRST_YEAR"], PARAMS["LAST_YEAR"]
    best, n = _largest_factor(*public), _n_faster(*public)
    pairs = [
        (a, b)
        for a in YEARS
        for b in YEARS
        if b - a >= 10 and (a, b) != public and _largest_factor(a, b) != best and _n_faster(a, b) != n
    ]
    first, last = pairs[rng.randrange(len(pairs))]
    # beyond the self-check's window around the public ratio (1.5 x 0.005), so the public answer fails
    ratio_years = [y for y in YEARS if abs(_ratio(y) - _ratio(PARAMS["RATIO_YEAR"])) > 0.0075]
    ratio_year = ratio_years[rng.randrange(len(ratio_years))]
    # 01.2 in another unit than the percentage (01.3-01.5 stay in percent: the solution converts)
    scale = sorted(SCALES)[rng.randrange(len(SCALES))]
    unit, span = SCALES[scale]
    return {
        "FIRST_YEAR": first,
        "LAST_YEAR": last,
        "RATIO_YEAR": ratio_year,
        "SHARE_SCALE": scale,
        "SHARE_UNIT": unit,
        "SHARE_RANGE": span,
        "TO_PERCENT": f" / {scale // 100}" if scale > 100 else f" * {100 // scale}",
        "TO_PERCENT_TEXT": f"divide it by {scale // 100}" if scale > 100 else f"multiply it by {100 // scale}",
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "intro": [
        (
            "| 1.3–1.5 | 3. How the share changed from 2003 to 2022 |",
            "| 1.3–1.5 | 3. How the share changed from {FIRST_YEAR} to {LAST_YEAR} |",
        ),
    ],
    "q1-2-question": [
        ("returns the **percentage** (0 to 100)", "returns the share **{SHARE_UNIT}** ({SHARE_RANGE})"),
        ("= 100 \\times", "= {SHARE_SCALE} \\times"),
        (
            "- Return one number, not a Series:",
            "- Later questions work in percent: there you convert the results of your function.\n"
            "- Return one number, not a Series:",
        ),
    ],
    "q1-2-answer": [
        ('"""Percentage of', '"""Share {SHARE_UNIT} of'),
        ("return 100 * articles", "return {SHARE_SCALE} * articles"),
    ],
    "q1-3-question": [
        ("## 1.3 OIC members in 2003 and 2022", "## 1.3 OIC members in {FIRST_YEAR} and {LAST_YEAR}"),
        ("- columns `share_2003` and `share_2022`:", "- columns `share_{FIRST_YEAR}` and `share_{LAST_YEAR}`:"),
        (
            "- column `change`: `share_2022 - share_2003`,",
            "- column `change`: `share_{LAST_YEAR} - share_{FIRST_YEAR}`,",
        ),
        (
            "in percent (use your\n  function);",
            "in percent (use your\n  function, whose result is {SHARE_UNIT}: {TO_PERCENT_TEXT});",
        ),
    ],
    "q1-3-answer": [
        (
            '"share_2003": [international_share(co, c, 2003) for c in members]',
            '"share_{FIRST_YEAR}": [international_share(co, c, {FIRST_YEAR}){TO_PERCENT} for c in members]',
        ),
        (
            '"share_2022": [international_share(co, c, 2022) for c in members]',
            '"share_{LAST_YEAR}": [international_share(co, c, {LAST_YEAR}){TO_PERCENT} for c in members]',
        ),
        (
            'oic_shares["change"] = oic_shares["share_2022"] - oic_shares["share_2003"]',
            'oic_shares["change"] = oic_shares["share_{LAST_YEAR}"] - oic_shares["share_{FIRST_YEAR}"]',
        ),
    ],
    "q1-4-question": [
        ("`share_2022 / share_2003`", "`share_{LAST_YEAR} / share_{FIRST_YEAR}`"),
    ],
    "q1-4-answer": [
        (
            'factor = oic_shares["share_2022"] / oic_shares["share_2003"]',
            'factor = oic_shares["share_{LAST_YEAR}"] / oic_shares["share_{FIRST_YEAR}"]',
        ),
    ],
    "q1-5-question": [
        ("between 2003 and 2022", "between {FIRST_YEAR} and {LAST_YEAR}"),
        (
            "percentage points. How\nmany of",
            "percentage points\n(your function gives the shares {SHARE_UNIT}: convert them, as in 1.3). How many of",
        ),
    ],
    "q1-5-answer": [
        (
            'international_share(co, "World", 2022) - international_share(co, "World", 2003)',
            '(international_share(co, "World", {LAST_YEAR}) - international_share(co, "World", {FIRST_YEAR}))'
            "{TO_PERCENT}",
        ),
    ],
    "q1-6-question": [
        ('(attribute `"international"`) of **2003**', '(attribute `"international"`) of **{RATIO_YEAR}**'),
    ],
    "q1-6-answer": [
        ("intl_2003", "intl_{RATIO_YEAR}"),
        ('co["year"] == 2003', 'co["year"] == {RATIO_YEAR}'),
    ],
}
