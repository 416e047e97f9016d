"""coursekit.capstone: the compatibility table never guesses, and the pair profile reads the data right.

Expected values are recomputed here from the loaded tables, independently of the module.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import coursekit.capstone as capstone
from coursekit.capstone import (
    DATASET_DIMENSIONS,
    HESC_ALLOWED,
    STATUSES,
    check_rules,
    compatibility,
    pair_collaboration,
    policy_rules,
)
from coursekit.data import load

POLICIES = load("stem_cell_policies")
PAIRS = load("coauthorship_pairs")

RULES = pd.DataFrame(
    [
        ("GBR", "embryo age limit (days)", 14, "hfea_code_research", ""),
        ("JOR", "embryo age limit (days)", 5, "jordaniftaa2013stemcells", ""),
        ("MYS", "embryo age limit (days)", None, "", ""),
        ("SAU", "stem cells may be sent abroad for storage", "no", "ncbe2016regulations", ""),
        ("MYS", "IVF embryos may be used", "yes", "wwrn_malaysia_fatwa", "weak source"),
    ],
    columns=["iso3", "dimension", "value", "citation", "caveat"],
)


def category(iso3):
    return POLICIES.set_index("iso3").loc[iso3, "category"]


# --- one dimension ------------------------------------------------------------------------------
def _status(a, b) -> str:
    """The status compatibility gives a dimension on which JOR has the value *a* and GBR the value *b*."""
    rules = pd.DataFrame(
        {
            "iso3": ["JOR", "GBR"],
            "dimension": ["x", "x"],
            "value": pd.Series([a, b], dtype=object),
            "citation": ["k", "k"],
        }
    )
    return compatibility(POLICIES, "JOR", "GBR", extra_rules=rules).loc["x", "status"]


@pytest.mark.parametrize(
    "a, b, want",
    [
        (5, 14, "differ"),
        (14, 14.0, "agree"),
        (np.int64(14), 14.0, "agree"),
        ("yes", " Yes ", "agree"),
        ("yes", "no", "differ"),
        (None, 14, "unknown"),
        (14, math.nan, "unknown"),
        (pd.NA, "yes", "unknown"),
        ("", "no", "unknown"),
        ("   ", "   ", "unknown"),
        (None, None, "unknown"),
        (math.nan, math.nan, "unknown"),
        (pd.NaT, "no", "unknown"),
    ],
)
def test_the_status_rule(a, b, want):
    assert _status(a, b) == want
    assert _status(b, a) == want  # symmetric


def test_the_chapters_rules_are_a_curated_table_that_check_rules_accepts():
    """Chapter 13's rules live in data/capstone_rules.csv, each with a source; their values are text."""
    rules = load("capstone_rules")
    checked = check_rules(rules)
    assert len(checked) == len(rules) == 17 and checked["citation"].ne("").all()
    assert list(rules["order"]) == sorted(rules["order"])  # the file is written in the chapter's order
    assert list(dict.fromkeys(checked["dimension"]))[0] == "embryo age limit (days)"
    jor = compatibility(POLICIES, "JOR", "GBR", extra_rules=rules)
    assert jor.loc["embryo age limit (days)", "status"] == "differ"
    assert list(jor.loc["embryo age limit (days)", ["JOR", "GBR"]]) == ["5", "14"]
    assert compatibility(POLICIES, "MYS", "GBR", extra_rules=rules)["status"].ne("differ").all()


def test_the_package_holds_no_per_pair_status_function():
    """Exercise 13.3 asks learners to write the rule: the package applies it to whole columns only."""
    assert not hasattr(capstone, "rule_status") and not hasattr(capstone, "is_missing")
    gaps = capstone._missing(
        pd.Series([None, math.nan, np.nan, pd.NA, pd.NaT, "", "  ", 0, 0.0, False, "no", "0"], dtype=object)
    )
    assert gaps.tolist() == [True] * 7 + [False] * 5


# --- the dataset's own dimensions ------------------------------------------------------------------
def test_policy_rules_reads_every_country_and_derives_hesc_allowed():
    rules = policy_rules(POLICIES)
    found = POLICIES[POLICIES["category"] != "no-rule-found"]
    assert 0 < len(found) < len(POLICIES)  # the atlas records searches that found no rule
    assert len(rules) == len(found) * len(DATASET_DIMENSIONS)
    cat = rules[rules["dimension"] == "policy category"].set_index("iso3")["value"]
    assert cat.to_dict() == found.set_index("iso3")["category"].to_dict()
    allowed = rules[rules["dimension"] == "hESC research allowed"].set_index("iso3")["value"]
    for iso3, value in allowed.items():
        expected = HESC_ALLOWED.get(category(iso3))
        assert (value is pd.NA) if expected is None else value == expected
    assert not rules["citation"].eq("").any()  # every dataset row carries its source


def test_coarse_compatibility_from_the_dataset_alone():
    same = compatibility(POLICIES, "MYS", "GBR")
    assert list(same.index) == list(DATASET_DIMENSIONS)
    assert list(same.columns) == ["MYS", "GBR", "status", "sources", "caveat"]
    assert category("MYS") == category("GBR") == "permissive-with-conditions"  # the premise
    assert (same["status"] == "agree").all()
    assert "mohmalaysia2009guidelines" in same.loc["policy category", "sources"]
    assert same.loc["policy category", "caveat"].startswith("MYS:")  # the weak-source warning travels

    tur = compatibility(POLICIES, "TUR", "GBR")
    assert HESC_ALLOWED[category("TUR")] != HESC_ALLOWED[category("GBR")]
    assert tur.loc["hESC research allowed", "status"] == "differ"


def test_a_category_that_does_not_answer_gives_unknown_never_a_guess():
    assert category("EGY") not in HESC_ALLOWED
    egy = compatibility(POLICIES, "EGY", "GBR")
    assert egy.loc["hESC research allowed", "EGY"] is pd.NA
    assert egy.loc["hESC research allowed", "status"] == "unknown"


def test_codes_are_case_insensitive_and_order_only_swaps_columns():
    ab = compatibility(POLICIES, "mys", " gbr ")
    ba = compatibility(POLICIES, "GBR", "MYS")
    assert list(ab.columns[:2]) == ["MYS", "GBR"] and list(ba.columns[:2]) == ["GBR", "MYS"]
    assert ab["status"].equals(ba["status"])
    assert ab.attrs["countries"] == {"MYS": "Malaysia", "GBR": "United Kingdom"}


# --- extra rules ------------------------------------------------------------------------------------
def test_extra_rules_add_dimensions_and_unknowns_stay_unknown():
    table = compatibility(POLICIES, "JOR", "GBR", extra_rules=RULES)
    assert list(table.index) == [
        *DATASET_DIMENSIONS,
        "embryo age limit (days)",
        "stem cells may be sent abroad for storage",
        "IVF embryos may be used",
    ]
    assert table.loc["embryo age limit (days)", "status"] == "differ"
    assert table.loc["embryo age limit (days)", "JOR"] == 5 and table.loc["embryo age limit (days)", "GBR"] == 14
    # coded for Saudi Arabia only: both sides unknown, and two unknowns do not agree
    assert table.loc["stem cells may be sent abroad for storage", "status"] == "unknown"
    assert table.loc["stem cells may be sent abroad for storage", "sources"] == ""
    mys = compatibility(POLICIES, "MYS", "GBR", extra_rules=RULES)
    assert mys.loc["embryo age limit (days)", "status"] == "unknown"  # an empty value is a gap
    assert mys.loc["IVF embryos may be used", "status"] == "unknown"  # GBR not coded here
    assert mys.loc["IVF embryos may be used", "caveat"] == "MYS: weak source"
    assert set(mys["status"]) <= set(STATUSES)


def test_whole_floats_from_a_column_with_gaps_display_as_whole_numbers():
    rules = check_rules(RULES)
    assert rules["value"].iloc[0] == 14 and isinstance(rules["value"].iloc[0], int)
    assert rules["value"].iloc[2] is pd.NA


def test_inputs_are_not_changed():
    before_p, before_r = POLICIES.copy(), RULES.copy()
    compatibility(POLICIES, "JOR", "GBR", extra_rules=RULES)
    pd.testing.assert_frame_equal(POLICIES, before_p)
    pd.testing.assert_frame_equal(RULES, before_r)


def test_a_country_known_only_from_extra_rules_can_be_compared():
    rules = pd.DataFrame(
        [
            ("SGP", "embryo age limit (days)", 14, "muis_stemcell_fatwa"),
            ("JOR", "embryo age limit (days)", 5, "jordaniftaa2013stemcells"),
        ],
        columns=["iso3", "dimension", "value", "citation"],
    )
    no_sgp = POLICIES[POLICIES["iso3"] != "SGP"]
    table = compatibility(no_sgp, "SGP", "JOR", extra_rules=rules)
    assert table.loc["policy category", "status"] == "unknown"
    assert table.loc["embryo age limit (days)", "status"] == "differ"


@pytest.mark.parametrize(
    "rows, words",
    [
        ([("JOR", "embryo age limit (days)", 5, "")], "needs a source"),
        ([("JOR", "x", 5, "k"), ("JOR", "X", 6, "k")], "repeats row 1"),
        ([("Jordan", "x", 5, "k")], "three-letter"),
        ([("JOR", "", 5, "k")], "dimension is empty"),
        ([("JOR", "policy category", "permissive", "k")], "comes from stem_cell_policies"),
    ],
)
def test_bad_extra_rules_are_refused_with_a_clear_message(rows, words):
    rules = pd.DataFrame(rows, columns=["iso3", "dimension", "value", "citation"])
    with pytest.raises(ValueError, match=words) as info:
        compatibility(POLICIES, "JOR", "GBR", extra_rules=rules)
    assert "row" in str(info.value)


def test_rules_without_required_columns_are_refused():
    with pytest.raises(ValueError, match="no column.*citation"):
        check_rules(RULES.drop(columns="citation"))
    with pytest.raises(ValueError, match="DataFrame"):
        check_rules([("JOR", "x", 5, "k")])


@pytest.mark.parametrize(
    "a, b, words",
    [
        ("MYS", "MYS", "two different countries"),
        ("XYZ", "GBR", "not documented here"),
        ("Malaysia", "GBR", "three-letter ISO code"),
        (None, "GBR", "three-letter ISO code"),
    ],
)
def test_bad_country_arguments(a, b, words):
    with pytest.raises(ValueError, match=words):
        compatibility(POLICIES, a, b)


def test_a_policies_table_without_its_columns_is_refused():
    with pytest.raises(ValueError, match="category"):
        compatibility(POLICIES.drop(columns="category"), "MYS", "GBR")


# --- pair_collaboration ------------------------------------------------------------------------------
def _pair(a, b, year, col="coauthored_articles"):
    return PAIRS.query("iso3_a == @a and iso3_b == @b and year == @year")[col].item()


@pytest.mark.parametrize("a, b", [("MYS", "GBR"), ("TUR", "SGP"), ("GBR", "MYS")])
def test_pair_collaboration_matches_the_table(a, b):
    table = pair_collaboration(PAIRS, a, b)
    assert list(table.index) == [2003, 2022]
    for year in (2003, 2022):
        n = _pair(a, b, year)
        assert table.loc[year, "coauthored_articles"] == n
        assert table.loc[year, "collaboration_index"] == pytest.approx(_pair(a, b, year, "collaboration_index"))
        assert table.loc[year, f"share_of_{a}"] == pytest.approx(100 * n / _pair(a, "WLD", year))
        assert table.loc[year, f"share_of_{b}"] == pytest.approx(100 * n / _pair(b, "WLD", year))


def test_a_country_outside_the_pair_table_is_unknown_not_zero():
    assert "JOR" not in set(PAIRS["iso3_a"])
    with pytest.raises(ValueError, match="unknown, not as zero"):
        pair_collaboration(PAIRS, "JOR", "GBR")
    with pytest.raises(ValueError, match="two different"):
        pair_collaboration(PAIRS, "GBR", "GBR")
    with pytest.raises(ValueError, match="no column"):
        pair_collaboration(PAIRS.drop(columns="year"), "MYS", "GBR")


def test_a_damaged_pair_table_is_reported():
    broken = PAIRS[~((PAIRS["iso3_a"] == "GBR") & (PAIRS["iso3_b"] == "WLD") & (PAIRS["year"] == 2022))]
    with pytest.raises(ValueError, match="exactly one row"):
        pair_collaboration(broken, "MYS", "GBR")
