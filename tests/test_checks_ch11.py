"""Self-checks of exercise set 11 (National programmes and their partners): right answers pass, wrong
ones fail with a friendly, specific message. Reference answers are written here independently."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, evaluate, friendly

from coursekit.data import load
from graders import CheckFailed, assert_check

TRIALS = load("stem_cell_trials")
OIC = set(load("oic_members")["iso3"])
RD = load("rd_indicators")
PUBS = load("publications")


# --- independent reference answers --------------------------------------------------------------
def in_period(df, iso3, start, end):
    return int(sum(r.trials for r in df.itertuples() if r.iso3 == iso3 and start <= r.year <= end))


def oic_table(pop_years=range(2004, 2023)):
    rows = []
    for iso3 in sorted(set(TRIALS["iso3"]) & OIC):
        n = in_period(TRIALS, iso3, 2004, 2022)
        pop = RD[(RD["indicator"] == "SP.POP.TOTL") & (RD["iso3"] == iso3) & RD["year"].isin(pop_years)]["value"]
        rows.append({"iso3": iso3, "trials": n, "population": pop.mean(), "per_million": n / pop.mean() * 1e6})
    return pd.DataFrame(rows).set_index("iso3").sort_values("per_million", ascending=False)


def listing_share():
    span = TRIALS[(TRIALS["year"] >= 2004) & (TRIALS["year"] <= 2022)]
    return 100 * span[span["iso3"].isin(OIC)]["trials"].sum() / span["trials"].sum()


def spearman(field="biological_biomedical", years=range(2004, 2023)):
    tot = TRIALS.groupby("iso3")["trials"].sum()
    bio = PUBS[(PUBS["kind"] == "economy") & (PUBS["field"] == field) & PUBS["year"].isin(years)]
    art = bio.groupby("iso3")["articles"].sum()
    common = sorted(set(tot.index) & set(art.index))
    return float(np.corrcoef(tot[common].rank(), art[common].rank())[0, 1])


RIGHT = {
    "11.1": in_period,
    "11.2": oic_table(),
    "11.3": listing_share(),
    "11.4": "b",
    "11.5": spearman(),
    "11.6": "c",
}


# --- right answers ---------------------------------------------------------------------------------
@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_reference_values_are_plausible():
    assert 0 < RIGHT["11.3"] < 100 and 0 < RIGHT["11.5"] < 1
    assert len(RIGHT["11.2"]) >= 5 and "SAU" not in RIGHT["11.2"].index


def test_variants_that_are_also_right():
    assert evaluate("11.1", lambda df, c, s, e: np.int64(in_period(df, c, s, e))).passed
    assert evaluate("11.1", lambda df, c, s, e: float(in_period(df, c, s, e))).passed
    assert evaluate("11.2", RIGHT["11.2"].reset_index()).passed  # iso3 as a column
    assert evaluate("11.2", RIGHT["11.2"].round({"per_million": 3})).passed
    assert evaluate("11.3", round(RIGHT["11.3"], 1)).passed
    assert evaluate("11.5", round(RIGHT["11.5"], 3)).passed


# --- wrong answers get specific hints -----------------------------------------------------------------
def test_counting_rows_instead_of_trials():
    def rows(df, iso3, start, end):
        return int(((df["iso3"] == iso3) & df["year"].between(start, end)).sum())

    assert "counted rows" in friendly(evaluate("11.1", rows))


def test_exclusive_end_year():
    assert "last year" in friendly(evaluate("11.1", lambda df, c, s, e: in_period(df, c, s, e - 1)))


def test_country_without_trials_must_give_zero():
    def first_row(df, iso3, start, end):
        rows = df[(df["iso3"] == iso3) & df["year"].between(start, end)]
        return rows["trials"].sum() if len(rows) else None

    assert "returns 0" in friendly(evaluate("11.1", first_row))

    def crashes(df, iso3, start, end):
        return df[(df["iso3"] == iso3) & df["year"].between(start, end)]["trials"].iloc[0] * 0 + in_period(
            df, iso3, start, end
        )

    text = friendly(evaluate("11.1", crashes))
    assert "IndexError" in text


def test_hard_coded_counts_pass_visible_but_fail_hidden_check():
    visible = {("IRN", 2004, 2022), ("IDN", 2020, 2022), ("JOR", 2016, 2016), ("SAU", 2004, 2022)}
    table = {k: in_period(TRIALS, *k) for k in visible}
    cheat = lambda df, c, s, e: table.get((c, s, e), 3)  # noqa: E731
    assert evaluate("11.1", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("11.1", cheat, thorough=True)


def test_oic_table_mistakes():
    right = RIGHT["11.2"]
    pop_2022 = oic_table(pop_years=[2022])
    assert "population in 2022" in friendly(evaluate("11.2", pop_2022))
    per_person = right.assign(per_million=right["per_million"] / 1e6)
    assert "per person" in friendly(evaluate("11.2", per_person))
    assert "sorted" in friendly(evaluate("11.2", right.sort_index()))
    assert "numbered" in friendly(evaluate("11.2", right.reset_index(drop=True)))
    assert "missing" in friendly(evaluate("11.2", right.drop(index=right.index[-1])))
    with_zero = pd.concat(
        [
            right,
            pd.DataFrame(
                {"trials": [0], "population": [1e7], "per_million": [0.0]}, index=pd.Index(["SAU"], name="iso3")
            ),
        ]
    )
    assert "no registered trial" in friendly(evaluate("11.2", with_zero))
    assert "population" in friendly(evaluate("11.2", right.drop(columns="population")))
    assert "DataFrame" in friendly(evaluate("11.2", right["per_million"]))


def test_listing_share_mistakes():
    assert "fraction" in friendly(evaluate("11.3", RIGHT["11.3"] / 100))
    n_oic = len(set(TRIALS["iso3"]) & OIC)
    assert "counted countries" in friendly(evaluate("11.3", 100 * n_oic / TRIALS["iso3"].nunique()))


def test_correlation_mistakes():
    tot = TRIALS.groupby("iso3")["trials"].sum()
    bio = PUBS[(PUBS["kind"] == "economy") & (PUBS["field"] == "biological_biomedical")]
    art = bio.groupby("iso3")["articles"].sum()
    common = sorted(set(tot.index) & set(art.index))
    pearson = float(np.corrcoef(tot[common], art[common])[0, 1])
    assert "Pearson" in friendly(evaluate("11.5", pearson))
    assert "2022 only" in friendly(evaluate("11.5", spearman(years=[2022])))
    assert "all S&E" in friendly(evaluate("11.5", spearman(field="all_se")))
    assert "outside" in friendly(evaluate("11.5", 1.7))


@pytest.mark.parametrize("bad", [None, float("nan"), "0.6", [0.5, 0.6], pd.Series([0.6])])
def test_bad_values_for_numbers_get_friendly_messages(bad):
    for qid in ("11.3", "11.5"):
        friendly(evaluate(qid, bad))


def test_multiple_choice():
    assert "cause" in friendly(evaluate("11.6", "a"))
    assert "not one of the options" in friendly(evaluate("11.4", "z"))
    friendly(evaluate("11.4", 2))
