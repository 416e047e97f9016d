"""Self-checks of exercise set 04: right answers pass; each kind of wrong answer gets a friendly message.

Reference answers here are written independently of coursekit/checks/ch04.py and of the exercise source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, evaluate, friendly, question_ids

from coursekit.data import load
from graders import CheckFailed, assert_check
from graders import ch04 as checks

PAIRS = load("coauthorship_pairs")
PUBS = load("publications")
OIC = load("oic_members")
CODES = set(OIC["iso3"])
FOCUS = ["Saudi Arabia", "Iran", "Egypt", "Turkey"]


# --- independent reference answers -----------------------------------------------------------
def partner_shares(pairs, country, year, of_partner=False):
    """Public edition: share of the country's international articles; a class variant (of_partner=True):
    share of each partner's international articles."""
    sub = pairs[(pairs["country_a"] == country) & (pairs["year"] == year)]
    total = sub.loc[sub["country_b"] == "World", "coauthored_articles"].item()
    others = sub[sub["country_b"] != "World"]
    if of_partner:
        world = pairs[(pairs["year"] == year) & (pairs["country_b"] == "World")].set_index("country_a")
        total = world["coauthored_articles"].reindex(others["country_b"]).to_numpy()
    return pd.Series(
        100 * others["coauthored_articles"].to_numpy() / total, index=others["country_b"].to_numpy()
    ).sort_values(ascending=False)


def top_partners(focus=FOCUS, of_partner=False):
    focus = list(focus)
    return pd.DataFrame(
        {f"top_{y}": [partner_shares(PAIRS, c, y, of_partner).index[0] for c in focus] for y in (2003, 2022)},
        index=focus,
    )


def strongest(year=2022, column="collaboration_index"):
    rows = PAIRS[(PAIRS["year"] == year) & PAIRS["iso3_a"].isin(CODES) & PAIRS["iso3_b"].isin(CODES)]
    best = rows.sort_values(column, ascending=False).iloc[0]
    return (best["country_a"], best["country_b"])


def oic_share(pubs, oic, field, year):
    rows = pubs[(pubs["field"] == field) & (pubs["year"] == year)]
    num = rows[rows["iso3"].isin(set(oic["iso3"]))]["articles"].sum()
    return 100 * num / rows[rows["country"] == "World"]["articles"].item()


RIGHT = {
    "04.2": partner_shares,
    "04.3": top_partners(),
    "04.4": "b",
    "04.5": strongest(),
    "04.6": oic_share,
    "04.7": "b",
}


# --- right answers ------------------------------------------------------------------------------------
def test_every_set_04_question_has_a_reference_answer_here():
    assert question_ids("04.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes(qid):
    assert_passes(qid, RIGHT[qid])


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_the_hidden_thorough_check(qid):
    assert_check(qid, RIGHT[qid], thorough=True)


def test_accepted_variants():
    assert evaluate("04.2", lambda p, c, y: partner_shares(p, c, y).round(1)).passed  # rounded
    nonzero = lambda p, c, y: partner_shares(p, c, y).loc[lambda s: s > 0]  # noqa: E731
    assert evaluate("04.2", nonzero, thorough=True).passed  # zeros dropped
    assert evaluate("04.3", top_partners().rename_axis("country").reset_index()).passed  # country column
    assert evaluate("04.3", top_partners().iloc[::-1]).passed  # any row order
    a, b = RIGHT["04.5"]
    for form in [(b, a), [a, b], {a, b}, pd.Series([a, b]), (a.upper(), b)]:
        assert evaluate("04.5", form).passed
    assert evaluate("04.6", lambda *args: np.float32(round(oic_share(*args), 2))).passed
    assert evaluate("04.4", " (B) ").passed


def test_the_data_facts_the_questions_rely_on():
    """The questions are only interesting if these hold; the chapter's prose asserts them too."""
    top = top_partners()
    assert top.loc["Egypt", "top_2003"] != top.loc["Egypt", "top_2022"]
    assert set(RIGHT["04.5"]) != set(strongest(column="coauthored_articles"))
    assert set(RIGHT["04.5"]) != set(strongest(year=2003))


# --- wrong answers: specific hints ---------------------------------------------------------------------
def test_partner_shares_as_fraction_or_counts_or_wrong_denominator():
    text = friendly(evaluate("04.2", lambda p, c, y: partner_shares(p, c, y) / 100))
    assert "fraction" in text

    def counts(p, c, y):
        sub = p[(p["country_a"] == c) & (p["year"] == y) & (p["country_b"] != "World")]
        return sub.set_index("country_b")["coauthored_articles"].sort_values(ascending=False)

    assert "number of joint articles" in friendly(evaluate("04.2", counts))

    def partner_total(p, c, y):
        sub = p[(p["country_a"] == c) & (p["year"] == y) & (p["country_b"] != "World")].set_index("country_b")
        tot = p[(p["country_b"] == "World") & (p["year"] == y)].set_index("country_a")["coauthored_articles"]
        return (100 * sub["coauthored_articles"] / tot.reindex(sub.index)).sort_values(ascending=False)

    assert "partner's" in friendly(evaluate("04.2", partner_total))


def test_partner_shares_with_world_row_unsorted_or_numbered():
    def with_world(p, c, y):
        sub = p[(p["country_a"] == c) & (p["year"] == y)].set_index("country_b")["coauthored_articles"]
        return (100 * sub / sub["World"]).sort_values(ascending=False)

    assert "World" in friendly(evaluate("04.2", with_world))
    assert "not sorted" in friendly(evaluate("04.2", lambda p, c, y: partner_shares(p, c, y).sort_index()))
    assert "numbered" in friendly(evaluate("04.2", lambda p, c, y: partner_shares(p, c, y).reset_index(drop=True)))


def test_partner_shares_returning_a_frame_or_a_dict():
    frame = lambda p, c, y: partner_shares(p, c, y).to_frame("share")  # noqa: E731
    assert "squeeze" in friendly(evaluate("04.2", frame))
    assert "pd.Series" in friendly(evaluate("04.2", lambda p, c, y: partner_shares(p, c, y).to_dict()))


def test_hard_coded_partner_shares_fail_the_hidden_check():
    visible = {
        (c, y): partner_shares(PAIRS, c, y) for c, y in [("Saudi Arabia", 2022), ("Egypt", 2003), ("Turkey", 2022)]
    }
    cheat = lambda p, c, y: visible.get((c, y), visible[("Egypt", 2003)])  # noqa: E731
    assert evaluate("04.2", cheat).passed
    with pytest.raises(CheckFailed):
        assert_check("04.2", cheat, thorough=True)


def test_order_dependent_function_fails_hidden_check_with_a_hint():
    world_row = {(r.country_a, r.year): label for label, r in PAIRS[PAIRS["country_b"] == "World"].iterrows()}

    def by_row_label(p, c, y):  # finds the total by the row label it had in the original file
        total = p.loc[world_row[(c, y)], "coauthored_articles"]
        sub = p[(p["country_a"] == c) & (p["year"] == y) & (p["country_b"] != "World")]
        return pd.Series(
            100 * sub["coauthored_articles"].to_numpy() / total, index=sub["country_b"].to_numpy()
        ).sort_values(ascending=False)

    assert evaluate("04.2", by_row_label).passed
    assert "order" in friendly(evaluate("04.2", by_row_label, thorough=True))


def test_top_partners_mistakes():
    swapped = top_partners().rename(columns={"top_2003": "top_2022", "top_2022": "top_2003"})
    assert "swapped" in friendly(evaluate("04.3", swapped))
    assert "Iran" in friendly(evaluate("04.3", top_partners().drop(index="Iran")))
    assert "top_2022" in friendly(evaluate("04.3", top_partners().drop(columns="top_2022")))
    world = top_partners().assign(top_2003="World")
    assert "total" in friendly(evaluate("04.3", world))
    assert "numbered" in friendly(evaluate("04.3", top_partners().reset_index(drop=True)))


def test_strongest_pair_mistakes():
    assert "most joint articles" in friendly(evaluate("04.5", strongest(column="coauthored_articles")))
    assert "2003" in friendly(evaluate("04.5", strongest(year=2003)))
    assert "not an OIC member" in friendly(evaluate("04.5", ("Israel", "Turkey")))
    assert "two country names" in friendly(evaluate("04.5", "Malaysia and Indonesia"))
    assert "not a country" in friendly(evaluate("04.5", ("Atlantis", "Egypt")))


def test_oic_share_mistakes():
    assert "fraction" in friendly(evaluate("04.6", lambda *a: oic_share(*a) / 100))

    def all_rows(pubs, oic, field, year):
        rows = pubs[(pubs["field"] == field) & (pubs["year"] == year)]
        return 100 * rows[rows["iso3"].isin(set(oic["iso3"]))]["articles"].sum() / rows["articles"].sum()

    assert "World row" in friendly(evaluate("04.6", all_rows))
    other = lambda pubs, oic, field, year: oic_share(pubs, oic, "all_se", year)  # noqa: E731
    assert "field" in friendly(evaluate("04.6", other))


def test_multiple_choice_explains_the_option():
    assert "Option a" in friendly(evaluate("04.4", "a"))
    assert "Option d" in friendly(evaluate("04.7", "d"))
    assert "one letter" in friendly(evaluate("04.7", "e"))


# --- wrong types, NaN, None, exceptions: friendly, never raising --------------------------------------
@pytest.mark.parametrize("qid", ["04.2", "04.6"])
@pytest.mark.parametrize("bad", [None, float("nan"), "12%", [1, 2], 42])
def test_functions_returning_the_wrong_kind_of_value(qid, bad):
    friendly(evaluate(qid, lambda *args: bad))


@pytest.mark.parametrize("qid", ["04.3", "04.4", "04.5", "04.7"])
@pytest.mark.parametrize("bad", [None, float("nan"), "", 3.5j, Ellipsis, ["x"], pd.DataFrame()])
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


def test_exception_in_learners_function_is_named():
    def learner(pairs, country, year):
        return pairs.loc[999999]

    text = friendly(evaluate("04.2", learner))
    assert "raised KeyError" in text and "pairs.loc[999999]" in text


def test_nan_share_is_explained():
    nan_shares = lambda p, c, y: partner_shares(p, c, y) * np.nan  # noqa: E731
    assert "NaN" in friendly(evaluate("04.2", nan_shares))


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Change the data: yesterday's right answer is now wrong, so nothing is hard-coded."""
    altered = PAIRS.copy()
    pair = (
        (altered["year"] == 2022)
        & altered["country_a"].isin(["Egypt", "Saudi Arabia"])
        & altered["country_b"].isin(["Egypt", "Saudi Arabia"])
    )
    altered.loc[pair, "collaboration_index"] = 100.0
    monkeypatch.setattr(checks, "_tables", lambda: (altered, PUBS, OIC))
    assert not evaluate("04.5", RIGHT["04.5"], agree=False).passed
    assert evaluate("04.5", ("Egypt", "Saudi Arabia"), agree=False).passed


# --- a class variant ------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2])
def test_a_class_variant_asks_about_other_countries_and_the_other_year(n):
    """A variant draws four other OIC members (04.3) and the other year of the pair table (04.5); the public
    answers fail it, answers computed here with its parameters pass it."""
    import graders
    from graders import _core

    with _core.variant(n):
        p = _core.params("04")
    focus = [p[f"FOCUS{i}"] for i in range(1, 5)]
    assert set(focus) != set(FOCUS) and len(set(focus)) == 4 and p["PAIR_YEAR"] == 2003
    assert set(PAIRS.loc[PAIRS["country_a"].isin(focus), "iso3_a"]) <= CODES
    mine = {"04.3": top_partners(focus, of_partner=True), "04.5": strongest(year=p["PAIR_YEAR"])}
    for qid, answer in mine.items():
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=n).passed, qid
        assert not graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=n).passed, qid
    text = graders.evaluate("04.3", RIGHT["04.3"], namespace={}, variant=n).message()
    assert ", ".join(focus) in text
