"""Self-checks of exercise set 10 (International organisations): right answers pass, wrong ones fail
with a friendly, specific message. Reference answers are written here independently of the checkers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, assert_prints_well_done, evaluate, friendly

from coursekit.data import load
from graders import CheckFailed, assert_check

PUBS = load("publications")
OIC = set(load("oic_members")["iso3"])
RD = load("rd_indicators")
PAIRS = load("coauthorship_pairs")


# --- independent reference answers --------------------------------------------------------------
def share(df, members, field, year):
    sub = df[(df["field"] == field) & (df["year"] == year)]
    return 100 * sub[sub["iso3"].isin(members)]["articles"].sum() / sub[sub["iso3"] == "WLD"]["articles"].item()


def pop_share(year):
    sub = RD[(RD["indicator"] == "SP.POP.TOTL") & (RD["year"] == year)]
    return 100 * sub[sub["iso3"].isin(OIC)]["value"].sum() / sub[sub["iso3"] == "WLD"]["value"].item()


def medians(year=2022, how="median"):
    rows = []
    for (name, iso), grp in PAIRS[PAIRS["year"] == year].groupby(["country_a", "iso3_a"]):
        if iso not in OIC:
            continue
        grp = grp[grp["iso3_b"] != "WLD"]
        inside = grp["iso3_b"].isin(OIC)
        rows.append(
            {
                "country": name,
                "within_oic": getattr(grp.loc[inside, "collaboration_index"], how)(),
                "with_others": getattr(grp.loc[~inside, "collaboration_index"], how)(),
            }
        )
    return pd.DataFrame(rows).set_index("country")


POP_2022 = pop_share(2022)
RIGHT = {
    "10.2": share,
    "10.3": POP_2022,
    "10.4": share(PUBS, OIC, "biological_biomedical", 2022) / POP_2022,
    "10.5": medians(),
    "10.6": "b",
    "10.7": "b",
}


# --- right answers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_reference_values_are_plausible():
    # guards against a reference answer that is accidentally empty or degenerate
    assert 0 < RIGHT["10.3"] < 100 and 0 < RIGHT["10.4"] < 1
    assert len(RIGHT["10.5"]) >= 5 and RIGHT["10.5"].notna().all().all()


def test_rounded_and_reshaped_answers_pass():
    assert evaluate("10.2", lambda df, m, f, y: np.float32(round(share(df, m, f, y), 1))).passed
    assert evaluate("10.3", round(POP_2022, 2)).passed
    assert evaluate("10.4", round(RIGHT["10.4"], 3)).passed
    assert evaluate("10.5", RIGHT["10.5"].reset_index()).passed  # country as a column
    assert evaluate("10.5", RIGHT["10.5"].round(2)).passed
    assert evaluate("10.6", " (B) ").passed


def test_right_answer_prints_to_stdout(capsys):
    assert_prints_well_done(capsys, "10.6", "b")


# --- wrong answers get specific hints -----------------------------------------------------------------
def test_share_as_fraction():
    text = friendly(evaluate("10.2", lambda df, m, f, y: share(df, m, f, y) / 100))
    assert "Multiply by 100" in text


def test_share_without_field_filter():
    def both_fields(df, members, field, year):
        sub = df[df["year"] == year]
        return 100 * sub[sub["iso3"].isin(members)]["articles"].sum() / sub[sub["iso3"] == "WLD"]["articles"].sum()

    assert "both fields" in friendly(evaluate("10.2", both_fields))


def test_share_divided_by_all_rows():
    def by_all_rows(df, members, field, year):
        sub = df[(df["field"] == field) & (df["year"] == year)]
        return 100 * sub[sub["iso3"].isin(members)]["articles"].sum() / sub["articles"].sum()

    assert "sum of all rows" in friendly(evaluate("10.2", by_all_rows))


def test_share_of_the_wrong_year_is_named():
    assert "value for 2010" in friendly(evaluate("10.2", lambda df, m, f, y: share(df, m, f, 2010)))


def test_hard_coded_share_passes_visible_but_fails_hidden_check():
    visible = {("biological_biomedical", 2003), ("biological_biomedical", 2022), ("all_se", 2010)}
    table = {k: share(PUBS, OIC, *k) for k in visible}
    cheat = lambda df, m, f, y: table.get((f, y), 5.0)  # noqa: E731
    assert evaluate("10.2", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("10.2", cheat, thorough=True)


def test_learner_exception_is_reported_without_traceback():
    def broken(df, members, field, year):
        return df.loc[df["feild"] == field]

    text = friendly(evaluate("10.2", broken))
    assert "KeyError" in text and "feild" in text


@pytest.mark.parametrize("bad", [None, float("nan"), "9.2", [1.0, 2.0], pd.Series([1.0])])
def test_bad_values_for_numbers_get_friendly_messages(bad):
    for qid in ("10.3", "10.4"):
        friendly(evaluate(qid, bad))


def test_population_share_common_mistakes():
    assert "fraction" in friendly(evaluate("10.3", POP_2022 / 100))
    assert "2003" in friendly(evaluate("10.3", pop_share(2003)))
    sub = RD[(RD["indicator"] == "SP.POP.TOTL") & (RD["year"] == 2022)]
    all_rows = 100 * sub[sub["iso3"].isin(OIC)]["value"].sum() / sub["value"].sum()
    assert "World row" in friendly(evaluate("10.3", all_rows))


def test_ratio_common_mistakes():
    assert "wrong way round" in friendly(evaluate("10.4", 1 / RIGHT["10.4"]))
    all_se = share(PUBS, OIC, "all_se", 2022) / POP_2022
    assert "all S&E" in friendly(evaluate("10.4", all_se))


def test_pair_table_mistakes():
    right = RIGHT["10.5"]
    assert "swapped" in friendly(
        evaluate("10.5", right.rename(columns={"within_oic": "with_others", "with_others": "within_oic"}))
    )
    assert "mean" in friendly(evaluate("10.5", medians(how="mean")))
    assert "missing" in friendly(evaluate("10.5", right.drop(index=right.index[0])))
    assert "numbered" in friendly(evaluate("10.5", right.reset_index(drop=True)))
    assert "DataFrame" in friendly(evaluate("10.5", right["within_oic"]))
    assert "within_oic" in friendly(evaluate("10.5", right.rename(columns={"within_oic": "oic"})))
    extra = pd.concat(
        [right, pd.DataFrame({"within_oic": [1.0], "with_others": [1.0]}, index=pd.Index(["Germany"], name="country"))]
    )
    assert "not OIC members" in friendly(evaluate("10.5", extra))


def test_multiple_choice_wrong_and_invalid_answers():
    assert "stronger than the evidence" in friendly(evaluate("10.7", "a"))
    assert "not one of the options" in friendly(evaluate("10.6", "e"))
    friendly(evaluate("10.6", 2))
    friendly(evaluate("10.7", None))
