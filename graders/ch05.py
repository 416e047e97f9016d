"""Checkers for exercise set 05, "Benefits and costs of collaboration".

Expected values are computed at check time from ``data/`` and from the course model
(:mod:`coursekit.models`), the same functions the chapter and the exercise set use.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from ._core import (_close, _describe, _Feedback, _number, _question, _Stop, multiple_choice_question, numeric,
                    require_columns)

_TOL = 0.005          # capabilities and gains: rounding to 2 decimals passes
_GRID = [round(0.01 * i, 2) for i in range(0, 101)]   # coordination costs for 05.5
_P, _C = 0.5, 0.2     # the default assumptions the questions use (as in coursekit.models.ASSUMPTIONS)
_COUNTRY = "Egypt"    # the member used in 05.5


# =====================================================================================
# data and model values used by the checkers
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    from coursekit.data import load

    return load("coauthorship"), load("oic_members")


def _wide(year: int) -> pd.DataFrame:
    co, oic = _tables()
    rows = co[(co["year"] == year) & co["iso3"].isin(set(oic["iso3"]))]
    wide = rows.pivot_table(index="country", columns="attribute", values="articles", aggfunc="sum").astype(float)
    wide.index = [str(c) for c in wide.index]
    return wide


def _capability(year: int = 2022, how: str = "international") -> pd.Series:
    """Expected answer to 05.3 (how='international') and wrong variants used in diagnoses."""
    w = _wide(year)
    if how == "international":
        return 1.0 - w["international"] / w["total"]
    if how == "share":
        return w["international"] / w["total"]
    if how == "domestic":
        return w["domestic_only"] / w["total"]
    raise ValueError(how)


def _model(h: pd.Series, p: float = _P, c: float = _C) -> pd.DataFrame:
    from coursekit.models import best_team_size, collaboration_gain

    return pd.DataFrame({
        "best_n": [float(best_team_size(home_capability=x, partner_capability=p, coordination_cost=c)) for x in h],
        "gain": [collaboration_gain(home_capability=x, partner_capability=p, coordination_cost=c) for x in h],
    }, index=h.index)


def _break_even(h: float, p: float = _P, *, last_above: bool = False) -> float:
    from coursekit.models import best_team_size

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
        raise _Stop(f"A country appears more than once in {what}.", "Each OIC member should be one row.")
    if labels and all(x.isdigit() for x in labels):
        raise _Stop(f"The rows of {what} are numbered 0, 1, 2, ... instead of labelled by country.",
                    "Make the country name the index, e.g. with `.set_index('country')`.")
    if labels and all(x in iso for x in labels):
        raise _Stop(f"The rows of {what} are labelled by ISO3 codes.",
                    "Label each row by its name as written in `co['country']` (e.g. 'Egypt').")
    if "World" in labels:
        raise _Stop(f"{what} includes the World row.", "Keep only the OIC member states.")
    extra = [x for x in labels if x not in expected]
    missing = [x for x in expected if x not in labels]
    if extra:
        raise _Stop(f"{what} has rows that are not OIC members in `co`: {', '.join(extra[:4])}.",
                    "Keep the countries whose iso3 code is in `oic['iso3']`.")
    if missing:
        raise _Stop(f"{what} lacks {len(missing)} OIC member(s) of `co`, e.g. {missing[0]}.",
                    "Match the two tables on iso3, not on the names (they are spelled differently).")


def _values(series: pd.Series, what: str) -> pd.Series:
    series = series.set_axis([str(x) for x in series.index])
    return numeric(series, f"The value of {what} for {{}} is missing or not a number.",
                   infinite=f"The value of {what} for {{}} is infinite.")


# =====================================================================================
# 05.3 home capability from the data
# =====================================================================================
@_question("05.3", "home_capability", "value")
def _grade_home_capability(answer, fb: _Feedback, thorough: bool) -> None:
    want = _capability()
    if isinstance(answer, dict):
        answer = pd.Series(answer, dtype=object)
    if isinstance(answer, pd.DataFrame) and answer.shape[1] == 1:
        answer = answer.iloc[:, 0]
    if not isinstance(answer, pd.Series):
        raise _Stop(f"`home_capability` is {_describe(answer)}; it should be a pandas Series with one value "
                    "per OIC member.")
    _rows([str(x) for x in answer.index], list(want.index), "`home_capability`")
    fb.ok(f"It has one value for each of the {len(want)} OIC members in `co`.")
    got = _values(answer, "home_capability")
    variants = [
        (_capability(how="share"), "These are the international shares themselves; the capability is 1 − share."),
        (_capability(how="domestic"), "You used the domestic-only share. Use 1 − international ÷ total: some "
                                      "articles have incomplete addresses and are in neither group."),
        (_capability(2003), "These are the values for 2003; use 2022."),
        (100 * _capability(), "Give a fraction between 0 and 1, not a percentage."),
    ]
    for country in want.index:
        g, w = got[country], want[country]
        if _close(g, w, _TOL):
            continue
        hint = "home_capability = 1 − international ÷ total, for 2022 (or `capability_from_share(share)`)."
        for alt, text in variants:
            if _close(g, alt[country], _TOL):
                hint = text
                break
        raise _Stop(f"For {country} your value is {g:.4g}, which is not right.", hint)
    fb.ok("The values are right: 1 − the share of internationally co-authored articles in 2022.")


# =====================================================================================
# 05.4 the model under the default assumptions
# =====================================================================================
@_question("05.4", "model_table", "value")
def _grade_model_table(table, fb: _Feedback, thorough: bool) -> None:
    h = _capability()
    want = _model(h)
    if not isinstance(table, pd.DataFrame):
        raise _Stop(f"`model_table` is {_describe(table)}; it should be a pandas DataFrame with the columns "
                    "best_n and gain.")
    df = table.set_index("country") if "country" in table.columns else table
    fb.ok("It is a DataFrame.")
    require_columns(df, ["best_n", "gain"], "Name the columns best_n and gain.")
    _rows([str(x) for x in df.index], list(want.index), "`model_table`")
    fb.ok(f"It has one row for each of the {len(want)} OIC members.")
    from_share = _model(_capability(how="share"))
    other_assumptions = [(_model(h, p, c), f"p = {p}, c = {c}") for p in (0.2, 0.8) for c in (0.1, 0.3)]
    for col in ("best_n", "gain"):
        got = _values(df[col], col)
        for country in want.index:
            g, w = got[country], want.loc[country, col]
            if _close(g, w, _TOL):
                continue
            hint = ("Call `best_team_size` and `collaboration_gain` with home_capability from 5.3, "
                    "partner_capability=0.5 and coordination_cost=0.2.")
            if _close(g, from_share.loc[country, col], _TOL):
                hint = "You passed the international share as the home capability; pass 1 − share (your answer to 5.3)."
            else:
                for alt, label in other_assumptions:
                    if _close(g, alt.loc[country, col], _TOL):
                        hint = f"These look like the results for {label}; use the defaults p = 0.5 and c = 0.2."
                        break
            raise _Stop(f"{col} for {country} is {g:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")


# =====================================================================================
# 05.5 the break-even coordination cost
# =====================================================================================
@_question("05.5", "break_even_cost", "value")
def _grade_break_even(answer, fb: _Feedback, thorough: bool) -> None:
    h = float(_capability()[_COUNTRY])
    want = _break_even(h)
    got = _number(answer, "`break_even_cost`")
    fb.ok("It is a number.")
    if _close(got, want, 1e-6):
        fb.ok(f"It is the smallest cost on the grid at which {_COUNTRY}'s best team is the home country alone.")
        return
    alternatives = [
        (_break_even(h, last_above=True), "That is the last cost at which partners still pay off; the question asks "
                                          "for the first cost at which the best team size is 1."),
        (100 * want, "Give the cost as a fraction (e.g. 0.25), not as a percentage."),
        (_break_even(h, 0.2), "That is the answer for partner capability 0.2; use 0.5."),
        (_break_even(h, 0.8), "That is the answer for partner capability 0.8; use 0.5."),
        (_break_even(float(_capability(2003)[_COUNTRY])), "That uses the 2003 share; use 2022."),
        (_break_even(1.0 - h), f"That uses {_COUNTRY}'s international share as its home capability; use 1 − share."),
    ]
    for value, hint in alternatives:
        if not (isinstance(value, float) and math.isnan(value)) and not _close(value, want, 1e-6) \
                and _close(got, value, 1e-6):
            raise _Stop(f"{got:g} is not the expected cost.", hint)
    raise _Stop(f"{got:g} is not the expected cost.",
                "Loop over the grid 0.00, 0.01, ..., 1.00; for each cost compute `best_team_size(...)` and keep the "
                "first cost where it equals 1.")


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
