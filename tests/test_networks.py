"""coursekit.networks: the network the chapter, its exercises and their checks all build."""

from __future__ import annotations

import math

import matplotlib
import networkx as nx
import pandas as pd
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from coursekit.data import load  # noqa: E402
from coursekit.networks import (
    centrality_table,
    circle_layout,
    draw_network,
    pairs_to_graph,  # noqa: E402
    top_k_backbone,
    world_regions,
)

PAIRS = load("coauthorship_pairs")


def tiny(rows, year=2022):
    """A small pairs table in the course's format; rows = (a, b, articles, index), both directions added."""
    out = []
    iso = lambda name: name[:3].upper()  # noqa: E731
    for a, b, articles, index in rows:
        for x, y in ((a, b), (b, a)):
            out.append(
                {
                    "country_a": x,
                    "iso3_a": "WLD" if x == "World" else iso(x),
                    "country_b": y,
                    "iso3_b": "WLD" if y == "World" else iso(y),
                    "year": year,
                    "coauthored_articles": articles,
                    "collaboration_index": index,
                }
            )
    return pd.DataFrame(out)


STAR = tiny(
    [
        ("Hub", "Aaa", 10, 2.0),
        ("Hub", "Bbb", 20, 1.0),
        ("Hub", "Ccc", 30, 0.5),
        ("Aaa", "Bbb", 0, 0.0),
        ("Hub", "World", 50, float("nan")),
        ("World", "World", 100, float("nan")),
    ]
)


# --- pairs_to_graph on the real data --------------------------------------------------------------
def test_real_network_has_every_country_and_no_world():
    countries = set(PAIRS["country_a"]) - {"World"}
    for year in (2003, 2022):
        G = pairs_to_graph(PAIRS, year)
        assert set(G.nodes) == countries and "World" not in G
        assert all(G.nodes[c]["iso3"] != "WLD" for c in G)


def test_edge_weights_match_the_table_in_both_directions():
    G = pairs_to_graph(PAIRS, 2022)
    rows = PAIRS[(PAIRS["year"] == 2022) & (PAIRS["country_a"] == "Egypt") & (PAIRS["country_b"] == "Saudi Arabia")]
    edge = G.edges["Saudi Arabia", "Egypt"]
    assert edge["coauthored_articles"] == rows["coauthored_articles"].item() == edge["weight"]
    assert math.isclose(edge["collaboration_index"], rows["collaboration_index"].item())
    assert math.isclose(edge["distance"], 1 / edge["weight"])


def test_pairs_without_articles_get_no_edge():
    zero = PAIRS[(PAIRS["year"] == 2003) & (PAIRS["coauthored_articles"] == 0)]
    assert len(zero) > 0
    G = pairs_to_graph(PAIRS, 2003)
    a, b = zero.iloc[0][["country_a", "country_b"]]
    assert not G.has_edge(a, b)
    n = G.number_of_nodes()
    assert G.number_of_edges() == n * (n - 1) // 2 - len(zero) // 2


def test_weight_by_index_and_threshold_keep_isolated_countries():
    G = pairs_to_graph(PAIRS, 2022, weight="collaboration_index", min_weight=2)
    assert G.graph == {"year": 2022, "weight": "collaboration_index", "min_weight": 2}
    assert all(d["weight"] >= 2 and d["weight"] == d["collaboration_index"] for *_, d in G.edges(data=True))
    assert G.number_of_nodes() == pairs_to_graph(PAIRS, 2022).number_of_nodes()
    assert list(nx.isolates(G)), "some countries lose every partner at an index of 2"


def test_threshold_is_inclusive():
    G = pairs_to_graph(STAR, 2022, min_weight=20)
    assert set(G.edges) == {("Hub", "Bbb"), ("Hub", "Ccc")}
    assert "Aaa" in G and G.degree("Aaa") == 0


def test_year_may_be_a_whole_float_or_numpy_integer():
    import numpy as np

    assert pairs_to_graph(STAR, 2022.0).number_of_edges() == pairs_to_graph(STAR, np.int64(2022)).number_of_edges() == 3


# --- bad input: clear messages ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        ({"year": 1999}, ValueError, "no rows for 1999; its years are 2003, 2022"),
        ({"year": "2022"}, TypeError, "whole number"),
        ({"year": 2022.5}, TypeError, "whole number"),
        ({"year": 2022, "weight": "articles"}, ValueError, "weight must be one of"),
        ({"year": 2022, "min_weight": "2"}, TypeError, "min_weight must be a number"),
        ({"year": 2022, "min_weight": float("nan")}, TypeError, "min_weight must be a number"),
    ],
)
def test_bad_arguments_are_explained(kwargs, error, words):
    with pytest.raises(error, match=words):
        pairs_to_graph(PAIRS, **kwargs)


def test_not_a_dataframe_or_missing_columns():
    with pytest.raises(TypeError, match="DataFrame"):
        pairs_to_graph([1, 2], 2022)
    with pytest.raises(ValueError, match="lacks the column.*collaboration_index"):
        pairs_to_graph(PAIRS.drop(columns="collaboration_index"), 2022)


def test_asymmetric_table_names_the_pair():
    broken = STAR.copy()
    broken.loc[(broken["country_a"] == "Bbb") & (broken["country_b"] == "Hub"), "coauthored_articles"] = 21
    with pytest.raises(ValueError, match="not symmetric.*Hub.*Bbb|not symmetric.*Bbb.*Hub"):
        pairs_to_graph(broken, 2022)


def test_index_weight_with_a_missing_value_is_reported():
    broken = STAR.copy()
    broken.loc[broken["country_b"].isin(["Ccc"]) | broken["country_a"].isin(["Ccc"]), "collaboration_index"] = float(
        "nan"
    )
    with pytest.raises(ValueError, match="no usable collaboration_index"):
        pairs_to_graph(broken, 2022, weight="collaboration_index")


# --- centrality_table ------------------------------------------------------------------------------
def test_centrality_of_a_star():
    table = centrality_table(pairs_to_graph(STAR, 2022))
    assert list(table.columns) == ["partners", "strength", "betweenness", "betweenness_weighted"]
    assert table.index[0] == "Hub"
    assert table.loc["Hub", "partners"] == 3 and table.loc["Hub", "strength"] == 60
    assert table.loc["Hub", "betweenness"] == 1.0  # every path between leaves passes the hub
    assert (table.drop(index="Hub")["betweenness"] == 0).all()
    assert table["strength"].is_monotonic_decreasing


def test_complete_network_has_zero_unweighted_betweenness():
    table = centrality_table(pairs_to_graph(PAIRS, 2022))
    assert (table["betweenness"] == 0).all()
    assert (table["partners"] == len(table) - 1).all()
    assert table["betweenness_weighted"].max() > 0


def test_centrality_table_rejects_a_non_graph():
    with pytest.raises(TypeError, match="networkx Graph"):
        centrality_table(PAIRS)


# --- backbone, regions, layout, drawing ----------------------------------------------------------------
def test_top_k_backbone_keeps_each_countrys_strongest_partners():
    G = pairs_to_graph(PAIRS, 2022)
    H = top_k_backbone(G, k=1)
    assert set(H.nodes) == set(G.nodes)
    for node in G:
        best = max(G[node], key=lambda other: G.edges[node, other]["weight"])
        assert H.has_edge(node, best)
    assert H.number_of_edges() <= G.number_of_nodes()
    with pytest.raises(ValueError, match="at least 1"):
        top_k_backbone(G, k=0)


def test_world_regions_climb_to_the_top_level():
    regions = world_regions(load("publications"))
    assert regions["DEU"] == "Europe" and regions["EGY"] == "Africa" and regions["SAU"] == "Middle East"
    assert "WLD" not in regions
    countries = set(PAIRS["iso3_a"]) - {"WLD"}
    assert countries <= set(regions)
    with pytest.raises(ValueError, match="publications"):
        world_regions(PAIRS)


def test_circle_layout_is_deterministic_and_on_the_unit_circle():
    pos = circle_layout(["a", "b", "c", "d"])
    assert pos == circle_layout(["a", "b", "c", "d"])
    assert all(math.isclose(x * x + y * y, 1) for x, y in pos.values())
    assert math.isclose(pos["a"][1], 1)  # first node at the top


def test_draw_network_marks_highlighted_nodes_by_shape():
    G = pairs_to_graph(STAR, 2022)
    fig, ax = plt.subplots()
    try:
        pos = draw_network(G, ax, highlight=["Hub"])
        assert set(pos) == set(G.nodes)
        texts = {t.get_text() for t in ax.texts}
        assert {"HUB", "AAA"} <= texts
        # two node collections: circles for the others, triangles for the highlighted
        assert len(ax.collections) >= 3
    finally:
        plt.close(fig)
