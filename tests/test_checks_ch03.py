"""Self-checks of exercise set 03: right answers pass, each kind of wrong answer gets a specific, friendly message.

Reference answers here are computed independently of coursekit/checks/ch03.py and of coursekit.networks
(plain pandas on the pairs table).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, evaluate, friendly, question_ids

from coursekit.checks import check
from coursekit.data import load
from graders import CheckFailed, assert_check, ch03

CO = load("coauthorship")
PUB = load("publications")
PAIRS = load("coauthorship_pairs")
OIC = set(load("oic_members")["iso3"])
IDS = ["03.2", "03.3", "03.4", "03.5", "03.6", "03.7", "03.8"]


# --- independent reference answers -----------------------------------------------------------------
def count_articles(papers, method):
    out = {}
    for authors in papers:
        for c in sorted(set(authors)):
            out[c] = out.get(c, 0) + (1 if method == "whole" else authors.count(c) / len(authors))
    return out


def counting(year=2022, field="all_se"):
    w = CO[(CO["attribute"] == "total") & (CO["year"] == year) & (CO["iso3"] != "WLD")]
    f = PUB[(PUB["field"] == field) & (PUB["year"] == year)]
    t = w.merge(f[["iso3", "articles"]], on="iso3", suffixes=("", "_f")).set_index("country")
    t = pd.DataFrame({"whole": t["articles"], "fractional": t["articles_f"]})
    t["ratio"] = t["whole"] / t["fractional"]
    return t.sort_values("ratio", ascending=False)


def pair_rows(year):
    return PAIRS[(PAIRS["year"] == year) & (PAIRS["iso3_a"] != "WLD") & (PAIRS["iso3_b"] != "WLD")]


MEMBERS = sorted(set(PAIRS.loc[PAIRS["iso3_a"].isin(OIC), "country_a"]))


def partners_per_article(year):
    strength = pair_rows(year).groupby("country_a")["coauthored_articles"].sum()
    intl = CO[(CO["attribute"] == "international") & (CO["year"] == year)].set_index("country")["articles"]
    return (strength[MEMBERS] / intl[MEMBERS]).astype(float).sort_values(ascending=False)


def intra(year):
    rows = pair_rows(year)
    rows = rows[rows["country_a"].isin(MEMBERS)]
    within = rows[rows["country_b"].isin(MEMBERS)].groupby("country_a")["coauthored_articles"].sum()
    return (100 * within / rows.groupby("country_a")["coauthored_articles"].sum()).astype(float)


def isolated(year, cut):
    rows = pair_rows(year)
    keep = set(rows.loc[rows["collaboration_index"] >= cut, "country_a"])
    return sorted(set(rows["country_a"]) - keep)


EXAMPLE = [["A", "A", "B", "C"], ["A"], ["B", "A"]]
INTRA = pd.DataFrame({"share_2003": intra(2003), "share_2022": intra(2022)})


def top_broker(cut=2):
    import networkx as nx  # a plain networkx computation, not coursekit.networks

    rows = pair_rows(2022)
    rows = rows[rows["collaboration_index"] >= cut]
    G = nx.Graph()
    G.add_nodes_from(set(pair_rows(2022)["country_a"]))
    G.add_edges_from(zip(rows["country_a"], rows["country_b"]))
    between = nx.betweenness_centrality(G)
    return max(between, key=between.get)


RIGHT = {
    "03.2": count_articles,
    "03.3": counting(),
    "03.4": "c",
    "03.5": partners_per_article(2003),
    "03.6": INTRA,
    "03.7": isolated(2022, 2),
    "03.8": top_broker(),
}


# --- right answers pass -------------------------------------------------------------------------------
def test_every_set_03_question_has_a_reference_answer_here():
    assert question_ids("03.") == set(IDS)


@pytest.mark.parametrize("qid", IDS)
def test_right_answer_passes(qid):
    assert_passes(qid, RIGHT[qid])


@pytest.mark.parametrize("qid", IDS)
def test_right_answer_passes_the_hidden_thorough_check(qid):
    assert_check(qid, RIGHT[qid], thorough=True)


def test_sanity_of_the_reference_answers():
    """The data facts the chapter and the exercises rely on."""
    assert RIGHT["03.7"] == ["Canada", "United States"]
    assert count_articles(EXAMPLE, "fractional") == {"A": 2.0, "B": 0.75, "C": 0.25}
    assert (RIGHT["03.5"] > 1).all()
    assert (INTRA["share_2022"] > INTRA["share_2003"]).all()


def test_accepted_variants():
    as_series = lambda papers, method: pd.Series(count_articles(papers, method))  # noqa: E731
    assert evaluate("03.2", as_series).passed
    assert evaluate("03.3", RIGHT["03.3"].round(2).reset_index()).passed  # country as a column, rounded
    assert evaluate("03.4", " (C) ").passed
    assert evaluate("03.5", RIGHT["03.5"].to_frame("ppa")).passed  # one-column DataFrame
    assert evaluate("03.5", RIGHT["03.5"].round(2)).passed
    assert evaluate("03.6", INTRA.round(1)).passed
    assert evaluate("03.7", tuple(reversed(RIGHT["03.7"]))).passed  # any order, any sequence
    assert evaluate("03.7", pd.Index(RIGHT["03.7"])).passed
    assert evaluate("03.8", RIGHT["03.8"].upper()).passed


def test_answers_are_looked_up_by_name():
    assert evaluate("03.2", namespace={"count_articles": count_articles}).passed
    assert evaluate("03.7", namespace={"isolated_at_2": RIGHT["03.7"]}).passed
    assert "`counting_2022` is not defined yet" in friendly(evaluate("03.3", namespace={}))


# --- 03.2 counting function: each common mistake named ---------------------------------------------------
def test_counting_authors_instead_of_articles():
    def by_author(papers, method):
        out = {}
        for authors in papers:
            for c in authors:
                out[c] = out.get(c, 0) + (1 if method == "whole" else 1 / len(authors))
        return out

    assert "counted authors" in friendly(evaluate("03.2", by_author))


def test_equal_split_between_countries():
    def equal(papers, method):
        out = {}
        for authors in papers:
            for c in set(authors):
                out[c] = out.get(c, 0) + (1 if method == "whole" else 1 / len(set(authors)))
        return out

    assert "equally between its countries" in friendly(evaluate("03.2", equal))


def test_methods_swapped_or_ignored():
    swapped = lambda p, m: count_articles(p, "fractional" if m == "whole" else "whole")  # noqa: E731
    assert "`method`" in friendly(evaluate("03.2", swapped))
    ignored = lambda p, m: count_articles(p, "whole")  # noqa: E731
    assert "`method`" in friendly(evaluate("03.2", ignored))


def test_missing_country_and_wrong_return_type():
    def forgets_c(papers, method):
        return {k: v for k, v in count_articles(papers, method).items() if k != "C"}

    assert "wrong countries; missing ['C']" in friendly(evaluate("03.2", forgets_c))
    assert "dictionary" in friendly(evaluate("03.2", lambda p, m: [1, 2, 3]))
    assert "None" in friendly(evaluate("03.2", lambda p, m: None))


def test_hard_coded_example_fails_the_hidden_check():
    def cheat(papers, method):
        if papers == EXAMPLE:
            return count_articles(EXAMPLE, method)
        if len(papers) <= 3:
            return count_articles(papers, method)
        return {"A": 1}

    assert evaluate("03.2", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("03.2", cheat, thorough=True)


def test_a_function_that_changes_its_input_is_still_checked_on_fresh_copies():
    def destructive(papers, method):
        out = count_articles(papers, method)
        papers.clear()
        return out

    assert evaluate("03.2", destructive, thorough=True).passed


def test_exception_in_the_learners_function_is_reported_with_the_line():
    def broken(papers, method):
        share = 1 / 0
        return {c: share for c in papers[0]}

    text = friendly(evaluate("03.2", broken))
    assert "raised ZeroDivisionError" in text and "1 / 0" in text


# --- 03.3 the NCSES table ------------------------------------------------------------------------------------
def test_wrong_field_year_or_direction():
    bio = counting(field="biological_biomedical")
    assert "biological" in friendly(evaluate("03.3", RIGHT["03.3"].assign(fractional=bio["fractional"])))
    assert "2003" in friendly(evaluate("03.3", counting(2003)))
    inverted = RIGHT["03.3"].assign(ratio=1 / RIGHT["03.3"]["ratio"]).sort_values("ratio", ascending=False)
    assert "wrong way round" in friendly(evaluate("03.3", inverted))


def test_world_row_missing_columns_and_order():
    t = RIGHT["03.3"]
    world = pd.concat(
        [
            t,
            pd.DataFrame(
                {"whole": [1.0], "fractional": [1.0], "ratio": [1.0]}, index=pd.Index(["World"], name="country")
            ),
        ]
    )
    assert "World" in friendly(evaluate("03.3", world))
    assert "ratio" in friendly(evaluate("03.3", t.drop(columns="ratio")))
    assert "sorted" in friendly(evaluate("03.3", t.sort_index()))
    assert "numbered" in friendly(evaluate("03.3", t.reset_index(drop=True)))
    assert "Series" in friendly(evaluate("03.3", t["ratio"]))


# --- 03.4 multiple choice -------------------------------------------------------------------------------------
@pytest.mark.parametrize("letter", ["a", "b", "d"])
def test_each_wrong_option_is_explained(letter):
    assert f"Option {letter}" in friendly(evaluate("03.4", letter))


# --- 03.5 partners per article ------------------------------------------------------------------------------------
def test_partners_per_article_mistakes():
    right = RIGHT["03.5"]
    assert "2022" in friendly(evaluate("03.5", partners_per_article(2022)))
    assert "upside down" in friendly(evaluate("03.5", (1 / right).sort_values(ascending=False)))
    assert "World" in friendly(evaluate("03.5", (right + 1).sort_values(ascending=False)))
    assert "sorted" in friendly(evaluate("03.5", right.sort_index()))
    non_member = right.rename(index={right.index[0]: "Germany"})
    assert "should not be there" in friendly(evaluate("03.5", non_member))
    assert "ISO3" in friendly(evaluate("03.5", right.rename(index=dict(zip(CO["country"], CO["iso3"])))))


# --- 03.6 intra-OIC shares -------------------------------------------------------------------------------------------
def test_intra_oic_mistakes():
    assert "fraction" in friendly(evaluate("03.6", INTRA / 100))
    swapped = INTRA.rename(columns={"share_2003": "share_2022", "share_2022": "share_2003"})
    assert "swapped" in friendly(evaluate("03.6", swapped))
    intl = CO[(CO["attribute"] == "international")].set_index(["country", "year"])["articles"]
    by_intl = INTRA.copy()
    for year in (2003, 2022):
        rows = pair_rows(year)
        within = rows[rows["country_a"].isin(MEMBERS) & rows["country_b"].isin(MEMBERS)]
        num = within.groupby("country_a")["coauthored_articles"].sum()
        by_intl[f"share_{year}"] = [100 * num[c] / intl[(c, year)] for c in by_intl.index]
    assert "number of international articles" in friendly(evaluate("03.6", by_intl))
    assert "missing" in friendly(evaluate("03.6", INTRA.drop(columns="share_2003")))


# --- 03.7 and 03.8 thresholds -----------------------------------------------------------------------------------------
def test_isolated_mistakes():
    assert "empty" in friendly(evaluate("03.7", []))
    assert "2003" in friendly(evaluate("03.7", isolated(2003, 2)))
    assert "list" in friendly(evaluate("03.7", "Canada"))
    assert "lacks" in friendly(evaluate("03.7", RIGHT["03.7"][:1]))
    keepers = sorted(set(pair_rows(2022)["country_a"]) - set(RIGHT["03.7"]))
    assert "keep" in friendly(evaluate("03.7", keepers))
    assert "ISO3" in friendly(evaluate("03.7", ["CAN", "USA"]))


def test_broker_mistakes():
    assert "weighted" in friendly(
        evaluate("03.8", ch03._broker(2022, "collaboration_index", 2, "betweenness_weighted"))
    )
    assert "2003" in friendly(evaluate("03.8", ch03._broker(2003, "collaboration_index", 2)))
    assert "Cut the network" in friendly(evaluate("03.8", "United States"))
    assert "ISO3" in friendly(evaluate("03.8", "TUR"))


# --- bad types never raise ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("qid", ["03.3", "03.4", "03.5", "03.6", "03.7", "03.8"])
@pytest.mark.parametrize(
    "bad",
    [
        None,
        float("nan"),
        "",
        3.5j,
        Ellipsis,
        42,
        {"a": 1},
        np.array([1.0, 2.0]),
        pd.DataFrame(),
        pd.Series([], dtype=float),
    ],
)
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


@pytest.mark.parametrize("bad", [None, float("nan"), "text", 42, [1, 2]])
def test_counting_function_returning_bad_values(bad):
    friendly(evaluate("03.2", lambda papers, method: bad))


def test_nan_inside_a_table_is_named():
    t = RIGHT["03.3"].copy()
    t.iloc[3, 1] = np.nan
    assert "missing or not a number" in friendly(evaluate("03.3", t))
    s = RIGHT["03.5"].copy()
    s.iloc[0] = np.inf
    assert "infinite" in friendly(evaluate("03.5", s))


def test_check_prints_and_never_raises(capsys):
    assert check("03.7", ["Canada"]) is None
    out, err = capsys.readouterr()
    assert "not yet right" in err and "Traceback" not in err
    assert check("03.7", RIGHT["03.7"]) is None
    assert "well done" in capsys.readouterr().out


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Give the United States one strong tie (with Mexico): yesterday's answer to 03.7 is no longer right."""
    altered = PAIRS.copy()
    pair = {"United States", "Mexico"}
    mask = altered["country_a"].isin(pair) & altered["country_b"].isin(pair)
    altered.loc[mask, "collaboration_index"] = 5.0
    tables = dict(ch03._tables())
    tables["coauthorship_pairs"] = altered
    monkeypatch.setattr(ch03, "_tables", lambda: tables)
    assert not evaluate("03.7", RIGHT["03.7"], agree=False).passed
    assert evaluate("03.7", [c for c in RIGHT["03.7"] if c != "United States"], agree=False).passed


# --- a class variant ------------------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 2])
def test_a_class_variant_asks_about_another_year_and_another_threshold(n):
    """A variant draws its own year (03.3), network year (03.5) and threshold (03.7, 03.8) from the data;
    the public answers fail it, answers computed here with its parameters pass it."""
    import graders
    from graders import _core

    with _core.variant(n):
        p = _core.params("03")
    assert p["YEAR"] != 2022 and p["NETWORK_YEAR"] != 2003 and p["CUT"] != 2
    mine = {
        "03.3": counting(p["YEAR"]),
        "03.5": partners_per_article(p["NETWORK_YEAR"]),
        "03.7": isolated(2022, p["CUT"]),
        "03.8": top_broker(p["CUT"]),
    }
    for qid, answer in mine.items():
        assert graders.evaluate(qid, answer, thorough=True, namespace={}, variant=n).passed, qid
        assert not graders.evaluate(qid, RIGHT[qid], thorough=True, namespace={}, variant=n).passed, qid
    assert {"United States", "China"} <= set(mine["03.7"])  # as the variant's model answer of 3.9 says
    text = graders.evaluate("03.3", counting(2022), namespace={}, variant=n).message()
    assert f"That is the value for 2022; the question asks about {p['YEAR']}." in text
