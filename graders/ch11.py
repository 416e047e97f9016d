"""Checkers for exercise set 11, "National programmes and their partners".

Every expected value is computed from ``data/`` at check time.
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from coursekit.casestudies import biomedical_articles, oic_codes, population

from ._core import (_call, _close, _count, _Feedback, _number, _question, _Stop, as_frame, matching_hint,
                    multiple_choice_question, numbered, numeric, reject_number, require_columns, require_sorted,
                    shuffled, works_on)

START, END = 2004, 2022


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    from coursekit.data import load

    return {name: load(name) for name in ("stem_cell_trials", "oic_members", "rd_indicators", "publications")}


def _members() -> frozenset[str]:
    return oic_codes(_tables()["oic_members"])


def _trials() -> pd.DataFrame:
    """A fresh copy for the learner's function (so it cannot spoil our copy)."""
    return _tables()["stem_cell_trials"].copy()


def _in_period(iso3: str, start: int, end: int) -> int:
    t = _tables()["stem_cell_trials"]
    return int(t.loc[(t["iso3"] == iso3) & t["year"].between(start, end), "trials"].sum())


@lru_cache(maxsize=1)
def _totals() -> pd.Series:
    t = _tables()["stem_cell_trials"]
    return t[t["year"].between(START, END)].groupby("iso3")["trials"].sum().astype(int)


@lru_cache(maxsize=1)
def _oic_trials() -> pd.DataFrame:
    """Expected answer to 11.2."""
    tot = _totals()
    tot = tot[tot.index.isin(_members())]
    pop = population(_tables()["rd_indicators"], START, END)
    out = pd.DataFrame({"trials": tot.astype(float), "population": pop.reindex(tot.index)})
    out["per_million"] = out["trials"] / out["population"] * 1e6
    out.index.name = "iso3"
    return out.sort_values("per_million", ascending=False)


@lru_cache(maxsize=1)
def _articles() -> pd.Series:
    return biomedical_articles(_tables()["publications"], START, END)


def _rho(method: str = "spearman", articles: pd.Series | None = None, trials: pd.Series | None = None) -> float:
    tot = _totals() if trials is None else trials
    art = _articles() if articles is None else articles
    both = pd.DataFrame({"trials": tot.astype(float), "articles": art}).dropna()
    both = both[both.index.isin(tot.index)]
    if method == "spearman":
        return float(both["trials"].rank().corr(both["articles"].rank()))
    return float(both["trials"].corr(both["articles"]))


# =====================================================================================
# 11.1  a function: trials first posted in a span of years, for one country
# =====================================================================================
@_question("11.1", "trials_in_period", "function")
def _grade_trials_in_period(fn, fb: _Feedback, thorough: bool) -> None:
    t = _tables()["stem_cell_trials"]
    if thorough:
        df = shuffled(_trials(), 20240612, offset=7000)
        codes = sorted(set(t["iso3"])) + ["SAU", "QAT"]
        cases = [(c, s, e) for c in codes for s, e in ((START, END), (2010, 2015), (2020, 2022))]
    else:
        df = None
        cases = [("IRN", START, END), ("IDN", 2020, 2022), ("JOR", 2016, 2016), ("SAU", START, END)]
    for iso3, start, end in cases:
        label = f"trials_in_period(trials, {iso3!r}, {start}, {end})"
        raw = _call(fn, label, df if df is not None else _trials(), iso3, start, end)
        want = _in_period(iso3, start, end)
        if want == 0 and (raw is None or (isinstance(raw, float) and math.isnan(raw))):
            raise _Stop(f"For {iso3}, which has no trial in {start}–{end}, `{label}` returned {raw!r}.",
                        "A country with no rows has 0 trials: make sure your function returns 0 (the sum of no "
                        "rows is 0, but taking the first of no rows fails).")
        got = _count(raw, f"`{label}`")
        if got == want:
            continue
        hint = _diagnose_period(got, want, iso3, start, end)
        if df is not None and works_on(fn, (_trials(), iso3, start, end), lambda v: int(v) == want):
            hint = "Your function depends on the order of the rows. Select rows by their values, not by position."
        raise _Stop(f"For {iso3} in {start}–{end} your function returned {got}, but the answer is {want}.", hint)
    checked = "every country in the data (and two with no trials), for three spans, on shuffled rows" \
        if thorough else "; ".join(f"{c} {s}–{e}" for c, s, e in cases)
    fb.ok("It returns a whole number for each country and span.")
    fb.ok(f"The counts are right for {checked}.")


def _diagnose_period(got: int, want: int, iso3: str, start: int, end: int) -> str:
    t = _tables()["stem_cell_trials"]
    rows = t[(t["iso3"] == iso3) & t["year"].between(start, end)]
    candidates = [
        (len(rows), "You counted rows (years with a trial) instead of adding up the `trials` column."),
        (_in_period(iso3, start, end - 1), "You left out the last year: the span includes both start and end."),
        (_in_period(iso3, start + 1, end), "You left out the first year: the span includes both start and end."),
        (_in_period(iso3, START, END), "You added up every year; keep only the years from start to end."),
    ]
    return matching_hint(got, want, candidates, tol=0) or ("Keep the rows whose iso3 is the country and whose year "
                                                          "is between start and end (both included), then add up "
                                                          "`trials`.")


# =====================================================================================
# 11.2  a table: OIC members' trials per million people
# =====================================================================================
@_question("11.2", "oic_trials", "value")
def _grade_oic_trials(table, fb: _Feedback, thorough: bool) -> None:
    want = _oic_trials()
    cols = ["trials", "population", "per_million"]
    df = as_frame(table, "`oic_trials`", cols, index="iso3", hint="Build a DataFrame, e.g. with `pd.DataFrame({...})`.")
    fb.ok("It is a DataFrame.")
    require_columns(df, cols, "Name the columns exactly trials, population and per_million.")
    labels = [str(x) for x in df.index]
    if numbered(df.index):
        raise _Stop("The rows are numbered 0, 1, 2, ... instead of labelled by ISO3 code.",
                    "Make the ISO3 code the index, e.g. `.set_index('iso3')`.")
    if df.index.has_duplicates:
        raise _Stop(f"{df.index[df.index.duplicated()][0]} appears more than once.",
                    "Each member should be one row: add up the years with `groupby('iso3')`.")
    names = dict(zip(_tables()["stem_cell_trials"]["country"], _tables()["stem_cell_trials"]["iso3"]))
    if labels and all(lab in names for lab in labels):
        raise _Stop("The rows are labelled by country name.", "Label each row by its ISO3 code (the `iso3` column).")
    expected = set(want.index)
    extra = [lab for lab in labels if lab not in expected]
    zero_members = [lab for lab in extra if lab in _members()]
    if zero_members:
        raise _Stop(f"The table includes OIC members with no registered trial, e.g. {zero_members[0]}.",
                    "Keep only the members with at least one trial in 2004–2022.")
    if extra:
        raise _Stop(f"These rows are not OIC members: {', '.join(extra[:5])}.",
                    "Keep only the countries whose iso3 is in `members`.")
    missing = sorted(expected - set(labels))
    if missing:
        raise _Stop(f"{len(missing)} OIC member(s) with trials are missing, e.g. {missing[0]}.",
                    "Use every year from 2004 to 2022 and every member whose iso3 is in `members`.")
    fb.ok(f"It has one row for each of the {len(expected)} OIC members with a registered trial.")
    got = df.loc[list(want.index), cols]
    for col in cols:
        values = numeric(got[col], f"The {col} value for {{}} is missing or not a number.",
                         "Check that you joined the population on the iso3 code.")
        tol = {"trials": 1e-9, "population": 1.0, "per_million": 0.005}[col]
        for iso in want.index:
            g, w = values[iso], want.loc[iso, col]
            if _close(g, w, max(tol, abs(w) * 1e-6)):
                continue
            hint = _diagnose_oic_trials(col, iso, g)
            raise _Stop(f"{col} for {iso} is {g:.6g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")
    require_sorted(df, "per_million")
    fb.ok("It is sorted by trials per million people, largest first.")


def _diagnose_oic_trials(col: str, iso: str, got: float) -> str:
    want = _oic_trials().loc[iso]
    rd = _tables()["rd_indicators"]
    pop = rd[(rd["indicator"] == "SP.POP.TOTL") & (rd["iso3"] == iso)].set_index("year")["value"]
    if col == "trials":
        if got == _in_period(iso, 2022, 2022):
            return "That is the 2022 count only; add up the years 2004 to 2022."
        return "Add up the `trials` column over the years 2004 to 2022."
    if col == "population":
        for year in (END, START):
            if year in pop.index and _close(got, float(pop[year]), 1.0):
                return f"That is the population in {year}; use the mean population over 2004–2022."
        if _close(got, float(pop.loc[START:END].sum()), 1.0):
            return "That is the sum of the yearly populations; take their mean."
        return "Take the mean of the SP.POP.TOTL values from 2004 to 2022."
    if _close(got, want["per_million"] / 1e6, abs(want["per_million"]) * 1e-4):
        return "That is per person; multiply by 1,000,000 to get trials per million people."
    if _close(got, want["trials"] / want["population"] * 1e3, abs(want["per_million"]) * 1e-4 / 1e3):
        return "That is per thousand people; multiply by 1,000,000, not 1,000."
    return "per_million is trials / population × 1,000,000."


# =====================================================================================
# 11.3 and 11.5  numbers
# =====================================================================================
@_question("11.3", "oic_listing_share", "value")
def _grade_listing_share(answer, fb: _Feedback, thorough: bool) -> None:
    got = _number(answer, "`oic_listing_share`")
    tot = _totals()
    oic = tot[tot.index.isin(_members())]
    want = 100 * oic.sum() / tot.sum()
    fb.ok("It is a number.")
    if _close(got, want):
        fb.ok("It is the OIC members' percentage of all country listings, 2004–2022.")
        return
    alternatives = [
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (100 * len(oic) / len(tot), "You counted countries; the question asks about trial listings (add up "
                                    "the `trials` column)."),
        (100 - want, "That is the share of the other countries."),
    ]
    reject_number(got, want, alternatives, f"{got:.4g} is not the expected share.",
                  "Add up `trials` for the OIC members (2004–2022), divide by the sum over all countries, and "
                  "multiply by 100.")


@_question("11.5", "rank_correlation", "value")
def _grade_rank_correlation(answer, fb: _Feedback, thorough: bool) -> None:
    got = _number(answer, "`rank_correlation`")
    want = _rho("spearman")
    fb.ok("It is a number.")
    if not -1 <= got <= 1:
        raise _Stop(f"{got:.4g} is outside −1…1, so it cannot be a correlation.",
                    "Correlate the ranks: `a.rank().corr(b.rank())`.")
    if _close(got, want, 0.005):
        fb.ok("It is Spearman's rank correlation between trials and biomedical articles, 2004–2022.")
        return
    p = _tables()["publications"]
    art_2022 = biomedical_articles(p, END, END)
    art_all = biomedical_articles(p, START, END, field="all_se")
    alternatives = [
        (_rho("pearson"), "That is the Pearson correlation of the raw counts; correlate the ranks instead "
                          "(`.rank()` on both columns first)."),
        (_rho("spearman", articles=art_2022), "You used the articles of 2022 only; add up 2004 to 2022."),
        (_rho("spearman", articles=art_all), "You used all S&E fields; use the biological and biomedical field."),
    ]
    reject_number(got, want, alternatives, f"{got:.4g} is not the expected correlation.",
                  "Join the trial totals and article totals on iso3, keep the countries that have both, and "
                  "compute `both['trials'].rank().corr(both['articles'].rank())`.", tol=0.005,
                  fallback_message=f"{got:.4g} is not the expected correlation (checked to 2 decimal places).")


# =====================================================================================
# 11.4 and 11.6  multiple choice
# =====================================================================================
_MC_11_4 = {
    "a": "Not this one: the export has one row per trial, and the course table adds them up per country and year.",
    "b": "Yes: a trial with sites in several countries counts once in each of them, so the country counts add "
         "up to more than the number of trials.",
    "c": "Not this one: trials without a location are left out of the table, which makes the sum smaller, not larger.",
    "d": "Not this one: the count is by the year a trial was first posted, once per country.",
}

_MC_11_6 = {
    "a": "Not this one: a correlation across countries cannot show what causes what.",
    "b": "Not this one: the correlation is about all countries together and cannot show that one country's trials "
         "caused its publications.",
    "c": "Yes: countries that publish more biomedical research tend to register more MSC trials; the data cannot "
         "say why, and a third factor such as funding or hospital capacity could drive both.",
    "d": "Not this one: registration is not evidence that a treatment works.",
}


multiple_choice_question("11.4", _MC_11_4, "b",
                         "Think of one trial with sites in Iran and Turkey: how many times does it appear in the "
                         "table?")


multiple_choice_question("11.6", _MC_11_6, "c", "Which statement describes the pattern without saying why it exists?")
