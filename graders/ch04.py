"""Checkers for exercise set 04, "Collaboration in practice: medicine, technology, environment".

Every expected value is computed from ``data/`` at check time.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    PCT_TOL,
    Feedback,
    Stop,
    matching_hint,
    multiple_choice_question,
    numbered,
    params,
    per_data,
    question,
    require_columns,
    shuffled,
    table,
)

FOCUS = ("Saudi Arabia", "Iran", "Egypt", "Turkey")
WORLD = "World"
#: The public edition's parameters (a class variant draws others: see `variant_params`): the four
#: countries of 04.3 and the year of 04.5.
PARAMS = {**{f"FOCUS{i}": c for i, c in enumerate(FOCUS, 1)}, "PAIR_YEAR": 2022}


def _focus() -> tuple[str, ...]:
    """The four countries of 04.3 (the active variant's)."""
    p = params("04")
    return tuple(str(p[f"FOCUS{i}"]) for i in range(1, len(FOCUS) + 1))


def _pair_year() -> int:
    """The year of 04.5 (the active variant's)."""
    return int(params("04")["PAIR_YEAR"])


def _other_pair_years(year: int) -> list[int]:
    return [y for y in (2003, 2022) if y != year]


def _share_of() -> str:
    """Whose international articles the shares of 04.2 (and so 04.3) divide by: "country" in the public
    edition, "partner" in a class variant (its parameter SHARE_OF)."""
    return "partner" if params("04").get("SHARE_OF") else "country"


def _oic_region() -> str:
    """The `region` of `oic` whose members 04.6 counts ("" for all OIC members, the public edition)."""
    return str(params("04").get("OIC_REGION", ""))


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return table("coauthorship_pairs"), table("publications"), table("oic_members")


def _pairs_copy() -> pd.DataFrame:
    return _tables()[0].copy()


def _pubs_copy() -> pd.DataFrame:
    return _tables()[1].copy()


def _oic_copy() -> pd.DataFrame:
    return _tables()[2].copy()


@lru_cache(maxsize=1)
def _totals() -> pd.Series:
    """A country's internationally co-authored articles, by (country, year)."""
    p = _tables()[0]
    return p[p["country_b"] == WORLD].set_index(["country_a", "year"])["coauthored_articles"].astype(float)


def _countries() -> list[str]:
    p = _tables()[0]
    return sorted(set(p["country_a"]) - {WORLD})


def _shares(country: str, year: int, base: str | None = None) -> pd.Series:
    """Expected answer of partner_shares: partner -> % of the country's international articles (*base*
    "country", the public edition's rule) or of the partner's ("partner"); default: the active variant's."""
    return _shares_by(country, year, _share_of() if base is None else base).copy()


@cache
def _shares_by(country: str, year: int, base: str) -> pd.Series:
    p = _tables()[0]
    sub = p[(p["country_a"] == country) & (p["year"] == year) & (p["country_b"] != WORLD) & (p["country_b"] != country)]
    joint = sub.set_index("country_b")["coauthored_articles"].astype(float)
    if base == "partner":
        totals = pd.Series([_totals()[(partner, year)] for partner in joint.index], index=joint.index)
    else:
        totals = _totals()[(country, year)]
    s = 100 * joint / totals
    return s.sort_values(ascending=False, kind="stable")


def _pair_value(country: str, partner: str, year: int, column: str) -> float:
    p = _tables()[0]
    row = p[(p["country_a"] == country) & (p["country_b"] == partner) & (p["year"] == year)]
    return float(row[column].iloc[0]) if len(row) else math.nan


def _top_table() -> pd.DataFrame:
    return _top_table_of(_focus(), _share_of())


@cache
def _top_table_of(focus: tuple[str, ...], base: str = "country") -> pd.DataFrame:
    rows = {
        c: {"top_2003": _shares(c, 2003, base).index[0], "top_2022": _shares(c, 2022, base).index[0]} for c in focus
    }
    return pd.DataFrame.from_dict(rows, orient="index")


def _oic_codes() -> set[str]:
    return set(_tables()[2]["iso3"])


def _oic_pairs(year: int) -> pd.DataFrame:
    p = _tables()[0]
    codes = _oic_codes()
    return p[
        p["iso3_a"].isin(codes) & p["iso3_b"].isin(codes) & (p["year"] == year) & (p["country_a"] < p["country_b"])
    ]


def _strongest(year: int | None = None, column: str = "collaboration_index", oic_only: bool = True) -> frozenset:
    """The pair of 04.5 (default: in the active variant's year)."""
    year = _pair_year() if year is None else year
    p = _tables()[0]
    if oic_only:
        sub = _oic_pairs(year)
    else:
        sub = p[(p["year"] == year) & (p["country_b"] != WORLD) & (p["country_a"] != WORLD)]
    row = sub.loc[sub[column].idxmax()]
    return frozenset({str(row["country_a"]), str(row["country_b"])})


def _group_codes(region: str | None = None) -> set[str]:
    """The OIC members that 04.6 counts: those of *region* (default: the active variant's), or all."""
    region = _oic_region() if region is None else region
    oic = _tables()[2]
    return set(oic.loc[oic["region"] == region, "iso3"]) if region else _oic_codes()


def _oic_share(field: str, year: int, denominator: str = "world", region: str | None = None) -> float:
    """The answer of 04.6 (by default for the active variant's group of members)."""
    return _oic_share_in(field, int(year), denominator, _oic_region() if region is None else region)


@per_data()
def _oic_share_in(field: str, year: int, denominator: str, region: str | None) -> float:
    pubs = _tables()[1]
    sub = pubs[(pubs["field"] == field) & (pubs["year"] == year)]
    members = sub.loc[sub["iso3"].isin(_group_codes(region)), "articles"].sum()
    if denominator == "world":
        total = sub.loc[sub["kind"] == "world", "articles"].sum()
    elif denominator == "all_rows":
        total = sub["articles"].sum()
    else:  # economies only
        total = sub.loc[sub["kind"] == "economy", "articles"].sum()
    return 100.0 * members / total


# =====================================================================================
# 04.2: partner_shares
# =====================================================================================
def _as_series(value, label: str) -> pd.Series:
    if isinstance(value, pd.DataFrame):
        if value.shape[1] == 1:
            raise Stop(
                f"`{label}` returned a DataFrame with one column, not a Series.",
                "Select the column, e.g. `table['share']`, or use `.squeeze()`.",
            )
        raise Stop(
            f"`{label}` returned {tk.describe(value)}; it should return a pandas Series.",
            "Index the Series by partner name, e.g. `rows.set_index('country_b')['coauthored_articles']`, then divide.",
        )
    if isinstance(value, dict):
        raise Stop(f"`{label}` returned a dict; it should return a pandas Series.", "Wrap it: `pd.Series(d)`.")
    if not isinstance(value, pd.Series):
        got = tk.describe(value) if value is not None else "None"
        raise Stop(
            f"`{label}` returned {got}; it should return a pandas Series of percentages, indexed by partner name.",
            "Did you forget `return`?" if value is None else None,
        )
    return value


def _check_share_series(got: pd.Series, country: str, year: int, label: str) -> None:
    want = _shares(country, year)
    labels = [str(x) for x in got.index]
    if numbered(got.index):
        raise Stop(
            f"The Series returned by `{label}` is numbered 0, 1, 2, ... instead of labelled by partner.",
            "Make the partner's name the index, e.g. `.set_index('country_b')`.",
        )
    if WORLD in labels:
        raise Stop(
            f"The result of `{label}` includes the pseudo-partner 'World'.",
            "Leave out the rows where country_b is 'World': they hold the country's total.",
        )
    iso = dict(zip(_tables()[0]["iso3_b"].astype(str), _tables()[0]["country_b"].astype(str)))
    if labels and all(lab in iso for lab in labels) and not any(lab in want.index for lab in labels):
        raise Stop(
            f"The result of `{label}` is indexed by ISO3 codes.",
            "Use the partner's name (column country_b) as the index.",
        )
    if got.index.has_duplicates:
        dup = got.index[got.index.duplicated()][0]
        raise Stop(
            f"{dup} appears more than once in the result of `{label}`.",
            "Select one year only, so that each partner appears once.",
        )
    extra = [lab for lab in labels if lab not in want.index]
    if extra:
        raise Stop(
            f"`{label}` includes {extra[0]!r}, which is not a partner of {country} in the table.",
            "Keep only the rows where country_a is the country and country_b is another country.",
        )
    missing = [lab for lab in want.index if lab not in set(labels)]
    missing_nonzero = [lab for lab in missing if want[lab] > 0]
    if missing_nonzero:
        raise Stop(
            f"`{label}` leaves out {missing_nonzero[0]} (and {len(missing_nonzero) - 1} more).",
            "Keep every partner country of this country in this year.",
        )
    values = tk.as_floats(got)
    if values.isna().any():
        bad = values.index[values.isna()][0]
        whose = (
            "each partner's row with country_b == 'World' (its country_a is the partner)"
            if _share_of() == "partner"
            else "the country's row with country_b == 'World'"
        )
        raise Stop(
            f"The value for {bad} in `{label}` is missing or not a number (NaN).",
            f"NaN often comes from dividing by a total that was not found: check how you select {whose}.",
        )
    for partner in want.index:
        if partner not in values.index:
            continue
        g, w = float(values[partner]), float(want[partner])
        if tk.close(g, w):
            continue
        raise Stop(
            f"For {country} in {year}, your share for {partner} is {g:.4g}, which is not right.",
            _diagnose_share(g, w, country, partner, year),
        )
    if not values.is_monotonic_decreasing:
        raise Stop(
            f"The result of `{label}` is not sorted, largest share first.", "Use `.sort_values(ascending=False)`."
        )


def _diagnose_share(got: float, want: float, country: str, partner: str, year: int) -> str:
    joint = _pair_value(country, partner, year, "coauthored_articles")
    if _share_of() == "partner":  # a class variant: the share of the partner's international articles
        candidates = [
            (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
            (
                joint,
                "That is the number of joint articles; divide it by the *partner's* total number of "
                "internationally co-authored articles (the partner's row with country_b == 'World') and "
                "multiply by 100.",
            ),
            (100 * joint / _totals()[(country, year)], _COUNTRY_TOTAL_HINT),
            (
                100 * joint / _totals()[(WORLD, year)],
                "You divided by the world's total; divide by the partner's own international total instead.",
            ),
            (
                _pair_value(country, partner, year, "collaboration_index"),
                "That is the index of collaboration, not a share of the partner's articles.",
            ),
        ]
        fallback = (
            "Take the rows for this country and year, divide each partner's coauthored_articles by that "
            "partner's total (the row whose country_a is the partner and country_b is 'World', in the same "
            "year) and multiply by 100."
        )
    else:
        candidates = [
            (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
            (
                joint,
                "That is the number of joint articles; divide it by the country's total number of "
                "internationally co-authored articles (the row with country_b == 'World') and multiply by 100.",
            ),
            (
                100 * joint / _totals()[(partner, year)],
                "You divided by the *partner's* international total; divide by the country's own total instead.",
            ),
            (
                100 * joint / _totals()[(WORLD, year)],
                "You divided by the world's total; divide by the country's own international total instead.",
            ),
            (
                _pair_value(country, partner, year, "collaboration_index"),
                "That is the index of collaboration, not a share of the country's articles.",
            ),
        ]
        fallback = (
            "Take the rows for this country and year, divide each partner's coauthored_articles by the "
            "country's total (its row with country_b == 'World') and multiply by 100."
        )
    hint = matching_hint(got, want, candidates, rel=1e-6)
    if hint is not None:
        return hint
    other = 2022 if year == 2003 else 2003
    if tk.close(got, float(_shares(country, other).get(partner, math.nan))):
        return f"That is the value for {other}: check how you select the year."
    return fallback


#: The hint for the public edition's rule in a class variant that divides by the partner's total.
_COUNTRY_TOTAL_HINT = (
    "You divided by the country's own international total; this question divides by each "
    "*partner's* total (the partner's row with country_b == 'World')."
)


@question("04.2", "partner_shares", "function")
def _grade_partner_shares(fn, fb: Feedback, thorough: bool) -> None:
    if thorough:
        df = shuffled(_pairs_copy(), 20240504, offset=5000)
        cases = [(c, y) for c in _countries() for y in (2003, 2022)]
    else:
        df = None
        cases = [("Saudi Arabia", 2022), ("Egypt", 2003), ("Turkey", 2022)]
    for country, year in cases:
        label = f"partner_shares(pairs, {country!r}, {year})"
        try:
            got = _as_series(tk.call(fn, label, df if df is not None else _pairs_copy(), country, year), label)
            _check_share_series(got, country, year, label)
        except Stop as stop:
            if df is not None:  # thorough: does it only work on the rows in their original order?
                try:
                    plain = fn(_pairs_copy(), country, year)
                    _check_share_series(_as_series(plain, label), country, year, label)
                except (Exception, SystemExit):
                    raise stop from None
                raise Stop(
                    stop.message,
                    "Your function depends on the order (or the index labels) of the rows. "
                    "Select rows by their values, not by position.",
                ) from None
            raise
    checked = (
        "every country in the table, for 2003 and 2022, on shuffled rows"
        if thorough
        else ", ".join(f"{c} {y}" for c, y in cases)
    )
    fb.ok("It returns a Series of percentages indexed by partner, largest first.")
    fb.ok(f"The shares are right for {checked}.")


# =====================================================================================
# 04.3: top_partners
# =====================================================================================
@question("04.3", "top_partners", "value")
def _grade_top_partners(table, fb: Feedback, thorough: bool) -> None:
    focus = _focus()
    want = _top_table()
    if not isinstance(table, pd.DataFrame):
        raise Stop(
            f"`top_partners` is {tk.describe(table)}; it should be a pandas DataFrame.",
            "Build it with `pd.DataFrame({...}, index=[...])`.",
        )
    df = table
    if "country" in df.columns:
        df = df.set_index("country")
    fb.ok("It is a DataFrame.")
    require_columns(df, ["top_2003", "top_2022"], "Name the columns exactly top_2003 and top_2022.")
    labels = [str(x) for x in df.index]
    if numbered(df.index):
        raise Stop(
            "The rows are numbered 0, 1, 2, ... instead of labelled by country.",
            "Use the four country names as the index.",
        )
    missing = [c for c in focus if c not in labels]
    extra = [lab for lab in labels if lab not in focus]
    if missing:
        raise Stop(f"The row for {missing[0]} is missing.", f"The table needs one row for each of: {', '.join(focus)}.")
    if extra:
        raise Stop(
            f"The table has a row {extra[0]!r} that is not one of the four countries.", f"Keep only {', '.join(focus)}."
        )
    if df.index.has_duplicates:
        raise Stop("A country appears more than once.", "One row per country.")
    fb.ok("It has one row for each of the four countries.")
    for col in ("top_2003", "top_2022"):
        for country in focus:
            got = tk.text(df.loc[country, col], f"`top_partners.loc[{country!r}, {col!r}]`")
            exp = str(want.loc[country, col])
            if got.casefold() == exp.casefold():
                continue
            other = "top_2022" if col == "top_2003" else "top_2003"
            if got.casefold() == WORLD.casefold():
                hint = "'World' is the country's total, not a partner: leave it out."
            elif got.casefold() == str(want.loc[country, other]).casefold():
                hint = "That is the top partner of the other year: are the two columns swapped?"
            elif got.upper() in set(_tables()[0]["iso3_b"].astype(str)):
                hint = "Give the partner's name (as in country_b), not its ISO3 code."
            else:
                hint = "Use your `partner_shares` function for the country and year and take the first label."
            raise Stop(f"{col} for {country} is {got!r}, which is not its largest partner.", hint)
    fb.ok("Every top partner is right, for 2003 and 2022.")


# =====================================================================================
# 04.4 and 04.7: multiple choice
# =====================================================================================
_MC_04_4 = {
    "a": "Not this one: that would be a share of Saudi Arabia's articles. The index compares a share with an "
    "expectation.",
    "b": "Yes: the index compares the pair's joint articles with what the two countries' overall international "
    "output would predict; above 1 means more than expected.",
    "c": "Not this one: the index is not a growth rate. Both years have their own index.",
    "d": "Not this one: the index compares a pair with an expectation, not with another pair.",
}
_MC_04_7 = {
    "a": "Not this one: fractional counts are not whole numbers; they are shares of articles.",
    "b": "Yes: under fractional counting the shares of one article add up to at most one, so a sum over "
    "countries counts no article more than once.",
    "c": "Not this one: OIC members do co-author with each other (Egypt and Saudi Arabia, for example).",
    "d": "Not this one: internationally co-authored articles are included, split among the countries.",
}


multiple_choice_question(
    "04.4",
    _MC_04_4,
    "b",
    "Look at the formula: a share of one country's articles divided by the partner's share of the world's.",
)


multiple_choice_question(
    "04.7",
    _MC_04_7,
    "b",
    "Think of one article with authors in two countries: how much does it add to the sum of "
    "the two countries under fractional counting, and under whole counting?",
)


# =====================================================================================
# 04.5: strongest_oic_pair
# =====================================================================================
@question("04.5", "strongest_oic_pair", "value")
def _grade_strongest_pair(answer, fb: Feedback, thorough: bool) -> None:
    if isinstance(answer, str):
        raise Stop(
            "`strongest_oic_pair` is one text; it should hold two country names.",
            'Write it as a tuple, e.g. ("Egypt", "Turkey").',
        )
    if isinstance(answer, (pd.Series, pd.Index)):
        answer = list(answer)
    if not isinstance(answer, (tuple, list, set, frozenset)):
        raise Stop(
            f"`strongest_oic_pair` is {tk.describe(answer)}; it should be a tuple of two country names.",
            'For example ("Egypt", "Turkey").',
        )
    names = [tk.text(x, "each name in `strongest_oic_pair`") for x in answer]
    if len(set(n.casefold() for n in names)) != 2:
        raise Stop(f"`strongest_oic_pair` holds {len(names)} name(s); it should hold two different countries.")
    fb.ok("It holds two country names.")
    got = frozenset(n.casefold() for n in names)
    year = _pair_year()
    want = _strongest()
    if got == frozenset(n.casefold() for n in want):
        fb.ok(f"It is the pair of OIC members with the highest index of collaboration in {year}.")
        return
    codes = _oic_codes()
    name_to_iso = dict(zip(_tables()[0]["country_a"].str.casefold(), _tables()[0]["iso3_a"]))
    unknown = [n for n in names if n.casefold() not in name_to_iso]
    if unknown:
        raise Stop(
            f"{unknown[0]!r} is not a country in the pair table.",
            "Spell the names as in the table's country_a and country_b columns.",
        )
    non_members = [n for n in names if name_to_iso[n.casefold()] not in codes]
    if non_members:
        raise Stop(
            f"{non_members[0]} is not an OIC member state.",
            "Keep only pairs in which both iso3_a and iso3_b are in `oic['iso3']`.",
        )
    hints = [
        hint for pair, hint in _pair_alternatives(year) if got == frozenset(n.casefold() for n in pair) and pair != want
    ]
    if hints:
        raise Stop(f"{' and '.join(names)} is not the pair asked for.", " ".join(hints))
    raise Stop(
        f"{' and '.join(names)} is not the OIC pair with the highest index of collaboration in {year}.",
        f"Keep the {year} rows where both countries are OIC members, then take the row with the largest "
        "collaboration_index (`.idxmax()`).",
    )


def _pair_alternatives(year: int) -> list[tuple[frozenset, str]]:
    """The pairs of other calculations than 04.5's in *year*, each with its hint."""
    return [
        (
            _strongest(year, column="coauthored_articles"),
            "That pair has the most joint articles, not the highest index of collaboration.",
        ),
        *[
            (_strongest(other), f"That is the strongest pair in {other}; the question asks about {year}.")
            for other in _other_pair_years(year)
        ],
    ]


# =====================================================================================
# 04.6: oic_share
# =====================================================================================
@question("04.6", "oic_share", "function")
def _grade_oic_share(fn, fb: Feedback, thorough: bool) -> None:
    if thorough:
        df = shuffled(_pubs_copy(), 20240506, offset=7000)
        oic = shuffled(_oic_copy(), 7)
        cases = [(f, y) for f in ("all_se", "biological_biomedical") for y in range(2003, 2023)]
    else:
        df, oic = None, None
        cases = [("biological_biomedical", 2022), ("biological_biomedical", 2003), ("all_se", 2022)]
    for field, year in cases:
        label = f"oic_share(pubs, oic, {field!r}, {year})"
        got = tk.number(
            tk.call(
                fn, label, df if df is not None else _pubs_copy(), oic if oic is not None else _oic_copy(), field, year
            ),
            f"`{label}`",
        )
        want = _oic_share(field, year)
        if tk.close(got, want):
            continue
        raise Stop(
            f"{label} returned {got:.4g}, which is not the share we expect.",
            _diagnose_oic_share(got, want, field, year),
        )
    checked = (
        "both fields and every year from 2003 to 2022, on shuffled rows"
        if thorough
        else "; ".join(f"{f} {y}" for f, y in cases)
    )
    fb.ok("It returns one number for each field and year.")
    fb.ok(f"The percentages are right for {checked}.")


def _diagnose_oic_share(got: float, want: float, field: str, year: int) -> str:
    other_field = "all_se" if field == "biological_biomedical" else "biological_biomedical"
    candidates = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (
            _oic_share(field, year, "all_rows"),
            "Your denominator adds up every row, including the World and the "
            "regions. Divide by the World row (kind == 'world') instead.",
        ),
        (
            _oic_share(other_field, year),
            f"That is the value for the field {other_field!r}: check how you select the field.",
        ),
    ]
    region = _oic_region()
    if region:  # a class variant: the members of one region; the public edition's answer counts them all
        candidates.insert(0, (_oic_share(field, year, region=""), _all_members_hint(region)))
    hint = matching_hint(got, want, candidates, rel=1e-6)
    if hint is not None:
        return hint
    for other in range(2003, 2023):
        if other != year and tk.close(got, _oic_share(field, other)):
            return f"That is the value for {other}: check how you select the year."
    if region:
        return (
            f"Keep the rows of this field and year; add up the articles of the rows whose iso3 is the code of an "
            f"OIC member whose `region` in `oic` is {region!r}, divide by the World's articles and multiply "
            "by 100."
        )
    return (
        "Keep the rows of this field and year; add up the articles of rows whose iso3 is in `oic['iso3']`, "
        "divide by the World's articles and multiply by 100."
    )


def _all_members_hint(region: str) -> str:
    return f"That is the share of all OIC member states; keep only the members whose `region` in `oic` is {region!r}."


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _partner_rows(pairs: pd.DataFrame, country: str, year: int) -> pd.DataFrame:
    return pairs[
        (pairs["country_a"] == country)
        & (pairs["year"] == year)
        & (pairs["country_b"] != WORLD)
        & (pairs["country_b"] != country)
    ].set_index("country_b")


def _world_total(pairs: pd.DataFrame, country: str, year: int) -> float:
    rows = pairs[(pairs["country_a"] == country) & (pairs["year"] == year) & (pairs["country_b"] == WORLD)]
    return float(rows["coauthored_articles"].iloc[0])


def _divided_by(total_of):
    """partner_shares with another denominator: *total_of(pairs, country, partner, year)*."""

    def shares(pairs, country, year):
        rows = _partner_rows(pairs, country, year)
        totals = pd.Series([total_of(pairs, country, partner, year) for partner in rows.index], index=rows.index)
        return (100 * rows["coauthored_articles"].astype(float) / totals).sort_values(ascending=False)

    return shares


def _column_of_pairs(column: str):
    return lambda pairs, country, year: (
        _partner_rows(pairs, country, year)[column].astype(float).sort_values(ascending=False)
    )


def _share_mistakes(ns):
    right = ns["partner_shares"]
    if _share_of() == "partner":  # a class variant: the share of each partner's international articles
        return [
            (
                lambda p, c, y: right(p, c, y) / 100,
                "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage.",
            ),
            (
                _column_of_pairs("coauthored_articles"),
                "That is the number of joint articles; divide it by the *partner's* total number of internationally "
                "co-authored articles (the partner's row with country_b == 'World') and multiply by 100.",
            ),
            (_divided_by(lambda p, c, partner, y: _world_total(p, c, y)), _COUNTRY_TOTAL_HINT),
            (
                _divided_by(lambda p, c, partner, y: _world_total(p, WORLD, y)),
                "You divided by the world's total; divide by the partner's own international total instead.",
            ),
            (
                _column_of_pairs("collaboration_index"),
                "That is the index of collaboration, not a share of the partner's articles.",
            ),
            (lambda p, c, y: right(p, c, 2003), "That is the value for 2003: check how you select the year."),
            (lambda p, c, y: right(p, c, 2022), "That is the value for 2022: check how you select the year."),
        ]
    return [
        (
            lambda p, c, y: right(p, c, y) / 100,
            "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage.",
        ),
        (
            _column_of_pairs("coauthored_articles"),
            "That is the number of joint articles; divide it by the country's total number of internationally "
            "co-authored articles (the row with country_b == 'World') and multiply by 100.",
        ),
        (
            _divided_by(lambda p, c, partner, y: _world_total(p, partner, y)),
            "You divided by the *partner's* international total; divide by the country's own total instead.",
        ),
        (
            _divided_by(lambda p, c, partner, y: _world_total(p, WORLD, y)),
            "You divided by the world's total; divide by the country's own international total instead.",
        ),
        (
            _column_of_pairs("collaboration_index"),
            "That is the index of collaboration, not a share of the country's articles.",
        ),
        (lambda p, c, y: right(p, c, 2003), "That is the value for 2003: check how you select the year."),
        (lambda p, c, y: right(p, c, 2022), "That is the value for 2022: check how you select the year."),
    ]


def _pair_mistakes(ns):
    want = _strongest()
    hints: dict[frozenset, list[str]] = {}
    for pair, hint in _pair_alternatives(_pair_year()):
        if pair != want:  # as the grader: every alternative the pair matches gives its hint
            hints.setdefault(pair, []).append(hint)
    out = [(tuple(sorted(pair)), " ".join(texts)) for pair, texts in hints.items()]
    codes = _oic_codes()
    iso = dict(zip(_tables()[0]["country_a"], _tables()[0]["iso3_a"]))
    anywhere = _strongest(oic_only=False)  # the OIC filter forgotten (or applied to one side only)
    outsiders = sorted(n for n in anywhere if iso[n] not in codes)
    if outsiders:
        out.append(
            (
                tuple(sorted(anywhere)),
                [
                    f"{outsiders[0]} is not an OIC member state.",
                    "Keep only pairs in which both iso3_a and iso3_b are in `oic['iso3']`.",
                ],
            )
        )
    return out


def _all_rows_share(pubs, oic, field, year):
    return _oic_share(field, year, "all_rows")


def _all_members_share(pubs, oic, field, year):
    """The public edition's answer to 04.6: the share of all OIC members."""
    rows = pubs[(pubs["field"] == field) & (pubs["year"] == year)]
    members = rows.loc[rows["iso3"].isin(oic["iso3"]), "articles"].sum()
    return 100 * members / rows.loc[rows["kind"] == "world", "articles"].sum()


def _region_mistakes() -> list:
    """In a class variant that counts the members of one region: the public edition's answer."""
    region = _oic_region()
    return [(_all_members_share, _all_members_hint(region))] if region else []


MISTAKES = {
    "04.2": _share_mistakes,
    "04.3": lambda ns: [
        (
            _top_table().rename(columns={"top_2003": "top_2022", "top_2022": "top_2003"}),
            "That is the top partner of the other year: are the two columns swapped?",
        ),
    ],
    "04.5": _pair_mistakes,
    "04.6": lambda ns: (
        _region_mistakes()
        + [
            (
                lambda pubs, oic, field, year: ns["oic_share"](pubs, oic, field, year) / 100,
                "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage.",
            ),
            (
                _all_rows_share,
                "Your denominator adds up every row, including the World and the regions. Divide by the "
                "World row (kind == 'world') instead.",
            ),
            (
                lambda pubs, oic, field, year: ns["oic_share"](pubs, oic, "all_se", year),
                "That is the value for the field 'all_se': check how you select the field.",
            ),
            (
                lambda pubs, oic, field, year: ns["oic_share"](pubs, oic, "biological_biomedical", year),
                "That is the value for the field 'biological_biomedical': check how you select the field.",
            ),
            (
                lambda pubs, oic, field, year: ns["oic_share"](pubs, oic, field, 2003),
                "That is the value for 2003: check how you select the year.",
            ),
            (
                lambda pubs, oic, field, year: ns["oic_share"](pubs, oic, field, 2022),
                "That is the value for 2022: check how you select the year.",
            ),
        ]
    ),
}


# =====================================================================================
# class variants
# =====================================================================================
def _members_for_variants(base: str = "country") -> list[str]:
    """The OIC members of the pair table whose largest partner (under the rule *base* of 04.2) is clear
    (no tie) in both years."""
    p = _tables()[0]
    members = sorted(set(p.loc[p["iso3_a"].isin(_oic_codes()), "country_a"]) - {WORLD})
    return [c for c in members if all(_shares(c, y, base).iloc[0] > _shares(c, y, base).iloc[1] for y in (2003, 2022))]


def _changed_top(country: str, base: str = "country") -> bool:
    return _shares(country, 2003, base).index[0] != _shares(country, 2022, base).index[0]


def _regions_for_variants() -> list[str]:
    """The regions of `oic` whose members' share (04.6) is at least twice the check's tolerance in every
    field and year, so that the question is not answered by a number near 0."""
    oic, pubs = _tables()[2], _tables()[1]
    out = []
    for region in sorted(set(oic["region"].dropna().astype(str))):
        shares = [
            _oic_share(f, y, region=region)
            for f in ("all_se", "biological_biomedical")
            for y in sorted(set(pubs["year"].astype(int)))
        ]
        if min(shares) >= 2 * PCT_TOL:
            out.append(region)
    return out


def variant_params(rng) -> dict:
    """04.2 (and so 04.3) divides each partner's joint articles by the *partner's* international total
    instead of the country's; 04.3 on four other OIC members of the pair table (not the public four, and
    at least two of them with another main partner in 2022 than in 2003 under that rule, so the question
    still shows a change); 04.5 on the other year of the pair table; 04.6 counts the OIC members of one
    region of `oic` instead of all of them."""
    members = _members_for_variants("partner")
    while True:
        focus = rng.sample(members, len(FOCUS))
        if set(focus) != set(FOCUS) and sum(_changed_top(c, "partner") for c in focus) >= 2:
            break
    years = _other_pair_years(PARAMS["PAIR_YEAR"])
    year = years[rng.randrange(len(years))]
    regions = _regions_for_variants()
    return {
        **{f"FOCUS{i}": c for i, c in enumerate(focus, 1)},
        "PAIR_YEAR": year,
        "SHARE_OF": "the partner's",
        "OIC_REGION": regions[rng.randrange(len(regions))],
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q4-2-question": [
        (
            "returns, for `country` in `year`, the\n**percentage of its internationally co-authored articles** that "
            "include a co-author from each partner:",
            "returns, for `country` in `year` and each\npartner, the **percentage of {SHARE_OF} internationally "
            "co-authored articles** that include a\nco-author from `country`: how large a part of each partner's "
            "international output `country` takes\npart in.",
        ),
        (
            "{\\text{all the country's internationally co-authored articles}}$$",
            "{{\\text{{all of }} p\\text{{'s internationally co-authored articles}}}}$$",
        ),
        (
            '- The denominator is the row whose `country_b` is `"World"`. Leave that row out of the result.',
            "- The denominator for partner $p$ is $p$'s own total: the row whose `country_a` is $p$ and whose\n"
            '  `country_b` is `"World"`, in the same year. Leave the row of `country` with `country_b == "World"` out '
            "of\n  the result.",
        ),
    ],
    "q4-2-answer": [
        (
            '"""Share (%) of `country`\'s international articles in `year` co-authored with each partner."""',
            '"""Share (%) of each partner\'s international articles in `year` co-authored with `country`."""',
        ),
        (
            '    counts = rows.set_index("country_b")["coauthored_articles"]\n'
            '    total = counts["World"]\n'
            '    shares = 100 * counts.drop("World") / total\n',
            '    counts = rows.set_index("country_b")["coauthored_articles"].drop("World")\n'
            '    totals = pairs[(pairs["country_b"] == "World") & (pairs["year"] == year)]\n'
            '    total = totals.set_index("country_a")["coauthored_articles"].reindex(counts.index)\n'
            "    shares = 100 * counts / total\n",
        ),
    ],
    "q4-6-question": [
        (
            "in `field` and `year` that are credited to OIC member states:",
            'in `field` and `year` that are credited to the OIC member states of the region `"{OIC_REGION}"` (the\n'
            "column `region` of `oic`):",
        ),
        (
            "{\\text{sum of the articles of the OIC member states}}",
            "{{\\text{{sum of the articles of the OIC member states of that region}}}}",
        ),
        (
            '- The numerator adds up the rows whose `iso3` is in `oic["iso3"]`.',
            "- The numerator adds up the rows whose `iso3` is the code of an OIC member whose `region` is\n"
            '  `"{OIC_REGION}"`.',
        ),
    ],
    "q4-6-answer": [
        (
            '"""Percentage of the world\'s articles in `field` and `year` credited to OIC member states."""',
            '"""Percentage of the world\'s articles in `field` and `year` credited to OIC members of {OIC_REGION}."""',
        ),
        (
            '    members = rows.loc[rows["iso3"].isin(oic["iso3"]), "articles"].sum()',
            '    codes = oic.loc[oic["region"] == "{OIC_REGION}", "iso3"]\n'
            '    members = rows.loc[rows["iso3"].isin(codes), "articles"].sum()',
        ),
    ],
    "q4-3-question": [
        (
            'with one row for each of `"Saudi Arabia"`, `"Iran"`, `"Egypt"` and\n`"Turkey"` (the index)',
            'with one row for each of `"{FOCUS1}"`, `"{FOCUS2}"`, `"{FOCUS3}"` and\n`"{FOCUS4}"` (the index)',
        ),
    ],
    "q4-3-answer": [
        (
            'focus = ["Saudi Arabia", "Iran", "Egypt", "Turkey"]',
            'focus = ["{FOCUS1}", "{FOCUS2}", "{FOCUS3}", "{FOCUS4}"]',
        )
    ],
    "q4-5-question": [
        ("collaboration in 2022**?", "collaboration in {PAIR_YEAR}**?"),
        ("Hint: keep the 2022 rows whose", "Hint: keep the {PAIR_YEAR} rows whose"),
    ],
    "q4-5-answer": [('(pairs["year"] == 2022)', '(pairs["year"] == {PAIR_YEAR})')],
}
