"""Checkers for exercise set 05, "Benefits and costs of collaboration".

Expected values are computed at check time from ``data/`` and from the course model
(:mod:`coursekit.models`), the same functions the chapter and the exercise set use.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    numeric,
    params,
    per_data,
    question,
    reject_number,
    require_columns,
    table,
)

_TOL = 0.005  # capabilities and gains: rounding to 2 decimals passes
_GRID = [round(0.01 * i, 2) for i in range(0, 101)]  # coordination costs for 05.5
_P, _C = 0.5, 0.2  # the default assumptions the questions use (as in coursekit.models.ASSUMPTIONS)
_COUNTRY = "Egypt"  # the member used in 05.5
_YEAR = 2022  # the year of the shares that anchor the model (05.3-05.5)
_EARLY = 2003  # the first year of the data: a typical wrong year
#: The public edition's parameters (a class variant draws others: see `variant_params`). LOW_GAIN is the
#: member with the lowest gain in 05.4 (the example that option c of 05.6 names).
PARAMS = {"YEAR": _YEAR, "P": _P, "C": _C, "COUNTRY": _COUNTRY, "LOW_GAIN": "Indonesia", "CORR_YEAR": 2018}
_CORR_TOL = 0.005  # a rank correlation rounded to 2 decimals passes (05.8)
#: The years whose rank correlation (05.8) the chapter itself shows: neither edition asks about them.
_CHAPTER_CORR_YEARS = (2003, 2012, 2022)
#: The assumptions whose results are recognised as a typical mistake in 05.4 (besides the question's own).
_OTHER_ASSUMPTIONS = [(0.2, 0.1), (0.2, 0.3), (0.8, 0.1), (0.8, 0.3)]


def _year() -> int:
    """The year of the shares (the active variant's)."""
    return int(params("05")["YEAR"])


def _p() -> float:
    """The partner capability of 05.4 and 05.5 (the active variant's)."""
    return float(params("05")["P"])


def _c() -> float:
    """The coordination cost of 05.4 (the active variant's)."""
    return float(params("05")["C"])


def _country() -> str:
    """The member of 05.5 (the active variant's)."""
    return str(params("05")["COUNTRY"])


# =====================================================================================
# data and model values used by the checkers
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return table("coauthorship"), table("oic_members")


def _wide(year: int) -> pd.DataFrame:
    co, oic = _tables()
    rows = co[(co["year"] == year) & co["iso3"].isin(set(oic["iso3"]))]
    wide = rows.pivot_table(index="country", columns="attribute", values="articles", aggfunc="sum").astype(float)
    wide.index = [str(c) for c in wide.index]
    return wide


def _capability(year: int | None = None, how: str = "international") -> pd.Series:
    """Expected answer to 05.3 (how='international'; default year: the active variant's) and wrong
    variants used in diagnoses."""
    w = _wide(_year() if year is None else year)
    if how == "international":
        return 1.0 - w["international"] / w["total"]
    if how == "share":
        return w["international"] / w["total"]
    if how == "domestic":
        return w["domestic_only"] / w["total"]
    raise ValueError(how)


def _model(h: pd.Series, p: float | None = None, c: float | None = None) -> pd.DataFrame:
    """The model's best team size and gain for each capability in *h* (default assumptions: the
    active variant's)."""
    from coursekit.models import best_team_size, collaboration_gain

    p = _p() if p is None else p
    c = _c() if c is None else c
    return pd.DataFrame(
        {
            "best_n": [float(best_team_size(home_capability=x, partner_capability=p, coordination_cost=c)) for x in h],
            "gain": [collaboration_gain(home_capability=x, partner_capability=p, coordination_cost=c) for x in h],
        },
        index=h.index,
    )


def _break_even(h: float, p: float | None = None, *, last_above: bool = False) -> float:
    from coursekit.models import best_team_size

    p = _p() if p is None else p
    sizes = [best_team_size(home_capability=h, partner_capability=p, coordination_cost=c) for c in _GRID]
    first = next((c for c, n in zip(_GRID, sizes) if n == 1), math.nan)
    if last_above:
        above = [c for c, n in zip(_GRID, sizes) if n > 1]
        return above[-1] if above else math.nan
    return first


# =====================================================================================
# shared coercion
# =====================================================================================
def _rows(labels: list[str], expected: list[str], what: str) -> None:
    co, _ = _tables()
    iso = set(co["iso3"].astype(str))
    if len(set(labels)) != len(labels):
        raise Stop(f"A country appears more than once in {what}.", "Each OIC member should be one row.")
    if labels and all(x.isdigit() for x in labels):
        raise Stop(
            f"The rows of {what} are numbered 0, 1, 2, ... instead of labelled by country.",
            "Make the country name the index, e.g. with `.set_index('country')`.",
        )
    if labels and all(x in iso for x in labels):
        raise Stop(
            f"The rows of {what} are labelled by ISO3 codes.",
            "Label each row by its name as written in `co['country']` (e.g. 'Egypt').",
        )
    if "World" in labels:
        raise Stop(f"{what} includes the World row.", "Keep only the OIC member states.")
    extra = [x for x in labels if x not in expected]
    missing = [x for x in expected if x not in labels]
    if extra:
        raise Stop(
            f"{what} has rows that are not OIC members in `co`: {', '.join(extra[:4])}.",
            "Keep the countries whose iso3 code is in `oic['iso3']`.",
        )
    if missing:
        raise Stop(
            f"{what} lacks {len(missing)} OIC member(s) of `co`, e.g. {missing[0]}.",
            "Match the two tables on iso3, not on the names (they are spelled differently).",
        )


def _values(series: pd.Series, what: str) -> pd.Series:
    series = series.set_axis([str(x) for x in series.index])
    return numeric(
        series,
        f"The value of {what} for {{}} is missing or not a number.",
        infinite=f"The value of {what} for {{}} is infinite.",
    )


# =====================================================================================
# 05.3 home capability from the data
# =====================================================================================
def _capability_alternatives() -> list[tuple[pd.Series, str]]:
    """Typical wrong answers to 05.3, each with its hint (the last one, a percentage, is not a fraction);
    only those that differ from the right answer (in some years the domestic-only share is 1 − the
    international share)."""
    want = _capability()
    alternatives = [
        (_capability(how="share"), "These are the international shares themselves; the capability is 1 − share."),
        (
            _capability(how="domestic"),
            "You used the domestic-only share. Use 1 − international ÷ total: some "
            "articles have incomplete addresses and are in neither group.",
        ),
        (_capability(_EARLY), f"These are the values for {_EARLY}; use {_year()}."),
        (100 * want, "Give a fraction between 0 and 1, not a percentage."),
    ]
    return [(alt, hint) for alt, hint in alternatives if any(not tk.close(alt[c], want[c], _TOL) for c in want.index)]


@question("05.3", "home_capability", "value")
def _grade_home_capability(answer, fb: Feedback, thorough: bool) -> None:
    want = _capability()
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if not isinstance(answer, pd.Series):
        raise Stop(
            f"`home_capability` is {tk.describe(answer)}; it should be a pandas Series with one value per OIC member."
        )
    _rows([str(x) for x in answer.index], list(want.index), "`home_capability`")
    fb.ok(f"It has one value for each of the {len(want)} OIC members in `co`.")
    got = _values(answer, "home_capability")
    variants = _capability_alternatives()
    for country in want.index:
        g, w = got[country], want[country]
        if tk.close(g, w, _TOL):
            continue
        hint = f"home_capability = 1 − international ÷ total, for {_year()} (or `capability_from_share(share)`)."
        for alt, text in variants:
            if tk.close(g, alt[country], _TOL):
                hint = text
                break
        raise Stop(f"For {country} your value is {g:.4g}, which is not right.", hint)
    fb.ok(f"The values are right: 1 − the share of internationally co-authored articles in {_year()}.")


# =====================================================================================
# 05.4 the model under the default assumptions
# =====================================================================================
def _model_alternatives(h: pd.Series) -> list[tuple[pd.DataFrame, str]]:
    """Typical wrong answers to 05.4 (the model of the share, the model under other assumptions), with hints."""
    out = [
        (
            _model(_capability(how="share")),
            "You passed the international share as the home capability; pass 1 − share (your answer to 5.3).",
        )
    ]
    mine = (_p(), _c())
    use = "the defaults p = 0.5 and c = 0.2" if mine == (_P, _C) else f"p = {mine[0]} and c = {mine[1]}"
    out += [
        (_model(h, p, c), f"These look like the results for p = {p}, c = {c}; use {use}.")
        for p, c in _OTHER_ASSUMPTIONS + [(_P, _C)]
        if (p, c) != mine
    ]
    return out


def _same_table(df: pd.DataFrame, alt: pd.DataFrame) -> bool:
    """Whether every value of *df* (labelled as *alt*) is within the tolerance of *alt*'s."""
    try:
        got = df.set_axis([str(x) for x in df.index])[list(alt.columns)].loc[list(alt.index)].astype(float)
    except (KeyError, TypeError, ValueError):
        return False
    return all(tk.close(got.loc[c, col], alt.loc[c, col], _TOL) for c in alt.index for col in alt.columns)


@question("05.4", "model_table", "value")
def _grade_model_table(table, fb: Feedback, thorough: bool) -> None:
    h = _capability()
    want = _model(h)
    if not isinstance(table, pd.DataFrame):
        raise Stop(
            f"`model_table` is {tk.describe(table)}; it should be a pandas DataFrame with the columns best_n and gain."
        )
    df = table.set_index("country") if "country" in table.columns else table
    fb.ok("It is a DataFrame.")
    require_columns(df, ["best_n", "gain"], "Name the columns best_n and gain.")
    _rows([str(x) for x in df.index], list(want.index), "`model_table`")
    fb.ok(f"It has one row for each of the {len(want)} OIC members.")
    alternatives = _model_alternatives(h)
    for col in ("best_n", "gain"):
        got = _values(df[col], col)
        for country in want.index:
            g, w = got[country], want.loc[country, col]
            if tk.close(g, w, _TOL):
                continue
            hint = (
                "Call `best_team_size` and `collaboration_gain` with home_capability from 5.3, "
                f"partner_capability={_p()} and coordination_cost={_c()}."
            )
            # a whole mistaken table first: one best team size (a small whole number) fits several mistakes
            matches = [text for alt, text in alternatives if _same_table(df, alt)]
            matches += [text for alt, text in alternatives if tk.close(g, alt.loc[country, col], _TOL)]
            raise Stop(f"{col} for {country} is {g:.4g}, which is not right.", matches[0] if matches else hint)
        fb.ok(f"The {col} values are right.")


# =====================================================================================
# 05.5 the break-even coordination cost
# =====================================================================================
def _break_even_alternatives(h: float, want: float) -> list[tuple[float, str]]:
    """Typical wrong answers to 05.5 that differ from *want*, with hints (one, a percentage, is not a fraction)."""
    alternatives = [
        (
            _break_even(h, last_above=True),
            "That is the last cost at which partners still pay off; the question asks "
            "for the first cost at which the best team size is 1.",
        ),
        (100 * want, "Give the cost as a fraction (e.g. 0.25), not as a percentage."),
        *[
            (_break_even(h, p), f"That is the answer for partner capability {p}; use {_p()}.")
            for p in (0.2, 0.8, _P)
            if p != _p()
        ],
        (_break_even(float(_capability(_EARLY)[_country()])), f"That uses the {_EARLY} share; use {_year()}."),
        (_break_even(1.0 - h), f"That uses {_country()}'s international share as its home capability; use 1 − share."),
    ]
    return [
        (value, hint)
        for value, hint in alternatives
        if not (isinstance(value, float) and math.isnan(value)) and not tk.close(value, want, 1e-6)
    ]


@question("05.5", "break_even_cost", "value")
def _grade_break_even(answer, fb: Feedback, thorough: bool) -> None:
    h = float(_capability()[_country()])
    want = _break_even(h)
    got = tk.number(answer, "`break_even_cost`")
    fb.ok("It is a number.")
    if tk.close(got, want, 1e-6):
        fb.ok(f"It is the smallest cost on the grid at which {_country()}'s best team is the home country alone.")
        return
    for value, hint in _break_even_alternatives(h, want):
        if tk.close(got, value, 1e-6):
            raise Stop(f"{got:g} is not the expected cost.", hint)
    raise Stop(
        f"{got:g} is not the expected cost.",
        "Loop over the grid 0.00, 0.01, ..., 1.00; for each cost compute `best_team_size(...)` and keep the "
        "first cost where it equals 1.",
    )


# =====================================================================================
# 05.6 what the anchor builds in (multiple choice)
# =====================================================================================
_MC_05_6 = {
    "a": "Not this one: the gains are model output, not observations. No data on the benefits of "
    "collaboration went into them.",
    "b": "Yes: h was set to 1 − the international share, so a member that co-authors more abroad is defined "
    "to have less at home, and the model must find that partners help it more. The figure restates the "
    "anchor; it cannot test it.",
    "c": "Not this one: the model makes no recommendation; it shows what follows from its assumptions, and it "
    "leaves out almost every cost and benefit that matters for a policy.",
    "d": "Not this one: wide ranges show that the conclusions depend on the assumptions, which is useful to "
    "know; they do not make the model's arithmetic wrong.",
}


multiple_choice_question("05.6", _MC_05_6, "b", "Ask where the differences between the members come from in the model.")


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _fractions(alternatives):
    """The alternatives that are fractions: a percentage has not the answer's form (the self-check's
    form gives its own hint for a value above 1)."""

    def ok(value) -> bool:
        values = value.to_numpy() if isinstance(value, pd.Series) else [value]
        return all(0.0 <= float(v) <= 1.0 for v in values)

    return [(value, hint) for value, hint in alternatives if ok(value)]


def _break_even_mistakes(ns):
    h = float(_capability()[_country()])
    return _fractions(_break_even_alternatives(h, _break_even(h)))


# =====================================================================================
# class variants: another year, other assumptions and another member, drawn from the data
# =====================================================================================
# =====================================================================================
# 05.8 test a benefit claim against the data: international share vs citations per document
# =====================================================================================
@lru_cache(maxsize=1)
def _scimago() -> pd.DataFrame:
    return table("scimago")


def _corr_year() -> int:
    """The year of 05.8 (the active variant's)."""
    return int(params("05").get("CORR_YEAR") or PARAMS["CORR_YEAR"])


def _rank_corr(
    year: int | None = None,
    attribute: str = "international",
    measure: str = "citations_per_document",
    members_only: bool = True,
    ranked: bool = True,
) -> float:
    """The right answer to 05.8 with the defaults: over the OIC members in both tables, the rank
    correlation of the international share (NCSES whole counts) and citations per document (SCImago).
    The other arguments give the typical mistakes."""
    return _rank_corr_in(_corr_year() if year is None else int(year), attribute, measure, members_only, ranked)


@per_data()
def _rank_corr_in(year: int, attribute: str, measure: str, members_only: bool, ranked: bool) -> float:
    co, oic = _tables()
    rows = co[co["year"] == year]
    if members_only:
        rows = rows[rows["iso3"].isin(set(oic["iso3"]))]
    wide = rows.pivot_table(index="iso3", columns="attribute", values="articles", aggfunc="sum").astype(float)
    share = (wide[attribute] / wide["total"]).rename("share")
    sjr = _scimago()
    per_country = sjr[sjr["year"] == year].set_index("iso3")[measure].astype(float).rename("measure")
    both = pd.concat([share, per_country], axis=1, join="inner").dropna()
    if ranked:
        both = both.rank()
    return float(both["share"].corr(both["measure"]))


def _rank_corr_alternatives() -> list[tuple[float, str]]:
    want, year = _rank_corr(), _corr_year()
    per_document = "Total citations, the h-index and the number of documents grow with a country's size; use "
    out = [
        (
            _rank_corr(ranked=False),
            "That is the ordinary (Pearson) correlation of the values; rank each column first (`.rank()`), then "
            "correlate the ranks.",
        ),
        (_rank_corr(members_only=False), "That uses every country of the NCSES table; keep only the OIC members."),
        (
            _rank_corr(attribute="domestic_only"),
            "That is the share of domestic-only articles; use `international` ÷ `total`.",
        ),
        (
            _rank_corr(attribute="multiple_institutions"),
            "Several institutions can be in one country; use the `international` articles ÷ `total`.",
        ),
        (_rank_corr(measure="citations"), per_document + "`citations_per_document`."),
        (_rank_corr(measure="h_index"), per_document + "`citations_per_document`."),
        (_rank_corr(measure="documents"), per_document + "`citations_per_document`."),
    ]
    out += [
        (_rank_corr(y), f"That is the value for {y}; use {year} in both tables.")
        for y in (*_CHAPTER_CORR_YEARS, PARAMS["CORR_YEAR"])
        if y != year
    ]
    kept: list[tuple[float, str]] = []
    for value, hint in out:  # a mistake must be wrong, and tell apart from the mistakes before it
        if math.isnan(value) or abs(value - want) <= 2 * _CORR_TOL:
            continue
        if any(abs(value - v) <= 2 * _CORR_TOL for v, _ in kept):
            continue
        kept.append((value, hint))
    return kept


@question("05.8", "rank_corr", "value")
def _grade_rank_corr(answer, fb: Feedback, thorough: bool) -> None:
    want, year = _rank_corr(), _corr_year()
    got = tk.number(answer, "`rank_corr`")
    fb.ok("It is a number.")
    if not -1 <= got <= 1:
        raise Stop(
            f"`rank_corr` is {got:.4g}, but a correlation lies between -1 and 1.",
            "A correlation lies between -1 and 1: give it as a number, not a percentage.",
        )
    if abs(got - want) <= _CORR_TOL:
        fb.ok(
            f"It is the rank correlation, among the OIC members in both tables, between the international share "
            f"and citations per document in {year}."
        )
        return
    reject_number(
        got,
        want,
        _rank_corr_alternatives(),
        f"{got:.4g} is not the expected rank correlation.",
        f"Compute each OIC member's international share (`international` ÷ `total`) in {year}, match it on "
        f"`iso3` with `citations_per_document` of `sjr` in {year}, rank both columns and correlate the ranks.",
        tol=_CORR_TOL,
    )


def _corr_years() -> list[int]:
    """Years a variant of 05.8 may ask about: not one the chapter shows, and an answer that differs from the
    public edition's and from the chapter's values."""
    co, _ = _tables()
    shown = [_rank_corr(y) for y in (*_CHAPTER_CORR_YEARS, PARAMS["CORR_YEAR"])]
    years = sorted({int(y) for y in co["year"]} - {*_CHAPTER_CORR_YEARS, PARAMS["CORR_YEAR"]})
    return [y for y in years if all(abs(_rank_corr(y) - v) > 0.05 for v in shown)]


def variant_params(rng) -> dict:
    """05.3-05.5 anchored in another year of the data, 05.4-05.5 under other assumptions, and 05.5 for
    another member: one whose best team size reaches 1 on the grid (so the question has an answer)
    at a cost other than the public edition's answer; 05.8 for another year, whose rank correlation
    differs from the public edition's."""
    co, _ = _tables()
    years = sorted({int(y) for y in co["year"]} - {_YEAR, _EARLY})
    public = _break_even(float(_capability(_YEAR)[_COUNTRY]), _P)
    while True:
        year = rng.choice(years)
        p, c = rng.choice((0.3, 0.4, 0.6, 0.7)), rng.choice((0.1, 0.15, 0.25, 0.3))
        h = _capability(year)
        country = rng.choice([x for x in sorted(h.index) if x != _COUNTRY])
        cost = _break_even(float(h[country]), p)
        if math.isnan(cost) or cost < 0.05 or tk.close(cost, public, 1e-6):
            continue
        corr_years = _corr_years()
        return {
            "YEAR": year,
            "P": p,
            "C": c,
            "COUNTRY": country,
            "LOW_GAIN": str(h.idxmax()),
            "CORR_YEAR": corr_years[rng.randrange(len(corr_years))],
        }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q5-3-question": [("co-authored articles in **2022**", "co-authored articles in **{YEAR}**")],
    "q5-3-answer": [('(co["year"] == 2022)', '(co["year"] == {YEAR})')],
    "q5-4-question": [
        (
            "two columns, computed with the default assumptions (`partner_capability=0.5`,\n`coordination_cost=0.2`):",
            "two columns, computed with the assumptions `partner_capability={P}` and\n`coordination_cost={C}` (not the "
            "model's defaults: pass them to each call):",
        ),
    ],
    "q5-4-answer": [
        ("dict(partner_capability=0.5, coordination_cost=0.2)", "dict(partner_capability={P}, coordination_cost={C})")
    ],
    "q5-5-question": [
        (
            "Keep Egypt's home capability from 5.3 and `partner_capability=0.5`",
            "Keep {COUNTRY}'s home capability from 5.3 and `partner_capability={P}`",
        ),
        ("the model says Egypt would do best alone", "the model says {COUNTRY} would do best alone"),
    ],
    "q5-5-answer": [
        ('h_egypt = home_capability["Egypt"]', 'h_home = home_capability["{COUNTRY}"]'),
        (
            "best_team_size(home_capability=h_egypt, partner_capability=0.5,",
            "best_team_size(home_capability=h_home, partner_capability={P},",
        ),
    ],
    "q5-6-question": [("members with low gains, such as Indonesia,", "members with low gains, such as {LOW_GAIN},")],
    "q5-8-question": [("Test it for the OIC members in **2018**", "Test it for the OIC members in **{CORR_YEAR}**")],
    "q5-8-answer": [("year = 2018", "year = {CORR_YEAR}")],
    "q5-9-question": [("your `rank_corr` for 2018", "your `rank_corr` for {CORR_YEAR}")],
}


MISTAKES = {
    "05.3": lambda ns: _fractions(_capability_alternatives()),
    "05.4": lambda ns: _model_alternatives(_capability()),
    "05.5": _break_even_mistakes,
    "05.8": lambda ns: _rank_corr_alternatives(),
}
