"""Self-checks of exercise set 06 ("Stem cells: the science"): right answers pass, wrong ones fail
with a specific, friendly message. Reference answers are written here independently of
coursekit/checks/ch06.py and of the exercise source."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, data_swapped, evaluate, friendly, question_ids

from coursekit.data import load
from graders import CheckFailed, assert_check, ch06

TRIALS = load("stem_cell_trials")
OIC = load("oic_members")
RD = load("rd_indicators")
EVENTS = load("events")
YEARS = range(2004, 2023)


# --- independent reference answers -----------------------------------------------------------
def by_year(df, iso3=None):
    if iso3 is not None:
        df = df[df["iso3"].isin(list(iso3))]
    out = {y: 0 for y in YEARS}
    for y, n in zip(df["year"], df["trials"]):
        out[int(y)] += int(n)
    return pd.Series(out)


def per_million():
    pop = RD[(RD["indicator"] == "SP.POP.TOTL") & (RD["year"] == 2020)].set_index("iso3")["value"]
    totals = TRIALS.groupby("iso3")["trials"].sum()
    return (totals * 1_000_000 / pop).dropna().sort_values(ascending=False)


PM = per_million()
SCIENCE = (
    EVENTS[(EVENTS["category"] == "science") & (EVENTS["year"] >= 1998) & (EVENTS["year"] <= 2012)]
    .sort_values("year")[["year", "event", "citation"]]
    .reset_index(drop=True)
)
RIGHT = {
    "06.1": {
        "zygote": "totipotent",
        "embryonic stem cell": "pluripotent",
        "induced pluripotent stem cell": "pluripotent",
        "haematopoietic stem cell": "multipotent",
        "mesenchymal stromal cell": "multipotent",
    },
    "06.3": [
        "basic (discovery) research",
        "preclinical (laboratory and animal) studies",
        "phase 1 trial",
        "phase 2 trial",
        "phase 3 trial",
        "regulatory review and approval",
    ],
    "06.4": "c",
    "06.5": by_year,
    "06.6": PM,
    "06.7": PM[PM.index.isin(set(OIC["iso3"]))].idxmax(),
    "06.8": SCIENCE,
}


# --- right answers ----------------------------------------------------------------------------
def test_every_set_06_question_has_a_reference_answer_here():
    assert question_ids("06.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_reference_values_are_what_the_chapter_describes():
    # guards the exercise text: one OIC member stands out per person, and it is not simply the largest
    totals = TRIALS.groupby("iso3")["trials"].sum()
    assert RIGHT["06.7"] != totals[totals.index.isin(set(OIC["iso3"]))].idxmax()
    assert PM.index[0] == "ATG"
    assert len(SCIENCE) >= 5


def test_accepted_variants():
    variant = {
        "Zygote": "Totipotent",
        "embryonic stem cells": "pluripotent",
        "iPS cell": "pluripotent",
        "hematopoietic stem cell": "multipotent",
        "mesenchymal stem cell": " multipotent ",
    }
    assert evaluate("06.1", variant).passed
    assert evaluate("06.3", tuple(RIGHT["06.3"])).passed
    assert evaluate("06.3", [s.upper() for s in RIGHT["06.3"]]).passed
    assert evaluate("06.4", " (C) ").passed
    assert evaluate("06.7", "Jordan" if RIGHT["06.7"] == "JOR" else RIGHT["06.7"].lower()).passed
    assert evaluate("06.6", PM.rename("per_million").reset_index().rename(columns={"index": "iso3"})).passed
    assert evaluate("06.5", lambda df, iso3=None: by_year(df, iso3).astype(np.int32)).passed


# --- 06.1 and 06.3-06.4 ---------------------------------------------------------------------------
def test_potency_wrong_level_is_explained():
    wrong = dict(RIGHT["06.1"], **{"embryonic stem cell": "totipotent"})
    assert "placenta" in friendly(evaluate("06.1", wrong))
    wrong = dict(RIGHT["06.1"], **{"haematopoietic stem cell": "pluripotent"})
    assert "blood" in friendly(evaluate("06.1", wrong))


def test_potency_shape_problems():
    partial = {k: v for k, v in RIGHT["06.1"].items() if k != "zygote"}
    assert "no entry for 'zygote'" in friendly(evaluate("06.1", partial))
    assert "still empty" in friendly(evaluate("06.1", dict(RIGHT["06.1"], zygote=...)))
    assert "not one of the three" in friendly(evaluate("06.1", dict(RIGHT["06.1"], zygote="omnipotent")))
    assert "dictionary" in friendly(evaluate("06.1", ["totipotent"]))


def test_pipeline_wrong_order_names_the_position():
    swapped = list(RIGHT["06.3"])
    swapped[2], swapped[3] = swapped[3], swapped[2]
    text = friendly(evaluate("06.3", swapped))
    assert "Position 3" in text and "1, 2, 3" in text
    last_first = [RIGHT["06.3"][-1]] + RIGHT["06.3"][:-1]
    assert "Approval comes last" in friendly(evaluate("06.3", last_first))


def test_pipeline_shape_problems():
    assert "no order" in friendly(evaluate("06.3", set(RIGHT["06.3"])))
    assert "missing" in friendly(evaluate("06.3", RIGHT["06.3"][:-1]))
    assert "more than once" in friendly(evaluate("06.3", RIGHT["06.3"] + [RIGHT["06.3"][0]]))
    assert "not one of the six" in friendly(evaluate("06.3", ["discovery"] + RIGHT["06.3"][1:]))


def test_registration_multiple_choice_explains_each_option():
    assert "registry" in friendly(evaluate("06.4", "a"))
    assert "one letter" in friendly(evaluate("06.4", "e"))


# --- 06.5 -------------------------------------------------------------------------------------
def test_years_without_listings_must_be_zero():
    def no_reindex(df, iso3=None):
        rows = df if iso3 is None else df[df["iso3"].isin(list(iso3))]
        return rows.groupby("year")["trials"].sum()

    assert "fill_value=0" in friendly(evaluate("06.5", no_reindex))
    # a year missing at either end: the self-check knows the span only from its key
    result = evaluate("06.5", lambda df, iso3=None: by_year(df, iso3).loc[2005:])
    assert "2004" in friendly(result)
    assert "Some years are missing" in result.learner.message() and "range(2004, 2022 + 1)" in result.learner.message()
    result = evaluate("06.5", lambda df, iso3=None: by_year(df, iso3).reindex(range(2003, 2023), fill_value=0))
    assert "2003" in friendly(result) and "2003 should not be there" in result.learner.message()


def test_counting_rows_instead_of_summing():
    def size(df, iso3=None):
        rows = df if iso3 is None else df[df["iso3"].isin(list(iso3))]
        return rows.groupby("year").size().reindex(YEARS, fill_value=0)

    assert "counted rows" in friendly(evaluate("06.5", size))


def test_returning_a_dataframe_or_nothing():
    frame = lambda df, iso3=None: by_year(df, iso3).rename_axis("year").reset_index(name="trials")  # noqa: E731
    assert "Return a Series" in friendly(evaluate("06.5", frame))

    def forgot_return(df, iso3=None):
        by_year(df, iso3)

    assert "forget `return`" in friendly(evaluate("06.5", forgot_return))


def test_exception_in_the_learners_function_gets_a_hint_about_this_table():
    def typo(df, iso3=None):
        return df.groupby("Year")["trials"].sum()

    text = friendly(evaluate("06.5", typo))
    assert "raised KeyError" in text and "country, iso3, year and trials" in text


def test_answer_hard_coded_for_the_visible_cases_fails_the_hidden_check():
    visible = {None: by_year(TRIALS), "oic": by_year(TRIALS, OIC["iso3"])}

    def cheat(df, iso3=None):
        if iso3 is None:
            return visible[None]
        codes = set(iso3)
        if codes == set(OIC["iso3"]):
            return visible["oic"]
        if codes in ({"IRN"}, {"EGY", "JOR"}):
            return by_year(TRIALS, codes)
        return pd.Series(0, index=YEARS)

    assert evaluate("06.5", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("06.5", cheat, thorough=True)


# --- 06.6-06.8 ---------------------------------------------------------------------------------
def test_per_million_scale_errors_are_named():
    assert "per person" in friendly(evaluate("06.6", PM / 1e6))
    assert "per thousand" in friendly(evaluate("06.6", PM / 1e3))


def test_per_million_shape_problems():
    names = TRIALS.drop_duplicates("iso3").set_index("iso3")["country"]
    assert "country names" in friendly(evaluate("06.6", PM.rename(index=names)))
    assert "not sorted" in friendly(evaluate("06.6", PM.sort_index()))
    assert "missing" in friendly(evaluate("06.6", PM.iloc[1:]))
    assert "Series" in friendly(evaluate("06.6", PM.to_dict()))


def test_top_oic_common_mistakes():
    totals = TRIALS.groupby("iso3")["trials"].sum()
    biggest = totals[totals.index.isin(set(OIC["iso3"]))].idxmax()
    assert "per million" in friendly(evaluate("06.7", biggest))
    assert "not an OIC member" in friendly(evaluate("06.7", "ATG"))
    assert "not a country" in friendly(evaluate("06.7", "Atlantis"))


def test_science_events_filter_errors():
    both = EVENTS[EVENTS["category"].isin(["science", "ethics"]) & EVENTS["year"].between(1998, 2012)]
    assert "category 'ethics'" in friendly(evaluate("06.8", both[["year", "event", "citation"]]))
    exclusive = SCIENCE[(SCIENCE["year"] > 1998) & (SCIENCE["year"] < 2012)]
    assert "Both ends are included" in friendly(evaluate("06.8", exclusive))
    assert "year order" in friendly(evaluate("06.8", SCIENCE.iloc[::-1]))
    assert "citation" in friendly(evaluate("06.8", SCIENCE[["year", "event"]]))
    shuffled_cites = SCIENCE.assign(citation=SCIENCE["citation"].iloc[::-1].to_numpy())
    assert "no longer matches" in friendly(evaluate("06.8", shuffled_cites))


# --- bad input never raises --------------------------------------------------------------------
@pytest.mark.parametrize("qid", ["06.1", "06.3", "06.4", "06.6", "06.7", "06.8"])
@pytest.mark.parametrize("bad", [None, float("nan"), "", 3.5j, Ellipsis, ["x", "y"], pd.DataFrame()])
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


@pytest.mark.parametrize("bad", [None, 42, "listings"])
def test_function_question_rejects_non_functions(bad):
    friendly(evaluate("06.5", bad))


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Change the data and yesterday's right answer is wrong: nothing is hard-coded."""
    data = dict(ch06._data())
    data["stem_cell_trials"] = TRIALS.assign(trials=TRIALS["trials"] * 2)
    # agree=False where the verdict depends on the swap: the self-check's keys are fixed when they are written
    with data_swapped(monkeypatch, ch06, "_data", lambda: data, ch06._per_million_in):
        assert not evaluate("06.6", PM, agree=False).passed
        assert evaluate("06.6", PM * 2, agree=False).passed
        stale = lambda df, iso3=None: by_year(TRIALS, iso3)  # noqa: E731  (ignores the data it is given)
        assert evaluate("06.5", by_year).passed
        assert not evaluate("06.5", stale, agree=False).passed


# --- a class variant ---------------------------------------------------------------------------------------
def test_a_class_variant_asks_about_other_years_a_region_and_another_window():
    """Variant 1 draws its own parameters from the data; the public answers fail it, answers computed here
    with its parameters pass it (6.7 also by the member's name)."""
    import graders
    from graders import _core

    with _core.variant(1):
        p = _core.params("06")
    assert (p["FIRST_YEAR"], p["LAST_YEAR"]) != (2004, 2022) and p["POP_YEAR"] != 2020 and p["REGION"]
    assert (p["FROM_YEAR"], p["TO_YEAR"]) != (1998, 2012)
    span = range(p["FIRST_YEAR"], p["LAST_YEAR"] + 1)

    def in_span(df, iso3=None):
        return by_year(df, iso3).reindex(span)

    pop = RD[(RD["indicator"] == "SP.POP.TOTL") & (RD["year"] == p["POP_YEAR"])].set_index("iso3")["value"]
    pm = (TRIALS.groupby("iso3")["trials"].sum() * 1_000_000 / pop).dropna().sort_values(ascending=False)
    region = set(OIC.loc[OIC["region"] == p["REGION"], "iso3"])
    top = pm[pm.index.isin(region)].idxmax()
    window = EVENTS[(EVENTS["category"] == "science") & EVENTS["year"].between(p["FROM_YEAR"], p["TO_YEAR"])]
    mine = {
        "06.5": in_span,
        "06.6": pm,
        "06.7": top,
        "06.8": window.sort_values("year")[["year", "event", "citation"]].reset_index(drop=True),
    }
    for qid, answer in mine.items():
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=1).passed, qid
        assert not graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=1).passed, qid
    name = TRIALS.loc[TRIALS["iso3"] == top, "country"].iloc[0]
    assert graders.evaluate("06.7", name, namespace={}, variant=1).passed
    assert "not in the region" in graders.evaluate("06.7", RIGHT["06.7"], namespace={}, variant=1).message()
