"""The claim-checking rubric (coursekit.claims): points, bands, override rules, clear errors, curated tables."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from coursekit import claims
from coursekit.claims import (
    BANDS,
    CRITERIA,
    DISCLAIMER,
    ClaimInputError,
    examples,
    grade_claim,
    grade_table,
    numbers_status,
    published_figures,
    published_rd,
    rubric_table,
)
from coursekit.data import load
from maintainers.structure import bib_keys

BEST = dict(source_type="primary", evidence="data", numbers_checked="match", independent=2, fit="as_worded")


def grade(**changes):
    return grade_claim(**{**BEST, **changes})


# --- points -----------------------------------------------------------------------------------------
def test_the_best_answers_earn_every_point():
    g = grade()
    assert (g.score, g.max_score, g.fraction, g.band) == (11, 11, 1.0, "well supported")


@pytest.mark.parametrize(
    "criterion, answer, lost",
    [
        ("source_type", "secondary", 1),
        ("source_type", "weak", 2),
        ("source_type", "none", 3),
        ("evidence", "document", 0),
        ("evidence", "study", 0),
        ("evidence", "report", 1),
        ("evidence", "assertion", 2),
        ("numbers_checked", "partly", 1),
        ("numbers_checked", "differ", 2),
        ("numbers_checked", "not_checked", 2),
        ("independent", 1, 1),
        ("independent", 0, 2),
        ("independent", 7, 0),
        ("fit", "partly", 1),
        ("fit", "no", 2),
    ],
)
def test_each_answer_costs_the_documented_points(criterion, answer, lost):
    g = grade(**{criterion: answer})
    assert g.max_score == 11
    assert g.score == 11 - lost


def test_no_numbers_is_left_out_of_the_total():
    g = grade(numbers_checked="no_numbers")
    assert (g.score, g.max_score) == (9, 9)
    assert g.points["numbers_checked"] is None and "not counted" in str(g)


def test_an_interested_source_loses_a_point_and_gets_a_caution():
    g = grade(interested=True)
    assert g.score == 10 and any("speaks about itself" in c for c in g.cautions)
    assert grade(source_type="none", evidence="report", interested=True).points["source_type"] == 0


# --- bands and the two override rules ---------------------------------------------------------------
def test_evidence_that_does_not_fit_overrides_every_other_point():
    g = grade(fit="no")
    assert g.fraction > 0.8 and g.band == "not supported as worded"
    assert g.cautions[0].startswith("The evidence does not support the claim as worded")


def test_no_source_and_no_evidence_is_unsupported_whatever_else():
    g = grade(source_type="none", evidence="assertion")
    assert g.fraction >= 0.5 and g.band == "unsupported"


def test_well_supported_needs_the_claim_as_worded_and_no_disagreeing_numbers():
    assert grade(fit="partly").band == "partly supported"  # 10 of 11, still only partly
    assert grade(numbers_checked="differ").band == "partly supported"
    assert grade(numbers_checked="partly").band == "partly supported"


@pytest.mark.parametrize(
    "changes, band",
    [
        (dict(source_type="secondary", independent=1), "well supported"),  # 9/11 = 0.82
        (dict(source_type="weak", evidence="report", independent=0), "partly supported"),  # 6/11 = 0.55
        (
            dict(source_type="weak", evidence="report", numbers_checked="not_checked", independent=0),
            "weakly supported",
        ),  # 4/11 = 0.36
    ],
)
def test_thresholds(changes, band):
    assert grade(**changes).band == band


def test_every_band_is_reachable():
    seen = {
        grade(**c).band
        for c in [
            {},
            dict(fit="partly"),
            dict(source_type="weak", evidence="report", numbers_checked="not_checked", independent=0),
            dict(source_type="none", evidence="assertion"),
            dict(fit="no"),
        ]
    }
    assert seen == set(BANDS)


def test_custom_points_show_how_much_a_band_depends_on_the_weights():
    base = grade(source_type="weak", independent=0, numbers_checked="no_numbers")
    assert base.band == "partly supported"  # 5/9
    harsher = grade_claim(
        **{**BEST, "source_type": "weak", "independent": 0, "numbers_checked": "no_numbers"},
        points={"source_type": {"weak": 0}},
    )
    assert harsher.band == "weakly supported"  # 4/9
    with pytest.raises(ClaimInputError, match="unknown criterion"):
        grade_claim(**BEST, points={"sauce": {"weak": 0}})
    with pytest.raises(ClaimInputError, match="no answer 'blog'"):
        grade_claim(**BEST, points={"source_type": {"blog": 0}})


def test_the_explanation_lists_every_criterion_and_the_disclaimer():
    text = str(grade(source_type="weak"))
    for label in ("Source (weak)", "Evidence (data)", "Numbers (match)", "Independent support (2)", "Fit (as_worded)"):
        assert label in text
    assert text.splitlines()[0].startswith("Band: ") and text.endswith(DISCLAIMER)
    assert "find the original" in text
    assert repr(grade()).startswith("ClaimGrade(band='well supported'")


# --- friendly input handling ------------------------------------------------------------------------
def test_answers_are_forgiving_about_case_spaces_and_hyphens():
    g = grade_claim(" Primary ", "DATA", "not checked", np.int64(1), "as-worded")
    assert g.inputs["numbers_checked"] == "not_checked" and g.inputs["fit"] == "as_worded"
    assert grade(independent=True).points["independent"] == 1
    assert grade(independent=2.0).points["independent"] == 2


@pytest.mark.parametrize(
    "changes, words",
    [
        (dict(source_type="primry"), "Did you mean 'primary'"),
        (dict(source_type="blog"), "choose one of 'primary', 'secondary', 'weak', 'none'"),
        (dict(evidence=None), "evidence is missing"),
        (dict(fit=1), "should be text"),
        (dict(numbers_checked=True), "should be text"),
        (dict(independent=-1), "0 or more"),
        (dict(independent=1.5), "whole number"),
        (dict(independent=float("nan")), "whole number"),
        (dict(independent="2"), "whole number"),
        (dict(independent=None), "whole number"),
    ],
)
def test_bad_answers_get_a_clear_message(changes, words):
    with pytest.raises(ClaimInputError, match=words.replace("(", r"\(").replace(")", r"\)")):
        grade(**changes)


def test_interested_must_be_a_truth_value():
    with pytest.raises(ClaimInputError, match="True or False"):
        grade(interested="yes")


def test_input_errors_are_value_errors():
    assert issubclass(ClaimInputError, ValueError)


# --- tables -----------------------------------------------------------------------------------------
def test_grade_table_adds_columns_and_leaves_the_input_alone():
    t = pd.DataFrame([BEST, {**BEST, "fit": "no"}], index=["a", "b"])
    before = t.copy()
    out = grade_table(t)
    pd.testing.assert_frame_equal(t, before)
    assert list(out["band"]) == ["well supported", "not supported as worded"]
    assert list(out["score"]) == [11, 11 - 2] and list(out["max_score"]) == [11, 11]


def test_grade_table_reads_pandas_dtypes_and_an_interested_column():
    t = pd.DataFrame([BEST, BEST], index=["a", "b"]).astype({"source_type": "string", "independent": "Int64"})
    t["interested"] = pd.array([False, True], dtype="boolean")
    assert list(grade_table(t)["score"]) == [11, 10]


def test_grade_table_names_the_bad_row_and_missing_columns():
    t = pd.DataFrame([BEST, {**BEST, "evidence": "rumour"}], index=["good", "bad"])
    with pytest.raises(ClaimInputError, match="row 'bad': evidence='rumour'"):
        grade_table(t)
    with pytest.raises(ClaimInputError, match="no column 'fit'"):
        grade_table(t.drop(columns="fit"))
    with pytest.raises(ClaimInputError, match="needs a pandas DataFrame"):
        grade_table([BEST])
    nan_row = pd.DataFrame([{**BEST, "source_type": np.nan}])
    with pytest.raises(ClaimInputError, match="row 0: source_type"):
        grade_table(nan_row)


def test_rubric_table_lists_every_answer_once():
    r = rubric_table()
    assert list(r.columns) == ["criterion", "answer", "points", "meaning"]
    assert len(r) == sum(len(v) for v in claims.POINTS.values()) + 3
    assert not r.duplicated(["criterion", "answer"]).any()
    assert r["meaning"].str.len().min() > 10


@pytest.mark.parametrize(
    "diffs, status",
    [
        ([0.0036, -0.0048], "match"),
        ([0.0053, -0.044], "partly"),
        ([0.03, -0.066], "differ"),
        ([], "not_checked"),
        ([0.0099], "match"),
        ([0.01], "differ"),
        ([np.float64(-0.001)], "match"),
    ],
)
def test_numbers_status(diffs, status):
    assert numbers_status(diffs) == status


def test_numbers_status_rejects_missing_values_and_takes_a_tolerance():
    with pytest.raises(ClaimInputError, match="leave it out"):
        numbers_status([0.001, float("nan")])
    with pytest.raises(ClaimInputError):
        numbers_status([None])
    assert numbers_status([0.004, 0.006], tol=0.005) == "partly"


# --- the curated tables used by chapter 12 ------------------------------------------------------------
def test_examples_are_gradable_cited_and_described():
    ex = examples()
    assert ex.index.is_unique and len(ex) >= 8
    assert set(ex["source_key"]) <= bib_keys()
    assert (ex["claim"].str.len() > 20).all() and (ex["note"].str.len() > 20).all()
    graded = grade_table(ex)
    assert set(graded["band"]) >= {"well supported", "partly supported", "weakly supported", "not supported as worded"}


def test_the_chapter_12_judgements_on_the_essay_claims():
    """The essays' cancer and ADAS claims fail on fit, whatever else is said of them (facts.md notes)."""
    graded = grade_table(examples())
    assert (graded.loc[["essay2_cancer", "essay2_adas"], "band"] == "not supported as worded").all()
    assert graded.loc["essay2_water", "band"] == "partly supported"


def test_published_figures_are_cited_and_plausible():
    pub = published_figures()
    assert set(pub["source_key"]) <= bib_keys()
    assert str(pub["year"].dtype) == "Int64"
    assert pub["published"].between(0, 100).all() and not pub["wording"].str.strip().eq("").any()
    rd = published_rd()
    assert "indicator" not in rd.columns and len(rd) == (pub["indicator"] == "GB.XPD.RSDV.GD.ZS").sum()
    assert rd["year"].isna().sum() == 2  # SolarQuarter dates its figures only by the report (2021): no data year


def test_examples_and_figures_are_the_curated_tables_in_display_order():
    """The claims and figures live in data/ (claim_examples, published_figures), not in the module."""
    for df, name in ((examples().reset_index(), "claim_examples"), (published_figures(), "published_figures")):
        table = load(name).sort_values("order").reset_index(drop=True)
        assert list(df["source_key"]) == list(table["citation"])
        assert len(df) == len(table) and (table["order"].diff().dropna() > 0).all()
    ex = examples()
    table = load("claim_examples").set_index("id")
    assert list(ex.index) == list(table.index)  # the file is written in display order
    for col in CRITERIA:
        assert list(ex[col]) == list(table[col]), col
    assert str(ex["independent"].dtype) == "int64" and str(ex["claim"].dtype) == "str"
    assert list(published_figures()["published"]) == list(load("published_figures")["published"])


def test_criteria_and_bands_are_what_the_chapter_documents():
    assert CRITERIA == ("source_type", "evidence", "numbers_checked", "independent", "fit")
    assert BANDS[0] == "well supported" and BANDS[-1] == "not supported as worded"
    assert math.isclose(claims.AGREEMENT_TOL, 0.01)
