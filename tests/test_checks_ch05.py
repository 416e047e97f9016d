"""Self-checks of exercise set 05: right answers pass; each kind of wrong answer gets a specific, friendly message.

Reference answers are computed here independently of coursekit/checks/ch05.py: the model formula is
written out again below (not imported from coursekit.models).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, evaluate, friendly, question_ids

from coursekit.checks import check
from coursekit.data import load
from graders import CheckFailed, assert_check, ch05

CO = load("coauthorship")
OIC = set(load("oic_members")["iso3"])
SJR = load("scimago")
IDS = ["05.3", "05.4", "05.5", "05.6", "05.8"]


# --- independent reference answers -----------------------------------------------------------------
def output(n, h, p=0.5, c=0.2):
    return (1 - (1 - h) * (1 - p) ** (n - 1)) / (1 + c * (n - 1))


def best(h, p=0.5, c=0.2):
    outs = [output(n, h, p, c) for n in range(1, 21)]
    top = max(outs)
    return 1 + next(i for i, o in enumerate(outs) if abs(o - top) <= 1e-12 * max(top, 1e-300))


def gain(h, p=0.5, c=0.2):
    return output(best(h, p, c), h, p, c) / output(1, h, p, c)


def capability(year=2022, column="international", invert=True):
    rows = CO[(CO["year"] == year) & CO["iso3"].isin(OIC)]
    w = rows.pivot_table(index="country", columns="attribute", values="articles")
    share = (w[column] / w["total"]).astype(float)
    return 1 - share if invert else share


H = capability()
TABLE = pd.DataFrame({"best_n": [best(h) for h in H], "gain": [gain(h) for h in H]}, index=H.index)
GRID = [round(0.01 * i, 2) for i in range(101)]


def break_even(h, p=0.5):
    return next((c for c in GRID if best(h, p, c) == 1), None)


def ranks(values):
    """Average ranks (1 = smallest), written out: ties share the mean of their positions."""
    order = sorted(values)
    return [np.mean([i + 1 for i, v in enumerate(order) if v == x]) for x in values]


def rank_corr(year=2018, column="international", measure="citations_per_document", members_only=True):
    """Spearman's rank correlation of the international share and citations per document, by hand."""
    rows = CO[CO["year"] == year]
    if members_only:
        rows = rows[rows["iso3"].isin(OIC)]
    share = {}
    for iso, part in rows.groupby("iso3"):
        by = dict(zip(part["attribute"], part["articles"]))
        share[iso] = by[column] / by["total"]
    cites = dict(zip(SJR.loc[SJR["year"] == year, "iso3"], SJR.loc[SJR["year"] == year, measure]))
    codes = sorted(set(share) & set(cites))
    a, b = ranks([share[c] for c in codes]), ranks([float(cites[c]) for c in codes])
    return float(np.corrcoef(a, b)[0, 1])


RIGHT = {"05.3": H, "05.4": TABLE, "05.5": break_even(H["Egypt"]), "05.6": "b", "05.8": rank_corr()}


# --- right answers pass ---------------------------------------------------------------------------------
def test_every_set_05_question_has_a_reference_answer_here():
    assert question_ids("05.") == set(IDS)


@pytest.mark.parametrize("qid", IDS)
def test_right_answer_passes(qid):
    assert_passes(qid, RIGHT[qid])


@pytest.mark.parametrize("qid", IDS)
def test_right_answer_passes_the_hidden_check(qid):
    assert_check(qid, RIGHT[qid], thorough=True)


def test_reference_facts():
    assert len(H) == 9 and H.between(0, 1).all()
    assert 0 < RIGHT["05.5"] < 1
    assert TABLE.sort_values("gain").index.equals(H.sort_values(ascending=False).index)  # the anchor's ordering


def test_accepted_variants():
    assert evaluate("05.3", H.round(2)).passed
    assert evaluate("05.3", H.to_dict()).passed
    assert evaluate("05.3", H.to_frame("h")).passed
    assert evaluate("05.4", TABLE.round(2).reset_index(names="country")).passed
    assert evaluate("05.4", TABLE.astype({"best_n": int})).passed
    assert evaluate("05.5", np.float64(RIGHT["05.5"]) + 1e-12).passed
    assert evaluate("05.6", "(B)").passed
    assert evaluate("05.5", namespace={"break_even_cost": RIGHT["05.5"]}).passed


# --- each mistake gets its own hint -------------------------------------------------------------------
def test_home_capability_mistakes():
    assert "1 − share" in friendly(evaluate("05.3", capability(invert=False)))
    assert "domestic-only" in friendly(evaluate("05.3", capability(column="domestic_only", invert=False)))
    assert "2003" in friendly(evaluate("05.3", capability(2003)))
    assert "percentage" in friendly(evaluate("05.3", 100 * H))
    assert "not OIC members" in friendly(evaluate("05.3", pd.concat([H, pd.Series({"Germany": 0.4})])))
    assert "lacks" in friendly(evaluate("05.3", H.drop("Egypt")))
    iso = dict(zip(CO["country"], CO["iso3"]))
    assert "ISO3" in friendly(evaluate("05.3", H.rename(index=iso)))
    assert "numbered" in friendly(evaluate("05.3", H.reset_index(drop=True)))
    assert "World" in friendly(evaluate("05.3", pd.concat([H, pd.Series({"World": 0.7})])))


def test_model_table_mistakes():
    share = capability(invert=False)
    from_share = pd.DataFrame({"best_n": [best(s) for s in share], "gain": [gain(s) for s in share]}, index=share.index)
    assert "1 − share" in friendly(evaluate("05.4", from_share))
    other = pd.DataFrame(
        {"best_n": [best(h, 0.8, 0.1) for h in H], "gain": [gain(h, 0.8, 0.1) for h in H]}, index=H.index
    )
    assert "p = 0.8, c = 0.1" in friendly(evaluate("05.4", other))
    assert "gain" in friendly(evaluate("05.4", TABLE.drop(columns="gain")))
    assert "DataFrame" in friendly(evaluate("05.4", TABLE["gain"]))


def test_break_even_mistakes():
    h = H["Egypt"]
    last_above = max(c for c in GRID if best(h, 0.5, c) > 1)
    assert "first cost" in friendly(evaluate("05.5", last_above))
    assert "percentage" in friendly(evaluate("05.5", 100 * RIGHT["05.5"]))
    assert "0.2" in friendly(evaluate("05.5", break_even(h, 0.2)))
    assert "1 − share" in friendly(evaluate("05.5", break_even(1 - h)))
    assert "grid" in friendly(evaluate("05.5", 0.123))


@pytest.mark.parametrize("letter", ["a", "c", "d"])
def test_each_wrong_option_is_explained(letter):
    assert f"Option {letter}" in friendly(evaluate("05.6", letter))


def test_hidden_check_after_failed_visible_check_points_back(capsys):
    check("05.6", "a")
    with pytest.raises(CheckFailed, match="see the feedback printed above"):
        assert_check("05.6", "a")
    assert "Option a" in capsys.readouterr().err


# --- bad input never raises ------------------------------------------------------------------------------
@pytest.mark.parametrize("qid", IDS)
@pytest.mark.parametrize(
    "bad",
    [
        None,
        float("nan"),
        "",
        "0.5",
        3.5j,
        Ellipsis,
        42,
        [0.1, 0.2],
        {"a": "x"},
        pd.DataFrame(),
        pd.Series([], dtype=float),
        np.array([0.5]),
    ],
)
def test_bad_input_gets_friendly_feedback(qid, bad):
    friendly(evaluate(qid, bad))


def test_nan_or_inf_inside_a_table_is_named():
    t = TABLE.copy()
    t.iloc[2, 1] = np.nan
    assert "missing or not a number" in friendly(evaluate("05.4", t))
    s = H.copy()
    s.iloc[0] = np.inf
    assert "infinite" in friendly(evaluate("05.3", s))


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Halve Egypt's international articles in 2022: yesterday's answers to 05.3 and 05.5 are now wrong."""
    altered = CO.copy()
    mask = (altered["country"] == "Egypt") & (altered["year"] == 2022) & (altered["attribute"] == "international")
    altered.loc[mask, "articles"] = altered.loc[mask, "articles"] // 2
    oic = ch05._tables()[1]
    monkeypatch.setattr(ch05, "_tables", lambda: (altered, oic))
    # agree=False: the self-check's keys are fixed when they are written; only the grader sees the swap
    assert not evaluate("05.3", H, agree=False).passed
    assert not evaluate("05.5", RIGHT["05.5"], agree=False).passed
    new_h = 1 - float(altered.loc[mask, "articles"].item()) / float(
        CO[(CO["country"] == "Egypt") & (CO["year"] == 2022) & (CO["attribute"] == "total")]["articles"].item()
    )
    assert evaluate("05.5", break_even(new_h), agree=False).passed


# --- a class variant ------------------------------------------------------------------------------------
def test_a_class_variant_asks_about_another_year_other_assumptions_and_another_member():
    """Variant 1 draws its own parameters from the data; the public answers fail it, answers computed here
    with its parameters pass it."""
    import graders
    from graders import _core

    with _core.variant(1):
        p = _core.params("05")
    assert p["YEAR"] != 2022 and p["P"] != 0.5 and p["C"] != 0.2 and p["COUNTRY"] != "Egypt"
    h = capability(p["YEAR"])
    table = pd.DataFrame(
        {"best_n": [best(x, p["P"], p["C"]) for x in h], "gain": [gain(x, p["P"], p["C"]) for x in h]}, index=h.index
    )
    mine = {"05.3": h, "05.4": table, "05.5": break_even(h[p["COUNTRY"]], p["P"])}
    for qid, answer in mine.items():
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=1).passed, qid
        assert not graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=1).passed, qid
    assert h.idxmax() == p["LOW_GAIN"] and table.loc[p["LOW_GAIN"], "gain"] == table["gain"].min()  # 5.6's example
    public_assumptions = pd.DataFrame({"best_n": [best(x) for x in h], "gain": [gain(x) for x in h]}, index=h.index)
    text = graders.evaluate("05.4", public_assumptions, namespace={}, variant=1).message()
    assert "p = 0.5, c = 0.2" in text and f"use p = {p['P']} and c = {p['C']}" in text


# --- 05.8 the benefit claim against the data -----------------------------------------------------------
def test_05_8_rank_correlation_facts():
    assert -1 <= RIGHT["05.8"] <= 1
    assert abs(rank_corr(2022) - RIGHT["05.8"]) > 0.05  # the chapter's year gives another answer
    assert evaluate("05.8", round(RIGHT["05.8"], 2)).passed
    assert evaluate("05.8", np.float32(RIGHT["05.8"])).passed


def test_05_8_common_mistakes_get_their_hint():
    pearson = CO[(CO["year"] == 2018) & CO["iso3"].isin(OIC)]
    assert "rank each column first" in friendly(evaluate("05.8", ch05._rank_corr(ranked=False)))
    assert "keep only the OIC members" in friendly(evaluate("05.8", rank_corr(members_only=False)))
    assert "domestic-only" in friendly(evaluate("05.8", rank_corr(column="domestic_only")))
    assert "grow with a country's size" in friendly(evaluate("05.8", rank_corr(measure="documents")))
    assert "not a percentage" in friendly(evaluate("05.8", 100 * RIGHT["05.8"]))
    assert "value for 2022" in friendly(evaluate("05.8", rank_corr(2022)))
    assert "not the expected rank correlation" in friendly(evaluate("05.8", 0.123))
    assert len(pearson) > 0


def test_05_8_a_class_variant_asks_about_a_year_the_chapter_does_not_show():
    import random

    for seed in range(5):
        year = ch05.variant_params(random.Random(seed))["CORR_YEAR"]
        assert year not in (2003, 2012, 2018, 2022)
        assert abs(rank_corr(year) - RIGHT["05.8"]) > 0.05
