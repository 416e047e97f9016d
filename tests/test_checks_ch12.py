"""Self-checks of exercise set 12: right answers pass; each kind of wrong answer gets a friendly message.

Reference answers here are written independently of coursekit/checks/ch12.py and of the exercise source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, evaluate, friendly, question_ids

import graders
from coursekit.claims import AGREEMENT_TOL, examples, grade_table, published_rd
from coursekit.data import load
from graders import CheckFailed, _core, assert_check
from graders import ch12 as checks

RD = load("rd_indicators")
CO = load("coauthorship")
OIC = load("oic_members")
GERD = RD[RD["indicator"] == "GB.XPD.RSDV.GD.ZS"]
PUB = published_rd()
USR = PUB[PUB["source_key"] == "unesco2015sciencereport"].drop(columns="source_key")


# --- independent reference answers -----------------------------------------------------------
def usr_check():
    rows = []
    for _, r in USR.iterrows():
        wdi = GERD[(GERD["iso3"] == r["iso3"]) & (GERD["year"] == r["year"])]["value"].item()
        rows.append({**r.to_dict(), "wdi": wdi, "difference": wdi - r["published"]})
    return pd.DataFrame(rows)


def closest_year(rd, iso3, published):
    rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS")].sort_values("year")
    diffs = (rows["value"] - published).abs().to_numpy()
    return int(rows["year"].to_numpy()[diffs.argmin()])


def solarquarter_numbers(tol=AGREEMENT_TOL):
    agree = []
    for iso3, value in [("ARE", 1.50), ("EGY", 0.96)]:
        y = closest_year(RD, iso3, value)
        wdi = GERD[(GERD["iso3"] == iso3) & (GERD["year"] == y)]["value"].item()
        agree.append(abs(wdi - value) < tol)
    return "match" if all(agree) else "partly" if any(agree) else "differ"


def lead_years(country="Saudi Arabia", attribute="international"):
    rows = CO[(CO["attribute"] == attribute) & CO["iso3"].isin(set(OIC["iso3"]))]
    best = rows.sort_values("articles").groupby("year").tail(1)
    return sorted(int(y) for y in best.loc[best["country"] == country, "year"])


def n_changed(source="primary"):
    ex = examples()
    return int((grade_table(ex)["band"] != grade_table(ex.assign(source_type=source))["band"]).sum())


RIGHT = {
    "12.2": usr_check(),
    "12.3": closest_year,
    "12.4": solarquarter_numbers(),
    "12.5": "c",
    "12.6": lead_years(),
    "12.7": n_changed(),
}


# --- right answers ------------------------------------------------------------------------------------
def test_every_set_12_question_has_a_reference_answer_here():
    assert question_ids("12.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes(qid):
    assert_passes(qid, RIGHT[qid])


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_the_hidden_thorough_check(qid):
    assert_check(qid, RIGHT[qid], thorough=True)


def test_the_facts_the_questions_rely_on():
    """What the chapter teaches with these questions must still hold in the data."""
    assert RIGHT["12.4"] == "partly"
    assert RIGHT["12.6"] == list(range(2012, 2023))
    assert 0 < RIGHT["12.7"] < (examples()["source_type"] != "primary").sum()


def test_examples_do_not_state_the_verdicts_the_exercises_ask_for():
    """The claims whose numbers chapter 12 and exercises 12.4 and 12.6 check are "not_checked" in the
    data a learner can load; the chapter fills in what its checks find."""
    ex = examples()
    assert (ex.loc[["solarquarter_rd", "oldac2022_saudi"], "numbers_checked"] == "not_checked").all()
    assert "agrees" not in ex.loc["oldac2022_saudi", "note"]


@pytest.mark.parametrize("n", [1, 2, 3, 5])
def test_a_class_variant_asks_with_other_parameters(n):
    """Variant n: 12.4 with another tolerance, 12.6 about another leader, 12.7 with another source; each
    public answer fails and the variant's own answer (computed here independently) passes."""
    with _core.variant(n):
        p = _core.params("12")
    want = {
        "12.4": solarquarter_numbers(p["TOL"]),
        "12.6": lead_years(p["COUNTRY"], p["ATTRIBUTE"]),
        "12.7": n_changed(p["SOURCE"]),
    }
    assert want["12.6"], p
    for qid, answer in want.items():
        assert answer != RIGHT[qid], (qid, p)
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=n).passed, (qid, p)
        failed = graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=n)
        assert not failed.passed and "checker itself failed" not in failed.message()
    # 12.2 asks for the relative difference, 12.3 for the closest year up to the report's year
    assert p["DIFFERENCE"] == "relative" and p["LATEST_YEAR"] == 2021
    relative = usr_check().assign(difference=lambda t: 100 * (t["wdi"] - t["published"]) / t["published"])

    def closest_until(rd, iso3, published):
        return closest_year(rd[rd["year"] <= p["LATEST_YEAR"]], iso3, published)

    for qid, answer in (("12.2", relative), ("12.3", closest_until)):
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=n).passed, qid
        assert not graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=n).passed, qid


def test_accepted_variants():
    assert evaluate("12.2", usr_check().round(3)).passed
    assert evaluate("12.2", usr_check().set_index(["iso3", "year"])).passed
    assert evaluate("12.2", usr_check().iloc[::-1]).passed
    assert evaluate("12.3", lambda *a: float(closest_year(*a))).passed
    assert evaluate("12.3", lambda *a: np.int64(closest_year(*a))).passed
    assert evaluate("12.4", " Partly ").passed
    years = RIGHT["12.6"]
    for form in [
        tuple(years),
        set(years),
        pd.Index(years),
        np.array(years),
        [float(y) for y in years],
        pd.Series(True, index=years),
    ]:
        assert evaluate("12.6", form).passed, form
    assert evaluate("12.7", float(RIGHT["12.7"])).passed


# --- wrong answers: specific hints ---------------------------------------------------------------------
def test_usr_check_mistakes():
    flipped = usr_check().assign(difference=lambda d: -d["difference"])
    assert "reversed" in friendly(evaluate("12.2", flipped))
    assert "wdi" in friendly(evaluate("12.2", usr_check().drop(columns="wdi")))
    renamed = usr_check().rename(columns={"wdi": "value"})
    assert "Rename" in friendly(evaluate("12.2", renamed))
    all_indicators = USR.merge(RD, on=["iso3", "year"])
    all_indicators["wdi"] = all_indicators["value"]
    all_indicators["difference"] = all_indicators["wdi"] - all_indicators["published"]
    assert "indicator" in friendly(evaluate("12.2", all_indicators))
    assert "how='left'" in friendly(evaluate("12.2", usr_check().iloc[:3]))
    missing = usr_check().assign(wdi=np.nan)
    assert "NaN" in friendly(evaluate("12.2", missing))


def test_closest_year_mistakes():
    def value_not_year(rd, iso3, published):
        rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS")]
        return float(rows.loc[(rows["value"] - published).abs().idxmin(), "value"])

    assert "closest *value*" in friendly(evaluate("12.3", value_not_year))

    def row_label(rd, iso3, published):
        rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS")]
        return int((rows["value"] - published).abs().idxmin())

    assert "row label" in friendly(evaluate("12.3", row_label))

    def farthest(rd, iso3, published):
        rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS")]
        return int(rows.loc[(rows["value"] - published).abs().idxmax(), "year"])

    assert "farthest" in friendly(evaluate("12.3", farthest))

    def signed(rd, iso3, published):
        rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS")]
        return int(rows.loc[(rows["value"] - published).idxmin(), "year"])

    assert "absolute" in friendly(evaluate("12.3", signed, thorough=True))


def test_hard_coded_closest_year_fails_the_hidden_check():
    cheat = lambda rd, iso3, published: {"ARE": 2021, "EGY": 2020}.get(iso3, 2013)  # noqa: E731
    if evaluate("12.3", cheat).passed:
        with pytest.raises(CheckFailed):
            assert_check("12.3", cheat, thorough=True)
    else:
        friendly(evaluate("12.3", cheat))


def test_solarquarter_answers_get_specific_feedback():
    assert "Egypt" in friendly(evaluate("12.4", "match"))
    assert "UAE" in friendly(evaluate("12.4", "differ"))
    assert "12.3" in friendly(evaluate("12.4", "not checked"))
    assert '"match", "partly" or "differ"' in friendly(evaluate("12.4", "maybe"))


def test_multiple_choice_explains_the_option():
    assert "Option b" in friendly(evaluate("12.5", "b"))


def test_lead_years_mistakes():
    assert "share" in friendly(evaluate("12.6", checks._lead_years(measure="share")))
    assert "did not have the most" in friendly(evaluate("12.6", [2010] + RIGHT["12.6"]))
    assert "missing" in friendly(evaluate("12.6", RIGHT["12.6"][1:]))
    assert "empty" in friendly(evaluate("12.6", []))
    assert "text" in friendly(evaluate("12.6", [str(y) for y in RIGHT["12.6"]]))
    names = pd.Series("Saudi Arabia", index=RIGHT["12.6"])
    assert "index" in friendly(evaluate("12.6", names))


def test_n_changed_mistakes():
    ex = examples()
    scores = int((grade_table(ex)["score"] != grade_table(ex.assign(source_type="primary"))["score"]).sum())
    assert scores != RIGHT["12.7"]
    assert "score" in friendly(evaluate("12.7", scores))
    assert "every claim" in friendly(evaluate("12.7", len(ex)))
    assert "whole number" in friendly(evaluate("12.7", 1.5))


# --- wrong types, NaN, None, exceptions: friendly, never raising --------------------------------------
@pytest.mark.parametrize("bad", [None, float("nan"), "2021", [2020, 2021], pd.Series([2021])])
def test_closest_year_returning_the_wrong_kind_of_value(bad):
    friendly(evaluate("12.3", lambda *args: bad))


@pytest.mark.parametrize("qid", ["12.2", "12.4", "12.5", "12.6", "12.7"])
@pytest.mark.parametrize("bad", [None, float("nan"), "", 3.5j, Ellipsis, {"a": 1}, pd.DataFrame()])
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


def test_exception_in_learners_function_is_named():
    def learner(rd, iso3, published):
        return rd.loc[rd["iso3"] == iso3, "valu"].iloc[0]

    text = friendly(evaluate("12.3", learner))
    assert "raised KeyError" in text and 'rd.loc[rd["iso3"] == iso3, "valu"]' in text


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Change the data: yesterday's right answer is now wrong, so nothing is hard-coded."""
    altered = RD.copy()
    egypt = (altered["iso3"] == "EGY") & (altered["indicator"] == "GB.XPD.RSDV.GD.ZS") & (altered["year"] == 2020)
    altered.loc[egypt, "value"] = 0.961
    monkeypatch.setattr(checks, "_tables", lambda: (altered, CO, OIC))
    assert not evaluate("12.4", "partly", agree=False).passed  # the self-check's keys are fixed: no data to swap
    assert evaluate("12.4", "match", agree=False).passed
