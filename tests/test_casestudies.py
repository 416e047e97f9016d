"""coursekit.casestudies: the helpers shared by the case-study chapters, on real data and on small
hand-made tables whose answers are known exactly."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit.casestudies import biomedical_articles, group_summary, oic_codes, per_million, population, trial_totals
from coursekit.data import load

MEMBERS = pd.DataFrame({"iso3": ["AAA", "BBB"]})
RD = pd.DataFrame(
    {
        "iso3": ["AAA", "AAA", "BBB", "BBB", "CCC", "CCC", "WLD", "WLD", "AAA"],
        "year": [2020, 2021, 2020, 2021, 2020, 2021, 2020, 2021, 2020],
        "indicator": ["SP.POP.TOTL"] * 8 + ["NY.GDP.PCAP.CD"],
        "value": [1e6, 3e6, 4e6, 4e6, 5e6, 5e6, 10e6, 12e6, 999.0],
    }
)
TRIALS = pd.DataFrame(
    {
        "country": ["A", "A", "B", "C", "C"],
        "iso3": ["AAA", "AAA", "BBB", "CCC", "CCC"],
        "year": [2019, 2021, 2020, 2020, 2021],
        "trials": [1, 2, 3, 4, 5],
    }
)


def test_oic_codes_are_the_57_members():
    codes = oic_codes()
    assert len(codes) == 57 and {"IRN", "SAU", "MYS", "PSE"} <= codes and "ISR" not in codes
    assert oic_codes(MEMBERS) == {"AAA", "BBB"}


def test_population_is_the_mean_over_the_span_and_ignores_other_indicators():
    pop = population(RD, 2020, 2021)
    assert pop["AAA"] == 2e6 and pop["BBB"] == 4e6
    assert population(RD, 2020)["AAA"] == 1e6


def test_per_million_divides_by_mean_population_and_leaves_gaps_as_nan():
    values = pd.Series({"AAA": 4.0, "BBB": 2.0, "ZZZ": 1.0})
    out = per_million(values, RD, 2020, 2021)
    assert out["AAA"] == pytest.approx(2.0) and out["BBB"] == pytest.approx(0.5)
    assert math.isnan(out["ZZZ"])


def test_trial_totals_adds_up_the_span_and_flags_members():
    out = trial_totals(TRIALS, 2020, 2021, MEMBERS)
    assert list(out.index) == ["CCC", "BBB", "AAA"]  # sorted by trials, largest first
    assert out.loc["AAA", "trials"] == 2  # 2019 is outside the span
    assert out.loc["CCC", "trials"] == 9 and not out.loc["CCC", "oic_member"]
    assert out.loc["BBB", "oic_member"]


def test_trial_totals_on_real_data_matches_a_direct_sum():
    trials = load("stem_cell_trials")
    out = trial_totals(trials, 2004, 2022)
    assert out["trials"].sum() == trials["trials"].sum()
    assert out.loc["IRN", "oic_member"] and not out.loc["USA", "oic_member"]
    assert "SAU" not in out.index


def test_biomedical_articles_use_only_economies():
    pubs = pd.DataFrame(
        {
            "iso3": ["AAA", "WLD", pd.NA, "AAA", "AAA"],
            "kind": ["economy", "world", "region", "economy", "economy"],
            "year": [2020, 2020, 2020, 2020, 2019],
            "field": ["biological_biomedical"] * 3 + ["all_se", "biological_biomedical"],
            "articles": [10.0, 100.0, 50.0, 30.0, 5.0],
        }
    )
    out = biomedical_articles(pubs, 2020, 2020)
    assert out.to_dict() == {"AAA": 10.0}
    assert biomedical_articles(pubs, 2019, 2020)["AAA"] == 15.0
    with pytest.raises(ValueError, match="field 'physics'"):
        biomedical_articles(pubs, 2020, 2020, field="physics")


def test_group_summary_counts_missing_values():
    values = pd.Series({"AAA": 1.0, "BBB": float("nan"), "CCC": 3.0, "DDD": 5.0})
    out = group_summary(values, MEMBERS)
    assert out.loc["OIC members", "n"] == 1 and out.loc["OIC members", "n_missing"] == 1
    assert out.loc["Other countries", "median"] == 4.0 and out.loc["Other countries", "total"] == 8.0


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: trial_totals(TRIALS, 2022, 2020, MEMBERS), "after end"),
        (lambda: trial_totals(TRIALS.drop(columns="trials"), 2020, 2021, MEMBERS), "no column"),
        (lambda: per_million([1, 2], RD, 2020), "pandas Series"),
        (lambda: population("not a table", 2020), "DataFrame"),
        (lambda: group_summary({"AAA": 1}, MEMBERS), "pandas Series"),
        (lambda: trial_totals(TRIALS, 2020.5, 2021, MEMBERS), "whole years"),
    ],
)
def test_wrong_arguments_raise_clear_errors(call, message):
    with pytest.raises(ValueError, match=message):
        call()


def test_inputs_are_not_changed():
    before = TRIALS.copy()
    trial_totals(TRIALS, 2019, 2021, MEMBERS)
    pd.testing.assert_frame_equal(TRIALS, before)
