"""Set 13's self-checks: right answers pass; wrong answers fail with friendly, specific feedback.

Reference answers here are written independently of coursekit/checks/ch13.py and of the
exercise source.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, assert_prints_well_done, data_swapped, evaluate, friendly, question_ids

import graders
from coursekit.checks import check
from coursekit.data import load
from graders import CheckFailed, _core, assert_check
from graders import ch13 as checks

PAIRS = load("coauthorship_pairs")
TRIALS = load("stem_cell_trials")
POLICIES = load("stem_cell_policies")


# --- independent reference answers -----------------------------------------------------------
def coauthored(pairs, a, b, year):
    hit = pairs.query("iso3_a == @a and iso3_b == @b and year == @year")
    return None if hit.empty else int(hit["coauthored_articles"].sum())


def registered(trials, iso3):
    return int(trials[trials["iso3"] == iso3]["trials"].sum())


def status(a, b):
    def gone(v):
        return (isinstance(v, str) and v.strip() == "") or (not isinstance(v, str) and pd.isna(v))

    if gone(a) or gone(b):
        return "unknown"
    if isinstance(a, str) or isinstance(b, str):
        return "agree" if str(a).strip().lower() == str(b).strip().lower() else "differ"
    return "agree" if float(a) == float(b) else "differ"


def egy_unknown():
    egy = POLICIES.set_index("iso3").loc["EGY", "category"]
    assert egy == "no-specific-law"  # the premise of the question
    return ["hESC research allowed"]


RIGHT = {
    "13.1": coauthored,
    "13.2": registered,
    "13.3": status,
    "13.4": egy_unknown(),
    "13.5": "c",
    "13.6": "b",
}


# --- right answers ------------------------------------------------------------------------------
def test_every_set13_question_has_a_reference_answer_here():
    assert question_ids("13.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_variants_of_right_answers_pass():
    assert evaluate("13.1", lambda p, a, b, y: coauthored(p, b, a, y)).passed  # symmetric order
    assert evaluate(
        "13.1", lambda p, a, b, y: None if coauthored(p, a, b, y) is None else float(coauthored(p, a, b, y))
    ).passed  # a float count
    assert evaluate(
        "13.1", lambda p, a, b, y: math.nan if coauthored(p, a, b, y) is None else coauthored(p, a, b, y), thorough=True
    ).passed  # NaN for unknown
    assert evaluate("13.2", lambda t, c: np.int64(registered(t, c))).passed
    assert evaluate("13.3", lambda a, b: status(a, b).upper()).passed
    assert evaluate("13.4", tuple(RIGHT["13.4"])).passed
    assert evaluate("13.4", "hESC research allowed").passed
    assert evaluate("13.5", " (C) ").passed


def test_answers_are_looked_up_by_name():
    assert evaluate("13.1", namespace={"coauthored_articles": coauthored}).passed
    assert evaluate("13.6", namespace={"answer_13_6": "b"}).passed


# --- 13.1: wrong answers --------------------------------------------------------------------------
def test_zero_for_an_uncovered_country_is_caught():
    zero = lambda p, a, b, y: coauthored(p, a, b, y) or 0  # noqa: E731
    text = friendly(evaluate("13.1", zero))
    assert "JOR" in text and "return None" in text and "never co-author" in text


def test_function_that_crashes_on_an_uncovered_country_gets_a_hint():
    def learner(pairs, a, b, year):
        rows = pairs[(pairs["iso3_a"] == a) & (pairs["iso3_b"] == b) & (pairs["year"] == year)]
        return int(rows["coauthored_articles"].iloc[0])  # IndexError for JOR

    text = friendly(evaluate("13.1", learner))
    assert "IndexError" in text and "return None" in text


def test_collaboration_index_world_total_double_count_and_year_are_diagnosed():
    def column(col):
        def f(p, a, b, y):
            hit = p[(p["iso3_a"] == a) & (p["iso3_b"] == b) & (p["year"] == y)]
            return None if hit.empty else float(hit[col].iloc[0])

        return f

    assert "collaboration index" in friendly(evaluate("13.1", column("collaboration_index")))

    def world(p, a, b, y):
        if coauthored(p, a, b, y) is None:
            return None
        return coauthored(p, a, "WLD", y)

    assert "WLD" in friendly(evaluate("13.1", world))

    def both_orders(p, a, b, y):
        n = coauthored(p, a, b, y)
        return None if n is None else n + coauthored(p, b, a, y)

    assert "twice" in friendly(evaluate("13.1", both_orders))

    def wrong_year(p, a, b, y):
        return coauthored(p, a, b, 2003)

    assert "value for 2003" in friendly(evaluate("13.1", wrong_year))


def test_none_for_a_covered_pair_points_to_the_iso3_columns():
    by_name = lambda p, a, b, y: None  # noqa: E731  (e.g. filtered on country names)
    assert "iso3_a" in friendly(evaluate("13.1", by_name))


def test_hard_coded_answers_pass_visible_but_fail_hidden_check():
    visible = {
        (a, b, y): coauthored(PAIRS, a, b, y)
        for a, b, y in [("MYS", "GBR", 2003), ("GBR", "MYS", 2022), ("TUR", "GBR", 2022)]
    }
    cheat = lambda p, a, b, y: visible.get((a, b, y))  # noqa: E731
    assert evaluate("13.1", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("13.1", cheat, thorough=True)


def test_row_order_dependence_is_caught_by_the_hidden_check():
    def positional(p, a, b, y):
        if a not in set(p["iso3_a"]) or b not in set(p["iso3_a"]):
            return None
        i = PAIRS.index[(PAIRS["iso3_a"] == a) & (PAIRS["iso3_b"] == b) & (PAIRS["year"] == y)][0]
        return int(p["coauthored_articles"].iloc[i])  # position in the original file

    assert evaluate("13.1", positional).passed
    assert "order" in friendly(evaluate("13.1", positional, thorough=True))


# --- 13.2 -------------------------------------------------------------------------------------------
def test_trials_counting_rows_or_names_or_none():
    rows = lambda t, c: int((t["iso3"] == c).sum())  # noqa: E731
    assert "counted rows" in friendly(evaluate("13.2", rows))
    names = lambda t, c: int(t.loc[t["country"] == c, "trials"].sum())  # noqa: E731
    assert "`iso3` column" in friendly(evaluate("13.2", names))
    none = lambda t, c: registered(t, c) or None  # noqa: E731
    text = friendly(evaluate("13.2", none))
    assert "Return 0" in text and "QAT" in text
    everything = lambda t, c: int(t["trials"].sum())  # noqa: E731
    assert "all countries" in friendly(evaluate("13.2", everything))


# --- 13.3 -------------------------------------------------------------------------------------------
def test_two_unknowns_are_not_agreement():
    def naive(a, b):
        if a is None and b is None:
            return "agree"
        return status(a, b)

    assert evaluate("13.3", naive).passed  # the visible cases have no (None, None)
    text = friendly(evaluate("13.3", naive, thorough=True))
    assert "not agreement" in text


def test_nan_compared_directly_is_diagnosed():
    def direct(a, b):
        if a is None or b is None:
            return "unknown"
        if isinstance(a, str) and isinstance(b, str):
            return "agree" if a.strip().casefold() == b.strip().casefold() else "differ"
        return "agree" if a == b else "differ"

    assert "NaN is not equal to itself" in friendly(evaluate("13.3", direct))


def test_case_spaces_numbers_and_blank_text():
    strict = lambda a, b: "unknown" if pd.isna(a) or pd.isna(b) else ("agree" if a == b else "differ")  # noqa: E731
    assert "ignoring case" in friendly(evaluate("13.3", strict))
    as_text = lambda a, b: status(str(a), str(b)) if not (pd.isna(a) or pd.isna(b)) else "unknown"  # noqa: E731
    assert "numbers as numbers" in friendly(evaluate("13.3", as_text))
    no_blank = lambda a, b: "differ" if isinstance(a, str) and a == "" else status(a, b)  # noqa: E731
    assert "blank" in friendly(evaluate("13.3", no_blank, thorough=True))


def test_pd_na_in_a_condition_gets_a_hint():
    def learner(a, b):
        if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
            return "unknown"
        if a == b:  # pd.NA == "yes" is NA: `if` raises TypeError
            return "agree"
        return status(a, b)

    text = friendly(evaluate("13.3", learner, thorough=True))
    assert "pd.isna" in text


@pytest.mark.parametrize(
    "bad, words", [(None, "forget `return`"), (1, "return one of"), ("same", "'agree', 'differ' or 'unknown'")]
)
def test_status_returning_the_wrong_kind_of_value(bad, words):
    assert words.lower() in friendly(evaluate("13.3", lambda a, b: bad)).lower()


# --- 13.4 to 13.6 -------------------------------------------------------------------------------------
def test_egy_gbr_unknown_wrong_answers():
    table = checks._tables()[2]
    from coursekit.capstone import compatibility

    full = compatibility(table, "EGY", "GBR")
    assert "whole table" in friendly(evaluate("13.4", full))
    assert "'differ'" in friendly(evaluate("13.4", ["policy category", "hESC research allowed"]))
    assert "not a dimension" in friendly(evaluate("13.4", ["embryo age"]))
    assert "missing" in friendly(evaluate("13.4", []))
    assert evaluate("13.4", full["status"][full["status"] == "unknown"]).passed  # a filtered Series is fine


@pytest.mark.parametrize(
    "qid, wrong, words",
    [
        ("13.5", "a", "'no limit'"),
        ("13.5", "b", "coarse"),
        ("13.5", "d", "not 'forbidden'"),
        ("13.6", "a", "recommendations"),
        ("13.6", "d", "redundant"),
    ],
)
def test_multiple_choice_explains_the_chosen_option(qid, wrong, words):
    text = friendly(evaluate(qid, wrong))
    assert f"Option {wrong}" in text
    assert words.lower() in text.lower()


@pytest.mark.parametrize("qid", ["13.4", "13.5", "13.6"])
@pytest.mark.parametrize("bad", [None, float("nan"), "", 3.5j, Ellipsis, 42])
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


@pytest.mark.parametrize("qid", ["13.1", "13.2", "13.3"])
def test_function_questions_never_raise_on_bad_input(qid):
    friendly(evaluate(qid, 42))
    friendly(evaluate(qid, lambda *args: 1 / 0))
    assert "not defined yet" in friendly(evaluate(qid, namespace={}))


def test_check_prints_and_returns_none(capsys):
    assert_prints_well_done(capsys, "13.5", "c")
    assert check("13.5", "a") is None
    out, err = capsys.readouterr()
    assert "Option a" in err


# --- expected values come from the data at check time --------------------------------------------
def test_expected_values_come_from_the_data(monkeypatch):
    altered_pairs = PAIRS.copy()
    hit = (altered_pairs["iso3_a"].isin(["MYS", "GBR"])) & (altered_pairs["iso3_b"].isin(["MYS", "GBR"]))
    altered_pairs.loc[hit, "coauthored_articles"] = altered_pairs.loc[hit, "coauthored_articles"] + 7
    altered_trials = TRIALS.copy()
    altered_trials.loc[altered_trials["iso3"] == "MYS", "trials"] += 1
    with data_swapped(
        monkeypatch,
        checks,
        "_tables",
        lambda: (altered_pairs, altered_trials, POLICIES),
        checks._tables,
        checks._pair_counts,
        checks._totals_from,
    ):
        stale = {("MYS", "GBR", y): coauthored(PAIRS, "MYS", "GBR", y) for y in (2003, 2022)}
        stale_fn = lambda p, a, b, y: stale.get((a, b, y), coauthored(p, a, b, y))  # noqa: E731
        # agree=False: the self-check's keys are fixed when written, it has no data to swap
        assert not evaluate("13.1", stale_fn, agree=False).passed  # yesterday's numbers are now wrong
        assert evaluate("13.1", coauthored, agree=False).passed  # computing from the table still works
        assert not evaluate("13.2", lambda t, c: registered(TRIALS, c), agree=False).passed
        assert evaluate("13.2", registered, agree=False).passed


# --- class variants -----------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_a_class_variant_counts_the_trials_from_another_year(n):
    """Variant n asks 13.2 for the trials first posted from another year on: the public solution fails, the
    variant's (written here independently) passes; the questions without a parameter keep their answers."""
    with _core.variant(n):
        first = _core.params("13")["FIRST_YEAR"]
    assert first != 2004 and first in set(TRIALS["year"])

    def since(trials, iso3):
        return int(trials[(trials["iso3"] == iso3) & (trials["year"] >= first)]["trials"].sum())

    assert graders.evaluate("13.2", since, thorough=True, namespace={}, variant=n).passed
    public = graders.evaluate("13.2", registered, thorough=True, namespace={}, variant=n)
    assert not public.passed and f"in or after {first}" in public.message()
    # 13.1 asks for the pair's share of a's international articles, 13.3 for a stricter text rule,
    # 13.4 about one more (UK) rule: the public answers fail, independent variant answers pass
    with _core.variant(n):
        p = _core.params("13")
    assert p["MEASURE"] == "share" and p["TEXT_RULE"] in ("exact", "strip")

    def share(pairs, a, b, year):
        both, world = coauthored(pairs, a, b, year), coauthored(pairs, a, "WLD", year)
        return None if both is None or world is None else 100 * both / world

    def strict(a, b):
        if status(a, b) == "unknown" or not (isinstance(a, str) and isinstance(b, str)):
            return status(a, b)
        same = a == b if p["TEXT_RULE"] == "exact" else a.strip() == b.strip()
        return "agree" if same else "differ"

    for qid, answer in (("13.1", share), ("13.3", strict)):
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=n).passed, qid
    for qid in ("13.1", "13.3", "13.4"):
        assert not graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=n).passed, qid
