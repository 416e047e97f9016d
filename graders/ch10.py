"""Checkers for exercise set 10, "International organisations".

Every expected value is computed from ``data/`` at check time.
"""

from __future__ import annotations

from functools import cache, lru_cache

import pandas as pd

from coursekit.casestudies import oic_codes
from coursekit.checks import toolkit as tk

from ._core import (
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
    require_columns,
    shuffled,
    table,
    works_on,
)

FIELDS = ("biological_biomedical", "all_se")
#: The public edition's parameters (a class variant draws others: see `variant_params`): the year of the
#: population share and of the output-to-population ratio (10.3, 10.4), and the year of the pair table (10.5).
PARAMS = {"YEAR": 2022, "PAIR_YEAR": 2022}
#: 10.2's share counts the articles of one year in the public edition. A class variant counts those of the
#: WINDOW years ending in the year asked for (a moving window, from year - WINDOW_BACK to year), and 10.4
#: uses that share. The parameter is a variant's only, so that the public key file, which records PARAMS,
#: stays as it is.
WINDOWS = (3, 5)
#: Index values are published to 2 decimals; a median rounded to 2 decimals must still pass.
IDX_TOL = 0.0051


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    return {name: table(name) for name in ("publications", "oic_members", "rd_indicators", "coauthorship_pairs")}


def _members() -> frozenset[str]:
    return oic_codes(_tables()["oic_members"])


def _pubs() -> pd.DataFrame:
    """A fresh copy for the learner's function (so it cannot spoil our copy)."""
    return _tables()["publications"].copy()


def _window() -> int:
    """The number of years, ending in the year asked for, whose articles 10.2 counts (the active
    variant's; 1 in the public edition)."""
    return int(params("10").get("WINDOW", 1))


def _in_window(df: pd.DataFrame, year: int, window: int | None = None) -> pd.Series:
    """Which rows of *df* have a year in the *window* (default: the active variant's) ending in *year*."""
    window = _window() if window is None else window
    return df["year"].between(year - window + 1, year)


@cache
def _share_over(field: str, year: int, window: int) -> float:
    pubs = _tables()["publications"]
    rows = pubs[(pubs["field"] == field) & _in_window(pubs, year, window)]
    oic = rows.loc[rows["iso3"].isin(_members()) & (rows["kind"] == "economy"), "articles"].sum()
    world = rows.loc[rows["iso3"] == "WLD", "articles"].sum()
    return float(100 * oic / world)


def _share(field: str, year: int, window: int | None = None) -> float:
    """The answer of 10.2 for *field* and *year*, over the *window* years ending in *year* (default:
    the active variant's window)."""
    return _share_over(field, year, _window() if window is None else window)


def _span(year: int | str = "year") -> str:
    """How the question text names the articles' years in the active variant: "2014" (the public
    edition) or "the 3 years ending in 2014"."""
    window = _window()
    return str(year) if window == 1 else f"the {window} years ending in {year}"


@cache
def _pop_share(year: int) -> float:
    rd = _tables()["rd_indicators"]
    pop = rd[(rd["indicator"] == "SP.POP.TOTL") & (rd["year"] == year)]
    return float(
        100 * pop.loc[pop["iso3"].isin(_members()), "value"].sum() / pop.loc[pop["iso3"] == "WLD", "value"].sum()
    )


def _year() -> int:
    """The year of 10.3 and 10.4 (the active variant's)."""
    return int(params("10")["YEAR"])


def _pair_year() -> int:
    """The year of the pair table in 10.5 (the active variant's)."""
    return int(params("10")["PAIR_YEAR"])


@cache
def _pair_medians(year: int) -> pd.DataFrame:
    """Expected answer to 10.5: median collaboration index with OIC and other partners in *year*."""
    pairs = _tables()["coauthorship_pairs"]
    m = _members()
    p = pairs[
        (pairs["year"] == year) & (pairs["iso3_a"] != "WLD") & (pairs["iso3_b"] != "WLD") & pairs["iso3_a"].isin(m)
    ].copy()
    p["within"] = p["iso3_b"].isin(m)
    out = pd.DataFrame(
        {
            "within_oic": p[p["within"]].groupby("country_a")["collaboration_index"].median(),
            "with_others": p[~p["within"]].groupby("country_a")["collaboration_index"].median(),
        }
    )
    out.index = out.index.astype(str)
    out.index.name = "country"
    return out.astype(float)


#: The (field, year) on which the visible check of 10.2 calls the learner's function.
VISIBLE_CASES = (("biological_biomedical", 2003), ("biological_biomedical", 2022), ("all_se", 2010))


# =====================================================================================
# 10.2  a function: the OIC share of the world's articles in a field and year
# =====================================================================================
@question("10.2", "oic_share_of_world", "function")
def _grade_oic_share(fn, fb: Feedback, thorough: bool) -> None:
    members = set(_members())
    if thorough:
        df = shuffled(_pubs(), 20240610, offset=5000)
        cases = [(f, y) for f in FIELDS for y in range(2003, 2023)]
    else:
        df = None
        cases = list(VISIBLE_CASES)
    for field, year in cases:
        label = f"oic_share_of_world(pubs, members, {field!r}, {year})"
        got = tk.number(tk.call(fn, label, df if df is not None else _pubs(), set(members), field, year), f"`{label}`")
        want = _share(field, year)
        if tk.close(got, want):
            continue
        hint = _diagnose_share(got, want, field, year)
        if df is not None and works_on(fn, (_pubs(), set(members), field, year), lambda v: tk.close(float(v), want)):
            hint = (
                "Your function depends on the order (or the index labels) of the rows. Select rows by their "
                "values (field, year, iso3), not by position."
            )
        raise Stop(f"For {field} in {year} your function returned {got:.4g}, which is not the share we expect.", hint)
    checked = (
        "both fields in every year from 2003 to 2022, on shuffled rows"
        if thorough
        else ", ".join(f"{f} {y}" for f, y in cases)
    )
    fb.ok("It returns one number for each field and year.")
    fb.ok(f"The percentages are right for {checked}.")


_ONE_YEAR_HINT = (
    "That is the share of {year} alone, as the book's edition of this exercise asks; this version adds "
    "up the articles of the {window} years from year - {back} to year (both included)."
)


def _share_alternatives(want: float, field: str, year: int) -> list[tuple[float, str]]:
    """The results of the typical mistakes in 10.2, each with its hint (in the order they are tried)."""
    pubs = _tables()["publications"]
    rows = pubs[_in_window(pubs, year)]
    m = _members()
    oic_all = rows.loc[rows["iso3"].isin(m), "articles"].sum()
    world_all = rows.loc[rows["iso3"] == "WLD", "articles"].sum()
    in_field = rows[rows["field"] == field]
    oic_field = in_field.loc[in_field["iso3"].isin(m), "articles"].sum()
    out = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (100 * oic_all / world_all, "You added up both fields. Keep only the rows whose `field` is the one asked for."),
        (
            100 * oic_field / in_field["articles"].sum(),
            "You divided by the sum of all rows, which counts regions "
            "and the World as well as countries. Divide by the World "
            "row (iso3 'WLD') only.",
        ),
        (oic_field, "That is the number of OIC articles; divide it by the World's and multiply by 100."),
        (100 - want, "That is the share of the non-OIC world; keep the OIC members (iso3 in `members`)."),
    ]
    window = _window()
    if window > 1:
        out.insert(0, (_share(field, year, 1), _ONE_YEAR_HINT.format(year=year, window=window, back=window - 1)))
    return out


def _other_field(field: str) -> str:
    return next(f for f in FIELDS if f != field)


def _diagnose_share(got: float, want: float, field: str, year: int) -> str:
    hint = matching_hint(got, want, _share_alternatives(want, field, year), rel=1e-6)
    if hint is not None:
        return hint
    for other in range(2003, 2023):
        if other != year and tk.close(got, _share(field, other)):
            return f"That is the value for {other}: check how you select the year."
    other_field = _other_field(field)
    if tk.close(got, _share(other_field, year)):
        return f"That is the value for {other_field!r}: check how you select the field."
    window = _window()
    if window > 1:
        return (
            f"Keep the rows of the field whose year is between year - {window - 1} and year, add up the "
            "articles of the rows whose iso3 is in `members`, divide by the articles of the World rows (iso3 "
            "'WLD') of those years and multiply by 100."
        )
    return (
        "Keep the rows of the field and year, add up the articles of the rows whose iso3 is in `members`, "
        "divide by the World row's articles and multiply by 100."
    )


# =====================================================================================
# 10.3 and 10.4  numbers: the population share, and output relative to population
# =====================================================================================
def _other_years(year: int) -> list[int]:
    """The years a wrong answer to 10.3 or 10.4 typically uses instead of *year*: the first year of the
    publications (2003) and the public edition's year."""
    return [y for y in dict.fromkeys((PARAMS["YEAR"], 2003)) if y != year]


def _pop_alternatives() -> list[tuple[float, str]]:
    """The results of the typical mistakes in 10.3, each with its hint."""
    year = _year()
    want = _pop_share(year)
    rd = _tables()["rd_indicators"]
    pop = rd[(rd["indicator"] == "SP.POP.TOTL") & (rd["year"] == year)]
    everyone = pop["value"].sum()
    return [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        *[
            (_pop_share(other), f"That is the value for {other}; the question asks about {year}.")
            for other in _other_years(year)
        ],
        (
            100 * pop.loc[pop["iso3"].isin(_members()), "value"].sum() / everyone,
            "You divided by the sum of every row, which includes regions and income groups as well as countries. "
            "Divide by the World row (iso3 'WLD').",
        ),
        (100 - want, "That is the share of the rest of the world; keep the OIC members."),
    ]


def _ratio(year: int | None = None, window: int | None = None) -> float:
    """The answer of 10.4 for *year* (default: the active variant's), with 10.2's share over *window*
    years (default: the active variant's)."""
    year = _year() if year is None else year
    return _share("biological_biomedical", year, window) / _pop_share(year)


def _ratio_alternatives() -> list[tuple[float, str]]:
    """The results of the typical mistakes in 10.4, each with its hint."""
    year = _year()
    want = _ratio(year)
    return [
        (1 / want, "You divided the wrong way round: share of articles ÷ share of population."),
        (100 * want, "Give a plain ratio (for example 0.5), not a percentage."),
        (
            _share("all_se", year) / _pop_share(year),
            "You used all S&E fields; the question is about biological and biomedical articles.",
        ),
        *[(_ratio(other), f"That is the ratio for {other}; use {year}.") for other in _other_years(year)],
        (
            _share("biological_biomedical", year) - _pop_share(year),
            "That is a difference; the question asks for a ratio (divide).",
        ),
        *(
            [
                (
                    _ratio(year, 1),
                    f"That uses the share of articles of {year} alone; your function from 10.2 adds up {_span(year)}.",
                )
            ]
            if _window() > 1
            else []
        ),
    ]


@question("10.3", "population_share_2022", "value")
def _grade_population_share(answer, fb: Feedback, thorough: bool) -> None:
    got = tk.number(answer, "`population_share_2022`")
    year = _year()
    want = _pop_share(year)
    fb.ok("It is a number.")
    if tk.close(got, want):
        fb.ok(f"It is the OIC members' share of the world's population in {year}, in percent.")
        return
    alternatives = _pop_alternatives()
    reject_number(
        got,
        want,
        alternatives,
        f"{got:.4g} is not the expected share.",
        f"Keep the SP.POP.TOTL rows of {year}, add up the OIC members' values, divide by the World's (iso3 "
        "'WLD') and multiply by 100.",
        fallback_message=f"{got:.4g} is not the expected share (checked to 0.05 percentage points).",
    )


@question("10.4", "output_to_population", "value")
def _grade_output_to_population(answer, fb: Feedback, thorough: bool) -> None:
    got = tk.number(answer, "`output_to_population`")
    year = _year()
    want = _ratio(year)
    fb.ok("It is a number.")
    if tk.close(got, want, 0.005):
        fb.ok(f"It is the share of biomedical articles in {_span(year)} divided by the {year} share of population.")
        return
    alternatives = _ratio_alternatives()
    reject_number(
        got,
        want,
        alternatives,
        f"{got:.4g} is not the expected ratio.",
        f"Divide `oic_share_of_world(pubs, members, 'biological_biomedical', {year})` by `population_share_2022`.",
        tol=0.005,
        fallback_message=f"{got:.4g} is not the expected ratio (checked to 2 decimal places).",
    )


# =====================================================================================
# 10.5  a table: median collaboration index within the OIC and with others
# =====================================================================================
@question("10.5", "pair_medians", "value")
def _grade_pair_medians(table, fb: Feedback, thorough: bool) -> None:
    year = _pair_year()
    want = _pair_medians(year)
    df = as_frame(
        table,
        "`pair_medians`",
        ["within_oic", "with_others"],
        index=("country", "country_a"),
        hint="Build a DataFrame with one column for each group of partners.",
    )
    fb.ok("It is a DataFrame.")
    require_columns(df, ["within_oic", "with_others"], "Name the columns exactly within_oic and with_others.")
    labels = [str(x) for x in df.index]
    if df.index.has_duplicates:
        raise Stop(
            f"{df.index[df.index.duplicated()][0]} appears more than once.",
            f"Each OIC member should be one row: did you keep both years? Use {year} only.",
        )
    if numbered(df.index):
        raise Stop(
            "The rows are numbered 0, 1, 2, ... instead of labelled by country.",
            "Make the country (`country_a`) the index.",
        )
    iso_to_name = dict(zip(_tables()["coauthorship_pairs"]["iso3_a"], _tables()["coauthorship_pairs"]["country_a"]))
    if labels and all(lab in iso_to_name for lab in labels):
        raise Stop("The rows are labelled by ISO3 codes.", "Label each row by its name in `country_a`.")
    expected = set(want.index)
    extra = [lab for lab in labels if lab not in expected]
    if "World" in extra:
        raise Stop("The table includes the World.", "Leave out the rows where either country is 'World'.")
    if extra:
        raise Stop(
            f"These rows are not OIC members in the pair table: {', '.join(extra[:5])}.",
            "Keep only the rows whose iso3_a is in `members`.",
        )
    missing = sorted(expected - set(labels))
    if missing:
        raise Stop(
            f"{len(missing)} OIC member(s) of the pair table are missing, e.g. {missing[0]}.",
            "Keep every row whose iso3_a is in `members`.",
        )
    fb.ok(f"It has one row for each of the {len(expected)} OIC members in the pair table.")
    got = df.loc[list(want.index), ["within_oic", "with_others"]]
    for col in ("within_oic", "with_others"):
        values = numeric(
            got[col],
            f"The {col} value for {{}} is missing or not a number.",
            "Did you leave out the World rows before taking the median? The index is empty for them.",
        )
        for country in want.index:
            g, w = values[country], want.loc[country, col]
            if tk.close(g, w, IDX_TOL):
                continue
            other = "with_others" if col == "within_oic" else "within_oic"
            hint = f"Take the median of collaboration_index over the {year} rows of each country and group of partners."
            if tk.close(g, want.loc[country, other], IDX_TOL):
                hint = "The two columns seem swapped: within_oic is for partners whose iso3_b is in `members`."
            elif tk.close(g, _mean_in(country, col, year), IDX_TOL):
                hint = "That looks like the mean; the question asks for the median."
            elif tk.close(g, _median_all_years(country, col), IDX_TOL):
                hint = f"It seems you used both years; keep only {year}."
            elif _public_pair_value(country, col) is not None and tk.close(
                g, _public_pair_value(country, col), IDX_TOL
            ):
                hint = f"That is the value for {PARAMS['PAIR_YEAR']}; keep only the {year} rows."
            raise Stop(f"{col} for {country} is {g:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")


def _partner_rows(country: str, col: str, years: tuple[int, ...]) -> pd.Series:
    pairs = _tables()["coauthorship_pairs"]
    m = _members()
    p = pairs[pairs["year"].isin(years) & (pairs["country_a"] == country) & (pairs["iso3_b"] != "WLD")]
    within = p["iso3_b"].isin(m)
    return p.loc[within if col == "within_oic" else ~within, "collaboration_index"]


def _public_pair_value(country: str, col: str) -> float | None:
    """In a class variant: the value of the public edition's table (the book shows it), else None."""
    public = PARAMS["PAIR_YEAR"]
    if _pair_year() == public or country not in _pair_medians(public).index:
        return None
    return float(_pair_medians(public).loc[country, col])


def _pair_years() -> tuple[int, ...]:
    """The years of the pair table (2003 and 2022)."""
    return tuple(sorted(int(y) for y in set(_tables()["coauthorship_pairs"]["year"])))


def _mean_in(country: str, col: str, year: int) -> float:
    return float(_partner_rows(country, col, (year,)).mean())


def _median_all_years(country: str, col: str) -> float:
    return float(_partner_rows(country, col, _pair_years()).median())


# =====================================================================================
# 10.6 and 10.7  multiple choice
# =====================================================================================
_MC_10_6 = {
    "a": "Not this one: the OIC has written no stem cell standard that hPSCreg applies.",
    "b": "Yes: hPSCreg asks for documentation of ethical provenance according to national regulation, so the "
    "rules of the country where the line was derived apply.",
    "c": "Not this one: the ISSCR guidelines are recommendations, not law, and hPSCreg's criteria do not say so.",
    "d": "Not this one: hPSCreg does not apply any single religious ruling.",
}

_MC_10_7 = {
    "a": "Not this one: that is stronger than the evidence. We did not see a full member list.",
    "b": "Yes: the announcements we found name no OIC member body, but without a full member list the question "
    "stays open; that is an absence of evidence, not evidence of absence.",
    "c": "Not this one: no source in the chapter says so.",
    "d": "Not this one: the ISCF recognised a variety of ethical positions and regulatory frameworks.",
}


multiple_choice_question(
    "10.6",
    _MC_10_6,
    "b",
    "Reread hPSCreg's minimal registration criteria in the chapter: whose rules does it check against?",
)


multiple_choice_question(
    "10.7", _MC_10_7, "b", "Ask what the sources actually cover: membership announcements, or a complete list?"
)


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _share_mistakes(ns):
    """10.2: functions that make each mistake `_diagnose_share` recognises, on any field and year."""
    right = ns["oic_share_of_world"]

    def both_fields(df, members, field, year):
        rows = df[_in_window(df, year)]
        return (
            100
            * rows.loc[rows["iso3"].isin(members), "articles"].sum()
            / rows.loc[rows["iso3"] == "WLD", "articles"].sum()
        )

    def all_rows(df, members, field, year):
        rows = df[(df["field"] == field) & _in_window(df, year)]
        return 100 * rows.loc[rows["iso3"].isin(members), "articles"].sum() / rows["articles"].sum()

    def one_year(df, members, field, year):
        rows = df[(df["field"] == field) & (df["year"] == year)]
        return (
            100
            * rows.loc[rows["iso3"].isin(members), "articles"].sum()
            / rows.loc[rows["iso3"] == "WLD", "articles"].sum()
        )

    out = [
        (
            lambda df, members, field, year: right(df, members, field, year) / 100,
            "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage.",
        ),
        (both_fields, "You added up both fields. Keep only the rows whose `field` is the one asked for."),
        (
            all_rows,
            "You divided by the sum of all rows, which counts regions and the World as well as countries. "
            "Divide by the World row (iso3 'WLD') only.",
        ),
        # (the number of OIC articles is above 100: the self-check's form, a percentage, says so)
        (
            lambda df, members, field, year: 100 - right(df, members, field, year),
            "That is the share of the non-OIC world; keep the OIC members (iso3 in `members`).",
        ),
    ]
    window = _window()
    if window > 1:  # a variant: the book's rule, one year (its hint goes with the visible cases it changes)
        out.insert(0, (one_year, _ONE_YEAR_HINT.format(year="the year asked for", window=window, back=window - 1)))
    # a wrong year or field, kept where the visible check names it (an other year's value may be as close)
    for other in range(2003, 2023):
        hint = f"That is the value for {other}: check how you select the year."
        field, year = next((f, y) for f, y in VISIBLE_CASES if y != other)
        if _diagnose_share(_share(field, other), _share(field, year), field, year) == hint:
            out.append((lambda df, members, field, year, other=other: right(df, members, field, other), hint))
    for other in FIELDS:
        hint = f"That is the value for {other!r}: check how you select the field."
        field, year = next((f, y) for f, y in VISIBLE_CASES if f != other)
        if _diagnose_share(_share(other, year), _share(field, year), field, year) == hint:
            out.append((lambda df, members, field, year, other=other: right(df, members, other, year), hint))
    return out


def _numbers(alternatives, want: float, tol: float):
    """The alternatives of a number question that the grader tells apart from the right answer."""
    return [(value, hint) for value, hint in alternatives if not tk.close(value, want, tol)]


def _pair_table(years: tuple[int, ...] | None = None, how: str = "median") -> pd.DataFrame:
    """10.5 computed with *how* over *years* (default: the question's), on the rows (countries) of the
    right answer."""
    year = _pair_year()
    years = (year,) if years is None else years
    pairs = _tables()["coauthorship_pairs"]
    m = _members()
    p = pairs[
        pairs["year"].isin(years) & (pairs["iso3_a"] != "WLD") & (pairs["iso3_b"] != "WLD") & pairs["iso3_a"].isin(m)
    ]
    within = p["iso3_b"].isin(m)
    out = pd.DataFrame(
        {
            "within_oic": p[within].groupby("country_a")["collaboration_index"].agg(how),
            "with_others": p[~within].groupby("country_a")["collaboration_index"].agg(how),
        }
    )
    out.index = out.index.astype(str)
    out.index.name = "country"
    return out.reindex(_pair_medians(year).index).astype(float)


def _years_for_variants() -> list[int]:
    """The years 10.3 and 10.4 can ask about: the World has articles in both fields and a population, every
    OIC member has a population, and both answers differ clearly from the public edition's."""
    pubs, rd = _tables()["publications"], _tables()["rd_indicators"]
    world = pubs[pubs["iso3"] == "WLD"].groupby("year")["field"].nunique()
    pop = rd[rd["indicator"] == "SP.POP.TOTL"]
    with_pop = pop[pop["iso3"].isin(_members())].groupby("year")["iso3"].nunique()
    public = PARAMS["YEAR"]
    out = []
    for year in sorted(int(y) for y in world[world == len(FIELDS)].index):
        if (
            year == public
            or with_pop.get(year, 0) < len(_members())
            or not (pop["iso3"].eq("WLD") & pop["year"].eq(year)).any()
        ):
            continue
        if abs(_pop_share(year) - _pop_share(public)) > 0.1 and abs(_ratio(year, 1) - _ratio(public, 1)) > 0.01:
            out.append(year)
    return out


def _pair_years_for_variants() -> list[int]:
    """The other years of the pair table in which at least five OIC members have partners of both kinds."""
    out = []
    for year in _pair_years():
        if year != PARAMS["PAIR_YEAR"]:
            medians = _pair_medians(year)
            if len(medians) >= 5 and medians.notna().all().all():
                out.append(year)
    return out


def variant_params(rng) -> dict:
    """10.3 and 10.4 on another year of the publications, 10.5 on the other year of the pair table; 10.2
    (and with it 10.4) counts the articles of a window of years ending in the year asked for, one with
    which 10.4's answer still differs clearly from the public edition's."""
    years, pair_years = _years_for_variants(), _pair_years_for_variants()
    year, pair_year = years[rng.randrange(len(years))], pair_years[rng.randrange(len(pair_years))]
    public = _ratio(PARAMS["YEAR"], 1)
    windows = [
        w
        for w in WINDOWS
        if abs(_ratio(year, w) - public) > 0.01
        and any(abs(_share(f, y, w) - _share(f, y, 1)) > 0.1 for f in FIELDS for y in range(2003, 2023))
    ]
    window = windows[rng.randrange(len(windows))]
    return {"YEAR": year, "PAIR_YEAR": pair_year, "WINDOW": window, "WINDOW_BACK": window - 1}


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "intro": [
        (
            "| 10.2 | 3. The OIC members' share of the world's articles |",
            "| 10.2 | 3. The OIC members' share of the world's articles over {WINDOW} years |",
        ),
    ],
    "q10-2-question": [
        (
            "## 10.2 The OIC members' share of the world's articles (code, 2 points)",
            "## 10.2 The OIC members' share of the world's articles over {WINDOW} years (code, 2 points)",
        ),
        (
            "100) of the world's articles in `field` and `year` that the OIC members produced:",
            "100) of the world's articles in `field` over the **{WINDOW} years ending in `year`** (from `year - {WINDOW_BACK}` to\n"
            "`year`, both included: a moving window) that the OIC members produced:",
        ),
        (
            "{\\text{articles of the rows whose iso3 is in members}}{\\text{articles of the World row}}",
            "{{\\text{{articles of the rows whose iso3 is in members, in those years}}}}"
            "{{\\text{{articles of the World rows of those years}}}}",
        ),
        (
            "- `df` is a table like `pubs`; keep only the rows of that `field` and `year`.",
            "- `df` is a table like `pubs`; keep only the rows of that `field` whose `year` is between `year - {WINDOW_BACK}`\n"
            "  and `year`. The table starts in 2003: a window that would start earlier has only the years the table has.",
        ),
        (
            '- Divide by the World row (`iso3 == "WLD"`), not by the sum of all rows: the table also holds regions.',
            '- Divide by the World rows (`iso3 == "WLD"`) of those years, not by the sum of all rows: the table also\n'
            "  holds regions.",
        ),
        (
            "- Return one number, not a Series: `.item()` takes the single value out of a one-row selection.",
            "- Return one number, not a Series: the World has one row per year, so add up its articles with `.sum()`.",
        ),
    ],
    "q10-2-answer": [
        (
            'rows = df[(df["field"] == field) & (df["year"] == year)]',
            'rows = df[(df["field"] == field) & df["year"].between(year - {WINDOW_BACK}, year)]',
        ),
        (
            'world = rows.loc[rows["iso3"] == "WLD", "articles"].item()',
            'world = rows.loc[rows["iso3"] == "WLD", "articles"].sum()',
        ),
    ],
    "q10-3-question": [
        (
            "population in **2022**, in percent, and store\nit in `population_share_2022`. Keep the rows of "
            "indicator `\"SP.POP.TOTL\"` and year 2022, add up the\nmembers' values, and divide by the World's.",
            "population in **{YEAR}**, in percent, and store\nit in `population_share_2022` (the checks look for "
            'this name in every version of the exercise).\nKeep the rows of indicator `"SP.POP.TOTL"` and year '
            "{YEAR}, add up the members' values, and divide by the\nWorld's.",
        ),
    ],
    "q10-3-answer": [('(rd["year"] == 2022)', '(rd["year"] == {YEAR})')],
    "q10-4-question": [
        ("articles in 2022 (use your", "articles in the {WINDOW} years ending in {YEAR} (use your"),
        ("share of the world's population in 2022.", "share of the world's population in {YEAR}."),
    ],
    "q10-4-answer": [('"biological_biomedical", 2022)', '"biological_biomedical", {YEAR})')],
    "q10-5-question": [("- use the year **2022** only,", "- use the year **{PAIR_YEAR}** only,")],
    "q10-5-answer": [('(pairs["year"] == 2022)', '(pairs["year"] == {PAIR_YEAR})')],
}


MISTAKES = {
    "10.2": _share_mistakes,
    "10.3": lambda ns: _numbers(_pop_alternatives(), _pop_share(_year()), 0.05),
    "10.4": lambda ns: _numbers(_ratio_alternatives(), _ratio(), 0.005),
    "10.5": lambda ns: [
        (
            _pair_medians(_pair_year()).rename(columns={"within_oic": "with_others", "with_others": "within_oic"})[
                ["within_oic", "with_others"]
            ],
            "The two columns seem swapped: within_oic is for partners whose iso3_b is in `members`.",
        ),
        (_pair_table(how="mean"), "That looks like the mean; the question asks for the median."),
        (_pair_table(years=_pair_years()), f"It seems you used both years; keep only {_pair_year()}."),
    ],
}
