"""Checkers for exercise set 02, "The science landscape of OIC member states".

Every expected value is computed from ``data/`` at check time (through ``coursekit.data.load``
and ``coursekit.indicators``); nothing expected is typed into this file. The year of each
question (2022, 2021, 2015) is part of the question's wording, not a data value.
"""

from __future__ import annotations

import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from ._core import (PCT_TOL, _call, _close, _describe, _Feedback, _number, _question, _Stop, multiple_choice_question,
                    numbered, reject_number, shuffled)

RD = "GB.XPD.RSDV.GD.ZS"
RESEARCHERS = "SP.POP.SCIE.RD.P6"
GDP_PC = "NY.GDP.PCAP.CD"
POP = "SP.POP.TOTL"
POP_YEAR = 2022        # question 02.1 and 02.5: "in 2022"
RECENT_FROM = 2015     # question 02.5: "no R&D value from 2015 onwards"
AGG_YEAR = 2021        # questions 02.6 and 02.7
FINE_TOL = 0.005       # percentage points / % of GDP, for answers that learners should not round
PALESTINE_LABELS = ("Gaza Strip", "West Bank")   # NCSES lists Palestine in two rows, without iso3

_RD_COLUMNS = "iso3, year, indicator, value"


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    from coursekit.data import load

    return {name: load(name) for name in ("rd_indicators", "oic_members", "countries", "publications")}


def _rd() -> pd.DataFrame:
    return _tables()["rd_indicators"]


def _members() -> list[str]:
    return [str(c) for c in _tables()["oic_members"]["iso3"]]


def _value(iso3: str, indicator: str, year: int) -> float:
    rd = _rd()
    hit = rd.loc[(rd["iso3"] == iso3) & (rd["indicator"] == indicator) & (rd["year"] == year), "value"]
    return float(hit.iloc[0]) if len(hit) else float("nan")


def _indicator_year(indicator: str, year: int) -> pd.Series:
    """Values of one indicator in one year, by iso3 (every code)."""
    rd = _rd()
    part = rd.loc[(rd["indicator"] == indicator) & (rd["year"] == year)]
    return pd.Series(part["value"].to_numpy(dtype=float), index=part["iso3"].astype(str).to_numpy())


def _population(year: int) -> pd.Series:
    return _indicator_year(POP, year)


@lru_cache(maxsize=1)
def _latest_rd_year() -> pd.Series:
    """Latest year with an R&D value, for every OIC member (NaN = never)."""
    from coursekit import indicators as ind

    latest = ind.latest_values(_rd(), RD, _members())
    return latest["year"].astype("float")


#: The engine's KeyError hint, adapted to this set's table.
_HINTS = {"KeyError": f"A column or label was not found. Check the spelling; the columns of `rd` are "
                      f"{_RD_COLUMNS}, and indicator codes are text such as \"{RD}\"."}


def _codes(answer, what: str) -> list[str]:
    """Accept a list, tuple, set, Index, Series or array of codes; explain anything else."""
    if answer is None:
        raise _Stop(f"{what} is None.", "Assign your list of codes to the name, e.g. `no_rd_members = [...]`.")
    if isinstance(answer, str):
        raise _Stop(f"{what} is {_describe(answer)}, a single text.",
                    "Give a list of ISO3 codes, e.g. [\"AFG\", \"BGD\"] (or a pandas Index or Series).")
    if isinstance(answer, pd.DataFrame):
        raise _Stop(f"{what} is {_describe(answer)}; it should be a list of ISO3 codes.",
                    "Take one column, e.g. `list(table['iso3'])`, or use `.index` if the codes are the index.")
    if isinstance(answer, dict):
        raise _Stop(f"{what} is a dict; it should be a list of ISO3 codes.",
                    "Use `list(my_dict)` if the codes are the keys.")
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        items = list(answer)
    else:
        raise _Stop(f"{what} is {_describe(answer)}; it should be a list of ISO3 codes.")
    bad = [x for x in items if not isinstance(x, str)]
    if bad:
        raise _Stop(f"{what} contains {_describe(bad[0])}; every item should be an ISO3 code as text.",
                    "If you collected row numbers or names, look the codes up in `oic['iso3']`.")
    return [x.strip().upper() for x in items]


def _percent(answer, what: str) -> float:
    got = _number(answer, what)
    if not (-1e-9 <= got <= 100 + 1e-9):
        raise _Stop(f"{what} is {got:.4g}, but a percentage lies between 0 and 100.")
    return got


def _match(got: float, want: float, alternatives, tol: float, what: str, final_hint: str,
           alt_tol: float = 0.01) -> None:
    """Raise a _Stop naming the first alternative that `got` matches (to within *alt_tol*, so that a
    round guess is not mistaken for a specific mistake), else a general one."""
    reject_number(got, want, alternatives, f"{what} is {got:.4g}, which is not the expected value.", final_hint,
                  tol=tol, match_tol=min(tol, alt_tol))


# =====================================================================================
# 02.1 The OIC's share of the world's population
# =====================================================================================
def _pop_share_alternatives():
    rd, members = _rd(), _members()
    pop = _population(POP_YEAR)
    world = pop["WLD"]
    want = 100 * pop.reindex(members).sum() / world
    all_rows = pop.sum()
    pop_all_years = rd[rd["indicator"] == POP]
    members_all = pop_all_years.loc[pop_all_years["iso3"].isin(members), "value"].sum()
    world_all = pop_all_years.loc[pop_all_years["iso3"] == "WLD", "value"].sum()
    economies = _tables()["countries"]
    n_economies = int((~economies["is_aggregate"].astype(bool)).sum())
    alts = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (100 * pop.reindex(members).sum() / all_rows,
         "Your denominator adds up every row of the year, including aggregates such as World, High income "
         "and regions, which count the same people several times. Divide by the World row (iso3 'WLD')."),
        (100 * members_all / world_all, f"You added up every year; use only {POP_YEAR}."),
        (100 * len(members) / n_economies, "That is the share of *countries* (57 of all economies), not of "
                                           "people. Add up the members' populations instead."),
        (100 * pop.reindex([m for m in members if m != "PSE"]).sum() / world,
         "One member is missing: Palestine, whose World Bank code is PSE (West Bank and Gaza). Select members "
         "by iso3 with `oic['iso3']`, not by name."),
    ]
    for other in (2020, 2021, 2023, 2024, 2025):
        p = _population(other)
        if "WLD" in p.index:
            alts.append((100 * p.reindex(members).sum() / p["WLD"], f"That is the value for {other}; use {POP_YEAR}."))
    return want, alts


@_question("02.1", "oic_population_share", "value")
def _grade_population_share(answer, fb: _Feedback, thorough: bool) -> None:
    want, alts = _pop_share_alternatives()
    got = _number(answer, "`oic_population_share`")
    fb.ok("It is a number.")
    if _close(got, want):
        fb.ok(f"It is the members' share of the world's population in {POP_YEAR}, in percent.")
        return
    _match(got, want, alts, PCT_TOL, "`oic_population_share`",
           f"Keep the population rows ('{POP}') of {POP_YEAR}; add up the members' values and divide by the "
           "World's (iso3 'WLD'), times 100.")


# =====================================================================================
# 02.2 The OIC's science bodies (multiple choice)
# =====================================================================================
_MC_02_2 = {
    "a": "Not this one: the statistical centre in Ankara that serves the OIC Statistical Commission is SESRIC, "
         "not COMSTECH (COMSTECH is the ministerial committee in Islamabad).",
    "b": "Not this one: the Third Islamic Summit in Makkah (1981) set up COMSTECH; SESRIC began work in Ankara "
         "in 1978.",
    "c": "Yes: COMSTECH drafted the ten-year plan, and the first OIC Summit on Science and Technology in Astana "
         "adopted it in September 2017 as the STI Agenda 2026.",
    "d": "Not this one: the Transform Fund was established in 2017 and launched in 2018, and 70% of its "
         "capital, not all of it, is held as a waqf.",
}


multiple_choice_question("02.2", _MC_02_2, "c",
                         "Reread the table of science bodies and the paragraph on the STI Agenda 2026 in the "
                         "chapter.")


# =====================================================================================
# 02.3 latest_values(rd, indicator)
# =====================================================================================
def _expected_latest(rd: pd.DataFrame, indicator: str) -> pd.DataFrame:
    from coursekit import indicators as ind

    return ind.latest_values(rd, indicator)


def _as_latest_table(result, label: str) -> pd.DataFrame:
    if isinstance(result, pd.Series):
        raise _Stop(f"`{label}` returned a pandas Series; it should return a DataFrame with the columns year "
                    "and value.", "Keep both columns, e.g. `rows[['year', 'value']]` after selecting one row "
                                 "per country.")
    if not isinstance(result, pd.DataFrame):
        raise _Stop(f"`{label}` returned {_describe(result)}; it should return a pandas DataFrame.",
                    "Did you forget `return`?")
    table = result
    if "iso3" in table.columns:
        if table["iso3"].duplicated().any():
            dup = table.loc[table["iso3"].duplicated(), "iso3"].iloc[0]
            raise _Stop(f"{dup} appears in more than one row.", "Keep one row per country: its latest year.")
        table = table.set_index("iso3")
    missing = [c for c in ("year", "value") if c not in table.columns]
    if missing:
        raise _Stop(f"The result has no column(s) {', '.join(missing)} (it has: "
                    f"{', '.join(map(str, table.columns)) or 'no columns'}).",
                    "Return the columns named exactly `year` and `value`.")
    if numbered(table.index):
        raise _Stop("The rows are numbered 0, 1, 2, ... instead of labelled by iso3 code.",
                    "Make the country code the index, e.g. `.set_index('iso3')`, or keep an `iso3` column.")
    if table.index.has_duplicates:
        raise _Stop(f"{table.index[table.index.duplicated()][0]} appears in more than one row.",
                    "Keep one row per country: its latest year.")
    return table


def _diagnose_latest(rd: pd.DataFrame, indicator: str, got: pd.DataFrame, want: pd.DataFrame) -> None:
    part = rd[rd["indicator"] == indicator]
    codes_got = {str(c) for c in got.index}
    codes_want = {str(c) for c in want.index}
    if codes_got != codes_want:
        if codes_got >= codes_want and codes_got - codes_want <= set(rd["iso3"].astype(str)):
            raise _Stop(f"For {indicator} the result has {len(codes_got)} rows, but only {len(codes_want)} "
                        "countries have a value of this indicator.",
                        "Keep only the rows of this indicator before you look for the latest year.")
        missing = sorted(codes_want - codes_got)
        extra = sorted(codes_got - codes_want)
        raise _Stop(f"For {indicator} the countries are not right: {len(missing)} missing (e.g. "
                    f"{', '.join(missing[:3]) or '-'}), {len(extra)} unexpected (e.g. {', '.join(extra[:3]) or '-'}).",
                    "One row for every iso3 code with at least one value of the indicator.")
    got = got.loc[list(want.index)]
    years = pd.to_numeric(got["year"], errors="coerce")
    values = pd.to_numeric(got["value"], errors="coerce")
    if years.isna().any() or values.isna().any():
        bad = got.index[(years.isna() | values.isna()).to_numpy()][0]
        raise _Stop(f"For {indicator}, the year or value of {bad} is missing or not a number.")
    wrong_year = (years.to_numpy() != want["year"].astype(int).to_numpy())
    if wrong_year.any():
        code = got.index[wrong_year][0]
        first = part[part["iso3"] == code]["year"].min()
        if int(years[code]) == int(first) and first != want.loc[code, "year"]:
            raise _Stop(f"For {code} ({indicator}) the year is {int(years[code])}, its *earliest* year with a "
                        "value; the latest is wanted.", "Take the largest year, e.g. sort by year and keep the "
                                                        "last row per country.")
        raise _Stop(f"For {code} ({indicator}) the year is {int(years[code])}, not its latest year with a value.",
                    "If you used `.last()` or `.tail(1)`, sort by year first: the rows are not guaranteed to be "
                    "in order (this check shuffles them).")
    wrong_value = ~np.isclose(values.to_numpy(dtype=float), want["value"].to_numpy(dtype=float),
                              rtol=1e-9, atol=1e-12)
    if wrong_value.any():
        code = got.index[wrong_value][0]
        rows = part[part["iso3"] == code]
        hint = "The value must be the one *in* the latest year."
        if np.isclose(float(values[code]), rows["value"].max()):
            hint = ("That is the country's largest value, not its value in the latest year: `.max()` on a "
                    "group takes the maximum of each column separately. Select the row of the latest year "
                    "instead (e.g. sort by year and keep the last row).")
        raise _Stop(f"For {code} ({indicator}) the value is {float(values[code]):.4g}, but its value in "
                    f"{int(want.loc[code, 'year'])} is {float(want.loc[code, 'value']):.4g}.", hint)


@_question("02.3", "latest_values", "function")
def _grade_latest_values(fn, fb: _Feedback, thorough: bool) -> None:
    indicators = [RD, RESEARCHERS] + ([GDP_PC, POP] if thorough else [])
    seeds = [2024, 7] if thorough else [2024]
    for seed in seeds:
        rd = shuffled(_rd(), seed, offset=5000)
        for indicator in indicators:
            original = rd.copy()
            result = _call(fn, "latest_values", rd, indicator, hints=_HINTS)
            if not rd.equals(original):
                raise _Stop("Your function changed the table it was given.",
                            "Work on a selection or a copy (e.g. `rd[rd['indicator'] == indicator].copy()`), "
                            "not on `rd` itself.")
            got = _as_latest_table(result, "latest_values")
            want = _expected_latest(_rd(), indicator)
            _diagnose_latest(rd, indicator, got, want)
    fb.ok("It returns a DataFrame with one row per country and the columns year and value.")
    shown = "all four indicators, on two shuffled copies of the table" if thorough else \
        f"{RD} and {RESEARCHERS}, on a shuffled copy of the table"
    fb.ok(f"The latest years and their values are right for {shown}.")


# =====================================================================================
# 02.4 Members with no R&D value at all
# =====================================================================================
@_question("02.4", "no_rd_members", "value")
def _grade_no_rd_members(answer, fb: _Feedback, thorough: bool) -> None:
    members = _members()
    latest = _latest_rd_year()
    want = {c for c in members if np.isnan(latest[c])}
    oic = _tables()["oic_members"]
    name_to_code = {str(n).upper(): str(c) for n, c in zip(oic["name"], oic["iso3"])}
    items = _codes(answer, "`no_rd_members`")
    if items and all(x in name_to_code for x in items) and not any(x in members for x in items):
        raise _Stop("These are country names, not ISO3 codes.",
                    "Collect the codes from the `iso3` column (e.g. 'AFG' rather than 'Afghanistan').")
    fb.ok("It is a collection of texts.")
    if len(set(items)) != len(items):
        raise _Stop("A code appears more than once.", "List each member once (e.g. use `sorted(set(...))`).")
    got = set(items)
    if got == want:
        fb.ok(f"It lists exactly the {len(want)} OIC members with no R&D expenditure value in any year.")
        return
    rd = _rd()
    no_res = {c for c in members if not ((rd["iso3"] == c) & (rd["indicator"] == RESEARCHERS)).any()}
    with_data = set(members) - want
    if got == with_data:
        raise _Stop("These are the members that *do* have R&D data.", "Keep the members with no value instead.")
    if got == no_res:
        raise _Stop("These are the members with no *researchers* data.",
                    f"Use the R&D expenditure indicator, \"{RD}\".")
    non_members = sorted(got - set(members))
    if non_members:
        raise _Stop(f"{len(non_members)} of your codes are not OIC members (e.g. {', '.join(non_members[:3])}).",
                    "Start from the 57 members in `oic['iso3']`.")
    missing, extra = sorted(want - got), sorted(got - want)
    if extra:
        raise _Stop(f"{', '.join(extra[:3])} {'has' if len(extra) == 1 else 'have'} at least one R&D value, so "
                    "should not be in the list.", "A member belongs in the list only if it has no R&D row at all.")
    raise _Stop(f"{len(missing)} member(s) with no R&D value are missing, e.g. {missing[0]}.",
                "Check every member in `oic['iso3']` against the codes that have an R&D row.")


# =====================================================================================
# 02.5 Population in members with no recent R&D value
# =====================================================================================
def _no_recent(strict: bool = False) -> list[str]:
    latest = _latest_rd_year()
    if strict:
        return [c for c in _members() if np.isnan(latest[c]) or latest[c] <= RECENT_FROM]
    return [c for c in _members() if np.isnan(latest[c]) or latest[c] < RECENT_FROM]


@_question("02.5", "pop_share_no_recent_rd", "value")
def _grade_pop_share_no_recent(answer, fb: _Feedback, thorough: bool) -> None:
    members = _members()
    pop = _population(POP_YEAR)
    oic_pop = pop.reindex(members).sum()
    codes = _no_recent()
    want = 100 * pop.reindex(codes).sum() / oic_pop
    got = _percent(answer, "`pop_share_no_recent_rd`")
    fb.ok("It is a percentage.")
    if _close(got, want):
        fb.ok(f"It is the share of the OIC's {POP_YEAR} population living in members with no R&D value from "
              f"{RECENT_FROM} onwards.")
        return
    never = [c for c in members if np.isnan(_latest_rd_year()[c])]
    alts = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (100 * pop.reindex(never).sum() / oic_pop,
         f"You counted only the members with no R&D value at all. Members whose latest value is older than "
         f"{RECENT_FROM} have no recent value either: include them."),
        (100 * pop.reindex(_no_recent(strict=True)).sum() / oic_pop,
         f"A value *from* {RECENT_FROM} counts as recent: compare the latest year with `< {RECENT_FROM}`, not "
         f"`<= {RECENT_FROM}`."),
        (100 * pop.reindex(codes).sum() / pop["WLD"], "You divided by the world's population; divide by the "
                                                      "OIC members' total population."),
        (100 * len(codes) / len(members), "That is the share of *members*, not of people. Weight each member by "
                                          f"its population in {POP_YEAR}."),
        (100 - want, "That is the share living in members that *do* have a recent value."),
    ]
    _match(got, want, alts, PCT_TOL, "`pop_share_no_recent_rd`",
           f"Find each member's latest R&D year (your `latest_values` helps), keep members with none or with a "
           f"latest year before {RECENT_FROM}, and divide their {POP_YEAR} population by all members' population.")


# =====================================================================================
# 02.6 and 02.7 The OIC's GDP-weighted R&D intensity in 2021, and its coverage
# =====================================================================================
@lru_cache(maxsize=1)
def _agg_parts() -> dict:
    from coursekit import indicators as ind

    members = _members()
    rd = _rd()
    values = _indicator_year(RD, AGG_YEAR).reindex(members).dropna()
    gdp = ind.gdp(rd).xs(AGG_YEAR, level="year")
    gdp.index = gdp.index.astype(str)
    gdp = gdp.reindex(members)
    pop = _population(AGG_YEAR).reindex(members)
    gdppc = _indicator_year(GDP_PC, AGG_YEAR).reindex(members)
    rep = [c for c in values.index if np.isfinite(gdp[c])]
    v = values[rep]
    return {
        "values": v, "gdp": gdp, "pop": pop, "gdppc": gdppc, "rep": rep,
        "weighted": float((v * gdp[rep]).sum() / gdp[rep].sum()),
        "coverage": float(100 * gdp[rep].sum() / gdp.sum()),
    }


@_question("02.6", "oic_rd_2021", "value")
def _grade_oic_rd_2021(answer, fb: _Feedback, thorough: bool) -> None:
    p = _agg_parts()
    want = p["weighted"]
    got = _number(answer, "`oic_rd_2021`")
    fb.ok("It is a number.")
    if _close(got, want, FINE_TOL):
        fb.ok(f"It is the GDP-weighted R&D intensity of the OIC members that report for {AGG_YEAR} (their total "
              "R&D spending divided by their total GDP).")
        return
    v, rep = p["values"], p["rep"]
    alts = [
        (float(v.mean()), "That is the simple mean of the members' values: every member counts equally. Weight "
                          "each member by its GDP."),
        (float(v.median()), "That is the median of the members' values. Weight each member by its GDP instead."),
        (float((v * p["pop"][rep]).sum() / p["pop"][rep].sum()),
         "You weighted by population. R&D % of GDP is weighted by GDP (GDP per capita × population)."),
        (float((v * p["gdppc"][rep]).sum() / p["gdppc"][rep].sum()),
         "You weighted by GDP *per capita*. The weight is the whole GDP: GDP per capita × population."),
        (float((v * p["gdp"][rep]).sum() / p["gdp"].sum()),
         "Your denominator is the GDP of *all* members, as if the members without data spent nothing. Divide by "
         "the GDP of the members that report."),
        (want / 100, "R&D expenditure is already in per cent of GDP; do not divide by 100."),
        (want * 100, "R&D expenditure is already in per cent of GDP; do not multiply by 100."),
    ]
    _match(got, want, alts, FINE_TOL, "`oic_rd_2021`",
           f"For each member with an R&D value in {AGG_YEAR}, compute GDP = GDP per capita × population (same "
           "year); then sum(R&D % × GDP) / sum(GDP) over those members.")


@_question("02.7", "oic_rd_coverage_2021", "value")
def _grade_oic_rd_coverage_2021(answer, fb: _Feedback, thorough: bool) -> None:
    p = _agg_parts()
    want = p["coverage"]
    got = _percent(answer, "`oic_rd_coverage_2021`")
    fb.ok("It is a percentage.")
    if _close(got, want):
        fb.ok(f"It is the share of the OIC's {AGG_YEAR} GDP produced by the members with an R&D value.")
        return
    rep = p["rep"]
    n_members = len(_members())
    world_gdp_row = None
    from coursekit import indicators as ind
    g = ind.gdp(_rd())
    if ("WLD", AGG_YEAR) in g.index:
        world_gdp_row = float(100 * p["gdp"][rep].sum() / g[("WLD", AGG_YEAR)])
    alts = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (100 * len(rep) / n_members, "That is the share of *members* that report; weight each by its GDP."),
        (100 * len(rep) / int(p["gdp"].notna().sum()), "That is the share of members that report; weight each "
                                                        "by its GDP."),
        (float(100 * p["pop"][rep].sum() / p["pop"].sum()), "That is the share of the OIC's *population*; the "
                                                            "question asks for the share of its GDP."),
        (world_gdp_row, "You divided by the world's GDP; divide by the GDP of all OIC members."),
        (100 - want, "That is the share of the members that do *not* report."),
    ]
    _match(got, want, alts, PCT_TOL, "`oic_rd_coverage_2021`",
           f"Divide the {AGG_YEAR} GDP of the members you used in 2.6 by the {AGG_YEAR} GDP of all members, "
           "times 100.")


# =====================================================================================
# 02.8 Why a year-by-year OIC series misleads (multiple choice)
# =====================================================================================
_MC_02_8 = {
    "a": "Not this one: the line rests on different members in different years, and one member's own series "
         "jumps in that year, so it cannot show what OIC members as a whole did.",
    "b": "Yes: the set of members behind the line changes from year to year, and a single large member's "
         "figure can move it, so a change in the line is not by itself a change in spending.",
    "c": "Not this one: weighting a ratio by its denominator is the standard method (the World Bank uses it); "
         "the problem is which members are included, not the weighting.",
    "d": "Not this one: R&D as a percentage of GDP is a ratio of two amounts in the same currency and year, so it "
         "can be compared between years; the problem lies elsewhere.",
}


multiple_choice_question("02.8", _MC_02_8, "b",
                         "Look at the bottom panel of the chapter's figure of the OIC series: who reports, year by "
                         "year?")


# =====================================================================================
# 02.9 The OIC's share of world articles, 2003-2022
# =====================================================================================
@lru_cache(maxsize=1)
def _article_parts() -> dict:
    pubs = _tables()["publications"]
    members = _members()

    def share(field="all_se", palestine=True, denominator="world"):
        part = pubs[pubs["field"] == field]
        sel = part["iso3"].isin(members)
        if palestine:
            sel = sel | part["country"].isin(PALESTINE_LABELS)
        num = part[sel].groupby("year")["articles"].sum()
        if denominator == "world":
            den = part[part["kind"] == "world"].set_index("year")["articles"]
        elif denominator == "economies":
            den = part[part["kind"] == "economy"].groupby("year")["articles"].sum()
        else:
            den = part.groupby("year")["articles"].sum()
        s = 100 * num / den
        s.index = s.index.astype(int)
        return s.astype(float)

    return {
        "want": share(),
        "no_palestine": share(palestine=False),
        "bio": share(field="biological_biomedical"),
        "economies": share(denominator="economies"),
        "all_rows": share(denominator="all"),
    }


def _as_year_series(answer) -> pd.Series:
    if isinstance(answer, pd.DataFrame):
        numeric = answer.select_dtypes("number")
        if "year" in answer.columns and numeric.shape[1] == 2:
            answer = answer.set_index("year").select_dtypes("number").iloc[:, 0]
        elif numeric.shape[1] == 1:
            answer = numeric.iloc[:, 0]
        else:
            raise _Stop(f"`oic_article_share` is {_describe(answer)} with several columns; it should be a Series.",
                        "Return one Series indexed by year, e.g. `numerator / denominator * 100`.")
    if not isinstance(answer, pd.Series):
        raise _Stop(f"`oic_article_share` is {_describe(answer)}; it should be a pandas Series indexed by year.",
                    "Group the members' articles by year and divide by the World row's articles by year.")
    try:
        index = [int(x) if isinstance(x, numbers.Real) and float(x).is_integer() else int(str(x).strip())
                 for x in answer.index]
    except (TypeError, ValueError):
        raise _Stop(f"The index of `oic_article_share` should be years; it starts with {answer.index[0]!r}.",
                    "Use the years as the index, e.g. the result of `.groupby('year')`.") from None
    values = pd.to_numeric(pd.Series(answer.to_numpy(), index=index), errors="coerce").astype(float)
    return values


@_question("02.9", "oic_article_share", "value")
def _grade_article_share(answer, fb: _Feedback, thorough: bool) -> None:
    p = _article_parts()
    want = p["want"]
    got = _as_year_series(answer)
    fb.ok("It is a pandas Series.")
    if got.index.has_duplicates:
        raise _Stop(f"The year {got.index[got.index.duplicated()][0]} appears more than once.",
                    "One value per year: add up the members' articles for each year (`groupby('year')`).")
    missing, extra = sorted(set(want.index) - set(got.index)), sorted(set(got.index) - set(want.index))
    if missing or extra:
        raise _Stop(f"The years are not right: missing {missing[:3] or '-'}, unexpected {extra[:3] or '-'}.",
                    f"One value for each year from {want.index.min()} to {want.index.max()}.")
    fb.ok(f"It has one value for each year from {want.index.min()} to {want.index.max()}.")
    got = got.loc[want.index]
    if got.isna().any():
        raise _Stop(f"The value for {got.index[got.isna()][0]} is missing or not a number.",
                    "Check that the numerator and the denominator share the same year index.")
    if np.allclose(got, want, atol=FINE_TOL, rtol=0):
        fb.ok("The shares are right for every year (fractional counts, Palestine included).")
        return
    alts = [
        (want / 100, "It looks like fractions between 0 and 1. Multiply by 100 to get percentages."),
        (p["no_palestine"], "Palestine is missing: NCSES lists it as two rows, 'Gaza Strip' and 'West Bank', "
                            "without an iso3 code. Add their articles to the members'."),
        (p["bio"], "You used the biological and biomedical sciences; keep `field == 'all_se'`."),
        (p["economies"], "Your denominator adds up the economies. Use the World row (`kind == 'world'`): it also "
                         "counts articles that NCSES could not assign to a country."),
        (p["all_rows"], "Your denominator adds up every row, including regions and the World, so articles are "
                        "counted several times. Use the World row only."),
    ]
    for alt, hint in alts:
        if not np.allclose(alt, want, atol=FINE_TOL, rtol=0) and np.allclose(got, alt, atol=FINE_TOL, rtol=0):
            raise _Stop("The shares are not the expected ones.", hint)
    worst = (got - want).abs().idxmax()
    raise _Stop(f"The share for {worst} is {got[worst]:.4g}%, which is not the expected value.",
                "For each year: the articles of the 57 members (Palestine as 'Gaza Strip' + 'West Bank'), field "
                "all_se, divided by the World's articles, times 100.")
