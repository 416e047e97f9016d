"""Self-checks of exercise set 02 (the science landscape of OIC member states).

Right answers pass; each typical mistake gets its own friendly diagnosis; wrong types, NaN, None and
exceptions never raise. The reference answers here are written independently of coursekit/checks/ch02.py,
of coursekit/indicators.py and of the exercise source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, assert_prints_well_done, data_swapped, evaluate, friendly, question_ids

from coursekit.data import load
from graders import CheckFailed, assert_check, ch02

RD_CODE, RES_CODE, GDP_PC, POP = "GB.XPD.RSDV.GD.ZS", "SP.POP.SCIE.RD.P6", "NY.GDP.PCAP.CD", "SP.POP.TOTL"
RD = load("rd_indicators")
OIC = load("oic_members")
PUBS = load("publications")
MEMBERS = list(OIC["iso3"])


# --- independent reference answers -----------------------------------------------------------
def values(indicator, year):
    rows = RD[(RD["indicator"] == indicator) & (RD["year"] == year)]
    return dict(zip(rows["iso3"], rows["value"]))


def latest(rd, indicator, as_of=9999):
    best = {}
    rows = rd.loc[(rd["indicator"] == indicator) & (rd["year"] <= as_of), ["iso3", "year", "value"]]
    for code, year, value in rows.itertuples(index=False):
        if code not in best or year > best[code][0]:
            best[code] = (year, value)
    return pd.DataFrame(
        {
            "year": [v[0] for v in best.values()],
            "value": [v[1] for v in best.values()],
            "age": [as_of - v[0] for v in best.values()],
        },
        index=pd.Index(list(best), name="iso3"),
    )


POP22 = values(POP, 2022)
OIC_POP22 = sum(POP22[m] for m in MEMBERS)
LATEST_RD = latest(RD, RD_CODE)
NO_RD = sorted(m for m in MEMBERS if m not in LATEST_RD.index)
NO_RECENT = [m for m in MEMBERS if m not in LATEST_RD.index or LATEST_RD.loc[m, "year"] < 2015]

RD21, PC21, POP21 = values(RD_CODE, 2021), values(GDP_PC, 2021), values(POP, 2021)
GDP21 = {m: PC21[m] * POP21[m] for m in MEMBERS if m in PC21 and m in POP21}
REPORTING = [m for m in MEMBERS if m in RD21 and m in GDP21]
OIC_RD_2021 = sum(RD21[m] * GDP21[m] for m in REPORTING) / sum(GDP21[m] for m in REPORTING)
COVERAGE_2021 = 100 * sum(GDP21[m] for m in REPORTING) / sum(GDP21.values())


def article_share(field="all_se", palestine=True, world_row=True):
    part = PUBS[PUBS["field"] == field]
    keep = part["iso3"].isin(MEMBERS) | (part["country"].isin(["Gaza Strip", "West Bank"]) if palestine else False)
    num = part[keep].groupby("year")["articles"].sum()
    den = (
        part[part["country"] == "World"].set_index("year")["articles"]
        if world_row
        else part[part["kind"] == "economy"].groupby("year")["articles"].sum()
    )
    return 100 * num / den


def latest_values_right(rd, indicator, as_of):
    return latest(rd, indicator, as_of)


RIGHT = {
    "02.1": 100 * OIC_POP22 / POP22["WLD"],
    "02.2": "c",
    "02.3": latest_values_right,
    "02.4": NO_RD,
    "02.5": 100 * sum(POP22[m] for m in NO_RECENT) / OIC_POP22,
    "02.6": OIC_RD_2021,
    "02.7": COVERAGE_2021,
    "02.8": "b",
    "02.9": article_share(),
}


# --- the reference answers agree with what the chapter says ------------------------------------
def test_reference_values_are_plausible():
    assert 20 < RIGHT["02.1"] < 30  # "about a quarter"
    assert "BGD" in NO_RD and "TUR" not in NO_RD
    assert 0 < RIGHT["02.5"] < 50
    assert RIGHT["02.6"] > np.median([RD21[m] for m in REPORTING])
    assert 0 < RIGHT["02.7"] < 100
    assert RIGHT["02.9"].is_monotonic_increasing


# --- right answers ----------------------------------------------------------------------------------
def test_every_set_02_question_has_a_reference_answer_here():
    assert question_ids("02.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_equivalent_forms_are_accepted():
    assert evaluate("02.1", np.float64(RIGHT["02.1"])).passed
    assert evaluate("02.1", round(RIGHT["02.1"], 2)).passed
    assert evaluate("02.2", " (C) ").passed
    assert evaluate("02.4", set(NO_RD)).passed
    assert evaluate("02.4", pd.Series(list(reversed(NO_RD)))).passed
    assert evaluate("02.4", [c.lower() for c in NO_RD]).passed
    assert evaluate("02.9", RIGHT["02.9"].rename(index=str)).passed  # years as text
    assert evaluate("02.9", RIGHT["02.9"].rename("share").reset_index()).passed  # year + share columns

    def with_iso3_column(rd, indicator, as_of):
        return latest_values_right(rd, indicator, as_of).reset_index()

    assert evaluate("02.3", with_iso3_column).passed


def test_check_prints_to_stdout_and_returns_none(capsys):
    assert_prints_well_done(capsys, "02.2", "c")


# --- 02.1 ------------------------------------------------------------------------------------------
def test_population_share_mistakes():
    assert "Multiply by 100" in friendly(evaluate("02.1", RIGHT["02.1"] / 100))
    all_rows = sum(values(POP, 2022).values())
    assert "aggregates" in friendly(evaluate("02.1", 100 * OIC_POP22 / all_rows))
    assert "share of *countries*" in friendly(evaluate("02.1", 100 * 57 / 217))
    pop24 = values(POP, 2024)
    assert "value for 2024" in friendly(evaluate("02.1", 100 * sum(pop24[m] for m in MEMBERS) / pop24["WLD"]))
    no_pse = 100 * (OIC_POP22 - POP22["PSE"]) / POP22["WLD"]
    assert "PSE" in friendly(evaluate("02.1", no_pse))
    text = friendly(evaluate("02.1", 1.0))
    assert "WLD" in text  # a general hint, not a wrong specific diagnosis


# --- 02.2 and 02.8 (multiple choice) ---------------------------------------------------------------
@pytest.mark.parametrize("qid, right", [("02.2", "c"), ("02.8", "b")])
def test_multiple_choice_explains_every_wrong_option(qid, right):
    for option in "abcd":
        if option != right:
            assert f"Option {option}" in friendly(evaluate(qid, option))
    assert "one letter" in friendly(evaluate(qid, "e"))


def test_mc_02_2_says_which_body_is_which():
    assert "SESRIC" in friendly(evaluate("02.2", "a"))
    assert "COMSTECH" in friendly(evaluate("02.2", "b"))
    assert "70%" in friendly(evaluate("02.2", "d"))


# --- 02.3 latest_values -----------------------------------------------------------------------------
def latest_rows(rd, indicator, keep, pick="tail"):
    rows = rd[(rd["indicator"] == indicator) & keep(rd["year"])].sort_values(["iso3", "year"])
    return getattr(rows.groupby("iso3"), pick)(1).set_index("iso3")[["year", "value"]]


def test_latest_values_that_relies_on_row_order_fails_with_a_hint():
    def unsorted_last(rd, indicator, as_of):
        rows = rd[(rd["indicator"] == indicator) & (rd["year"] <= as_of)].groupby("iso3")[["year", "value"]].last()
        return rows.assign(age=as_of - rows["year"])

    on_file = unsorted_last(RD, RD_CODE, 2022)
    assert (on_file["year"] == latest(RD, RD_CODE, 2022)["year"].reindex(on_file.index)).all()
    text = friendly(evaluate("02.3", unsorted_last))  # passes on the file's order, fails when shuffled
    assert "sort by year" in text


def test_latest_values_with_max_takes_columns_separately():
    def with_max(rd, indicator, as_of):
        rows = rd[(rd["indicator"] == indicator) & (rd["year"] <= as_of)].groupby("iso3")[["year", "value"]].max()
        return rows.assign(age=as_of - rows["year"])

    assert "maximum of each column separately" in friendly(evaluate("02.3", with_max))


def test_latest_values_earliest_year():
    def earliest(rd, indicator, as_of):
        rows = latest_rows(rd, indicator, lambda y: y <= as_of, "head")
        return rows.assign(age=as_of - rows["year"])

    assert "earliest" in friendly(evaluate("02.3", earliest))


def test_latest_values_without_filtering_the_indicator():
    def unfiltered(rd, indicator, as_of):
        rows = rd[rd["year"] <= as_of].sort_values(["iso3", "year"])
        rows = rows.groupby("iso3").tail(1).set_index("iso3")[["year", "value"]]
        return rows.assign(age=as_of - rows["year"])

    assert "Keep only the rows of this indicator" in friendly(evaluate("02.3", unfiltered))


def test_latest_values_that_ignores_as_of():
    def every_year(rd, indicator, as_of):
        rows = latest_rows(rd, indicator, lambda y: y > 0)
        return rows.assign(age=as_of - rows["year"])

    assert RD.loc[RD["indicator"] == RD_CODE, "year"].max() > 2022  # the visible check can tell
    assert "year <= as_of" in friendly(evaluate("02.3", every_year))


def test_latest_values_that_leaves_out_the_year_as_of():
    def strictly_before(rd, indicator, as_of):
        rows = latest_rows(rd, indicator, lambda y: y < as_of)
        return rows.assign(age=as_of - rows["year"])

    assert "`year < as_of`" in friendly(evaluate("02.3", strictly_before))


def test_latest_values_age_with_the_wrong_sign_or_missing():
    def reversed_age(rd, indicator, as_of):
        rows = latest_rows(rd, indicator, lambda y: y <= as_of)
        return rows.assign(age=rows["year"] - as_of)

    def no_age(rd, indicator, as_of):
        return latest_rows(rd, indicator, lambda y: y <= as_of)

    def age_plus_one(rd, indicator, as_of):
        rows = latest_rows(rd, indicator, lambda y: y <= as_of)
        return rows.assign(age=as_of - rows["year"] + 1)

    assert "wrong sign" in friendly(evaluate("02.3", reversed_age))
    assert "age" in friendly(evaluate("02.3", no_age))
    assert "`as_of` minus the year" in friendly(evaluate("02.3", age_plus_one))


def test_the_chapters_helper_is_not_the_answer():
    """The package's `indicators.latest_values` has no age and reads a third argument as country codes."""
    from coursekit import indicators

    assert not evaluate("02.3", indicators.latest_values).passed
    assert not evaluate("02.3", lambda rd, ind, as_of: indicators.latest_values(rd, ind, end=as_of)).passed


def test_latest_values_wrong_shapes():
    right = latest_values_right
    assert "Series" in friendly(evaluate("02.3", lambda rd, ind, y: right(rd, ind, y)["value"]))
    assert "numbered" in friendly(evaluate("02.3", lambda rd, ind, y: right(rd, ind, y).reset_index(drop=True)))
    assert "no column" in friendly(evaluate("02.3", lambda rd, ind, y: right(rd, ind, y)[["value"]]))
    assert "return" in friendly(evaluate("02.3", lambda rd, ind, y: None))
    assert "positional argument" in friendly(evaluate("02.3", lambda rd, ind: right(rd, ind, 2022)))


def test_latest_values_must_not_change_the_table():
    def destructive(rd, indicator, as_of):
        rd["value"] = rd["value"] * 2
        return latest_values_right(rd, indicator, as_of)

    assert "changed the table" in friendly(evaluate("02.3", destructive))


def test_latest_values_hard_coded_for_the_visible_inputs_fails_the_hidden_check():
    cache = {(ind, y): latest_values_right(RD, ind, y) for ind, y in ((RD_CODE, 2022), (RES_CODE, 2015))}
    cheat = lambda rd, indicator, as_of: cache.get((indicator, as_of), cache[(RD_CODE, 2022)])  # noqa: E731
    assert evaluate("02.3", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("02.3", cheat, thorough=True)


def test_latest_values_exception_names_the_learners_line_with_this_sets_hint():
    def typo(rd, indicator, as_of):
        return rd[rd["indicatr"] == indicator]

    text = friendly(evaluate("02.3", typo))
    assert "raised KeyError" in text and 'rd["indicatr"]' in text
    assert "iso3, year, indicator, value" in text  # the hint names this set's columns


# --- 02.4 ------------------------------------------------------------------------------------------
def test_no_data_members_mistakes():
    names = dict(zip(OIC["iso3"], OIC["name"]))
    assert "names" in friendly(evaluate("02.4", [names[c] for c in NO_RD]))
    assert "*do* have" in friendly(evaluate("02.4", sorted(set(MEMBERS) - set(NO_RD))))
    no_res = sorted(m for m in MEMBERS if m not in latest(RD, RES_CODE).index)
    assert "researchers" in friendly(evaluate("02.4", no_res))
    assert "not OIC members" in friendly(evaluate("02.4", NO_RD + ["FRA"]))
    assert "missing" in friendly(evaluate("02.4", NO_RD[1:]))
    assert "TUR has at least one" in friendly(evaluate("02.4", NO_RD + ["TUR"]))
    assert "more than once" in friendly(evaluate("02.4", NO_RD + NO_RD[:1]))
    assert "empty" in friendly(evaluate("02.4", []))
    assert "single text" in friendly(evaluate("02.4", "AFG"))
    assert "DataFrame" in friendly(evaluate("02.4", pd.DataFrame({"iso3": NO_RD})))


# --- 02.5 ------------------------------------------------------------------------------------------
def test_pop_share_no_recent_mistakes():
    want = RIGHT["02.5"]
    assert "Multiply by 100" in friendly(evaluate("02.5", want / 100))
    never = 100 * sum(POP22[m] for m in NO_RD) / OIC_POP22
    assert "older than 2015" in friendly(evaluate("02.5", never))
    strict = [m for m in MEMBERS if m not in LATEST_RD.index or LATEST_RD.loc[m, "year"] <= 2015]
    if set(strict) != set(NO_RECENT):
        assert "`< 2015`" in friendly(evaluate("02.5", 100 * sum(POP22[m] for m in strict) / OIC_POP22))
    assert "share of *members*" in friendly(evaluate("02.5", 100 * len(NO_RECENT) / 57))
    assert "world's population" in friendly(evaluate("02.5", 100 * sum(POP22[m] for m in NO_RECENT) / POP22["WLD"]))
    assert "between 0 and 100" in friendly(evaluate("02.5", 150.0))


# --- 02.6 and 02.7 ---------------------------------------------------------------------------------
def test_oic_rd_intensity_mistakes():
    v = [RD21[m] for m in REPORTING]
    assert "simple mean" in friendly(evaluate("02.6", float(np.mean(v))))
    assert "median" in friendly(evaluate("02.6", float(np.median(v))))
    popw = sum(RD21[m] * POP21[m] for m in REPORTING) / sum(POP21[m] for m in REPORTING)
    assert "population" in friendly(evaluate("02.6", popw))
    pcw = sum(RD21[m] * PC21[m] for m in REPORTING) / sum(PC21[m] for m in REPORTING)
    assert "*per capita*" in friendly(evaluate("02.6", pcw))
    lower = sum(RD21[m] * GDP21[m] for m in REPORTING) / sum(GDP21.values())
    assert "*all* members" in friendly(evaluate("02.6", lower))
    assert "do not multiply" in friendly(evaluate("02.6", OIC_RD_2021 * 100))
    assert not evaluate("02.6", round(OIC_RD_2021, 1)).passed or abs(round(OIC_RD_2021, 1) - OIC_RD_2021) < 0.005


def test_oic_rd_coverage_mistakes():
    assert "Multiply by 100" in friendly(evaluate("02.7", COVERAGE_2021 / 100))
    assert "share of *members*" in friendly(evaluate("02.7", 100 * len(REPORTING) / 57))
    pop_cov = 100 * sum(POP21[m] for m in REPORTING) / sum(POP21[m] for m in MEMBERS)
    assert "population" in friendly(evaluate("02.7", pop_cov))
    assert "do *not* report" in friendly(evaluate("02.7", 100 - COVERAGE_2021))


# --- 02.9 ------------------------------------------------------------------------------------------
def test_article_share_mistakes():
    assert "Multiply by 100" in friendly(evaluate("02.9", RIGHT["02.9"] / 100))
    assert "Gaza Strip" in friendly(evaluate("02.9", article_share(palestine=False)))
    assert "biological" in friendly(evaluate("02.9", article_share(field="biological_biomedical")))
    assert "World row" in friendly(evaluate("02.9", article_share(world_row=False)))
    assert "years are not right" in friendly(evaluate("02.9", RIGHT["02.9"].iloc[:-1]))
    assert "more than once" in friendly(evaluate("02.9", pd.concat([RIGHT["02.9"], RIGHT["02.9"].iloc[:1]])))
    assert "Series" in friendly(evaluate("02.9", list(RIGHT["02.9"])))
    assert "index" in friendly(evaluate("02.9", RIGHT["02.9"].rename(index=lambda y: f"y{y}")))


# --- wrong types, NaN, None, exceptions: friendly, never raising -------------------------------------
@pytest.mark.parametrize("qid", ["02.1", "02.2", "02.4", "02.5", "02.6", "02.7", "02.8", "02.9"])
@pytest.mark.parametrize(
    "bad",
    [
        None,
        float("nan"),
        "",
        "25%",
        3.5j,
        Ellipsis,
        ["x", "y"],
        {"a": 1},
        pd.Series([], dtype=float),
        pd.DataFrame(),
        True,
    ],
)
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


@pytest.mark.parametrize("bad", [None, float("nan"), "text", 42, pd.DataFrame(), pd.Series([1.0])])
def test_function_question_never_raises_on_bad_return_values(bad):
    friendly(evaluate("02.3", lambda rd, ind, as_of: bad))


def test_not_a_function_and_missing_name():
    assert "should be a function" in friendly(evaluate("02.3", 42))
    assert "`oic_rd_intensity` is not defined yet" in friendly(evaluate("02.6", namespace={}))


def test_placeholder_from_the_learner_edition():
    def latest_values(rd, indicator, as_of):
        # YOUR CODE HERE
        pass

    assert "return" in friendly(evaluate("02.3", latest_values))
    assert "placeholder" in friendly(evaluate("02.1", Ellipsis))


def test_a_broken_checker_is_reported_as_our_problem(monkeypatch):
    def broken():
        raise FileNotFoundError("data/rd_indicators.csv")

    monkeypatch.setattr(ch02, "_tables", broken)
    monkeypatch.setattr(ch02, "_agg_parts", broken)
    text = friendly(evaluate("02.6", OIC_RD_2021, agree=False))  # the self-check has no data to break
    assert "checker itself failed" in text and "not in your answer" in text


# --- expected values are computed from the data at check time ----------------------------------------
def test_expected_values_come_from_the_data(monkeypatch):
    """Double the World's population and the members' R&D values: yesterday's right answers are now wrong."""
    tables = {name: load(name) for name in ("rd_indicators", "oic_members", "countries", "publications")}
    rd = tables["rd_indicators"].copy()
    world_pop = (rd["iso3"] == "WLD") & (rd["indicator"] == POP)
    rd.loc[world_pop, "value"] *= 2
    member_rd = rd["iso3"].isin(MEMBERS) & (rd["indicator"] == RD_CODE)
    rd.loc[member_rd, "value"] *= 2
    altered = dict(tables, rd_indicators=rd)
    with data_swapped(
        monkeypatch,
        ch02,
        "_tables",
        lambda: altered,
        ch02._tables,
        ch02._latest_year,
        ch02._agg_parts_for,
        ch02._article_parts_for,
    ):
        assert not evaluate("02.1", RIGHT["02.1"], agree=False).passed
        assert evaluate("02.1", RIGHT["02.1"] / 2, agree=False).passed
        assert not evaluate("02.6", RIGHT["02.6"], agree=False).passed
        assert evaluate("02.6", 2 * RIGHT["02.6"], agree=False).passed
    assert evaluate("02.6", RIGHT["02.6"]).passed


# --- class variants: other years, indicator and field, drawn from the data -------------------------------
def variant_answers(p):
    """The answers of a class variant with parameters *p*, computed here from the data."""
    pop = values(POP, p["POP_YEAR"])
    oic_pop = sum(pop[m] for m in MEMBERS)
    gaps = latest(RD, p["IND_CODE"])
    no_data = sorted(m for m in MEMBERS if m not in gaps.index)
    no_recent = [m for m in MEMBERS if m not in gaps.index or gaps.loc[m, "year"] < p["RECENT_FROM"]]
    year = p["AGG_YEAR"]
    rd, pc, pp = values(RD_CODE, year), values(GDP_PC, year), values(POP, year)
    gdp = {m: pc[m] * pp[m] for m in MEMBERS if m in pc and m in pp}
    rep = [m for m in MEMBERS if m in rd and m in gdp]
    return {
        "02.1": 100 * oic_pop / pop["WLD"],
        "02.4": no_data,
        "02.5": 100 * sum(pop[m] for m in no_recent) / oic_pop,
        "02.6": sum(rd[m] * gdp[m] for m in rep) / sum(gdp[m] for m in rep),
        "02.7": 100 * sum(gdp[m] for m in rep) / sum(gdp.values()),
        "02.9": article_share(field=p["FIELD"]),
    }


@pytest.mark.parametrize("n", [1, 2, 5])
def test_a_class_variant_changes_every_value_answer(n):
    import graders
    from graders import _core

    with _core.variant(n):
        p = _core.params("02")
    assert p["POP_YEAR"] != 2022 and p["AGG_YEAR"] != 2021 and p["RECENT_FROM"] < p["POP_YEAR"]
    assert p["IND_CODE"] == RES_CODE and p["FIELD"] == "biological_biomedical"
    for qid, answer in variant_answers(p).items():
        assert_check(qid, answer, thorough=True, variant=n)
        with pytest.raises(CheckFailed):
            assert_check(qid, RIGHT[qid], thorough=True, variant=n)
    # 02.3 has a reporting lag in a variant: values up to as_of - LAG, their age counted from as_of
    lag = p["LAG"]
    assert lag in (1, 2)
    assert_check(
        "02.3",
        lambda rd, i, a: latest_values_right(rd, i, a - lag).assign(age=lambda t: t["age"] + lag),
        thorough=True,
        variant=n,
    )
    with pytest.raises(CheckFailed):
        assert_check("02.3", RIGHT["02.3"], thorough=True, variant=n)
    # a learner who copies the public edition's answer is told what the variant asks
    text = friendly(graders.evaluate("02.1", 100 * OIC_POP22 / POP22["WLD"], namespace={}, variant=n))
    assert "value for 2022" in text and f"use {p['POP_YEAR']}" in text
    text = friendly(graders.evaluate("02.9", RIGHT["02.9"], namespace={}, variant=n))
    assert "all science and engineering fields" in text and "biological_biomedical" in text
