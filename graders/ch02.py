"""Checkers for exercise set 02, "The science landscape of OIC member states".

Every expected value is computed from ``data/`` at check time (through ``coursekit.data.load``
and, for the members' latest years in 02.4 and 02.5, ``coursekit.indicators``); nothing expected
is typed into this file. The year, threshold, indicator and field of each question are part of its
wording, not data values: ``PARAMS`` holds the public edition's, and a class variant draws others
from the data (``variant_params``).
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import pandas as pd

from coursekit.checks import toolkit as tk
from coursekit.checks.ch02 import year_series

from ._core import (
    PCT_TOL,
    Feedback,
    Stop,
    multiple_choice_question,
    numbered,
    params,
    question,
    reject_number,
    shuffled,
    table,
)

RD = "GB.XPD.RSDV.GD.ZS"
RESEARCHERS = "SP.POP.SCIE.RD.P6"
GDP_PC = "NY.GDP.PCAP.CD"
POP = "SP.POP.TOTL"
FINE_TOL = 0.005  # percentage points / % of GDP, for answers that learners should not round
PALESTINE_LABELS = ("Gaza Strip", "West Bank")  # NCSES lists Palestine in two rows, without iso3

#: The indicators with gaps that 02.4 and 02.5 can ask about: the setup cell's name, and how the text says it.
GAP_INDICATORS = {RD: ("RD", "R&D expenditure", "R&D"), RESEARCHERS: ("RESEARCHERS", "researchers", "researchers")}
#: The fields of ``pubs`` that 02.9 can ask about, as the text describes them.
FIELDS = {
    "all_se": "all science and engineering fields",
    "biological_biomedical": "the biological and biomedical sciences",
}


def _gap_params(code: str) -> dict:
    name, text, short = GAP_INDICATORS[code]
    article = "an" if short[0] in "AEIOURaeiou" else "a"  # "an R&D row", "a researchers row"
    return {"IND": name, "IND_CODE": code, "IND_TEXT": text, "IND_SHORT": short, "IND_A": f"{article} {short}"}


#: The public edition's parameters (a class variant draws others: see `variant_params`): the population
#: year of 02.1 and 02.5, the indicator of 02.4 and 02.5 and the first "recent" year of 02.5, the year of
#: 02.6 and 02.7, the field of 02.9.
PARAMS = {
    "POP_YEAR": 2022,
    "RECENT_FROM": 2015,
    **_gap_params(RD),
    "AGG_YEAR": 2021,
    "FIELD": "all_se",
    "FIELD_TEXT": FIELDS["all_se"],
}


def _p(name: str):
    """One parameter of the active variant."""
    return params("02")[name]


#: The reporting lag of 02.3 in the public edition: none, a report written in `as_of` uses the values up to
#: `as_of` itself. A class variant asks for a lag (its `LAG`, drawn in `variant_params`); it is not in
#: `PARAMS`, whose values the committed key file records.
PUBLIC_LAG = 0
#: The lags a class variant may ask 02.3 for, and how the text says them.
LAGS = {1: "one year", 2: "two years"}


def _lag() -> int:
    """The reporting lag of 02.3 (the active variant's): values of a year are published that many years later."""
    return int(params("02").get("LAG", PUBLIC_LAG))


def _last_usable() -> str:
    """How the text names the last year a report written in `as_of` can use: `as_of` or `as_of - LAG`."""
    lag = _lag()
    return "`as_of`" if lag == PUBLIC_LAG else f"`as_of - {lag}`"


def _keep_hint() -> str:
    """The hint for values from after the last usable year."""
    lag = _lag()
    if lag == PUBLIC_LAG:
        return "Ignore the values from after `as_of`: keep only the rows with `year <= as_of`."
    return f"Ignore the values from after `as_of - {lag}`: keep only the rows with `year <= as_of - {lag}`."


def _lag_hint() -> str:
    """A class variant's hint for the public edition's rule (every value up to `as_of` itself)."""
    lag = _lag()
    return (
        f"Values are published {LAGS[lag]} after their year here, so a report written in `as_of` can use only "
        f"the years up to `as_of - {lag}`: keep only the rows with `year <= as_of - {lag}`."
    )


def _included_hint() -> str:
    """The hint for leaving out the last usable year itself."""
    lag = _lag()
    if lag == PUBLIC_LAG:
        return "A value from the year `as_of` counts (its age is 0): keep `year <= as_of`, not `year < as_of`."
    return (
        f"A value from the year `as_of - {lag}` counts (its age is {lag}): keep `year <= as_of - {lag}`, not "
        f"`year < as_of - {lag}`."
    )


def _age_from_cutoff_hint() -> str:
    """A class variant's hint for an age counted from `as_of - LAG` instead of from `as_of`."""
    lag = _lag()
    return (
        f"The age is counted from `as_of`, the year of the report, not from `as_of - {lag}`: `as_of` minus the "
        "year of the value."
    )


_RD_COLUMNS = "iso3, year, indicator, value"


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    return {name: table(name) for name in ("rd_indicators", "oic_members", "countries", "publications")}


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


@cache
def _latest_year(indicator: str) -> pd.Series:
    """Latest year with a value of *indicator*, for every OIC member (NaN = never)."""
    from coursekit import indicators as ind

    latest = ind.latest_values(_rd(), indicator, _members())
    return latest["year"].astype("float")


#: The engine's KeyError hint, adapted to this set's table.
_HINTS = {
    "KeyError": f"A column or label was not found. Check the spelling; the columns of `rd` are "
    f'{_RD_COLUMNS}, and indicator codes are text such as "{RD}".'
}


def _codes(answer, what: str) -> list[str]:
    """Accept a list, tuple, set, Index, Series or array of codes; explain anything else."""
    if answer is None:
        raise Stop(f"{what} is None.", "Assign your list of codes to the name, e.g. `no_data_members = [...]`.")
    if isinstance(answer, str):
        raise Stop(
            f"{what} is {tk.describe(answer)}, a single text.",
            'Give a list of ISO3 codes, e.g. ["AFG", "BGD"] (or a pandas Index or Series).',
        )
    if isinstance(answer, pd.DataFrame):
        raise Stop(
            f"{what} is {tk.describe(answer)}; it should be a list of ISO3 codes.",
            "Take one column, e.g. `list(table['iso3'])`, or use `.index` if the codes are the index.",
        )
    if isinstance(answer, dict):
        raise Stop(
            f"{what} is a dict; it should be a list of ISO3 codes.", "Use `list(my_dict)` if the codes are the keys."
        )
    if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        items = tk.listed(answer, what)
    else:
        raise Stop(f"{what} is {tk.describe(answer)}; it should be a list of ISO3 codes.")
    bad = [x for x in items if not isinstance(x, str)]
    if bad:
        raise Stop(
            f"{what} contains {tk.describe(bad[0])}; every item should be an ISO3 code as text.",
            "If you collected row numbers or names, look the codes up in `oic['iso3']`.",
        )
    return [x.strip().upper() for x in items]


def _percent(answer, what: str) -> float:
    got = tk.number(answer, what)
    if not (-1e-9 <= got <= 100 + 1e-9):
        raise Stop(f"{what} is {got:.4g}, but a percentage lies between 0 and 100.")
    return got


def _match(
    got: float, want: float, alternatives, tol: float, what: str, final_hint: str, alt_tol: float = 0.01
) -> None:
    """Raise a Stop naming the first alternative that `got` matches (to within *alt_tol*, so that a
    round guess is not mistaken for a specific mistake), else a general one."""
    reject_number(
        got,
        want,
        alternatives,
        f"{what} is {got:.4g}, which is not the expected value.",
        final_hint,
        tol=tol,
        match_tol=min(tol, alt_tol),
    )


# =====================================================================================
# 02.1 The OIC's share of the world's population
# =====================================================================================
def _pop_share(year: int) -> float:
    """The members' share of the world's population in *year*, in percent."""
    pop = _population(year)
    return float(100 * pop.reindex(_members()).sum() / pop["WLD"])


def _pop_share_alternatives():
    """The expected answer to 02.1 and the results of its typical mistakes, each with its hint."""
    rd, members = _rd(), _members()
    year = _p("POP_YEAR")
    pop = _population(year)
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
        (
            100 * pop.reindex(members).sum() / all_rows,
            "Your denominator adds up every row of the year, including aggregates such as World, High income "
            "and regions, which count the same people several times. Divide by the World row (iso3 'WLD').",
        ),
        (100 * members_all / world_all, f"You added up every year; use only {year}."),
        (
            100 * len(members) / n_economies,
            "That is the share of *countries* (57 of all economies), not of "
            "people. Add up the members' populations instead.",
        ),
        (
            100 * pop.reindex([m for m in members if m != "PSE"]).sum() / world,
            "One member is missing: Palestine, whose World Bank code is PSE (West Bank and Gaza). Select members "
            "by iso3 with `oic['iso3']`, not by name.",
        ),
    ]
    # the years around it, and the public edition's year (a class variant's typical mistake)
    others = {2020, 2021, 2023, 2024, 2025, year - 2, year - 1, year + 1, year + 2, PARAMS["POP_YEAR"]} - {year}
    for other in sorted(others):
        p = _population(other)
        if "WLD" in p.index:
            alts.append((100 * p.reindex(members).sum() / p["WLD"], f"That is the value for {other}; use {year}."))
    return want, alts


@question("02.1", "oic_population_share", "value")
def _grade_population_share(answer, fb: Feedback, thorough: bool) -> None:
    want, alts = _pop_share_alternatives()
    year = _p("POP_YEAR")
    got = tk.number(answer, "`oic_population_share`")
    fb.ok("It is a number.")
    if tk.close(got, want):
        fb.ok(f"It is the members' share of the world's population in {year}, in percent.")
        return
    _match(
        got,
        want,
        alts,
        PCT_TOL,
        "`oic_population_share`",
        f"Keep the population rows ('{POP}') of {year}; add up the members' values and divide by the "
        "World's (iso3 'WLD'), times 100.",
    )


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


multiple_choice_question(
    "02.2", _MC_02_2, "c", "Reread the table of science bodies and the paragraph on the STI Agenda 2026 in the chapter."
)


# =====================================================================================
# 02.3 latest_values(rd, indicator, as_of)
# =====================================================================================
#: The years the thorough check tries as `as_of` (the visible check: 2022 and 2015).
AS_OF_YEARS = (2008, 2015, 2022, 2025)


def _expected_latest(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    """For every code with a value of *indicator* in or before *as_of* (less the active variant's reporting
    lag): its latest such year, the value in that year, and its age (``as_of - year``). Computed here, not
    with ``coursekit.indicators``."""
    part = rd.loc[(rd["indicator"] == indicator) & (rd["year"] <= as_of - _lag()), ["iso3", "year", "value"]]
    best: dict[str, tuple[int, float]] = {}
    for code, year, value in part.itertuples(index=False):
        code = str(code)
        if code not in best or int(year) > best[code][0]:
            best[code] = (int(year), float(value))
    codes = sorted(best)
    years = [best[c][0] for c in codes]
    return pd.DataFrame(
        {"year": years, "value": [best[c][1] for c in codes], "age": [as_of - y for y in years]},
        index=pd.Index(codes, name="iso3"),
    )


def _as_latest_table(result, label: str) -> pd.DataFrame:
    if isinstance(result, pd.Series):
        raise Stop(
            f"`{label}` returned a pandas Series; it should return a DataFrame with the columns year, value and age.",
            "Keep every column, e.g. `rows[['year', 'value']]` after selecting one row per country, then add `age`.",
        )
    if not isinstance(result, pd.DataFrame):
        raise Stop(
            f"`{label}` returned {tk.describe(result)}; it should return a pandas DataFrame.",
            "Did you forget `return`?",
        )
    table = result
    if "iso3" in table.columns:
        if table["iso3"].duplicated().any():
            dup = table.loc[table["iso3"].duplicated(), "iso3"].iloc[0]
            raise Stop(f"{dup} appears in more than one row.", "Keep one row per country: its latest year.")
        table = table.set_index("iso3")
    missing = [c for c in ("year", "value", "age") if c not in table.columns]
    if missing:
        raise Stop(
            f"The result has no column(s) {', '.join(missing)} (it has: "
            f"{', '.join(map(str, table.columns)) or 'no columns'}).",
            "Return the columns named exactly `year`, `value` and `age`.",
        )
    if numbered(table.index):
        raise Stop(
            "The rows are numbered 0, 1, 2, ... instead of labelled by iso3 code.",
            "Make the country code the index, e.g. `.set_index('iso3')`, or keep an `iso3` column.",
        )
    if table.index.has_duplicates:
        raise Stop(
            f"{table.index[table.index.duplicated()][0]} appears in more than one row.",
            "Keep one row per country: its latest year.",
        )
    return table


def _diagnose_latest(rd: pd.DataFrame, indicator: str, as_of: int, got: pd.DataFrame, want: pd.DataFrame) -> None:
    part = rd[rd["indicator"] == indicator]
    call = f"{indicator}, as_of={as_of}"
    lag = _lag()
    last = as_of - lag  # the last year a report written in as_of can use (as_of itself in the public edition)
    codes_got = {str(c) for c in got.index}
    codes_want = {str(c) for c in want.index}
    if codes_got != codes_want:
        extra = sorted(codes_got - codes_want)
        missing = sorted(codes_want - codes_got)
        later_only = set(part.loc[part["year"] > last, "iso3"].astype(str)) - codes_want
        if extra and not missing and set(extra) <= later_only:
            if lag != PUBLIC_LAG and set(extra) <= set(part.loc[part["year"] <= as_of, "iso3"].astype(str)):
                raise Stop(
                    f"For {call} the result has a row for {extra[0]}, whose values all come after {last} "
                    f"(`as_of - {lag}`).",
                    _lag_hint(),
                )
            raise Stop(
                f"For {call} the result has a row for {extra[0]}, whose values all come after {last}.", _keep_hint()
            )
        if codes_got >= codes_want and codes_got - codes_want <= set(rd["iso3"].astype(str)):
            raise Stop(
                f"For {call} the result has {len(codes_got)} rows, but only {len(codes_want)} "
                f"countries have a value of this indicator up to {last}.",
                "Keep only the rows of this indicator before you look for the latest year.",
            )
        at_as_of = set(part.loc[part["year"] == last, "iso3"].astype(str))
        if missing and not extra and set(missing) <= at_as_of:
            raise Stop(
                f"For {call} the row of {missing[0]} is missing, which has a value in {last} itself.", _included_hint()
            )
        raise Stop(
            f"For {call} the countries are not right: {len(missing)} missing (e.g. "
            f"{', '.join(missing[:3]) or '-'}), {len(extra)} unexpected (e.g. {', '.join(extra[:3]) or '-'}).",
            "One row for every iso3 code with at least one value of the indicator up to `as_of`.",
        )
    got = got.loc[list(want.index)]
    years = tk.as_floats(got["year"])
    values = tk.as_floats(got["value"])
    ages = tk.as_floats(got["age"])
    bad = years.isna() | values.isna() | ages.isna()
    if bad.any():
        code = got.index[bad.to_numpy()][0]
        raise Stop(f"For {code} ({call}) the year, value or age is missing or not a number.")
    wrong_year = years.to_numpy() != want["year"].astype(int).to_numpy()
    if wrong_year.any():
        code = got.index[wrong_year][0]
        year, right = int(years[code]), int(want.loc[code, "year"])
        first = part[(part["iso3"] == code) & (part["year"] <= last)]["year"].min()
        if year > last:
            if lag != PUBLIC_LAG and year <= as_of:
                raise Stop(f"For {code} ({call}) the year is {year}, after {last} (`as_of - {lag}`).", _lag_hint())
            raise Stop(f"For {code} ({call}) the year is {year}, after {last}.", _keep_hint())
        if year == int(first) and first != right:
            raise Stop(
                f"For {code} ({call}) the year is {year}, its *earliest* year with a value; the latest is wanted.",
                "Take the largest year, e.g. sort by year and keep the last row per country.",
            )
        if right == last and year < last:
            raise Stop(
                f"For {code} ({call}) the year is {year}, but it has a value in {last} itself.", _included_hint()
            )
        raise Stop(
            f"For {code} ({call}) the year is {year}, not its latest year with a value up to {last}.",
            "If you used `.last()` or `.tail(1)`, sort by year first: the rows are not guaranteed to be "
            "in order (this check shuffles them).",
        )
    wrong_value = ~np.isclose(values.to_numpy(dtype=float), want["value"].to_numpy(dtype=float), rtol=1e-9, atol=1e-12)
    if wrong_value.any():
        code = got.index[wrong_value][0]
        rows = part[(part["iso3"] == code) & (part["year"] <= last)]
        hint = "The value must be the one *in* the latest year."
        if np.isclose(float(values[code]), rows["value"].max()):
            hint = (
                "That is the country's largest value, not its value in the latest year: `.max()` on a "
                "group takes the maximum of each column separately. Select the row of the latest year "
                "instead (e.g. sort by year and keep the last row)."
            )
        raise Stop(
            f"For {code} ({call}) the value is {float(values[code]):.4g}, but its value in "
            f"{int(want.loc[code, 'year'])} is {float(want.loc[code, 'value']):.4g}.",
            hint,
        )
    wrong_age = ages.to_numpy() != want["age"].astype(int).to_numpy()
    if wrong_age.any():
        code = got.index[wrong_age][0]
        age, right = float(ages[code]), int(want.loc[code, "age"])
        hint = "The age is `as_of` minus the year of the value."
        if age == -right:
            hint = "The age has the wrong sign: `as_of` minus the year, not the year minus `as_of`."
        elif lag != PUBLIC_LAG and age == right - lag:
            hint = _age_from_cutoff_hint()
        raise Stop(
            f"For {code} ({call}) the age is {age:g}, but its latest value is from "
            f"{int(want.loc[code, 'year'])}, {right} year(s) before {as_of}.",
            hint,
        )


@question("02.3", "latest_values", "function")
def _grade_latest_values(fn, fb: Feedback, thorough: bool) -> None:
    cases = [(RD, 2022), (RESEARCHERS, 2015)]
    if thorough:
        cases = [(i, y) for i in (RD, RESEARCHERS, GDP_PC, POP) for y in AS_OF_YEARS]
    seeds = [2024, 7] if thorough else [2024]
    for seed in seeds:
        rd = shuffled(_rd(), seed, offset=5000)
        for indicator, as_of in cases:
            original = rd.copy()
            result = tk.call(fn, "latest_values", rd, indicator, as_of, hints=_HINTS)
            if not rd.equals(original):
                raise Stop(
                    "Your function changed the table it was given.",
                    "Work on a selection or a copy (e.g. `rd[rd['indicator'] == indicator].copy()`), "
                    "not on `rd` itself.",
                )
            got = _as_latest_table(result, "latest_values")
            want = _expected_latest(_rd(), indicator, as_of)
            _diagnose_latest(rd, indicator, as_of, got, want)
    fb.ok("It returns a DataFrame with one row per country and the columns year, value and age.")
    shown = (
        f"all four indicators as of {', '.join(map(str, AS_OF_YEARS))}, on two shuffled copies of the table"
        if thorough
        else f"{RD} as of 2022 and {RESEARCHERS} as of 2015, on a shuffled copy of the table"
    )
    fb.ok(f"The latest years up to {_last_usable()}, their values and ages are right for {shown}.")


# =====================================================================================
# 02.4 Members with no value of an indicator at all
# =====================================================================================
def _gap() -> tuple[str, dict]:
    """The indicator of 02.4 and 02.5 (the active variant's) and how the text names it."""
    p = params("02")
    return p["IND_CODE"], p


def _no_value(indicator: str) -> set[str]:
    latest = _latest_year(indicator)
    return {c for c in _members() if np.isnan(latest[c])}


@question("02.4", "no_data_members", "value")
def _grade_no_data_members(answer, fb: Feedback, thorough: bool) -> None:
    members = _members()
    code, p = _gap()
    short = p["IND_SHORT"]
    want = _no_value(code)
    oic = _tables()["oic_members"]
    name_to_code = {str(n).upper(): str(c) for n, c in zip(oic["name"], oic["iso3"])}
    items = _codes(answer, "`no_data_members`")
    if not items:
        raise Stop("`no_data_members` is empty.", "Some members have no value of the indicator: list their ISO3 codes.")
    if items and all(x in name_to_code for x in items) and not any(x in members for x in items):
        raise Stop(
            "These are country names, not ISO3 codes.",
            "Collect the codes from the `iso3` column (e.g. 'AFG' rather than 'Afghanistan').",
        )
    fb.ok("It is a collection of texts.")
    if len(set(items)) != len(items):
        raise Stop("A code appears more than once.", "List each member once (e.g. use `sorted(set(...))`).")
    got = set(items)
    if got == want:
        fb.ok(f"It lists exactly the {len(want)} OIC members with no {p['IND_TEXT']} value in any year.")
        return
    with_data = set(members) - want
    if got == with_data:
        raise Stop(f"These are the members that *do* have {short} data.", "Keep the members with no value instead.")
    for other, (_, _, other_short) in GAP_INDICATORS.items():
        if other != code and got == _no_value(other):
            raise Stop(
                f"These are the members with no *{other_short}* data.", f'Use the {p["IND_TEXT"]} indicator, "{code}".'
            )
    non_members = sorted(got - set(members))
    if non_members:
        raise Stop(
            f"{len(non_members)} of your codes are not OIC members (e.g. {', '.join(non_members[:3])}).",
            "Start from the 57 members in `oic['iso3']`.",
        )
    missing, extra = sorted(want - got), sorted(got - want)
    if extra:
        raise Stop(
            f"{', '.join(extra[:3])} {'has' if len(extra) == 1 else 'have'} at least one {short} value, so "
            "should not be in the list.",
            f"A member belongs in the list only if it has no {short} row at all.",
        )
    raise Stop(
        f"{len(missing)} member(s) with no {short} value are missing, e.g. {missing[0]}.",
        f"Check every member in `oic['iso3']` against the codes that have {p['IND_A']} row.",
    )


# =====================================================================================
# 02.5 Population in members with no recent value
# =====================================================================================
def _no_recent(indicator: str, recent_from: int, strict: bool = False) -> list[str]:
    latest = _latest_year(indicator)
    if strict:
        return [c for c in _members() if np.isnan(latest[c]) or latest[c] <= recent_from]
    return [c for c in _members() if np.isnan(latest[c]) or latest[c] < recent_from]


def _no_recent_share(indicator: str, recent_from: int, year: int) -> float:
    """The share of the members' population in *year* living in members with no value from *recent_from* on."""
    pop = _population(year).reindex(_members())
    return float(100 * pop.reindex(_no_recent(indicator, recent_from)).sum() / pop.sum())


def _no_recent_alternatives():
    """The expected answer to 02.5 and the results of its typical mistakes, each with its hint."""
    members = _members()
    code, p = _gap()
    short, recent_from, year = p["IND_SHORT"], p["RECENT_FROM"], p["POP_YEAR"]
    pop = _population(year)
    oic_pop = pop.reindex(members).sum()
    codes = _no_recent(code, recent_from)
    want = 100 * pop.reindex(codes).sum() / oic_pop
    never = sorted(_no_value(code))
    alts = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (
            100 * pop.reindex(never).sum() / oic_pop,
            f"You counted only the members with no {short} value at all. Members whose latest value is older than "
            f"{recent_from} have no recent value either: include them.",
        ),
        (
            100 * pop.reindex(_no_recent(code, recent_from, strict=True)).sum() / oic_pop,
            f"A value *from* {recent_from} counts as recent: compare the latest year with `< {recent_from}`, not "
            f"`<= {recent_from}`.",
        ),
        (
            100 * pop.reindex(codes).sum() / pop["WLD"],
            "You divided by the world's population; divide by the OIC members' total population.",
        ),
        (
            100 * len(codes) / len(members),
            f"That is the share of *members*, not of people. Weight each member by its population in {year}.",
        ),
        (100 - want, "That is the share living in members that *do* have a recent value."),
    ]
    return want, alts


@question("02.5", "pop_share_no_recent", "value")
def _grade_pop_share_no_recent(answer, fb: Feedback, thorough: bool) -> None:
    want, alts = _no_recent_alternatives()
    _, p = _gap()
    short, recent_from, year = p["IND_SHORT"], p["RECENT_FROM"], p["POP_YEAR"]
    got = _percent(answer, "`pop_share_no_recent`")
    fb.ok("It is a percentage.")
    if tk.close(got, want):
        fb.ok(
            f"It is the share of the OIC's {year} population living in members with no {short} value from "
            f"{recent_from} onwards."
        )
        return
    _match(
        got,
        want,
        alts,
        PCT_TOL,
        "`pop_share_no_recent`",
        f"Find each member's latest {short} year (your `latest_values` helps), keep members with none or with a "
        f"latest year before {recent_from}, and divide their {year} population by all members' population.",
    )


# =====================================================================================
# 02.6 and 02.7 The OIC's GDP-weighted R&D intensity in one year, and its coverage
# =====================================================================================
def _agg_year() -> int:
    """The year of 02.6 and 02.7 (the active variant's)."""
    return int(_p("AGG_YEAR"))


def _agg_parts() -> dict:
    return _agg_parts_for(_agg_year())


@cache
def _agg_parts_for(year: int) -> dict:
    from coursekit import indicators as ind

    members = _members()
    rd = _rd()
    values = _indicator_year(RD, year).reindex(members).dropna()
    gdp = ind.gdp(rd).xs(year, level="year")
    gdp.index = gdp.index.astype(str)
    gdp = gdp.reindex(members)
    pop = _population(year).reindex(members)
    gdppc = _indicator_year(GDP_PC, year).reindex(members)
    rep = [c for c in values.index if np.isfinite(gdp[c])]
    v = values[rep]
    return {
        "values": v,
        "gdp": gdp,
        "pop": pop,
        "gdppc": gdppc,
        "rep": rep,
        "weighted": float((v * gdp[rep]).sum() / gdp[rep].sum()),
        "coverage": float(100 * gdp[rep].sum() / gdp.sum()),
    }


def _weighted_alternatives():
    """The expected answer to 02.6 and the results of its typical mistakes, each with its hint."""
    p = _agg_parts()
    want = p["weighted"]
    v, rep = p["values"], p["rep"]
    alts = [
        (
            float(v.mean()),
            "That is the simple mean of the members' values: every member counts equally. Weight "
            "each member by its GDP.",
        ),
        (float(v.median()), "That is the median of the members' values. Weight each member by its GDP instead."),
        (
            float((v * p["pop"][rep]).sum() / p["pop"][rep].sum()),
            "You weighted by population. R&D % of GDP is weighted by GDP (GDP per capita × population).",
        ),
        (
            float((v * p["gdppc"][rep]).sum() / p["gdppc"][rep].sum()),
            "You weighted by GDP *per capita*. The weight is the whole GDP: GDP per capita × population.",
        ),
        (
            float((v * p["gdp"][rep]).sum() / p["gdp"].sum()),
            "Your denominator is the GDP of *all* members, as if the members without data spent nothing. Divide by "
            "the GDP of the members that report.",
        ),
        (want / 100, "R&D expenditure is already in per cent of GDP; do not divide by 100."),
        (want * 100, "R&D expenditure is already in per cent of GDP; do not multiply by 100."),
    ]
    return want, alts


@question("02.6", "oic_rd_intensity", "value")
def _grade_oic_rd_intensity(answer, fb: Feedback, thorough: bool) -> None:
    want, alts = _weighted_alternatives()
    year = _agg_year()
    got = tk.number(answer, "`oic_rd_intensity`")
    fb.ok("It is a number.")
    if tk.close(got, want, FINE_TOL):
        fb.ok(
            f"It is the GDP-weighted R&D intensity of the OIC members that report for {year} (their total "
            "R&D spending divided by their total GDP)."
        )
        return
    _match(
        got,
        want,
        alts,
        FINE_TOL,
        "`oic_rd_intensity`",
        f"For each member with an R&D value in {year}, compute GDP = GDP per capita × population (same "
        "year); then sum(R&D % × GDP) / sum(GDP) over those members.",
    )


def _coverage_alternatives():
    """The expected answer to 02.7 and the results of its typical mistakes, each with its hint."""
    p = _agg_parts()
    want = p["coverage"]
    rep = p["rep"]
    year = _agg_year()
    n_members = len(_members())
    world_gdp_row = None
    from coursekit import indicators as ind

    g = ind.gdp(_rd())
    if ("WLD", year) in g.index:
        world_gdp_row = float(100 * p["gdp"][rep].sum() / g[("WLD", year)])
    alts = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (100 * len(rep) / n_members, "That is the share of *members* that report; weight each by its GDP."),
        (
            100 * len(rep) / int(p["gdp"].notna().sum()),
            "That is the share of members that report; weight each by its GDP.",
        ),
        (
            float(100 * p["pop"][rep].sum() / p["pop"].sum()),
            "That is the share of the OIC's *population*; the question asks for the share of its GDP.",
        ),
        (world_gdp_row, "You divided by the world's GDP; divide by the GDP of all OIC members."),
        (100 - want, "That is the share of the members that do *not* report."),
    ]
    return want, alts


@question("02.7", "oic_rd_coverage", "value")
def _grade_oic_rd_coverage(answer, fb: Feedback, thorough: bool) -> None:
    want, alts = _coverage_alternatives()
    year = _agg_year()
    got = _percent(answer, "`oic_rd_coverage`")
    fb.ok("It is a percentage.")
    if tk.close(got, want):
        fb.ok(f"It is the share of the OIC's {year} GDP produced by the members with an R&D value.")
        return
    _match(
        got,
        want,
        alts,
        PCT_TOL,
        "`oic_rd_coverage`",
        f"Divide the {year} GDP of the members you used in 2.6 by the {year} GDP of all members, times 100.",
    )


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


multiple_choice_question(
    "02.8",
    _MC_02_8,
    "b",
    "Look at the bottom panel of the chapter's figure of the OIC series: who reports, year by year?",
)


# =====================================================================================
# 02.9 The OIC's share of world articles, 2003-2022
# =====================================================================================
def _field() -> str:
    """The field of ``pubs`` that 02.9 asks about (the active variant's)."""
    return str(_p("FIELD"))


def _article_parts() -> dict:
    return _article_parts_for(_field())


@cache
def _article_parts_for(field: str) -> dict:
    """The members' share of world articles in *field*, year by year, and the results of typical mistakes
    ("other_fields": field -> the share in that other field)."""
    pubs = _tables()["publications"]
    members = _members()

    def share(field=field, palestine=True, denominator="world"):
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
        "other_fields": {f: share(field=f) for f in FIELDS if f != field},
        "economies": share(denominator="economies"),
        "all_rows": share(denominator="all"),
    }


def _as_year_series(answer) -> pd.Series:
    """The answer as floats by year, read as the learner's self-check reads it."""
    return tk.as_floats(year_series(answer, "`oic_article_share`"))


@question("02.9", "oic_article_share", "value")
def _grade_article_share(answer, fb: Feedback, thorough: bool) -> None:
    p = _article_parts()
    want = p["want"]
    got = _as_year_series(answer)
    fb.ok("It is a pandas Series.")
    if got.index.has_duplicates:
        raise Stop(
            f"The year {got.index[got.index.duplicated()][0]} appears more than once.",
            "One value per year: add up the members' articles for each year (`groupby('year')`).",
        )
    missing, extra = sorted(set(want.index) - set(got.index)), sorted(set(got.index) - set(want.index))
    if missing or extra:
        raise Stop(
            f"The years are not right: missing {missing[:3] or '-'}, unexpected {extra[:3] or '-'}.",
            f"One value for each year from {want.index.min()} to {want.index.max()}.",
        )
    fb.ok(f"It has one value for each year from {want.index.min()} to {want.index.max()}.")
    got = got.loc[want.index]
    if got.isna().any():
        raise Stop(
            f"The value for {got.index[got.isna()][0]} is missing or not a number.",
            "Check that the numerator and the denominator share the same year index.",
        )
    if np.allclose(got, want, atol=FINE_TOL, rtol=0):
        fb.ok("The shares are right for every year (fractional counts, Palestine included).")
        return
    for alt, hint in _article_alternatives():
        if not np.allclose(alt, want, atol=FINE_TOL, rtol=0) and np.allclose(got, alt, atol=FINE_TOL, rtol=0):
            raise Stop("The shares are not the expected ones.", hint)
    worst = (got - want).abs().idxmax()
    raise Stop(
        f"The share for {worst} is {got[worst]:.4g}%, which is not the expected value.",
        "For each year: the articles of the 57 members (Palestine as 'Gaza Strip' + 'West Bank'), field "
        f"{_field()}, divided by the World's articles, times 100.",
    )


def _article_alternatives():
    """The results of the typical mistakes of 02.9 (Series by year), each with its hint."""
    p = _article_parts()
    want = p["want"]
    field = _field()
    return [
        (want / 100, "It looks like fractions between 0 and 1. Multiply by 100 to get percentages."),
        (
            p["no_palestine"],
            "Palestine is missing: NCSES lists it as two rows, 'Gaza Strip' and 'West Bank', "
            "without an iso3 code. Add their articles to the members'.",
        ),
        *[
            (share, f"You used {FIELDS[other]}; keep `field == '{field}'`.")
            for other, share in p["other_fields"].items()
        ],
        (
            p["economies"],
            "Your denominator adds up the economies. Use the World row (`kind == 'world'`): it also "
            "counts articles that NCSES could not assign to a country.",
        ),
        (
            p["all_rows"],
            "Your denominator adds up every row, including regions and the World, so articles are "
            "counted several times. Use the World row only.",
        ),
    ]


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _beyond_selfcheck(qid: str, want: float, alternatives) -> list:
    """The (value, hint) alternatives that the learner's self-check cannot take for the right answer:
    its tolerance window (up to 1.5 x tol) is wider than the grader's tol, so a mistake closer than
    that to *want* is left out (it fails the grader with its hint, but would pass the self-check)."""
    from coursekit.checks import QUESTIONS

    form = QUESTIONS[qid].form
    right = set(form.cell(want, exact=True))
    out = []
    for v, hint in alternatives:
        if v is None or np.isnan(float(v)) or right & set(form.cell(float(v), exact=False)):
            continue
        out.append((float(v), hint))
    return out


def _with_age(rows: pd.DataFrame, as_of: int, sign: int = 1) -> pd.DataFrame:
    return rows.assign(age=sign * (as_of - rows["year"]))


def _latest_rows(rd: pd.DataFrame, indicator: str, keep, pick: str = "tail") -> pd.DataFrame:
    rows = rd[(rd["indicator"] == indicator) & keep(rd["year"])].sort_values(["iso3", "year"])
    return getattr(rows.groupby("iso3"), pick)(1).set_index("iso3")[["year", "value"]]


# (each with the active variant's reporting lag: the last usable year is `as_of - lag`)
def _latest_by_max(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    rows = rd[(rd["indicator"] == indicator) & (rd["year"] <= as_of - _lag())]
    return _with_age(rows.groupby("iso3")[["year", "value"]].max(), as_of)


def _earliest(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    return _with_age(_latest_rows(rd, indicator, lambda y: y <= as_of - _lag(), "head"), as_of)


def _ignoring_as_of(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    return _with_age(_latest_rows(rd, indicator, lambda y: y.notna()), as_of)


def _strictly_before(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    return _with_age(_latest_rows(rd, indicator, lambda y: y < as_of - _lag()), as_of)


def _age_reversed(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    return _with_age(_latest_rows(rd, indicator, lambda y: y <= as_of - _lag()), as_of, sign=-1)


def _without_lag(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    """A class variant's mistake: the public edition's rule, every value up to `as_of` itself."""
    return _with_age(_latest_rows(rd, indicator, lambda y: y <= as_of), as_of)


def _age_from_cutoff(rd: pd.DataFrame, indicator: str, as_of: int) -> pd.DataFrame:
    """A class variant's mistake: the age counted from `as_of - lag`."""
    return _with_age(_latest_rows(rd, indicator, lambda y: y <= as_of - _lag()), as_of - _lag())


def _latest_mistakes(ns):
    """02.3's typical mistakes; a class variant with a reporting lag adds the public edition's rule."""
    out = [
        (
            _latest_by_max,
            "That is the country's largest value, not its value in the latest year: `.max()` on a "
            "group takes the maximum of each column separately. Select the row of the latest year "
            "instead (e.g. sort by year and keep the last row).",
        ),
        (
            _earliest,
            "That is the country's *earliest* year with a value; the latest is wanted. Take the largest "
            "year, e.g. sort by year and keep the last row per country.",
        ),
        (_ignoring_as_of, _keep_hint()),
        (_strictly_before, _included_hint()),
        (_age_reversed, "The age has the wrong sign: `as_of` minus the year, not the year minus `as_of`."),
    ]
    if _lag() != PUBLIC_LAG:
        out[2:2] = [(_without_lag, _lag_hint())]  # before `_ignoring_as_of`: most of their rows are the same
        out.append((_age_from_cutoff, _age_from_cutoff_hint()))
    return out


def _gap_mistakes(ns):
    """02.4: one hash per member with data (the self-check names the first that should not be there)."""
    code, p = _gap()
    short = p["IND_SHORT"]
    return [
        (
            sorted(set(_members()) - _no_value(code)),
            f"That member has at least one {short} value, so it should not be in the list: keep only the members "
            f"with no {short} row at all.",
        )
    ]


MISTAKES = {
    "02.1": lambda ns: _beyond_selfcheck("02.1", *_pop_share_alternatives()),
    "02.3": _latest_mistakes,
    "02.4": _gap_mistakes,
    "02.5": lambda ns: _beyond_selfcheck("02.5", *_no_recent_alternatives()),
    "02.6": lambda ns: _beyond_selfcheck("02.6", *_weighted_alternatives()),
    "02.7": lambda ns: _beyond_selfcheck("02.7", *_coverage_alternatives()),
    "02.9": lambda ns: _article_alternatives(),
}


# =====================================================================================
# class variants: the same questions on other parameters drawn from the data (see graders.variants)
# =====================================================================================
def _differs(a: float, b: float, tol: float) -> bool:
    """Whether *a* is outside the self-check's window around *b* (1.5 x its tolerance): the public answer fails."""
    return abs(a - b) > 1.5 * tol


def _n_reporting(year: int) -> int:
    return len(_agg_parts_for(year)["rep"])


def variant_params(rng) -> dict:
    """Other parameters, each drawn from those for which the question stays answerable and its answer
    differs from the public edition's:

    * 02.1 and 02.5: another population year from 2016 to 2024 (every member and the World have a value);
    * 02.4 and 02.5: the other indicator with gaps (researchers per million instead of R&D expenditure),
      and another first "recent" year, from 2008 to three years before the population year;
    * 02.6 and 02.7: another year from 2010 to 2023 in which at least 15 members report R&D and GDP;
    * 02.9: the other field of ``pubs`` (the biological and biomedical sciences);
    * 02.3 (and the call of 02.4 that uses it): a reporting lag of one or two years (`LAGS`): a report written
      in ``as_of`` can use only the values up to ``as_of - LAG``, whose age is still counted from ``as_of``.
    """
    public = PARAMS
    pop_years = [
        y
        for y in range(2016, 2025)
        if y != public["POP_YEAR"] and _differs(_pop_share(y), _pop_share(public["POP_YEAR"]), PCT_TOL)
    ]
    pop_year = pop_years[rng.randrange(len(pop_years))]
    indicator = next(code for code in GAP_INDICATORS if code != public["IND_CODE"])
    before = _no_recent_share(public["IND_CODE"], public["RECENT_FROM"], public["POP_YEAR"])
    thresholds = [
        y
        for y in range(2008, pop_year - 2)
        if y != public["RECENT_FROM"] and _differs(_no_recent_share(indicator, y, pop_year), before, PCT_TOL)
    ]
    recent_from = thresholds[rng.randrange(len(thresholds))]
    agg = _agg_parts_for(public["AGG_YEAR"])
    agg_years = [
        y
        for y in range(2010, 2024)
        if y != public["AGG_YEAR"]
        and _n_reporting(y) >= 15
        and _differs(_agg_parts_for(y)["weighted"], agg["weighted"], FINE_TOL)
        and _differs(_agg_parts_for(y)["coverage"], agg["coverage"], PCT_TOL)
    ]
    agg_year = agg_years[rng.randrange(len(agg_years))]
    fields = [f for f in FIELDS if f != public["FIELD"]]
    field = fields[rng.randrange(len(fields))]
    lag = sorted(LAGS)[rng.randrange(len(LAGS))]
    return {
        "POP_YEAR": pop_year,
        "RECENT_FROM": recent_from,
        **_gap_params(indicator),
        "AGG_YEAR": agg_year,
        "FIELD": field,
        "FIELD_TEXT": FIELDS[field],
        "LAG": lag,
        "LAG_TEXT": LAGS[lag],
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q2-1-question": [("in **2022**?", "in **{POP_YEAR}**?")],
    "q2-1-answer": [("2022", "{POP_YEAR}")],
    "q2-3-question": [
        (
            "published up to that year. Write a function",
            "published up to that year. Here the values of a\nyear are published **{LAG_TEXT} later**, so a report "
            "written in `as_of` can use only the values of the years\nup to `as_of - {LAG}`. Write a function",
        ),
        ("in or before the year `as_of`:", "in or before the year `as_of - {LAG}`:"),
        ("up to and including `as_of`;", "up to and including `as_of - {LAG}`;"),
        (
            "(0 for a value from `as_of` itself)",
            "({LAG} for a value from `as_of - {LAG}`:\n  the age is counted from `as_of`, the year of the report)",
        ),
        ("Ignore the values from after `as_of`:", "Ignore the values from after `as_of - {LAG}`:"),
        (
            "Hint: keep the rows of `indicator` up to `as_of`,",
            "Hint: keep the rows of `indicator` up to `as_of - {LAG}`,",
        ),
    ],
    "q2-3-answer": [
        ("`indicator` up to `as_of`, that value", "`indicator` up to `as_of - {LAG}`, that value"),
        ('(rd["year"] <= as_of)', '(rd["year"] <= as_of - {LAG})'),
    ],
    "q2-4-question": [
        ("## 2.4 Members with no R&D data at all", "## 2.4 Members with no {IND_SHORT} data at all"),
        ("**no** R&D expenditure value (indicator `RD`)", "**no** {IND_TEXT} value (indicator `{IND}`)"),
    ],
    "q2-4-answer": [
        (
            'latest_values(rd, RD, rd["year"].max())      # as of the table\'s last year: every value counts',
            'latest_values(rd, {IND}, rd["year"].max() + {LAG})   # {LAG_TEXT} after the table\'s last year: every '
            "value counts",
        ),
    ],
    "q2-5-question": [
        (
            "**no recent R&D value** if it has no R&D value at all, or if its latest R&D value",
            "**no recent {IND_SHORT} value** if it has no {IND_SHORT} value at all, or if its latest {IND_SHORT} value",
        ),
        ("**before 2015**", "**before {RECENT_FROM}**"),
        ("2022", "{POP_YEAR}"),
    ],
    "q2-5-answer": [("(latest_year < 2015)", "(latest_year < {RECENT_FROM})"), ("pop_2022", "pop_{POP_YEAR}")],
    "q2-6-question": [("2021", "{AGG_YEAR}")],
    "q2-6-answer": [("2021", "{AGG_YEAR}")],
    "q2-7-question": [("2021", "{AGG_YEAR}")],
    "q2-7-answer": [("2021", "{AGG_YEAR}")],
    "q2-9-question": [('(field `"all_se"`, all science and engineering fields)', '(field `"{FIELD}"`, {FIELD_TEXT})')],
    "q2-9-answer": [('"all_se"', '"{FIELD}"')],
    "q2-11-question": [
        ('*"the OIC\'s share of\nworld science"*', '*"the OIC\'s share of\nworld research in {FIELD_TEXT}"*')
    ],
    "q2-11-answer": [
        (
            "**Model answer** (numbers from the course data at the time of writing).",
            "**Model answer** (numbers from the course data at the time of writing, for the public edition's "
            "questions: R&D in 2021 and articles in all science and engineering fields. This class's 2.6, 2.7 and "
            "2.9 ask about {AGG_YEAR} and {FIELD_TEXT}, so its numbers differ.)",
        ),
    ],
}
