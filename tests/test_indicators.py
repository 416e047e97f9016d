"""coursekit.indicators: latest values, coverage and weighted group aggregates, on a small table whose
answers can be worked out by hand, and on the real data."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit import indicators as ind
from coursekit.data import load

R, P, PC, RES = ind.RD_GDP, ind.POPULATION, ind.GDP_PER_CAPITA, ind.RESEARCHERS


def table(rows):
    return pd.DataFrame(rows, columns=["iso3", "year", "indicator", "value"])


# AAA reports R&D in 2000 and 2002; BBB only in 2001; CCC never (but has GDP and population).
TOY = table(
    [
        ("AAA", 2002, R, 2.0),
        ("AAA", 2000, R, 1.0),  # deliberately out of order
        ("BBB", 2001, R, 0.5),
        ("AAA", 2001, RES, 100.0),
        ("AAA", 2000, PC, 10.0),
        ("AAA", 2001, PC, 10.0),
        ("AAA", 2002, PC, 20.0),
        ("AAA", 2000, P, 1.0),
        ("AAA", 2001, P, 1.0),
        ("AAA", 2002, P, 1.0),
        ("BBB", 2001, PC, 5.0),
        ("BBB", 2002, PC, 5.0),
        ("BBB", 2001, P, 4.0),
        ("BBB", 2002, P, 4.0),
        ("CCC", 2001, PC, 1.0),
        ("CCC", 2002, PC, 1.0),
        ("CCC", 2001, P, 30.0),
        ("CCC", 2002, P, 30.0),
    ]
)


# --- latest values ------------------------------------------------------------------------------
def test_latest_values_takes_the_latest_year_whatever_the_row_order():
    got = ind.latest_values(TOY, R)
    assert list(got.index) == ["AAA", "BBB"]
    assert got.loc["AAA", "year"] == 2002 and got.loc["AAA", "value"] == 2.0
    assert got.loc["BBB", "year"] == 2001
    shuffled = ind.latest_values(TOY.sample(frac=1, random_state=3), R)
    pd.testing.assert_frame_equal(got, shuffled)


def test_latest_values_for_a_group_keeps_every_member_in_order():
    got = ind.latest_values(TOY, R, ["CCC", "AAA"])
    assert list(got.index) == ["CCC", "AAA"]
    assert pd.isna(got.loc["CCC", "year"]) and math.isnan(got.loc["CCC", "value"])
    assert str(got["year"].dtype) == "Int64"


def test_latest_values_window():
    assert ind.latest_values(TOY, R, end=2001).loc["AAA", "year"] == 2000
    assert list(ind.latest_values(TOY, R, start=2002).index) == ["AAA"]


# --- coverage ---------------------------------------------------------------------------------
def test_coverage_counts_years_and_ages():
    cov = ind.coverage(TOY, ["AAA", "BBB", "CCC"])
    assert cov.loc["AAA", "rd_latest"] == 2002 and cov.loc["AAA", "rd_years"] == 2
    assert cov.loc["BBB", "rd_age"] == 1  # default reference: the latest R&D year in the file
    assert pd.isna(cov.loc["CCC", "rd_latest"]) and cov.loc["CCC", "rd_years"] == 0
    assert cov.loc["AAA", "researchers_age"] == 0  # reference year is per indicator (2001 for RES)
    assert ind.coverage(TOY, ["BBB"], reference_year=2010).loc["BBB", "rd_age"] == 9
    assert ind.coverage(TOY, ["AAA"], start=2001).loc["AAA", "rd_years"] == 1


# --- GDP and weights -----------------------------------------------------------------------------
def test_gdp_is_per_capita_times_population_where_both_exist():
    g = ind.gdp(TOY)
    assert g[("AAA", 2002)] == 20.0 and g[("CCC", 2001)] == 30.0
    assert ("BBB", 2000) not in g.index
    assert ind.weights(TOY, "population")[("BBB", 2001)] == 4.0
    with pytest.raises(ValueError, match="unknown weight"):
        ind.weights(TOY, "area")


# --- group aggregates ------------------------------------------------------------------------------
def test_group_aggregate_is_a_gdp_weighted_mean_with_its_coverage():
    agg = ind.group_aggregate(TOY, ["AAA", "BBB", "CCC"], R)
    # 2001: AAA has no R&D value; BBB reports 0.5 with GDP 20; the group's GDP is 10 + 20 + 30.
    assert agg.loc[2001, "value"] == pytest.approx(0.5)
    assert agg.loc[2001, "n_reporting"] == 1 and agg.loc[2001, "n_members"] == 3
    assert agg.loc[2001, "weight_coverage"] == pytest.approx(20 / 60)
    # 2002: only AAA reports (2.0, GDP 20); BBB has GDP 20, CCC 30.
    assert agg.loc[2002, "value"] == pytest.approx(2.0)
    assert agg.loc[2002, "weight_coverage"] == pytest.approx(20 / 70)
    # 2000: only AAA has a weight at all.
    assert agg.loc[2000, "n_weighted"] == 1 and agg.loc[2000, "weight_coverage"] == pytest.approx(1.0)


def test_group_aggregate_weights_two_reporters_by_gdp():
    two = pd.concat([TOY, table([("BBB", 2002, R, 1.0)])])
    agg = ind.group_aggregate(two, ["AAA", "BBB"], R, years=[2002])
    assert agg.loc[2002, "value"] == pytest.approx((2.0 * 20 + 1.0 * 20) / 40)
    pop_weighted = ind.group_aggregate(two, ["AAA", "BBB"], R, weight="population", years=[2002])
    assert pop_weighted.loc[2002, "value"] == pytest.approx((2.0 * 1 + 1.0 * 4) / 5)


def test_group_aggregate_year_without_reporters_is_nan_not_zero():
    agg = ind.group_aggregate(TOY, ["CCC"], R, years=[2001, 2050])
    assert math.isnan(agg.loc[2001, "value"]) and agg.loc[2001, "weight_coverage"] == 0
    assert math.isnan(agg.loc[2050, "weight_coverage"])  # no member has a weight in 2050


def test_researchers_default_to_population_weights():
    agg = ind.group_aggregate(TOY, ["AAA", "BBB"], RES, years=[2001])
    assert agg.loc[2001, "value"] == pytest.approx(100.0)
    assert agg.loc[2001, "weight_coverage"] == pytest.approx(1 / 5)


# --- bad input gets a clear message ------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: ind.latest_values(TOY.drop(columns="value"), R), "no column(s) value"),
        (lambda: ind.latest_values(TOY, "NOT.AN.INDICATOR"), "not in the table"),
        (lambda: ind.latest_values(TOY, R, ["AAA", "ZZZ"]), "ZZZ"),
        (lambda: ind.latest_values(TOY, R, ["AAA", "AAA"]), "more than once"),
        (lambda: ind.latest_values(TOY, R, "AAA"), "single text"),
        (lambda: ind.latest_values([1, 2], R), "DataFrame"),
        (lambda: ind.group_aggregate(TOY, [], R), "no members"),
        (lambda: ind.group_aggregate(TOY, ["AAA"], P), "no default weight"),
    ],
)
def test_bad_input_raises_a_value_error_that_says_what_is_wrong(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)


def test_the_input_table_is_not_modified():
    before = TOY.copy()
    ind.latest_values(TOY, R, ["AAA"])
    ind.coverage(TOY, ["AAA"])
    ind.group_aggregate(TOY, ["AAA", "BBB"], R)
    pd.testing.assert_frame_equal(TOY, before)


# --- the real data -----------------------------------------------------------------------------------
def test_real_data_oic_aggregate_equals_total_spending_over_total_gdp():
    rd, oic = load("rd_indicators"), load("oic_members")
    members = list(oic["iso3"])
    year = 2021
    wide = rd[rd["year"] == year].pivot_table(index="iso3", columns="indicator", values="value").reindex(members)
    gdp = wide[PC] * wide[P]
    rep = wide[R].notna() & gdp.notna()
    agg = ind.group_aggregate(rd, members, R, years=[year])
    assert agg.loc[year, "value"] == pytest.approx((wide.loc[rep, R] * gdp[rep]).sum() / gdp[rep].sum())
    assert agg.loc[year, "weight_coverage"] == pytest.approx(gdp[rep].sum() / gdp.sum())
    assert agg.loc[year, "n_reporting"] == int(rep.sum()) and agg.loc[year, "n_members"] == 57
    cov = ind.coverage(rd, members)
    assert (cov["rd_latest"].isna() == ind.latest_values(rd, R, members)["value"].isna()).all()
