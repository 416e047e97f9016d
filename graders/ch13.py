"""Checkers for exercise set 13, "Capstone: design an international stem cell collaboration".

Every expected value is computed at check time: from ``data/`` (co-authored articles, registered
trials, the policy table) or, for the agree/differ/unknown rule, from the reference rule below (the
one ``coursekit.capstone.compatibility`` applies to whole columns; the package holds no per-pair
function that a learner could call instead of writing 13.3). Nothing expected is typed into this file.
A class variant (see ``variant_params``) asks 13.1 for the pair's share of the first country's
internationally co-authored articles, 13.2 for the trials first posted from another year on, 13.3 for a
stricter rule for texts, and 13.4 with one of the UK's rules that 13.7 cites added as an extra rule.
"""

from __future__ import annotations

import math
import numbers
from functools import cache, lru_cache

import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    params,
    question,
    shuffled,
    table,
    works_on,
)

_WORLD = "WLD"
STATUSES = ("agree", "differ", "unknown")
#: The public edition's parameters (a class variant draws others: see `variant_params`).
PARAMS = {"FIRST_YEAR": 2004, "TRIALS_RANGE": "2004 to 2022"}
#: The first years a class variant may count 13.2's trials from (each with trials in at least ten countries).
FIRST_YEARS = range(2008, 2019)
#: The countries the visible check of 13.2 (and the learner's self-check) tries.
_VISIBLE_TRIALS = ("MYS", "GBR", "TUR", "QAT")
#: 13.1 in a class variant: the share is right to within this many percentage points.
SHARE_TOL = 0.005
#: 13.1 in a class variant: the share as the question, the docstring and the solution state it.
SHARE_TEXT = {
    "MEASURE_TEXT": "the **share of\n`a`'s internationally co-authored articles** that also have an address in `b` "
    '(ISO3 codes such\nas `"MYS"` and `"GBR"`) in `year` (2003 or 2022), in percent: 100 × the '
    "pair's co-authored articles\ndivided by `a`'s internationally co-authored articles that year "
    '(its row whose `iso3_b` is `"WLD"`).\nDo not round it.',
    "ORDER_TEXT": "- The order of `a` and `b` matters: the pair's count is the same in both orders, but the share is "
    "of\n  `a`'s articles.",
    "MEASURE_DOC": "Percent of a's international articles co-authored with b in year; None if a or b is not covered.",
    "MEASURE_CODE": 'total = pairs[(pairs["iso3_a"] == a) & (pairs["iso3_b"] == "WLD") & (pairs["year"] == year)]\n'
    '    return 100 * int(rows["coauthored_articles"].iloc[0]) / int(total["coauthored_articles"]'
    ".iloc[0])",
}
#: 13.3 in a class variant: stricter rules for comparing two texts (the public edition ignores case and
#: surrounding spaces), each with how the question states it and the solution's comparison.
TEXT_RULES = {
    "exact": (
        lambda t: t,
        'must be **exactly** the same, upper/lower case and spaces included\n  (`"yes"` and `"Yes "` '
        'differ, and so do `"yes"` and `"yes "`)',
        "    same = value_a == value_b   # texts too: exactly, case and spaces included\n",
    ),
    "strip": (
        lambda t: t.strip(),
        'compare ignoring surrounding spaces but **not** upper/lower case\n  (`"yes"` and `"yes "` '
        'agree; `"yes"` and `"Yes "` differ)',
        "    if isinstance(value_a, str) and isinstance(value_b, str):\n"
        "        same = value_a.strip() == value_b.strip()\n"
        "    else:\n"
        "        same = value_a == value_b\n",
    ),
}
#: 13.4 in a class variant: the UK's rules that 13.7 states with a source, as the chapter's table of rules
#: codes them (dimension -> value, references.bib key, the fact as 13.7 states it).
UK_RULES = {
    "embryo age limit (days)": (
        14,
        "hfea_code_research",
        "a UK licence cannot authorise keeping or using an embryo beyond 14 days",
    ),
    "embryos may be created for research": (
        "yes",
        "hpscreg_country_gb",
        "in the UK, creating embryos for research is allowed under licence",
    ),
    "new lines deposited in a national bank": (
        "yes",
        "ukparl2016hl663",
        "in the UK, lines derived under an HFEA licence must be deposited in the UK Stem Cell Bank",
    ),
}


def _first_year() -> int:
    """13.2 counts the trials first posted in or after this year (the active variant's)."""
    return int(params("13")["FIRST_YEAR"])


def _share() -> bool:
    """13.1 asks for the pair's share of a's internationally co-authored articles (a class variant)."""
    return params("13").get("MEASURE", "articles") == "share"


def _text_rule() -> str | None:
    """13.3's rule for texts in a class variant (None: the public edition's, ignoring case and spaces)."""
    return params("13").get("TEXT_RULE")


def _uk_rule() -> pd.DataFrame | None:
    """13.4's extra rule in a class variant (None: the policy table alone)."""
    dim = params("13").get("RULE")
    if dim is None:
        return None
    value, citation, _ = UK_RULES[dim]
    return pd.DataFrame({"iso3": ["GBR"], "dimension": [dim], "value": [value], "citation": [citation]})


def _rule_code(dim: str) -> str:
    """The code of 13.4's extra rule, as the question and the solution give it."""
    value, citation, _ = UK_RULES[dim]
    return (
        f'uk_rule = pd.DataFrame({{"iso3": ["GBR"], "dimension": [{dim!r}],\n'
        f'                        "value": [{value!r}], "citation": [{citation!r}]}})'
    ).replace("'", '"')


# =====================================================================================
# data used by the checkers
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return table("coauthorship_pairs"), table("stem_cell_trials"), table("stem_cell_policies")


@lru_cache(maxsize=1)
def _world_totals() -> dict[tuple[str, int], int]:
    """(iso3, year) -> the country's internationally co-authored articles (its row with the partner WLD)."""
    pairs = _tables()[0]
    rows = pairs[(pairs["iso3_a"] != _WORLD) & (pairs["iso3_b"] == _WORLD)]
    return {
        (str(a), int(y)): int(n) for a, y, n in rows[["iso3_a", "year", "coauthored_articles"]].itertuples(index=False)
    }


def _pair_share(a: str, b: str, year: int) -> float:
    """13.1 in a class variant: the pair's articles in percent of a's internationally co-authored articles."""
    return 100 * _pair_counts()[(a, b, year)] / _world_totals()[(a, year)]


@lru_cache(maxsize=1)
def _pair_counts() -> dict[tuple[str, str, int], int]:
    """(iso3_a, iso3_b, year) -> co-authored articles, for country pairs (no World)."""
    pairs = _tables()[0]
    rows = pairs[(pairs["iso3_a"] != _WORLD) & (pairs["iso3_b"] != _WORLD)]
    return {
        (str(a), str(b), int(y)): int(n)
        for a, b, y, n in rows[["iso3_a", "iso3_b", "year", "coauthored_articles"]].itertuples(index=False)
    }


def _covered() -> list[str]:
    return sorted({a for a, _, _ in _pair_counts()})


def _pairs_copy() -> pd.DataFrame:
    """A fresh copy for the learner's function (so it cannot spoil ours)."""
    return _tables()[0].copy()


def _trials_copy() -> pd.DataFrame:
    return _tables()[1].copy()


def _trial_totals(first_year: int | None = None) -> dict[str, int]:
    """iso3 -> registered trials first posted in or after *first_year* (default: the active variant's)."""
    return _totals_from(_first_year() if first_year is None else first_year)


@cache
def _totals_from(first_year: int) -> dict[str, int]:
    trials = _tables()[1]
    kept = trials[trials["year"] >= first_year]
    return {str(k): int(v) for k, v in kept.groupby("iso3")["trials"].sum().items()}


def _oic_codes() -> list[str]:
    from coursekit.data import load

    return sorted(str(c) for c in load("oic_members")["iso3"])


def _shuffled(df: pd.DataFrame) -> pd.DataFrame:
    return shuffled(df, 20240513, offset=1000)


def _hints(table_name: str, table: pd.DataFrame) -> dict:
    """Instead of the generic KeyError hint, one that lists the columns of *table* (as the learner left it)."""
    return {
        "KeyError": lambda: (
            f"A column or label was not found. Check the spelling of the column names: "
            f"`{table_name}.columns` lists them ({', '.join(map(str, table.columns))})."
        )
    }


def _is_missing(value) -> bool:
    """None, NaN or pd.NA (a scalar): the learner's way of saying "unknown"."""
    if value is None or value is pd.NA:
        return True
    try:
        return bool(pd.api.types.is_scalar(value) and pd.isna(value))
    except (TypeError, ValueError):
        return False


def _no_value(value) -> bool:
    """13.3's "missing": None, NaN, pandas' NA/NaT, or empty or blank text ("the source does not say")."""
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return math.isnan(float(value))
    return False


def _rule_status(a, b, text_rule: str | None = None) -> str:
    """The reference rule of 13.3: unknown if either value is missing; numbers compare as numbers, anything
    else as text ignoring case and surrounding spaces (or, with *text_rule*, as that rule of `TEXT_RULES`
    says)."""
    if _no_value(a) or _no_value(b):
        return "unknown"
    if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in (a, b)):
        return "agree" if float(a) == float(b) else "differ"
    if text_rule is not None:
        norm = TEXT_RULES[text_rule][0]
        return "agree" if norm(str(a)) == norm(str(b)) else "differ"
    return "agree" if str(a).strip().casefold() == str(b).strip().casefold() else "differ"


# =====================================================================================
# 13.1 co-authored articles for a pair, None when the table does not cover a country
# =====================================================================================
@question("13.1", "coauthored_articles", "function")
def _grade_coauthored(fn, fb: Feedback, thorough: bool) -> None:
    counts = _pair_counts()
    covered = _covered()
    if thorough:
        df = _shuffled(_pairs_copy())
        partners = ["GBR", "USA", "SGP", "DEU", "CHN"]
        members = [c for c in _oic_codes() if c in covered]
        cases = [(a, b, y) for a in members for b in partners for y in (2003, 2022)]
        cases += [(b, a, 2022) for a in members[:3] for b in partners[:2]]
        cases += [("JOR", "GBR", 2003), ("GBR", "QAT", 2022), ("DZA", "FRA", 2022), ("MYS", "BRN", 2003)]
    else:
        df = None
        cases = [("MYS", "GBR", 2003), ("GBR", "MYS", 2022), ("TUR", "GBR", 2022), ("JOR", "GBR", 2022)]
    for a, b, year in cases:
        label = f"coauthored_articles(pairs, {a!r}, {b!r}, {year})"
        not_covered = a not in covered or b not in covered
        table = df if df is not None else _pairs_copy()
        try:
            got = tk.call(fn, label, table, a, b, year, hints=_hints("pairs", table))
        except Stop as stop:
            if not_covered:
                raise Stop(
                    stop.message,
                    f"{a if a not in covered else b} is not in the pair table, so the "
                    "selection is empty. Check for that case first and return None, "
                    "e.g. `if len(rows) == 0: return None`.",
                ) from None
            raise
        if not_covered:
            if _is_missing(got):
                continue
            if isinstance(got, numbers.Real) and not isinstance(got, bool) and got == 0:
                raise Stop(
                    f"`{label}` returned 0. That would say the two countries never co-author, but the "
                    f"table does not cover {a if a not in covered else b} at all.",
                    "When either country is not in the table the answer is unknown: return None.",
                )
            raise Stop(
                f"`{label}` returned {tk.describe(got)}, but the table does not cover {a if a not in covered else b}.",
                "When either country is not in the table, return None.",
            )
        share = _share()
        want, tol = (_pair_share(a, b, year), SHARE_TOL) if share else (counts[(a, b, year)], 0.5)
        if got is None:
            raise Stop(
                f"`{label}` returned None, but the table covers both countries.",
                "Select the rows with the iso3_a and iso3_b columns (codes such as 'MYS'), not with "
                "country names, and return the row's coauthored_articles."
                + (" divided by a's total (iso3_b == 'WLD'), times 100." if share else ""),
            )
        value = tk.number(got, f"`{label}`")
        if abs(value - want) < tol:
            continue
        hint = _diagnose_share(value, a, b, year) if share else _diagnose_pair(value, a, b, year)
        if df is not None and works_on(fn, (_pairs_copy(), a, b, year), lambda v: abs(float(v) - want) < tol):
            hint = (
                "Your function depends on the order (or the index labels) of the rows. Select rows by "
                "their values (iso3_a, iso3_b, year), not by position."
            )
        if share:
            raise Stop(
                f"For {a}-{b} in {year} your function returned {value:.6g}, which is not the pair's share "
                f"of {a}'s internationally co-authored articles.",
                hint,
            )
        raise Stop(
            f"For {a}-{b} in {year} your function returned {value:.6g}, which is not the number of "
            "co-authored articles.",
            hint,
        )
    if _share():
        fb.ok(
            "It returns the pair's share of a's internationally co-authored articles, in percent, for pairs the "
            "table covers."
        )
    else:
        fb.ok("It returns a whole number of articles for pairs the table covers.")
    fb.ok("It returns None for a pair the table does not cover (unknown, not zero).")
    fb.ok(
        ("The shares are right for " if _share() else "The counts are right for ")
        + (
            "every OIC member in the table with five partners, both years, on shuffled rows"
            if thorough
            else ", ".join(f"{a}-{b} {y}" for a, b, y in cases)
        )
        + "."
    )


def _share_alternatives(a: str, b: str, year: int) -> list[tuple[float, str]]:
    """13.1 in a class variant: the results of the typical mistakes for one pair, each with its hint. The
    first is the public edition's answer, the number of articles."""
    pairs = _tables()[0]
    n, right = _pair_counts()[(a, b, year)], _pair_share(a, b, year)
    row = pairs[(pairs["iso3_a"] == a) & (pairs["iso3_b"] == b) & (pairs["year"] == year)]
    return [
        (
            float(n),
            "That is the number of co-authored articles; this version asks for it as a percentage of a's "
            "internationally co-authored articles (the row whose iso3_b is 'WLD').",
        ),
        (
            100 * n / _world_totals()[(b, year)],
            "You divided by b's internationally co-authored articles; the share "
            "is of a's (iso3_a == a, iso3_b == 'WLD').",
        ),
        (right / 100, "That is a fraction; multiply by 100 to get a percentage."),
        (
            float(row["collaboration_index"].iloc[0]),
            "That is the collaboration index; the question asks for the "
            "pair's share of a's internationally co-authored articles.",
        ),
    ]


def _diagnose_share(value: float, a: str, b: str, year: int) -> str:
    right = _pair_share(a, b, year)
    for alternative, hint in _share_alternatives(a, b, year):
        if abs(alternative - right) >= SHARE_TOL and abs(value - alternative) < SHARE_TOL:
            return hint
    other = 2022 if year == 2003 else 2003
    if abs(value - _pair_share(a, b, other)) < SHARE_TOL:
        return f"That is the value for {other}: check how you select the year."
    return (
        "Select the row with iso3_a == a, iso3_b == b and the given year, and the row with iso3_a == a, "
        "iso3_b == 'WLD' and that year; return 100 × the first's coauthored_articles / the second's."
    )


def _diagnose_pair(value: float, a: str, b: str, year: int) -> str:
    pairs = _tables()[0]
    counts = _pair_counts()
    want = counts[(a, b, year)]
    row = pairs[(pairs["iso3_a"] == a) & (pairs["iso3_b"] == b) & (pairs["year"] == year)]
    index = float(row["collaboration_index"].iloc[0]) if len(row) else math.nan
    total = pairs.loc[
        (pairs["iso3_a"] == a) & (pairs["iso3_b"] == _WORLD) & (pairs["year"] == year), "coauthored_articles"
    ]
    other = 2022 if year == 2003 else 2003
    if not math.isnan(index) and abs(value - index) < 1e-6 and abs(index - want) > 0.5:
        return "That is the collaboration index; the question asks for the number of co-authored articles."
    if len(total) and abs(value - float(total.iloc[0])) < 0.5:
        return (
            f"That is {a}'s total of internationally co-authored articles (the row with iso3_b == 'WLD'); "
            f"select the row whose iso3_b is {b!r}."
        )
    if abs(value - 2 * want) < 0.5:
        return (
            "You added two rows. The table lists each pair twice, once as (a, b) and once as (b, a); "
            "select just one of them."
        )
    if abs(value - counts.get((a, b, other), -1)) < 0.5:
        return f"That is the value for {other}: check how you select the year."
    return "Select the one row with iso3_a == a, iso3_b == b and the given year, and return its coauthored_articles."


# =====================================================================================
# 13.2 registered trials, 0 when a country has no row
# =====================================================================================
@question("13.2", "registered_trials", "function")
def _grade_registered_trials(fn, fb: Feedback, thorough: bool) -> None:
    trials = _tables()[1]
    first_year, min_year = _first_year(), int(trials["year"].min())
    totals = _trial_totals()
    every_year = _trial_totals(min_year)
    if thorough:
        df = _shuffled(_trials_copy())
        codes = sorted(set(every_year) | set(_oic_codes()))
    else:
        df = None
        codes = list(_VISIBLE_TRIALS)
    for code in codes:
        label = f"registered_trials(trials, {code!r})"
        table = df if df is not None else _trials_copy()
        got = tk.call(fn, label, table, code, hints=_hints("trials", table))
        want = totals.get(code, 0)
        if want == 0 and _is_missing(got):
            raise Stop(
                f"`{label}` returned {tk.describe(got) if got is not None else 'None'}.",
                "In this table a country without rows had no registered trial in the export, so the "
                "total is 0 (unlike 13.1, where a missing country was never measured). Return 0.",
            )
        value = tk.number(got, f"`{label}`")
        if abs(value - want) < 0.5:
            continue
        rows = trials[(trials["iso3"] == code) & (trials["year"] >= first_year)]
        if first_year > min_year and value == every_year.get(code, 0):
            hint = f"Count only the trials first posted in or after {first_year} (the `year` column)."
        elif first_year > min_year and value == _trial_totals(first_year + 1).get(code, 0):
            hint = f"Keep the trials first posted *in* {first_year} too: the year {first_year} or later (`>=`)."
        elif want and value == len(rows):
            hint = "You counted rows (years with at least one trial); add up the `trials` column instead."
        elif want and value == 0:
            hint = (
                "You got 0 for a country that has trials: filter on the `iso3` column (codes such as 'MYS'), "
                "not on `country` (names such as 'Malaysia')."
            )
        elif value == sum(totals.values()):
            hint = "That is the total over all countries: keep only the rows of this country first."
        else:
            hint = "Keep the rows whose iso3 is the code, then add up their `trials` column."
        if df is not None and works_on(fn, (_trials_copy(), code), lambda v: abs(float(v) - want) < 0.5):
            hint = "Your function depends on the order (or the index labels) of the rows."
        raise Stop(
            f"For {code} your function returned {value:.6g}, but the table has {want} registered trials"
            + (f" first posted in or after {first_year}." if first_year > min_year else "."),
            hint,
        )
    fb.ok(f"It returns the total number of registered MSC trials, {params('13')['TRIALS_RANGE']}.")
    fb.ok(
        "It returns 0 for a country with no registered trial in the export"
        + (f" from {first_year} on." if first_year > min_year else ".")
    )
    if thorough:
        fb.ok("It is right for every country in the table and every OIC member, on shuffled rows.")


# =====================================================================================
# 13.3 the agree / differ / unknown rule
# =====================================================================================
def _status_cases(thorough: bool) -> list[tuple]:
    cases = [(5, 14), (14, 14.0), ("yes", "Yes "), (None, 14), (math.nan, math.nan)]
    if thorough:
        import numpy as np

        cases += [
            (pd.NA, "yes"),
            ("", "no"),
            ("  ", "  "),
            ("no", "yes"),
            (np.int64(5), 5.0),
            (None, None),
            (np.float64("nan"), 5),
            ("Yes", "yes"),
            (14, 5),
            ("no", None),
        ]
        if _text_rule() is not None:  # a class variant's rule for texts: more texts that it tells apart
            cases += [("yes", "yes "), ("No", "No"), (" no", "no"), ("NO", "no")]
    return cases


@question("13.3", "status", "function")
def _grade_status(fn, fb: Feedback, thorough: bool) -> None:
    for a, b in _status_cases(thorough):
        label = f"status({a!r}, {b!r})"
        try:
            got = tk.call(fn, label, a, b)
        except Stop as stop:
            if "ambiguous" in stop.message:
                raise Stop(
                    stop.message,
                    "Comparing pd.NA gives NA, which `if` cannot use. Test for missing "
                    "values first, e.g. with `pd.isna(value)`.",
                ) from None
            raise
        if not isinstance(got, str):
            raise Stop(
                f"`{label}` returned {tk.describe(got)}.",
                "Return one of the texts 'agree', 'differ' or 'unknown' (did you forget `return`?).",
            )
        word = tk.text(got, f"`{label}`").lower()
        if word not in STATUSES:
            raise Stop(f"`{label}` returned {got!r}.", "Return one of the three texts 'agree', 'differ' or 'unknown'.")
        want = _rule_status(a, b, _text_rule())
        if word == want:
            continue
        rule = _text_rule()
        if rule is not None and isinstance(a, str) and isinstance(b, str) and want != "unknown":
            hint = (
                f"That is the chapter's rule, which ignores case and surrounding spaces; in this version texts "
                f"{_rule_words(rule)}."
                if word == _rule_status(a, b)
                else f"Compare the texts as the question says: they {_rule_words(rule)}."
            )
        elif want == "unknown" and _no_value(a) and _no_value(b) and word == "agree":
            hint = (
                "Two missing values are not agreement: that neither source says something is no evidence "
                "that the rules match. Return 'unknown' whenever either value is missing."
            )
        elif want == "unknown" and isinstance(a, float) and isinstance(b, float) and word == "differ":
            hint = (
                "NaN is not equal to itself, so `a == b` is False for two NaN values. Test for missing values "
                "first, e.g. with `pd.isna(value)`."
            )
        elif want == "unknown" and (isinstance(a, str) and not a.strip() or isinstance(b, str) and not b.strip()):
            hint = (
                "An empty or blank text means the source says nothing: treat it as missing "
                "(e.g. `isinstance(v, str) and not v.strip()`)."
            )
        elif want == "unknown":
            hint = "If either value is missing (None, NaN, pd.NA or empty text), the status is 'unknown'."
        elif isinstance(a, str) and isinstance(b, str):
            hint = "Compare texts ignoring case and surrounding spaces: `a.strip().casefold() == b.strip().casefold()`."
        elif want == "agree":
            hint = "Compare numbers as numbers: 14 and 14.0 are the same limit (do not compare them as text)."
        else:
            hint = "Different values should give 'differ'."
        raise Stop(f"`{label}` returned {word!r}, but the right status is {want!r}.", hint)
    fb.ok("It returns 'agree', 'differ' or 'unknown'.")
    if _text_rule() is not None:
        fb.ok(
            "Missing values give 'unknown', even when both are missing; numbers compare as numbers, and texts "
            f"{_rule_words(_text_rule())}" + (" (checked on more cases)." if thorough else ".")
        )
        return
    fb.ok(
        "Missing values give 'unknown', even when both are missing; numbers compare as numbers, texts "
        "ignoring case and spaces" + (" (checked on more cases)." if thorough else ".")
    )


def _rule_words(rule: str) -> str:
    """A class variant's rule for texts, in a few words (for hints)."""
    return {
        "exact": "must be exactly the same, case and spaces included",
        "strip": "compare ignoring surrounding spaces but not upper/lower case",
    }[rule]


# =====================================================================================
# 13.4 the unknown dimensions of Egypt vs the United Kingdom
# =====================================================================================
@question("13.4", "egy_gbr_unknown", "value")
def _grade_egy_gbr_unknown(answer, fb: Feedback, thorough: bool) -> None:
    from coursekit.capstone import compatibility

    extra = _uk_rule()
    table = compatibility(_tables()[2], "EGY", "GBR", extra_rules=extra)
    want = {str(d) for d in table.index[table["status"] == "unknown"]}
    if isinstance(answer, pd.DataFrame):
        raise Stop(
            "`egy_gbr_unknown` is the whole table.",
            "Keep only the dimension names whose status is 'unknown', e.g. "
            "`table.index[table['status'] == 'unknown'].tolist()`.",
        )
    if isinstance(answer, str):
        answer = [answer]
    if isinstance(answer, pd.Series):
        answer = (
            list(answer.index)
            if set(map(str, answer.values)) <= {"agree", "differ", "unknown"}
            else list(answer.values)
        )
    if not isinstance(answer, (list, tuple, set, pd.Index)):
        raise Stop(f"`egy_gbr_unknown` is {tk.describe(answer)}; it should be a list of dimension names.")
    got = {str(x).strip() for x in answer}
    fb.ok("It is a list of names.")
    norm = {d.casefold(): d for d in table.index}
    unknown_names = [g for g in got if g.casefold() not in norm]
    if unknown_names:
        raise Stop(
            f"{unknown_names[0]!r} is not a dimension of the compatibility table.",
            f"The dimensions are: {', '.join(table.index)}.",
        )
    got = {norm[g.casefold()] for g in got}
    wrong = sorted(got - want)
    if wrong:
        raise Stop(
            f"{wrong[0]!r} has the status {table.loc[wrong[0], 'status']!r}, not 'unknown'.",
            "Keep only the rows whose status is 'unknown'.",
        )
    if got != want and extra is not None:
        dim = str(extra["dimension"].iloc[0])
        raise Stop(
            f"{len(want - got)} unknown dimension(s) are missing.",
            f"Egypt has no value for the UK's rule {dim!r}, so that dimension is 'unknown' too. Use "
            "`compatibility(policies, 'EGY', 'GBR', extra_rules=uk_rule)` and keep every row whose status "
            "is 'unknown'."
            if dim in want - got
            else "Use `compatibility(policies, 'EGY', 'GBR', extra_rules=uk_rule)` and keep every row whose "
            "status is 'unknown'.",
        )
    if got != want:
        raise Stop(
            f"{len(want - got)} unknown dimension(s) are missing.",
            "Use `compatibility(policies, 'EGY', 'GBR')` and keep every row whose status is 'unknown'.",
        )
    fb.ok("It lists exactly the dimensions on which the sources do not let us compare Egypt with the UK.")


# =====================================================================================
# 13.5 and 13.6 multiple choice
# =====================================================================================
_MC_13_5 = {
    "a": "Not this one: 'unknown' does not mean 'no limit'. Reading a gap as permission is exactly the guess the "
    "table forbids.",
    "b": "Not this one: the coarse category says nothing about the conditions; two 'permissive with conditions' "
    "countries can have very different limits (Jordan's five days against the UK's 14).",
    "c": "Yes: 'unknown' records that no source the course read states a Malaysian limit. It is a question to "
    "answer from the primary text or the responsible body before embryo work is planned.",
    "d": "Not this one: nothing in the sources says Malaysia forbids embryo culture; 'unknown' is not 'forbidden' "
    "either.",
}

_MC_13_6 = {
    "a": "Not this one: the ISSCR guidelines are recommendations, not law in any country.",
    "b": "Yes: the guidelines are only recommendations, not legally binding, and the 2021 update moved intact "
    "embryo culture to 'permissible with specialised oversight', so the ISSCR no longer strictly endorses "
    "the 14-day limit.",
    "c": "Not this one: the guidelines set conditions and oversight for embryo research; they do not forbid it.",
    "d": "Not this one: the ISSCR lets the specialised review run at institutional, national or international "
    "level and prefers one thorough review to redundant ones; it does not create a world committee.",
}


multiple_choice_question(
    "13.5", _MC_13_5, "c", "Ask what the table can know: it only records what cited sources state."
)


multiple_choice_question(
    "13.6", _MC_13_6, "b", "Look again at the table of instruments in 'The brief' and at Step 4 of the chapter."
)


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _coauthored_mistakes(ns) -> list:
    right = ns["coauthored_articles"]
    if _share():
        return _share_mistakes(right)

    def column(pairs, a, b, year, col="coauthored_articles", partner=None):
        rows = pairs[(pairs["iso3_a"] == a) & (pairs["iso3_b"] == (partner or b)) & (pairs["year"] == year)]
        return None if len(rows) == 0 else float(rows[col].iloc[0])

    def index(pairs, a, b, year):
        return None if right(pairs, a, b, year) is None else column(pairs, a, b, year, "collaboration_index")

    def world(pairs, a, b, year):
        return None if right(pairs, a, b, year) is None else column(pairs, a, b, year, partner=_WORLD)

    def both_orders(pairs, a, b, year):
        n = right(pairs, a, b, year)
        return None if n is None else n + right(pairs, b, a, year)

    def year_fixed(fixed):
        return lambda pairs, a, b, year: right(pairs, a, b, fixed)

    return [
        (
            lambda pairs, a, b, year: right(pairs, a, b, year) or 0,
            "That would say the two countries never co-author, but the table does not cover JOR at all. When either "
            "country is not in the table the answer is unknown: return None.",
        ),
        (
            lambda pairs, a, b, year: None,
            "The table covers both countries: select the rows with the iso3_a and iso3_b columns (codes such as 'MYS'), "
            "not with country names, and return the row's coauthored_articles.",
        ),
        (index, "That is the collaboration index; the question asks for the number of co-authored articles."),
        (
            world,
            "That is the first country's total of internationally co-authored articles (the row with iso3_b == "
            "'WLD'); select the row whose iso3_b is the partner.",
        ),
        (
            both_orders,
            "You added two rows. The table lists each pair twice, once as (a, b) and once as (b, a); "
            "select just one of them.",
        ),
        (year_fixed(2003), "That is the value for 2003: check how you select the year."),
        (year_fixed(2022), "That is the value for 2022: check how you select the year."),
    ]


def _share_mistakes(right) -> list:
    """13.1 in a class variant: functions that make the mistakes of `_share_alternatives` (and give None or
    0 where they should)."""

    def mistake(k):
        def fn(pairs, a, b, year):
            if right(pairs, a, b, year) is None:
                return None
            return _share_alternatives(a, b, year)[k][0]

        return fn

    def year_fixed(fixed):
        return lambda pairs, a, b, year: right(pairs, a, b, fixed)

    return [
        (
            lambda pairs, a, b, year: right(pairs, a, b, year) or 0,
            "That would say the two countries never co-author, but the table does not cover JOR at all. When either "
            "country is not in the table the answer is unknown: return None.",
        ),
        (
            lambda pairs, a, b, year: None,
            "The table covers both countries: select the rows with the iso3_a and iso3_b columns (codes such as 'MYS'), "
            "not with country names.",
        ),
        *[(mistake(k), hint) for k, (_, hint) in enumerate(_share_alternatives("MYS", "GBR", 2003))],
        (year_fixed(2003), "That is the value for 2003: check how you select the year."),
        (year_fixed(2022), "That is the value for 2022: check how you select the year."),
    ]


def _trials_mistakes(ns) -> list:
    right = ns["registered_trials"]
    first_year = _first_year()

    def kept(trials):
        return trials[trials["year"] >= first_year]

    out = [
        (
            lambda trials, iso3: right(trials, iso3) or None,
            "In this table a country without rows had no registered trial in the export, so the total is 0 (unlike "
            "13.1, where a missing country was never measured). Return 0.",
        ),
        (
            lambda trials, iso3: int((kept(trials)["iso3"] == iso3).sum()),
            "You counted rows (years with at least one trial); add up the `trials` column instead.",
        ),
        (
            lambda trials, iso3: int(kept(trials).loc[kept(trials)["country"] == iso3, "trials"].sum()),
            "You got 0 for a country that has trials: filter on the `iso3` column (codes such as 'MYS'), not on "
            "`country` (names such as 'Malaysia').",
        ),
        (
            lambda trials, iso3: int(kept(trials)["trials"].sum()),
            "That is the total over all countries: keep only the rows of this country first.",
        ),
    ]
    # a class variant counts from a later year: forgetting that year, or leaving out the year itself
    for since, hint in (
        (
            int(_tables()[1]["year"].min()),
            "Count only the trials first posted in or after {FIRST_YEAR} (the `year` column).",
        ),
        (first_year + 1, "Keep the trials first posted *in* {FIRST_YEAR} too: the year {FIRST_YEAR} or later (`>=`)."),
    ):
        if any(_trial_totals(since).get(c, 0) != _trial_totals().get(c, 0) for c in _VISIBLE_TRIALS):
            out.append(
                (
                    lambda trials, iso3, since=since: int(
                        trials.loc[(trials["iso3"] == iso3) & (trials["year"] >= since), "trials"].sum()
                    ),
                    hint,
                )
            )
    return out


def _status_mistakes(ns) -> list:
    right = ns["status"]
    rule = _text_rule()

    def missing(v) -> bool:
        return v is None or isinstance(v, float) and math.isnan(v)

    def both_missing_agree(a, b):
        return "agree" if missing(a) and missing(b) else right(a, b)

    def nan_direct(a, b):
        return (
            "differ"
            if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
            else right(a, b)
        )

    def none_not_missing(a, b):
        return "differ" if (a is None) != (b is None) else right(a, b)

    def strict_text(a, b):
        if isinstance(a, str) and isinstance(b, str):
            return "agree" if a == b else "differ"
        return right(a, b)

    def as_text(a, b):
        out = right(a, b)
        return (
            out
            if out == "unknown"
            else ("agree" if str(a).strip().casefold() == str(b).strip().casefold() else "differ")
        )

    def always_agree(a, b):
        return "unknown" if right(a, b) == "unknown" else "agree"

    if rule is not None:  # a class variant's rule for texts
        norm = TEXT_RULES[rule][0]

        def public_rule(a, b):
            return _rule_status(a, b) if isinstance(a, str) and isinstance(b, str) else right(a, b)

        def variant_as_text(a, b):
            out = right(a, b)
            return out if out == "unknown" else ("agree" if norm(str(a)) == norm(str(b)) else "differ")

        return [
            (
                both_missing_agree,
                "Two missing values are not agreement: that neither source says something is no "
                "evidence that the rules match. Return 'unknown' whenever either value is missing.",
            ),
            (
                nan_direct,
                "NaN is not equal to itself, so `a == b` is False for two NaN values. Test for missing "
                "values first, e.g. with `pd.isna(value)`.",
            ),
            (none_not_missing, "If either value is missing (None, NaN, pd.NA or empty text), the status is 'unknown'."),
            (
                public_rule,
                "That is the chapter's rule, which ignores case and surrounding spaces; in this version "
                f"texts {_rule_words(rule)}.",
            ),
            (
                variant_as_text,
                "Compare numbers as numbers: 14 and 14.0 are the same limit (do not compare them as text).",
            ),
            (always_agree, "Different values should give 'differ'."),
        ]

    return [
        (
            both_missing_agree,
            "Two missing values are not agreement: that neither source says something is no "
            "evidence that the rules match. Return 'unknown' whenever either value is missing.",
        ),
        (
            nan_direct,
            "NaN is not equal to itself, so `a == b` is False for two NaN values. Test for missing values "
            "first, e.g. with `pd.isna(value)`.",
        ),
        (none_not_missing, "If either value is missing (None, NaN, pd.NA or empty text), the status is 'unknown'."),
        (
            strict_text,
            "Compare texts ignoring case and surrounding spaces: `a.strip().casefold() == b.strip().casefold()`.",
        ),
        (as_text, "Compare numbers as numbers: 14 and 14.0 are the same limit (do not compare them as text)."),
        (always_agree, "Different values should give 'differ'."),
    ]


MISTAKES = {
    "13.1": _coauthored_mistakes,
    "13.2": _trials_mistakes,
    "13.3": _status_mistakes,
    # 13.4: a name that should not be there, or names missing, are told by the self-check's form
}


# =====================================================================================
# class variants: 13.2 counts the trials first posted from another year on
# =====================================================================================
def variant_params(rng) -> dict:
    """13.2 with the trials first posted in or after another year: one in which at least ten countries had a
    trial, and before which some of the visible check's countries had trials (so the public answer fails).
    13.1 asks for the pair's share (%) of a's internationally co-authored articles instead of the number;
    13.3 compares texts by a stricter rule (exactly, or ignoring only surrounding spaces), one that tells
    "yes" from "Yes "; 13.4 adds one of the UK's rules that 13.7 cites, which Egypt has no value for."""
    trials = _tables()[1]
    everything = _trial_totals(int(trials["year"].min()))
    years = [
        y
        for y in FIRST_YEARS
        if y != PARAMS["FIRST_YEAR"]
        and trials.loc[trials["year"] == y, "iso3"].nunique() >= 10
        and any(_trial_totals(y).get(c, 0) != everything.get(c, 0) for c in _VISIBLE_TRIALS)
    ]
    year = rng.choice(years)
    text_rule = rng.choice(sorted(TEXT_RULES))
    dim = rng.choice(sorted(UK_RULES))
    return {
        "FIRST_YEAR": year,
        "TRIALS_RANGE": f"first posted {year} to 2022",
        "MEASURE": "share",
        **SHARE_TEXT,
        "TEXT_RULE": text_rule,
        "TEXT_RULE_TEXT": TEXT_RULES[text_rule][1],
        "TEXT_SAME": TEXT_RULES[text_rule][2],
        "RULE": dim,
        "RULE_FACT": UK_RULES[dim][2],
        "RULE_CITATION": UK_RULES[dim][1],
        "RULE_CODE": _rule_code(dim),
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q13-1-question": [
        (
            "that returns the number of\ninternationally co-authored articles with addresses in both countries `a` and "
            '`b` (ISO3 codes such\nas `"MYS"` and `"GBR"`) in `year` (2003 or 2022), as one whole number.',
            "that returns {MEASURE_TEXT}",
        ),
        ("- The order of `a` and `b` must not matter.", "{ORDER_TEXT}"),
    ],
    "q13-1-answer": [
        (
            '"""Co-authored articles of countries a and b in year; None if the table does not cover a or b."""',
            '"""{MEASURE_DOC}"""',
        ),
        ('return int(rows["coauthored_articles"].iloc[0])', "{MEASURE_CODE}"),
    ],
    "q13-3-question": [
        (
            'texts compare ignoring upper/lower case and surrounding spaces\n  (`"yes"` and `"Yes "` agree).',
            "texts {TEXT_RULE_TEXT}. This is stricter\n  than the chapter's `compatibility`, which ignores upper/lower "
            "case and surrounding spaces.",
        ),
    ],
    "q13-3-answer": [
        (
            "    if isinstance(value_a, str) and isinstance(value_b, str):\n"
            "        same = value_a.strip().casefold() == value_b.strip().casefold()\n"
            "    else:\n"
            "        same = value_a == value_b\n",
            "{TEXT_SAME}",
        ),
    ],
    "q13-4-question": [
        (
            "on the policy table alone (no extra rules). Store in",
            "on the policy table plus one rule of the UK that 13.7 also cites:\n{RULE_FACT} "
            "{{footcite:p}}`{RULE_CITATION}`. Pass it as `extra_rules`, a table with one row:\n\n"
            "```python\n{RULE_CODE}\n```\n\nStore in",
        ),
        (
            "why does the\ntable not let us compare that dimension?",
            "why does the\ntable not let us compare those dimensions?",
        ),
    ],
    "q13-4-answer": [
        (
            'egy_gbr = compatibility(policies, "EGY", "GBR")',
            '{RULE_CODE}\negy_gbr = compatibility(policies, "EGY", "GBR", extra_rules=uk_rule)',
        ),
    ],
    "q13-2-question": [
        (
            "returns the total number of registered MSC\ntrials, 2004 to 2022, that list a site in the country",
            "returns the total number of registered MSC\ntrials first posted from {FIRST_YEAR} to 2022 (the `year` "
            "column) that list a site in the country",
        ),
        (
            "A country with **no row** in `trials` had no registered trial in this export: return 0.",
            "A country with **no row** in `trials` had no registered trial in this export, and one whose rows are all\n"
            "from before {FIRST_YEAR} had none in those years: return 0.",
        ),
    ],
    "q13-2-answer": [
        (
            '"""Registered MSC trials (2004-2022) listing a site in the country; 0 if it has none."""',
            '"""Registered MSC trials ({FIRST_YEAR}-2022) listing a site in the country; 0 if it has none."""',
        ),
        (
            'return int(trials.loc[trials["iso3"] == iso3, "trials"].sum())',
            'return int(trials.loc[(trials["iso3"] == iso3) & (trials["year"] >= {FIRST_YEAR}), "trials"].sum())',
        ),
    ],
}
