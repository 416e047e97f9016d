"""Self-checks of exercise set 09 (policy across countries): right answers pass, wrong ones fail with a
specific, friendly message, bad input never raises, and expected values come from the data.

Reference answers are written here independently of coursekit/checks/ch09.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, assert_prints_well_done, evaluate, friendly, question_ids

import graders
from coursekit import checks as selfcheck
from coursekit.data import load
from graders import ch09 as checks

POL = load("stem_cell_policies")
OIC = load("oic_members")
TRIALS = load("stem_cell_trials")
FOUND = POL[POL["category"] != "no-rule-found"]  # the rows with a rule found


def coverage():
    members = list(OIC["iso3"])
    return 100 * sum(1 for m in members if m in set(FOUND["iso3"])) / len(members)


def pct_found(column="region"):
    out = {}
    for group in sorted(set(OIC[column].dropna())):
        codes = list(OIC.loc[OIC[column] == group, "iso3"])
        out[str(group)] = 100 * sum(1 for c in codes if c in set(FOUND["iso3"])) / len(codes)
    return pd.Series(out)


def by_category():
    rows = []
    for cat in sorted(set(POL["category"])):
        part = POL[POL["category"] == cat]
        rows.append(
            {
                "category": cat,
                "countries": len(part),
                "oic": int(part["oic_member"].sum()),
                "with_year": int(part["year"].notna().sum()),
            }
        )
    df = pd.DataFrame(rows)
    return df.sort_values(["countries", "category"], ascending=[False, True]).set_index("category")


def trial_table():
    totals = {iso: int(TRIALS.loc[TRIALS["iso3"] == iso, "trials"].sum()) for iso in FOUND["iso3"]}
    df = FOUND[["iso3", "country", "category"]].copy()
    df["trials"] = df["iso3"].map(totals)
    return df.sort_values(["trials", "country"], ascending=[False, True]).set_index("iso3")


RIGHT = {
    "09.1": coverage(),
    "09.2": "c",
    "09.3": by_category(),
    "09.4": trial_table(),
    "09.5": "c",
    "09.8": pct_found(),
}


# --- the facts the set is built on ----------------------------------------------------------------
def test_data_has_what_the_questions_need():
    assert POL["year"].isna().any() and POL["year"].notna().any()  # 9.3 needs missing years
    assert (trial_table()["trials"] == 0).any()  # 9.4 needs zero-trial countries
    assert set(OIC["iso3"]) <= set(POL["iso3"])  # the atlas has a row for every member
    assert "KWT" in set(POL["iso3"]) and "KWT" not in set(FOUND["iso3"])  # 9.2 is about Kuwait's no-rule-found row
    assert "PAK" in set(TRIALS["iso3"]) and "PAK" not in set(FOUND["iso3"])  # 9.7 is about Pakistan
    assert 0 < coverage() < 100 and (pct_found() == 0).any() and (pct_found() > 0).any()  # 9.1, 9.8 are not trivial


# --- right answers -------------------------------------------------------------------------------
def test_set_09_questions_are_registered():
    assert question_ids("09.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_right_answers_in_other_shapes_pass():
    assert evaluate("09.1", np.float32(round(coverage(), 1))).passed
    assert evaluate("09.3", by_category().reset_index()).passed  # category as a column
    assert evaluate("09.3", by_category().astype(float)).passed
    assert evaluate("09.4", trial_table().reset_index()).passed  # iso3 as a column
    assert evaluate("09.4", trial_table().astype({"trials": "Int64"})).passed
    assert evaluate("09.2", "C").passed
    assert evaluate("09.8", pct_found().to_dict()).passed  # a dict of region -> percentage
    assert evaluate("09.8", pct_found().sort_values().to_frame("pct")).passed  # a one-column DataFrame


def test_check_prints_to_stdout_on_success(capsys):
    assert_prints_well_done(capsys, "09.5", "c")


# --- wrong answers fail, with a specific hint ----------------------------------------------------
def test_09_1_common_mistakes():
    n = int(FOUND["oic_member"].sum())
    assert "fraction" in friendly(evaluate("09.1", coverage() / 100))
    assert "number of members with a rule found" in friendly(evaluate("09.1", n))
    assert "no-rule-found" in friendly(evaluate("09.1", 100.0))  # every row counted
    assert "comparison countries" in friendly(evaluate("09.1", 100 * len(FOUND) / len(OIC)))
    assert "rows in the policy table" in friendly(evaluate("09.1", 100 * n / len(POL)))
    assert "*without*" in friendly(evaluate("09.1", 100 - coverage()))


def test_09_8_common_mistakes():
    right = pct_found()
    assert "fractions" in friendly(evaluate("09.8", right / 100))
    assert "no-rule-found" in friendly(evaluate("09.8", right * 0 + 100))
    assert "*without*" in friendly(evaluate("09.8", 100 - right))
    all_members = right * OIC.groupby("region").size().reindex(right.index).astype(float) / len(OIC)
    assert "all OIC members" in friendly(evaluate("09.8", all_members))
    assert "lacks" in friendly(evaluate("09.8", right[right > 0]))
    assert "numbered" in friendly(evaluate("09.8", right.reset_index(drop=True)))
    assert "another classification" in friendly(evaluate("09.8", pct_found("income_group")))
    assert "not right" in friendly(evaluate("09.8", right + 7))


def test_09_2_and_09_5_explain_the_wrong_options():
    assert "does not say" in friendly(evaluate("09.2", "a"))
    assert "permissive or otherwise" in friendly(evaluate("09.2", "d"))
    assert "cannot show that a policy causes" in friendly(evaluate("09.5", "a"))
    assert "not embryonic research" in friendly(evaluate("09.5", "b"))
    assert "one letter" in friendly(evaluate("09.5", "ab"))


def test_09_3_filled_years_are_caught():
    filled = by_category().assign(with_year=lambda d: d["countries"])
    assert "Missing years must stay missing" in friendly(evaluate("09.3", filled))


def test_09_3_other_mistakes():
    assert "order" in friendly(evaluate("09.3", by_category().sort_index(ascending=False)))
    assert "numbered" in friendly(evaluate("09.3", by_category().reset_index(drop=True)))
    assert "no column 'oic'" in friendly(evaluate("09.3", by_category().drop(columns="oic")))
    assert "lacks" in friendly(evaluate("09.3", by_category().iloc[1:]))
    wrong_oic = by_category().assign(oic=lambda d: d["countries"])
    if not (wrong_oic["oic"] == by_category()["oic"]).all():
        assert "oic_member" in friendly(evaluate("09.3", wrong_oic))


def test_09_4_inner_join_drops_zero_countries():
    totals = TRIALS.groupby("iso3")["trials"].sum().rename("trials").reset_index()
    inner = FOUND[["iso3", "country", "category"]].merge(totals, on="iso3")
    assert "fill the missing totals with 0" in friendly(evaluate("09.4", inner))


def test_09_4_join_on_names_loses_iran():
    totals = TRIALS.groupby("country")["trials"].sum().rename("trials").reset_index()
    by_name = FOUND[["iso3", "country", "category"]].merge(totals, on="country", how="left")
    text = friendly(evaluate("09.4", by_name.fillna({"trials": 0})))
    assert "Iran" in text or "IRN" in text


def test_09_4_counting_rows_and_nan_and_order():
    rows = TRIALS.groupby("iso3").size()
    counted = trial_table().assign(trials=lambda d: d.index.map(rows).fillna(0))
    assert "number of *years*" in friendly(evaluate("09.4", counted))
    with_nan = trial_table().astype({"trials": float})
    with_nan.loc[with_nan["trials"] == 0, "trials"] = np.nan
    assert "fillna(0)" in friendly(evaluate("09.4", with_nan))
    assert "order" in friendly(evaluate("09.4", trial_table().sort_index()))
    assert "labelled by `country`" in friendly(evaluate("09.4", trial_table().set_index("country")))
    unnamed = trial_table()
    unnamed.index = list(unnamed["country"])  # labelled by names, index unnamed
    assert "labelled by country name" in friendly(evaluate("09.4", unnamed))
    every_row = POL[["iso3", "country", "category"]].assign(trials=0).set_index("iso3")
    every_row["trials"] = trial_table()["trials"].reindex(every_row.index).fillna(0).astype(int)
    assert "no-rule-found" in friendly(evaluate("09.4", every_row))


# --- bad input: friendly, never raising --------------------------------------------------------------
@pytest.mark.parametrize("qid", sorted(RIGHT))
@pytest.mark.parametrize(
    "bad", [None, float("nan"), pd.NA, "14%", True, [1, 2], Ellipsis, 2.5j, pd.Series([1.0]), pd.DataFrame()]
)
def test_never_raises_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


def test_missing_name_is_explained():
    # both sides called directly: checks_support.evaluate passes its own "missing" sentinel on as an answer
    assert "not defined yet" in friendly(graders.evaluate("09.4", namespace={}))
    assert "not defined yet" in friendly(selfcheck.evaluate("09.4", namespace={}))


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Change the data: yesterday's right answer is now wrong, so nothing is hard-coded."""
    altered = POL.copy()
    altered.loc[altered["iso3"] == "EGY", "year"] = pd.NA
    monkeypatch.setattr(checks, "_tables", lambda: (altered, OIC, TRIALS))
    assert not evaluate("09.3", by_category(), agree=False).passed
    smaller = OIC[OIC["iso3"] != "KWT"]
    monkeypatch.setattr(checks, "_tables", lambda: (POL, smaller, TRIALS))
    assert not evaluate("09.1", coverage(), agree=False).passed
    assert evaluate("09.1", 100 * int(FOUND["oic_member"].sum()) / len(smaller), agree=False).passed
    one_more = POL.copy()
    one_more.loc[one_more["iso3"] == "KWT", "category"] = "restrictive"
    monkeypatch.setattr(checks, "_tables", lambda: (one_more, OIC, TRIALS))
    assert not evaluate("09.8", pct_found(), agree=False).passed
