"""Checkers for exercise set 11, "National programmes and their partners".

Every expected value is computed from ``data/`` at check time.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache

import pandas as pd

from coursekit.casestudies import biomedical_articles, oic_codes, population
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
    require_sorted,
    shuffled,
    table,
    works_on,
)

#: The public edition's study period (every year of the trials table); the checks of 11.1, a function of
#: the span, use it in every variant.
START, END = 2004, 2022
#: The public edition's parameters (a class variant draws others: see `variant_params`): the study
#: period of 11.2, 11.3 and 11.5.
PARAMS = {"START": START, "END": END}


# =====================================================================================
# data used by the checkers (computed from data/ at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> dict[str, pd.DataFrame]:
    return {name: table(name) for name in ("stem_cell_trials", "oic_members", "rd_indicators", "publications")}


def _members() -> frozenset[str]:
    return oic_codes(_tables()["oic_members"])


def _trials() -> pd.DataFrame:
    """A fresh copy for the learner's function (so it cannot spoil our copy)."""
    return _tables()["stem_cell_trials"].copy()


def _in_period(iso3: str, start: int, end: int) -> int:
    t = _tables()["stem_cell_trials"]
    return int(t.loc[(t["iso3"] == iso3) & t["year"].between(start, end), "trials"].sum())


def _span() -> tuple[int, int]:
    """The study period (start, end) of 11.2, 11.3 and 11.5 (the active variant's)."""
    p = params("11")
    return int(p["START"]), int(p["END"])


def _totals(span: tuple[int, int] | None = None) -> pd.Series:
    """Each country's trials in the study period *span* (default: the question's)."""
    return _totals_in(span or _span())


@cache
def _totals_in(span: tuple[int, int]) -> pd.Series:
    t = _tables()["stem_cell_trials"]
    return t[t["year"].between(*span)].groupby("iso3")["trials"].sum().astype(int)


def _oic_trials(span: tuple[int, int] | None = None) -> pd.DataFrame:
    """Expected answer to 11.2 for the study period *span* (default: the question's)."""
    return _oic_trials_in(span or _span())


@cache
def _oic_trials_in(span: tuple[int, int]) -> pd.DataFrame:
    tot = _totals_in(span)
    tot = tot[tot.index.isin(_members())]
    pop = population(_tables()["rd_indicators"], *span)
    out = pd.DataFrame({"trials": tot.astype(float), "population": pop.reindex(tot.index)})
    out["per_million"] = out["trials"] / out["population"] * 1e6
    out.index.name = "iso3"
    return out.sort_values("per_million", ascending=False)


def _articles(span: tuple[int, int] | None = None) -> pd.Series:
    return _articles_in(span or _span())


@cache
def _articles_in(span: tuple[int, int]) -> pd.Series:
    return biomedical_articles(_tables()["publications"], *span)


def _rho(
    method: str = "spearman",
    articles: pd.Series | None = None,
    trials: pd.Series | None = None,
    span: tuple[int, int] | None = None,
) -> float:
    tot = _totals(span) if trials is None else trials
    art = _articles(span) if articles is None else articles
    both = pd.DataFrame({"trials": tot.astype(float), "articles": art}).dropna()
    both = both[both.index.isin(tot.index)]
    if method == "spearman":
        return float(both["trials"].rank().corr(both["articles"].rank()))
    return float(both["trials"].corr(both["articles"]))


#: Which ends of the span `start`..`end` 11.1 counts (the names of pandas' ``between(inclusive=...)``): the
#: public edition includes both; a class variant asks for a half-open span. Each rule maps to the offsets of
#: the first and the last year counted, e.g. "left" counts ``start <= year < end``, the years start..end-1.
PERIOD_RULES = {"both": (0, 0), "left": (0, -1), "right": (1, 0)}
#: How the question text, the solution and the hints state a variant's rule.
PERIOD_TEXT = {
    "left": "from `start` up to but **not including** `end` (`start <= year < end`, a half-open span like\n"
    "Python's `range(start, end)`)",
    "right": "**after** the year `start`, up to and including `end` (`start < year <= end`: the trials added\n"
    "after a base year `start`)",
}
PERIOD_RULE = {
    "left": "`start` included, `end` left out (`start <= year < end`)",
    "right": "`start` left out, `end` included (`start < year <= end`)",
}
PERIOD_OPS = {"left": (">=", "<"), "right": (">", "<=")}


def _rule() -> str:
    """11.1's rule for the ends of the span (the active variant's; "both" in the public edition)."""
    return str(params("11").get("PERIOD", "both"))


def _counted(iso3: str, start: int, end: int, rule: str | None = None) -> int:
    """The answer to `trials_in_period(trials, iso3, start, end)` under *rule* (default: the active one)."""
    first, last = PERIOD_RULES[rule or _rule()]
    return _in_period(iso3, start + first, end + last)


#: The (iso3, start, end) on which the visible check of 11.1 calls the learner's function.
VISIBLE_CASES = (("IRN", START, END), ("IDN", 2020, 2022), ("JOR", 2016, 2016), ("SAU", START, END))


# =====================================================================================
# 11.1  a function: trials first posted in a span of years, for one country
# =====================================================================================
@question("11.1", "trials_in_period", "function")
def _grade_trials_in_period(fn, fb: Feedback, thorough: bool) -> None:
    t = _tables()["stem_cell_trials"]
    if thorough:
        df = shuffled(_trials(), 20240612, offset=7000)
        codes = sorted(set(t["iso3"])) + ["SAU", "QAT"]
        cases = [(c, s, e) for c in codes for s, e in ((START, END), (2010, 2015), (2020, 2022))]
    else:
        df = None
        cases = list(VISIBLE_CASES)
    for iso3, start, end in cases:
        label = f"trials_in_period(trials, {iso3!r}, {start}, {end})"
        raw = tk.call(fn, label, df if df is not None else _trials(), iso3, start, end)
        want = _counted(iso3, start, end)
        if want == 0 and (raw is None or (isinstance(raw, float) and math.isnan(raw))):
            span = f"{start}–{end}" if _rule() == "both" else "this span"
            raise Stop(
                f"For {iso3}, which has no trial in {span}, `{label}` returned {raw!r}.",
                "A country with no rows has 0 trials: make sure your function returns 0 (the sum of no "
                "rows is 0, but taking the first of no rows fails).",
            )
        got = tk.count(raw, f"`{label}`")
        if got == want:
            continue
        hint = _diagnose_period(got, want, iso3, start, end)
        if df is not None and works_on(fn, (_trials(), iso3, start, end), lambda v: int(v) == want):
            hint = "Your function depends on the order of the rows. Select rows by their values, not by position."
        if _rule() != "both":
            raise Stop(f"`{label}` returned {got}, but the answer is {want}.", hint)
        raise Stop(f"For {iso3} in {start}–{end} your function returned {got}, but the answer is {want}.", hint)
    checked = (
        "every country in the data (and two with no trials), for three spans, on shuffled rows"
        if thorough
        else "; ".join(f"{c} {s}–{e}" for c, s, e in cases)
    )
    fb.ok("It returns a whole number for each country and span.")
    fb.ok(f"The counts are right for {checked}.")


def _variant_period_mistakes(rule: str) -> list[tuple[tuple | None, str]]:
    """11.1 in a class variant (a half-open span): the typical mistakes, each as the offsets (first, last)
    of the years it counts (None: it counts rows instead of adding up `trials`; (None, None): every year),
    with its hint. The first is the public edition's rule, both ends included."""
    other = "right" if rule == "left" else "left"
    first, last = PERIOD_RULES[rule]
    left_out = (
        "You left out the first year too: only `end` is left out (`start <= year < end`)."
        if rule == "left"
        else "You left out the last year too: only `start` is left out (`start < year <= end`)."
    )
    return [
        (None, "You counted rows (years with a trial) instead of adding up the `trials` column."),
        ((0, 0), f"That counts both start and end; this version of the question asks for {PERIOD_RULE[rule]}."),
        (PERIOD_RULES[other], f"You left out the wrong end of the span: it is {PERIOD_RULE[rule]}."),
        ((1, -1), left_out),
        ((None, None), "You added up every year; keep only the years of the span."),
    ]


def _variant_period_value(kind, iso3: str, start: int, end: int, rule: str) -> int:
    """What a mistake of `_variant_period_mistakes` returns."""
    t = _tables()["stem_cell_trials"]
    if kind is None:
        first, last = PERIOD_RULES[rule]
        return int(((t["iso3"] == iso3) & t["year"].between(start + first, end + last)).sum())
    if kind == (None, None):
        return int(t.loc[t["iso3"] == iso3, "trials"].sum())
    return _in_period(iso3, start + kind[0], end + kind[1])


def _diagnose_period(got: int, want: int, iso3: str, start: int, end: int) -> str:
    t = _tables()["stem_cell_trials"]
    rule = _rule()
    if rule != "both":
        candidates = [
            (_variant_period_value(kind, iso3, start, end, rule), hint) for kind, hint in _variant_period_mistakes(rule)
        ]
        return matching_hint(got, want, candidates, tol=0) or (
            f"Keep the rows whose iso3 is the country and whose year is in the span ({PERIOD_RULE[rule]}), then "
            "add up `trials`."
        )
    rows = t[(t["iso3"] == iso3) & t["year"].between(start, end)]
    candidates = [
        (len(rows), "You counted rows (years with a trial) instead of adding up the `trials` column."),
        (_in_period(iso3, start, end - 1), "You left out the last year: the span includes both start and end."),
        (_in_period(iso3, start + 1, end), "You left out the first year: the span includes both start and end."),
        (_in_period(iso3, START, END), "You added up every year; keep only the years from start to end."),
    ]
    return matching_hint(got, want, candidates, tol=0) or (
        "Keep the rows whose iso3 is the country and whose year "
        "is between start and end (both included), then add up "
        "`trials`."
    )


# =====================================================================================
# 11.2  a table: OIC members' trials per million people
# =====================================================================================
@question("11.2", "oic_trials", "value")
def _grade_oic_trials(table, fb: Feedback, thorough: bool) -> None:
    start, end = _span()
    want = _oic_trials()
    cols = ["trials", "population", "per_million"]
    df = as_frame(table, "`oic_trials`", cols, index="iso3", hint="Build a DataFrame, e.g. with `pd.DataFrame({...})`.")
    fb.ok("It is a DataFrame.")
    require_columns(df, cols, "Name the columns exactly trials, population and per_million.")
    labels = [str(x) for x in df.index]
    if numbered(df.index):
        raise Stop(
            "The rows are numbered 0, 1, 2, ... instead of labelled by ISO3 code.",
            "Make the ISO3 code the index, e.g. `.set_index('iso3')`.",
        )
    if df.index.has_duplicates:
        raise Stop(
            f"{df.index[df.index.duplicated()][0]} appears more than once.",
            "Each member should be one row: add up the years with `groupby('iso3')`.",
        )
    names = dict(zip(_tables()["stem_cell_trials"]["country"], _tables()["stem_cell_trials"]["iso3"]))
    if labels and all(lab in names for lab in labels):
        raise Stop("The rows are labelled by country name.", "Label each row by its ISO3 code (the `iso3` column).")
    expected = set(want.index)
    extra = [lab for lab in labels if lab not in expected]
    zero_members = [lab for lab in extra if lab in _members()]
    if zero_members:
        raise Stop(
            f"The table includes OIC members with no registered trial, e.g. {zero_members[0]}.",
            f"Keep only the members with at least one trial in {start}–{end}.",
        )
    if extra:
        raise Stop(
            f"These rows are not OIC members: {', '.join(extra[:5])}.",
            "Keep only the countries whose iso3 is in `members`.",
        )
    missing = sorted(expected - set(labels))
    if missing:
        raise Stop(
            f"{len(missing)} OIC member(s) with trials are missing, e.g. {missing[0]}.",
            f"Use every year from {start} to {end} and every member whose iso3 is in `members`.",
        )
    fb.ok(f"It has one row for each of the {len(expected)} OIC members with a registered trial.")
    got = df.loc[list(want.index), cols]
    for col in cols:
        values = numeric(
            got[col],
            f"The {col} value for {{}} is missing or not a number.",
            "Check that you joined the population on the iso3 code.",
        )
        tol = {"trials": 1e-9, "population": 1.0, "per_million": 0.005}[col]
        for iso in want.index:
            g, w = values[iso], want.loc[iso, col]
            if tk.close(g, w, max(tol, abs(w) * 1e-6)):
                continue
            hint = _diagnose_oic_trials(col, iso, g)
            raise Stop(f"{col} for {iso} is {g:.6g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")
    require_sorted(df, "per_million")
    fb.ok("It is sorted by trials per million people, largest first.")


def _diagnose_oic_trials(col: str, iso: str, got: float) -> str:
    start, end = _span()
    want = _oic_trials().loc[iso]
    rd = _tables()["rd_indicators"]
    pop = rd[(rd["indicator"] == "SP.POP.TOTL") & (rd["iso3"] == iso)].set_index("year")["value"]
    if col == "trials":
        if got == _in_period(iso, end, end):
            return f"That is the {end} count only; add up the years {start} to {end}."
        return f"Add up the `trials` column over the years {start} to {end}."
    if col == "population":
        for year in (end, start):
            if year in pop.index and tk.close(got, float(pop[year]), 1.0):
                return f"That is the population in {year}; use the mean population over {start}–{end}."
        if tk.close(got, float(pop.loc[start:end].sum()), 1.0):
            return "That is the sum of the yearly populations; take their mean."
        return f"Take the mean of the SP.POP.TOTL values from {start} to {end}."
    if tk.close(got, want["per_million"] / 1e6, abs(want["per_million"]) * 1e-4):
        return "That is per person; multiply by 1,000,000 to get trials per million people."
    if tk.close(got, want["trials"] / want["population"] * 1e3, abs(want["per_million"]) * 1e-4 / 1e3):
        return "That is per thousand people; multiply by 1,000,000, not 1,000."
    return "per_million is trials / population × 1,000,000."


# =====================================================================================
# 11.3 and 11.5  numbers
# =====================================================================================
def _listing_share(span: tuple[int, int] | None = None) -> float:
    tot = _totals(span)
    return float(100 * tot[tot.index.isin(_members())].sum() / tot.sum())


def _public_period(answer, noun: str) -> list[tuple[float, str]]:
    """In a class variant: the answer over the public edition's period, with its hint (the book shows it)."""
    public, span = (PARAMS["START"], PARAMS["END"]), _span()
    if span == public:
        return []
    return [
        (
            answer(public),
            f"That is the {noun} for {public[0]}–{public[1]}; the question asks about {span[0]}–{span[1]}.",
        )
    ]


def _listing_alternatives() -> list[tuple[float, str]]:
    """The results of the typical mistakes in 11.3, each with its hint."""
    tot = _totals()
    oic = tot[tot.index.isin(_members())]
    want = _listing_share()
    return [
        *_public_period(_listing_share, "share"),
        (want / 100, "It looks like a fraction between 0 and 1. Multiply by 100 to get a percentage."),
        (
            100 * len(oic) / len(tot),
            "You counted countries; the question asks about trial listings (add up the `trials` column).",
        ),
        (100 - want, "That is the share of the other countries."),
    ]


@question("11.3", "oic_listing_share", "value")
def _grade_listing_share(answer, fb: Feedback, thorough: bool) -> None:
    got = tk.number(answer, "`oic_listing_share`")
    start, end = _span()
    want = _listing_share()
    fb.ok("It is a number.")
    if tk.close(got, want):
        fb.ok(f"It is the OIC members' percentage of all country listings, {start}–{end}.")
        return
    alternatives = _listing_alternatives()
    reject_number(
        got,
        want,
        alternatives,
        f"{got:.4g} is not the expected share.",
        f"Add up `trials` for the OIC members ({start}–{end}), divide by the sum over all countries, and "
        "multiply by 100.",
    )


def _rho_alternatives() -> list[tuple[float, str]]:
    """The results of the typical mistakes in 11.5, each with its hint."""
    p = _tables()["publications"]
    start, end = _span()
    art_end = biomedical_articles(p, end, end)
    art_all = biomedical_articles(p, start, end, field="all_se")
    return [
        *_public_period(lambda span: _rho(span=span), "correlation"),
        (
            _rho("pearson"),
            "That is the Pearson correlation of the raw counts; correlate the ranks instead "
            "(`.rank()` on both columns first).",
        ),
        (_rho("spearman", articles=art_end), f"You used the articles of {end} only; add up {start} to {end}."),
        (_rho("spearman", articles=art_all), "You used all S&E fields; use the biological and biomedical field."),
    ]


@question("11.5", "rank_correlation", "value")
def _grade_rank_correlation(answer, fb: Feedback, thorough: bool) -> None:
    got = tk.number(answer, "`rank_correlation`")
    start, end = _span()
    want = _rho("spearman")
    fb.ok("It is a number.")
    if not -1 <= got <= 1:
        raise Stop(
            f"{got:.4g} is outside −1…1, so it cannot be a correlation.",
            "Correlate the ranks: `a.rank().corr(b.rank())`.",
        )
    if tk.close(got, want, 0.005):
        fb.ok(f"It is Spearman's rank correlation between trials and biomedical articles, {start}–{end}.")
        return
    alternatives = _rho_alternatives()
    reject_number(
        got,
        want,
        alternatives,
        f"{got:.4g} is not the expected correlation.",
        "Join the trial totals and article totals on iso3, keep the countries that have both, and "
        "compute `both['trials'].rank().corr(both['articles'].rank())`.",
        tol=0.005,
        fallback_message=f"{got:.4g} is not the expected correlation (checked to 2 decimal places).",
    )


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


multiple_choice_question(
    "11.4",
    _MC_11_4,
    "b",
    "Think of one trial with sites in Iran and Turkey: how many times does it appear in the table?",
)


multiple_choice_question("11.6", _MC_11_6, "c", "Which statement describes the pattern without saying why it exists?")


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _period_mistakes(ns):
    """11.1: functions that make each mistake `_diagnose_period` recognises (in the same order)."""
    right = ns["trials_in_period"]
    rule = _rule()
    if rule != "both":

        def mistake(kind):
            def fn(trials, iso3, start, end):
                rows = trials[trials["iso3"] == iso3]
                if kind is None:
                    first, last = PERIOD_RULES[rule]
                    return int(rows["year"].between(start + first, end + last).sum())
                if kind != (None, None):
                    rows = rows[rows["year"].between(start + kind[0], end + kind[1])]
                return int(rows["trials"].sum())

            return fn

        return [(mistake(kind), hint) for kind, hint in _variant_period_mistakes(rule)]

    def rows(trials, iso3, start, end):
        return int(((trials["iso3"] == iso3) & trials["year"].between(start, end)).sum())

    return [
        (rows, "You counted rows (years with a trial) instead of adding up the `trials` column."),
        (
            lambda trials, iso3, start, end: right(trials, iso3, start, end - 1),
            "You left out the last year: the span includes both start and end.",
        ),
        (
            lambda trials, iso3, start, end: right(trials, iso3, start + 1, end),
            "You left out the first year: the span includes both start and end.",
        ),
        (
            lambda trials, iso3, start, end: right(trials, iso3, START, END),
            "You added up every year; keep only the years from start to end.",
        ),
    ]


def _trials_table(
    trials: pd.Series | None = None, population: pd.Series | None = None, per: float = 1e6
) -> pd.DataFrame:
    """11.2 with its columns replaced (on the rows of the right answer), per_million recomputed and sorted."""
    want = _oic_trials()
    out = pd.DataFrame(
        {
            "trials": want["trials"].astype(int) if trials is None else trials.reindex(want.index),
            "population": want["population"] if population is None else population.reindex(want.index).astype(float),
        }
    )
    out["per_million"] = out["trials"] / out["population"] * per
    out.index.name = "iso3"
    return out.sort_values("per_million", ascending=False, kind="stable")


def _oic_trials_mistakes(ns):
    """11.2: a table for each mistake `_diagnose_oic_trials` recognises."""
    start, end = _span()
    codes = _oic_trials().index
    rd = _tables()["rd_indicators"]
    pop = rd[(rd["indicator"] == "SP.POP.TOTL") & rd["iso3"].isin(codes)]
    in_end = pd.Series({iso: _in_period(iso, end, end) for iso in codes}).astype(int)
    out = [(_trials_table(trials=in_end), f"That is the {end} count only; add up the years {start} to {end}.")]
    for year in (end, start):
        out.append(
            (
                _trials_table(population=pop[pop["year"] == year].set_index("iso3")["value"]),
                f"That is the population in {year}; use the mean population over {start}–{end}.",
            )
        )
    out.append(
        (
            _trials_table(population=pop[pop["year"].between(start, end)].groupby("iso3")["value"].sum()),
            "That is the sum of the yearly populations; take their mean.",
        )
    )
    out.append((_trials_table(per=1), "That is per person; multiply by 1,000,000 to get trials per million people."))
    out.append((_trials_table(per=1e3), "That is per thousand people; multiply by 1,000,000, not 1,000."))
    return out


def _numbers(alternatives, want: float, tol: float):
    """The alternatives of a number question that the grader tells apart from the right answer."""
    return [(value, hint) for value, hint in alternatives if not tk.close(value, want, tol)]


def _spans_for_variants() -> list[tuple[int, int]]:
    """The study periods a class variant can ask about: at least nine years within the data, at least
    five OIC members with a trial, at least 15 countries with both trials and articles, a clearly positive
    rank correlation (11.6 says it is positive), and answers to 11.3 and 11.5 that differ clearly from the
    public edition's (11.2 differs anyway: its population is a mean over the period)."""
    public = (PARAMS["START"], PARAMS["END"])
    years = _tables()["stem_cell_trials"]["year"]
    first, last = max(int(years.min()), START), min(int(years.max()), END)
    share, rho = _listing_share(public), _rho(span=public)
    out = []
    for start in range(first, last + 1):
        for end in range(start + 8, last + 1):
            span = (start, end)
            if span == public or len(_oic_trials(span)) < 5:
                continue
            both = set(_totals(span).index) & set(_articles(span).dropna().index)
            r = _rho(span=span)
            if len(both) >= 15 and r > 0.3 and abs(_listing_share(span) - share) > 0.1 and abs(r - rho) > 0.01:
                out.append(span)
    return out


def variant_params(rng) -> dict:
    """11.2, 11.3 and 11.5 over another study period; 11.1 counts a half-open span (pandas' `between` with
    ``inclusive="left"`` or ``"right"``) instead of including both ends."""
    spans = _spans_for_variants()
    start, end = spans[rng.randrange(len(spans))]
    rule = rng.choice(sorted(PERIOD_TEXT))
    first, last = PERIOD_RULES[rule]
    return {
        "START": start,
        "END": end,
        "PERIOD": rule,
        "PERIOD_TEXT": PERIOD_TEXT[rule],
        "LO_OP": PERIOD_OPS[rule][0],
        "HI_OP": PERIOD_OPS[rule][1],
        # the arguments for which the variant's function covers the study period start..end of 11.2
        "FN_START": start - first,
        "FN_END": end - last,
    }


_BETWEEN = ('["year"].between(2004, 2022)', '["year"].between({START}, {END})')

#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q11-1-question": [
        ("posted from `start` to `end` (**both included**)", "posted {PERIOD_TEXT}"),
    ],
    "q11-1-answer": [
        (
            '(trials["year"] >= start) & (trials["year"] <= end)',
            '(trials["year"] {LO_OP} start) & (trials["year"] {HI_OP} end)',
        ),
    ],
    "q11-2-question": [
        ("first posted\nfrom 2004 to 2022:", "first posted\nfrom {START} to {END}:"),
        ("the member's trials in 2004–2022", "the member's trials in {START}–{END}"),
        (
            "(your function, or a `groupby`)",
            "(a `groupby`, or your function:\n"
            "  `trials_in_period(trials, iso3, {FN_START}, {FN_END})` covers these years)",
        ),
        ("population over 2004–2022", "population over {START}–{END}"),
    ],
    "q11-2-answer": [_BETWEEN],
    "q11-3-question": [("Over 2004–2022, what percentage", "Over {START}–{END}, what percentage")],
    "q11-3-answer": [_BETWEEN],
    "q11-5-question": [("with at least one trial in 2004–2022,", "with at least one trial in {START}–{END},")],
    "q11-5-answer": [_BETWEEN],
}


MISTAKES = {
    "11.1": _period_mistakes,
    "11.2": _oic_trials_mistakes,
    "11.3": lambda ns: _numbers(_listing_alternatives(), _listing_share(), 0.05),
    "11.5": lambda ns: _numbers(_rho_alternatives(), _rho("spearman"), 0.005),
}
