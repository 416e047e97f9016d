"""Checkers for exercise set 01, "Why nations collaborate in research".

Every expected value is computed from ``data/`` at check time.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ._core import (_call, _close, _count, _Feedback, _number, _question, _Stop, _text, as_frame, matching_hint,
                    multiple_choice_question, numbered, numeric, reject_number, require_sorted, shuffled, works_on)

# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    from coursekit.data import load

    return load("coauthorship"), load("oic_members")


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


def _world() -> str:
    co = _tables()[0]
    return str(co.loc[co["iso3"] == "WLD", "country"].iloc[0])


@lru_cache(maxsize=1)
def _oic_table() -> pd.DataFrame:
    """Expected answer to 01.3: OIC members in the co-authorship table, shares 2003/2022, change."""
    co, oic = _tables()
    members = co.loc[co["iso3"].isin(set(oic["iso3"])), ["country", "iso3"]].drop_duplicates()
    rows = []
    for country, iso3 in members.itertuples(index=False):
        s03, s22 = _share(country, 2003), _share(country, 2022)
        rows.append({"country": str(country), "iso3": str(iso3), "share_2003": s03, "share_2022": s22,
                     "change": s22 - s03})
    return pd.DataFrame(rows).set_index("country").sort_values("change", ascending=False)


def _world_change() -> float:
    w = _world()
    return _share(w, 2022) - _share(w, 2003)


# =====================================================================================
# set 01: why nations collaborate in research
# =====================================================================================
@_question("01.2", "international_share", "function")
def _grade_international_share(fn, fb: _Feedback, thorough: bool) -> None:
    counts = _counts()
    world = _world()
    if thorough:
        df = shuffled(_coauthorship(), 20240501, offset=1000)
        cases = [(c, y) for c in sorted({c for c, _ in counts.index}) for y in (2003, 2022)]
    else:
        df = None
        cases = [(world, 2003), (world, 2022), ("Saudi Arabia", 2022), ("Indonesia", 2010)]
    for country, year in cases:
        label = f"international_share(co, {country!r}, {year})"
        got = _number(_call(fn, label, df if df is not None else _coauthorship(), country, year),
                      f"`{label}`")
        want = _share(country, year)
        if _close(got, want):
            continue
        hint = _diagnose_share(got, want, country, year)
        # thorough: does it only work on the rows in their original order?
        if df is not None and works_on(fn, (_coauthorship(), country, year), lambda v: _close(float(v), want)):
            hint = ("Your function depends on the order (or the index labels) of the rows. Select rows by "
                    "their values (country, year, attribute), not by position.")
        raise _Stop(f"For {country} in {year} your function returned {got:.4g}, which is not the share we expect.",
                    hint)
    checked = "every country in the table, for 2003 and 2022, on shuffled rows" if thorough else \
        ", ".join(f"{c} {y}" for c, y in cases)
    fb.ok("It returns one number for each country and year.")
    fb.ok(f"The percentages are right for {checked}.")


def _diagnose_share(got: float, want: float, country: str, year: int) -> str:
    counts = _counts()
    world = _world()
    candidates = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (_share(country, year, "domestic_only"), "That is the share of *domestic-only* articles; use the "
                                                 "'international' attribute."),
        (_share(country, year, "multiple_institutions"), "That is the share of articles with *multiple "
                                                         "institutions*; use the 'international' attribute."),
        (100 * counts.loc[(country, year), "total"] / counts.loc[(country, year), "international"],
         "You divided the wrong way round: international articles divided by total articles, times 100."),
        (100 * counts.loc[(country, year), "international"] / counts.loc[(world, year), "total"],
         "You divided by the world's total; divide by the country's own total instead."),
        (100 * counts.loc[(country, year), "international"]
         / (counts.loc[(country, year), "international"] + counts.loc[(country, year), "domestic_only"]),
         "Your denominator is international + domestic-only. Use the 'total' attribute: some articles have "
         "incomplete addresses and are in neither group."),
        (counts.loc[(country, year), "international"], "That is the number of international articles; divide it "
                                                       "by the total and multiply by 100."),
    ]
    hint = matching_hint(got, want, candidates, rel=1e-6)
    if hint is not None:
        return hint
    for other in range(2003, 2023):
        if other != year and (country, other) in counts.index and _close(got, _share(country, other)):
            return f"That is the value for {other}: check how you select the year."
    for other in sorted({c for c, _ in counts.index}):
        if other != country and _close(got, _share(other, year)):
            return f"That is the value for {other}: check how you select the country."
    return ("Select the rows for this country and year, take the 'international' and 'total' articles, and "
            "compute 100 * international / total.")


@_question("01.3", "oic_shares", "value")
def _grade_oic_shares(table, fb: _Feedback, thorough: bool) -> None:
    want = _oic_table()
    co, oic = _tables()
    df = as_frame(table, "`oic_shares`", ["share_2003", "share_2022", "change"], index="country",
                  hint="Build a DataFrame, e.g. with `pd.DataFrame({...})`.")
    fb.ok("It is a DataFrame.")
    missing_cols = [c for c in ("share_2003", "share_2022", "change") if c not in df.columns]
    if missing_cols:
        if {"year", "share"} <= set(df.columns) or "year" in df.columns:
            raise _Stop(f"The columns {missing_cols} are missing; the table seems to be in long format "
                        "(one row per country and year).",
                        "Make one row per country with the columns share_2003, share_2022 and change "
                        "(e.g. with `pivot`).")
        raise _Stop(f"The columns {', '.join(missing_cols)} are missing (the table has: "
                    f"{', '.join(map(str, df.columns)) or 'no columns'}).",
                    "Name the columns exactly share_2003, share_2022 and change.")
    labels = [str(x) for x in df.index]
    if df.index.has_duplicates:
        dup = df.index[df.index.duplicated()][0]
        raise _Stop(f"{dup} appears more than once.", "Each country should be one row.")
    expected = set(want.index)
    iso_of = dict(zip(want["iso3"], want.index))
    wb_names = dict(zip(oic["name"].astype(str), oic["iso3"].astype(str)))
    if labels and all(lab in iso_of for lab in labels):
        raise _Stop("The rows are labelled by ISO3 codes.",
                    "Label each row by its NCSES country name, the `country` column of `co` (e.g. 'Turkey').")
    if any(lab in wb_names and lab not in expected and wb_names[lab] in iso_of for lab in labels):
        lab = next(lab for lab in labels if lab in wb_names and lab not in expected and wb_names[lab] in iso_of)
        raise _Stop(f"The row {lab!r} uses the World Bank name from `oic`.",
                    f"Use the NCSES label from `co` instead (here {iso_of[wb_names[lab]]!r}): join on iso3 and "
                    "keep `co`'s country column.")
    if numbered(df.index):
        raise _Stop("The rows are numbered 0, 1, 2, ... instead of labelled by country.",
                    "Make the country the index, e.g. `.set_index('country')`, or keep a `country` column.")
    extra = [lab for lab in labels if lab not in expected]
    missing = sorted(expected - set(labels))
    if _world() in extra:
        raise _Stop("The table includes the World row.", "The World is not an OIC member: keep only member states.")
    if extra:
        raise _Stop(f"These rows are not OIC members in the table: {', '.join(extra[:5])}.",
                    "Keep only countries whose iso3 code is in `oic['iso3']` (join or `isin` on iso3).")
    if missing:
        raise _Stop(f"{len(missing)} OIC member(s) of the table are missing, e.g. {missing[0]}.",
                    "Match on the iso3 column (names differ between the two tables, e.g. Turkey/Türkiye).")
    fb.ok(f"It has one row for each of the {len(expected)} OIC members in the co-authorship table.")
    got = df.loc[list(want.index), ["share_2003", "share_2022", "change"]]
    for col in ("share_2003", "share_2022", "change"):
        values = numeric(got[col], f"The {col} value for {{}} is missing or not a number.")
        for country in want.index:
            g, w = values[country], want.loc[country, col]
            if _close(g, w):
                continue
            hint = "Use your `international_share` function for each country and year."
            if col == "change":
                if _close(g, -w):
                    hint = "The change has the wrong sign: compute share_2022 − share_2003."
                elif _close(g, want.loc[country, "share_2022"] / want.loc[country, "share_2003"]):
                    hint = "That is a ratio; the change is a difference in percentage points: share_2022 − share_2003."
                else:
                    hint = "The change is share_2022 − share_2003, in percentage points."
            elif _close(g, w / 100):
                hint = "It looks like a fraction between 0 and 1; percentages run from 0 to 100."
            elif col == "share_2003" and _close(g, want.loc[country, "share_2022"]) or \
                    col == "share_2022" and _close(g, want.loc[country, "share_2003"]):
                hint = "The 2003 and 2022 columns seem swapped."
            raise _Stop(f"{col} for {country} is {g:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")
    require_sorted(df, "change")
    fb.ok("It is sorted by change, largest increase first.")


@_question("01.4", "largest_relative_increase", "value")
def _grade_largest_relative_increase(answer, fb: _Feedback, thorough: bool) -> None:
    want = _oic_table()
    factor = want["share_2022"] / want["share_2003"]
    name = _text(answer, "`largest_relative_increase`")
    best = str(factor.idxmax())
    fb.ok("It is a country name (text).")
    if name.casefold() == best.casefold():
        fb.ok("It is the OIC member whose international share grew by the largest factor from 2003 to 2022.")
        return
    iso = dict(zip(want["iso3"].str.casefold(), want.index))
    if name.casefold() in iso:
        if iso[name.casefold()] == best:
            raise _Stop(f"{name!r} is an ISO3 code.", "Give the country's name as written in `co['country']`.")
        raise _Stop(f"{name!r} is an ISO3 code, and not of the right country.",
                    "Give the country's name as written in `co['country']`.")
    labels = {str(c).casefold(): str(c) for c in want.index}
    if name.casefold() not in labels:
        raise _Stop(f"{name!r} is not one of the OIC members in the table.",
                    "Use a name from `oic_shares.index`, spelled as in `co['country']`.")
    chosen = labels[name.casefold()]
    if chosen == str(want["change"].idxmax()):
        raise _Stop(f"{chosen} has the largest increase in percentage points, but not the largest relative one.",
                    "Divide share_2022 by share_2003 for each member and take the largest.")
    if chosen == str(want["share_2022"].idxmax()):
        raise _Stop(f"{chosen} has the highest share in 2022, which is not the same as the largest growth.",
                    "Compare share_2022 / share_2003 for each member.")
    if chosen == str(factor.idxmin()):
        raise _Stop(f"{chosen} has the smallest factor, not the largest.", "Take the maximum, not the minimum.")
    raise _Stop(f"{chosen} is not the member whose share grew by the largest factor.",
                "Compute share_2022 / share_2003 for each row of `oic_shares` and use `.idxmax()`.")


@_question("01.5", "n_faster_than_world", "value")
def _grade_n_faster(answer, fb: _Feedback, thorough: bool) -> None:
    want_tab = _oic_table()
    world_change = _world_change()
    n = _count(answer, "`n_faster_than_world`")
    fb.ok("It is a whole number.")
    expected = int((want_tab["change"] > world_change).sum())
    if n == expected:
        fb.ok("It is the number of OIC members whose share rose by more percentage points than the world's.")
        return
    alternatives = [
        (len(want_tab), "That is every OIC member in the table; count only those whose change is larger than "
                        "the World's change."),
        (int((want_tab["change"] > 0).sum()), "You counted members whose share rose at all; compare each change "
                                              "with the World's change instead."),
        (int((want_tab["change"] < world_change).sum()), "Your comparison is the wrong way round."),
        (int((want_tab["share_2022"] > _share(_world(), 2022)).sum()),
         "You compared the 2022 shares; the question compares the *changes* 2003→2022."),
    ]
    reject_number(n, expected, alternatives, f"{n} is not the right count.",
                  "Compute the World's change with `international_share`, then count the rows of `oic_shares` "
                  "whose change is larger.", tol=0)


@_question("01.6", "whole_count_ratio", "value")
def _grade_whole_count_ratio(answer, fb: _Feedback, thorough: bool) -> None:
    counts = _counts()
    world = _world()
    year, other_year = 2003, 2022
    at_year = counts.xs(year, level="year")
    countries = at_year.drop(index=world)
    expected = countries["international"].sum() / at_year.loc[world, "international"]
    got = _number(answer, "`whole_count_ratio`")
    fb.ok("It is a number.")
    if _close(got, expected, 0.005):
        fb.ok(f"It is the sum of the countries' international articles divided by the world's ({year}).")
        return
    w_other = counts.xs(other_year, level="year")
    alternatives = [
        (1 / expected, "You divided the wrong way round: sum over the countries ÷ the World's count."),
        (expected + 1, "Your sum includes the World row itself; add up only the countries."),
        (100 * expected, "Give a ratio (e.g. 1.5), not a percentage."),
        (countries["total"].sum() / at_year.loc[world, "total"],
         "You used all articles ('total'); the question is about 'international' articles."),
        (w_other.drop(index=world)["international"].sum() / w_other.loc[world, "international"],
         f"That is the ratio for {other_year}; the question asks about {year}."),
    ]
    reject_number(got, expected, alternatives, f"{got:.4g} is not the expected ratio.",
                  f"Keep the {year} 'international' rows, add up all countries except the World, and divide "
                  "by the World's number.", tol=0.005,
                  fallback_message=f"{got:.4g} is not the expected ratio (checked to 2 decimal places).")


_MC_01_7 = {
    "a": "Not this one: leaving countries out of the table makes the sum smaller, not larger.",
    "b": "Yes: under whole counting an article with authors in k countries counts once for each of them, "
         "but only once in the world total.",
    "c": "Not this one: articles with incomplete addresses are in neither the domestic nor the international "
         "group, so they cannot push the sum up.",
    "d": "Not this one: revisions would change both the countries' and the world's figures; they do not explain "
         "a sum twice as large.",
}


multiple_choice_question("01.7", _MC_01_7, "b",
                         "Think about how one article with authors in two countries is counted for each country and "
                         "for the world.")
