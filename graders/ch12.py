"""Checkers for exercise set 12, "Evaluating claims".

Every expected value is computed at check time, from ``data/`` and from ``coursekit.claims``.
"""

from __future__ import annotations

import math
import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from ._core import (_call, _count, _describe, _Feedback, _number, _question, _Stop, _text, multiple_choice_question,
                    shuffled)

GERD = "GB.XPD.RSDV.GD.ZS"
USR = "unesco2015sciencereport"
SQ = "solarquarter2024unesco"
VALUE_TOL = 5e-4          # data values and differences: learners may round to 3 decimals


# =====================================================================================
# data used by the checkers (computed at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from coursekit.data import load

    return load("rd_indicators"), load("coauthorship"), load("oic_members")


def _rd_copy() -> pd.DataFrame:
    return _tables()[0].copy()


def _gerd() -> pd.DataFrame:
    rd = _tables()[0]
    return rd.loc[rd["indicator"] == GERD, ["iso3", "year", "value"]]


def _published(source: str) -> pd.DataFrame:
    from coursekit.claims import published_rd

    pub = published_rd()
    return pub[pub["source_key"] == source].reset_index(drop=True)


def _usr_expected() -> pd.DataFrame:
    usr = _published(USR)
    out = usr.merge(_gerd().rename(columns={"value": "wdi"}), on=["iso3", "year"], how="left")
    out["difference"] = out["wdi"] - out["published"]
    return out


def _closest_years(iso3: str, published: float, indicator: str = GERD) -> tuple[set[int], float]:
    """Years whose value is closest to *published* (all of them, in case of a tie), and that distance."""
    rd = _tables()[0]
    s = rd[(rd["iso3"] == iso3) & (rd["indicator"] == indicator)]
    dist = (s["value"] - published).abs()
    best = dist.min()
    return {int(y) for y in s.loc[np.isclose(dist, best, rtol=0, atol=1e-12), "year"]}, float(best)


def _solarquarter_status() -> str:
    from coursekit.claims import numbers_status

    diffs = []
    for _, row in _published(SQ).iterrows():
        years, dist = _closest_years(row["iso3"], float(row["published"]))
        diffs.append(dist)
    return numbers_status(diffs)


def _lead_years(measure: str = "articles", oic_only: bool = True) -> list[int]:
    co, oic = _tables()[1], _tables()[2]
    rows = co[co["iso3"].isin(set(oic["iso3"]))] if oic_only else co[co["iso3"] != "WLD"]
    wide = rows.pivot_table(index=["year", "country"], columns="attribute", values="articles")
    value = wide["international"] if measure == "articles" else wide["international"] / wide["total"]
    leader = value.unstack("country").idxmax(axis=1)
    return sorted(int(y) for y in leader.index if leader[y] == "Saudi Arabia")


def _n_changed(**changes) -> int:
    from coursekit.claims import examples, grade_table

    ex = examples()
    base = grade_table(ex)
    other = grade_table(ex.assign(**changes))
    return int((base["band"] != other["band"]).sum())


# =====================================================================================
# 12.2: usr_check
# =====================================================================================
@_question("12.2", "usr_check", "value")
def _grade_usr_check(table, fb: _Feedback, thorough: bool) -> None:
    want = _usr_expected()
    if not isinstance(table, pd.DataFrame):
        raise _Stop(f"`usr_check` is {_describe(table)}; it should be a pandas DataFrame.",
                    "Start from `usr` and merge the World Bank values onto it.")
    df = table.reset_index() if "iso3" not in table.columns and "iso3" in (table.index.names or []) else table
    fb.ok("It is a DataFrame.")
    needed = ["iso3", "year", "published", "wdi", "difference"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        hint = "Keep the columns of `usr` and add `wdi` and `difference`."
        if "wdi" in missing and "value" in df.columns:
            hint = "Rename the World Bank column `value` to `wdi`, e.g. `.rename(columns={'value': 'wdi'})`."
        raise _Stop(f"The column(s) {', '.join(missing)} are missing.", hint)
    if "indicator" in df.columns and df["indicator"].nunique() > 1 or len(df) > len(want):
        raise _Stop(f"`usr_check` has {len(df)} rows; it should have {len(want)}, one for each figure in `usr`.",
                    f"Keep only the rows of `rd` whose indicator is {GERD!r} (R&D, % of GDP) before merging.")
    if len(df) < len(want):
        raise _Stop(f"`usr_check` has {len(df)} rows; it should have {len(want)}, one for each figure in `usr`.",
                    "Use a merge that keeps every row of `usr` (`how='left'`), on both iso3 and year.")
    try:
        keys = [(str(i), int(y)) for i, y in zip(df["iso3"], df["year"])]
    except (TypeError, ValueError):
        raise _Stop("Some iso3 or year values are missing or not whole numbers.") from None
    if len(set(keys)) != len(keys):
        raise _Stop("A country and year appear more than once.", "Merge on both `iso3` and `year`.")
    rows = dict(zip(keys, range(len(df))))
    fb.ok(f"It has one row for each of the {len(want)} figures.")
    for col in ("wdi", "difference"):
        values = pd.to_numeric(df[col], errors="coerce").astype(float).to_numpy()
        for _, w in want.iterrows():
            key = (str(w["iso3"]), int(w["year"]))
            if key not in rows:
                raise _Stop(f"The row for {key[0]} in {key[1]} is missing.")
            got = values[rows[key]]
            if math.isnan(got):
                raise _Stop(f"The {col} value for {key[0]} in {key[1]} is missing (NaN).",
                            "The merge found no World Bank value: merge on both iso3 and year, and check that you "
                            f"kept the {GERD!r} rows of `rd`.")
            if abs(got - w[col]) <= VALUE_TOL:
                continue
            if col == "difference" and abs(got + w[col]) <= VALUE_TOL:
                hint = "The sign is reversed: compute wdi − published."
            elif col == "difference":
                hint = "difference = wdi − published, in percentage points."
            else:
                hint = f"Take the value of indicator {GERD!r} for the same country and year."
            raise _Stop(f"{col} for {key[0]} in {key[1]} is {got:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")


# =====================================================================================
# 12.3: closest_year
# =====================================================================================
def _cases_12_3(thorough: bool) -> list[tuple[str, float]]:
    cases = [("ARE", 1.50), ("EGY", 0.96), ("TUR", 0.86)]
    if not thorough:
        return cases
    gerd = _gerd()
    for iso3, grp in gerd.groupby("iso3"):
        if len(grp) < 3 or not str(iso3).isalpha():
            continue
        values = grp["value"].sort_values().to_numpy()
        for v in (values[0], values[len(values) // 2], values[-1]):
            cases.append((str(iso3), round(float(v) + 0.003, 3)))
    return cases[:150]


@_question("12.3", "closest_year", "function")
def _grade_closest_year(fn, fb: _Feedback, thorough: bool) -> None:
    if thorough:
        df = shuffled(_rd_copy(), 20240512, offset=100_000)
    else:
        df = None
    cases = _cases_12_3(thorough)
    for iso3, published in cases:
        data = df if df is not None else _rd_copy()
        label = f"closest_year(rd, {iso3!r}, {published})"
        raw = _call(fn, label, data, iso3, published)
        got_f = _number(raw, f"`{label}`")
        years, _ = _closest_years(iso3, published)
        if got_f == int(got_f) and int(got_f) in years:
            continue
        raise _Stop(f"{label} returned {got_f:.6g}, which is not the year we expect.",
                    _diagnose_closest(got_f, data, iso3, published))
    fb.ok("It returns a year.")
    checked = f"{len(cases)} countries and values, on shuffled rows" if thorough else \
        "; ".join(f"{i} {p}" for i, p in cases)
    fb.ok(f"The years are right for {checked}.")


def _diagnose_closest(got: float, data: pd.DataFrame, iso3: str, published: float) -> str:
    rd = data
    gerd = rd[(rd["iso3"] == iso3) & (rd["indicator"] == GERD)]
    dist = (gerd["value"] - published).abs()
    if len(gerd):
        best_label = dist.idxmin()
        if got == best_label:
            return ("That is the row label that `idxmin()` returns, not the year. Take the year of that row, "
                    "e.g. `rows.loc[rows['diff'].idxmin(), 'year']`.")
        if math.isclose(got, float(gerd.loc[best_label, "value"]), abs_tol=1e-9):
            return "That is the closest *value*; the question asks for its year."
        hints = []
        if got == float(gerd.loc[dist.idxmax(), "year"]) and dist.max() > dist.min():
            hints.append("That is the year *farthest* from the published value: take the smallest distance "
                         "(`idxmin`), not the largest.")
        signed = gerd["value"] - published
        if got in (float(gerd.loc[signed.idxmin(), "year"]), float(gerd.loc[signed.idxmax(), "year"])):
            hints.append("Compare the *absolute* differences (`.abs()`), so that values above and below the "
                         "published figure count alike.")
        if hints:
            return " ".join(hints)
    allrows = rd[rd["iso3"] == iso3]
    if len(allrows):
        any_best = allrows.loc[(allrows["value"] - published).abs().idxmin()]
        if got == float(any_best["year"]) and any_best["indicator"] != GERD:
            return f"Keep only the rows of the indicator {GERD!r} (R&D, % of GDP): that year comes from another one."
    return (f"Keep the rows of `rd` for this country and the indicator {GERD!r}, compute the absolute difference "
            "between each value and the published figure, and return the year of the smallest.")


# =====================================================================================
# 12.4: solarquarter_numbers
# =====================================================================================
_STATUS_FEEDBACK = {
    "match": "Not quite: check Egypt. Its closest World Bank value is farther from 0.96 than the tolerance.",
    "differ": "Not quite: check the UAE. Its closest World Bank value is within the tolerance of 1.50.",
    "partly": "Not quite: compare each figure's distance to its closest value with `AGREEMENT_TOL`.",
    "not_checked": "You have checked them, in 12.3: the answer is about what that check found.",
    "no_numbers": "The claim has numbers (1.50% and 0.96%), so they count.",
}


@_question("12.4", "solarquarter_numbers", "value")
def _grade_solarquarter(answer, fb: _Feedback, thorough: bool) -> None:
    text = _text(answer, "`solarquarter_numbers`").lower().replace(" ", "_").replace("-", "_")
    if text not in _STATUS_FEEDBACK:
        raise _Stop(f"{answer!r} is not one of the answers.", 'Answer "match", "partly" or "differ".')
    fb.ok("It is one of the rubric's answers.")
    want = _solarquarter_status()
    if text == want:
        fb.ok(f"Yes: {want}. One figure agrees with a World Bank value within the tolerance and one does not."
              if want == "partly" else f"Yes: {want}.")
        return
    raise _Stop(f"{text!r} is not what the check finds.", _STATUS_FEEDBACK[text])


# =====================================================================================
# 12.5: multiple choice
# =====================================================================================
_MC_12_5 = {
    "a": "Not this one: the repost and the copy repeat the Nature report; they add no evidence of their own.",
    "b": "Not this one: the newsroom repost is the Nature report on another site, not a second report.",
    "c": "Yes: one. The repost and the blog's copy repeat Nature's reporting; only a source that found "
         "its facts separately would count as a second.",
    "d": "Not this one: the Nature report is a source (a secondary one); the copies add nothing to it.",
}


multiple_choice_question("12.5", _MC_12_5, "c", "Ask of each page: did it find its facts itself?")


# =====================================================================================
# 12.6: saudi_lead_years
# =====================================================================================
@_question("12.6", "saudi_lead_years", "value")
def _grade_lead_years(answer, fb: _Feedback, thorough: bool) -> None:
    if isinstance(answer, (str, bytes)) or isinstance(answer, numbers.Number):
        raise _Stop(f"`saudi_lead_years` is {_describe(answer)}; it should be a list of years.",
                    "For example [2015, 2016, 2017].")
    if isinstance(answer, pd.DataFrame):
        raise _Stop("`saudi_lead_years` is a DataFrame; it should be a list of years.",
                    "Take the years (the index) where the leader is Saudi Arabia: `list(leader.index[...])`.")
    if isinstance(answer, pd.Series):
        if answer.dtype == bool:
            items = list(answer.index[answer.to_numpy()])
        elif len(answer) and all(isinstance(x, str) for x in answer):
            raise _Stop("`saudi_lead_years` is a Series of country names.",
                        "The years are its index: `list(s.index)`.")
        else:
            items = list(answer)
    elif isinstance(answer, (pd.Index, np.ndarray, list, tuple, set, frozenset, range)):
        items = list(answer)
    else:
        raise _Stop(f"`saudi_lead_years` is {_describe(answer)}; it should be a list of years.")
    if any(isinstance(x, str) for x in items):
        raise _Stop("`saudi_lead_years` holds text, e.g. country names or '2015'.",
                    "It should hold the years as numbers, e.g. [2015, 2016].")
    years = {_count(x, "each year in `saudi_lead_years`") for x in items}
    fb.ok("It holds whole numbers.")
    want = set(_lead_years())
    if years == want:
        fb.ok("These are the years in which Saudi Arabia had the most internationally co-authored articles among "
              "the OIC members in the table.")
        return
    if not years:
        raise _Stop("`saudi_lead_years` is empty.",
                    "Keep only the OIC members (iso3 in `oic['iso3']`): among all countries, others lead.")
    if years == set(_lead_years(measure="share")):
        raise _Stop("Those are the years in which Saudi Arabia had the highest *share* of international articles.",
                    "The question is about the number of articles with the attribute 'international'.")
    extra, missing = sorted(years - want), sorted(want - years)
    if extra:
        raise _Stop(f"In {extra[0]} Saudi Arabia did not have the most international articles among the OIC "
                    "members in the table.",
                    "For each year, find the OIC member with the largest 'international' count (`idxmax`).")
    raise _Stop(f"{len(missing)} year(s) are missing, e.g. {missing[0]}.",
                "Check every year from 2003 to 2022.")


# =====================================================================================
# 12.7: n_changed_by_source
# =====================================================================================
@_question("12.7", "n_changed_by_source", "value")
def _grade_n_changed(answer, fb: _Feedback, thorough: bool) -> None:
    n = _count(answer, "`n_changed_by_source`")
    fb.ok("It is a whole number.")
    from coursekit.claims import examples, grade_table

    want = _n_changed(source_type="primary")
    if n == want:
        fb.ok("That many claims change band when only their source becomes primary: a better source alone rarely "
              "rescues a claim.")
        return
    ex = examples()
    scores_changed = int((grade_table(ex)["score"] != grade_table(ex.assign(source_type="primary"))["score"]).sum())
    hints = []
    if n == scores_changed:
        hints.append("That counts the claims whose *score* changes; the question asks about the *band*.")
    if n == int((ex["source_type"] != "primary").sum()) and not hints:
        hints.append("That counts the claims whose source is not primary; some of them keep their band.")
    if n == len(ex):
        hints.append("That is every claim; compare the band before and after for each one.")
    raise _Stop(f"{n} is not the number of claims whose band changes.",
                " ".join(hints) or "Grade `examples()` and `examples().assign(source_type='primary')` with "
                                   "`grade_table` and count the rows whose band differs.")
