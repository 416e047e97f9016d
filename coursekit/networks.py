"""Collaboration networks built from the NCSES country-pair table.

One function turns the table ``load("coauthorship_pairs")`` into a weighted,
undirected :mod:`networkx` graph, so that a chapter, its exercise set and the
exercise checkers all build *the same* network::

    from coursekit.data import load
    from coursekit.networks import pairs_to_graph, centrality_table

    pairs = load("coauthorship_pairs")
    G = pairs_to_graph(pairs, 2022)                        # weight = co-authored articles
    G_ic = pairs_to_graph(pairs, 2022, weight="collaboration_index", min_weight=2)
    centrality_table(G).head()

Conventions (stated here once, because they change what centrality means):

* A node is a country of the table (the pseudo-country ``World`` is left out).
  Every country stays in the graph, even when a threshold leaves it without a
  partner, so that thresholding shows who drops out.
* An edge joins two countries that co-authored at least one article in that year
  (pairs with 0 articles get no edge). Each edge carries both measures,
  ``coauthored_articles`` (whole count) and ``collaboration_index`` (1 = as much as
  expected from the two countries' international output), plus ``weight`` (the
  measure chosen with *weight*) and ``distance = 1 / weight`` (for shortest paths:
  a strong tie is a short road).
* *min_weight* keeps only the edges whose weight is at least that value.

Bad input raises ``ValueError`` or ``TypeError`` with a message that says what to
change (for example, a year that is not in the table lists the years that are).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

import networkx as nx
import pandas as pd

__all__ = [
    "WEIGHTS",
    "pairs_to_graph",
    "centrality_table",
    "top_k_backbone",
    "world_regions",
    "circle_layout",
    "draw_network",
]

#: The two measures an edge can be weighted by.
WEIGHTS = ("coauthored_articles", "collaboration_index")
_COLUMNS = ("country_a", "iso3_a", "country_b", "iso3_b", "year", "coauthored_articles", "collaboration_index")
_WORLD = "WLD"


def pairs_to_graph(
    pairs: pd.DataFrame, year: int, weight: str = "coauthored_articles", *, min_weight: float | None = None
) -> nx.Graph:
    """Build the weighted collaboration network of one *year* from the country-pair table.

    Parameters
    ----------
    pairs : DataFrame
        A table like ``load("coauthorship_pairs")``: one row per ordered country pair and year.
    year : int
        A year present in the table (2003 or 2022 in the course data).
    weight : {"coauthored_articles", "collaboration_index"}
        The measure stored as each edge's ``weight`` (both are always stored under their own names).
    min_weight : number, optional
        Keep only edges whose weight is at least this value (a threshold). Countries left
        without a partner stay in the graph as isolated nodes.

    Returns
    -------
    networkx.Graph
        Nodes are country names (attribute ``iso3``); ``G.graph`` records year, weight and
        min_weight.
    """
    if not isinstance(pairs, pd.DataFrame):
        raise TypeError(
            f"pairs_to_graph needs the country-pair table as a pandas DataFrame, e.g. "
            f"load('coauthorship_pairs'); got {type(pairs).__name__}"
        )
    missing = [c for c in _COLUMNS if c not in pairs.columns]
    if missing:
        raise ValueError(
            f"the pairs table lacks the column(s) {', '.join(missing)}; pass the table "
            "returned by load('coauthorship_pairs')"
        )
    if weight not in WEIGHTS:
        raise ValueError(f"weight must be one of {', '.join(map(repr, WEIGHTS))}; got {weight!r}")
    if isinstance(year, bool) or not isinstance(year, numbers.Integral):
        if isinstance(year, numbers.Real) and not isinstance(year, bool) and float(year).is_integer():
            year = int(year)
        else:
            raise TypeError(f"year must be a whole number such as 2022; got {year!r}")
    years = sorted(int(y) for y in pd.unique(pairs["year"].dropna()))
    if int(year) not in years:
        raise ValueError(
            f"the pairs table has no rows for {year}; its years are {', '.join(map(str, years)) or 'none'}"
        )
    if min_weight is not None:
        if isinstance(min_weight, bool) or not isinstance(min_weight, numbers.Real) or math.isnan(min_weight):
            raise TypeError(f"min_weight must be a number or None; got {min_weight!r}")

    rows = pairs[(pairs["year"] == year) & (pairs["iso3_a"] != _WORLD) & (pairs["iso3_b"] != _WORLD)]
    G = nx.Graph(year=int(year), weight=weight, min_weight=min_weight)
    for name, iso in _nodes(rows):
        G.add_node(name, iso3=iso)

    seen: dict[frozenset, tuple] = {}
    columns = ("country_a", "country_b", "coauthored_articles", "collaboration_index")
    # Plain lists: walking pandas' string columns element by element is several times slower.
    for a, b, articles, index in zip(*(rows[c].astype(object).tolist() for c in columns)):
        a, b = str(a), str(b)
        if a == b:
            continue
        articles = _value(articles)
        index = _value(index)
        key = frozenset((a, b))
        if key in seen:
            if not (_same(seen[key][0], articles) and _same(seen[key][1], index)):
                raise ValueError(
                    f"the pairs table is not symmetric for {year}: {a}–{b} has "
                    f"{seen[key][0]} articles / index {seen[key][1]} one way and {articles} / "
                    f"{index} the other"
                )
            continue
        seen[key] = (articles, index)
        if not articles or articles <= 0:
            continue  # no co-authored article: no collaboration recorded, no edge
        w = articles if weight == "coauthored_articles" else index
        if w is None or w <= 0:
            raise ValueError(f"the pair {a}–{b} ({year}) has no usable {weight} ({w!r})")
        if min_weight is not None and w < min_weight:
            continue
        G.add_edge(a, b, coauthored_articles=articles, collaboration_index=index, weight=w, distance=1.0 / w)
    return G


def _nodes(rows: pd.DataFrame) -> list[tuple[str, str]]:
    """Countries in first-appearance order (the table's own order), with their ISO3 codes."""
    both = pd.concat(
        [
            rows[["country_a", "iso3_a"]].set_axis(["country", "iso3"], axis=1),
            rows[["country_b", "iso3_b"]].set_axis(["country", "iso3"], axis=1),
        ]
    )
    both = both.drop_duplicates("country")
    return [(str(c), str(i)) for c, i in both.itertuples(index=False)]


def _value(x) -> float | None:
    if x is None or x is pd.NA:
        return None
    x = float(x)
    return None if math.isnan(x) else x


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def centrality_table(G: nx.Graph) -> pd.DataFrame:
    """Degree, strength and betweenness of every node, strongest first.

    Columns:

    ``partners``
        degree: the number of countries it has an edge with;
    ``strength``
        weighted degree: the sum of the weights of its edges (for article weights, the
        sum of its pair counts, which exceeds its number of international articles because
        an article with three countries counts for two pairs);
    ``betweenness``
        the share of shortest paths between other countries that pass through it, counting
        every edge as one step (normalised, 0 to 1);
    ``betweenness_weighted``
        the same with each edge's ``distance`` (1 / weight) as its length, so paths run along
        strong ties.
    """
    if not isinstance(G, nx.Graph):
        raise TypeError(f"centrality_table needs a networkx Graph (from pairs_to_graph); got {type(G).__name__}")
    nodes = list(G.nodes)
    table = pd.DataFrame(
        {
            "partners": pd.Series(dict(G.degree()), dtype="int64"),
            "strength": pd.Series(dict(G.degree(weight="weight")), dtype="float64"),
            "betweenness": pd.Series(nx.betweenness_centrality(G), dtype="float64"),
            "betweenness_weighted": pd.Series(nx.betweenness_centrality(G, weight="distance"), dtype="float64"),
        },
        index=pd.Index(nodes, name="country"),
    )
    return table.sort_values(["strength", "partners"], ascending=False, kind="mergesort")


def top_k_backbone(G: nx.Graph, k: int = 2) -> nx.Graph:
    """Keep, for every country, the edges to its *k* strongest partners (the union over countries).

    A common way to draw a dense network legibly; like any threshold it is a choice that
    changes the picture. All nodes are kept.
    """
    if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
        raise ValueError(f"k must be a whole number of at least 1; got {k!r}")
    H = nx.Graph(**G.graph, backbone_k=int(k))
    H.add_nodes_from(G.nodes(data=True))
    for node in G.nodes:
        strongest = sorted(G[node].items(), key=lambda item: (-item[1]["weight"], item[0]))[:k]
        for other, attrs in strongest:
            H.add_edge(node, other, **attrs)
    return H


def world_regions(publications: pd.DataFrame) -> dict[str, str]:
    """ISO3 code -> NCSES world region (Africa, Asia, Europe, ...), from ``load("publications")``.

    Climbs each economy's ``parent`` chain to the region just below ``World`` (so Germany, in
    EU-27, maps to Europe). Used to order countries around a circle so that neighbours share a region.
    """
    missing = [c for c in ("country", "iso3", "parent") if c not in getattr(publications, "columns", ())]
    if missing:
        raise ValueError(f"world_regions needs load('publications'); the table lacks {', '.join(missing)}")
    parent = {
        str(c): (p if isinstance(p, str) else None)
        for c, p in zip(publications["country"], publications["parent"].astype(object))
    }
    out: dict[str, str] = {}
    for country, iso in zip(publications["country"].astype(str), publications["iso3"]):
        if iso is pd.NA or not isinstance(iso, str) or iso in out:
            continue
        node, steps = country, 0
        while parent.get(node) not in (None, "World") and steps < 10:
            node, steps = parent[node], steps + 1
        if parent.get(node) == "World":
            out[iso] = node
    return out


def circle_layout(nodes: Iterable[str]) -> dict[str, tuple[float, float]]:
    """Positions on a circle in the given order (deterministic, unlike force-directed layouts)."""
    nodes = list(nodes)
    n = max(len(nodes), 1)
    return {
        node: (math.cos(math.pi / 2 - 2 * math.pi * i / n), math.sin(math.pi / 2 - 2 * math.pi * i / n))
        for i, node in enumerate(nodes)
    }


def draw_network(
    G: nx.Graph,
    ax,
    *,
    highlight: Iterable[str] = (),
    pos: dict | None = None,
    max_width: float = 6.0,
    label: str = "iso3",
    node_size: float = 120.0,
) -> dict:
    """Draw *G* on *ax*, readable in greyscale; return the node positions.

    Nodes in *highlight* (e.g. OIC members) are filled black triangles, the others white
    circles with a black edge, so the distinction never rests on colour. Edge widths are
    proportional to ``weight`` (the heaviest edge gets *max_width* points); nodes are labelled
    with their ISO3 code (``label="iso3"``) or name (``label="name"``).
    """
    if pos is None:
        pos = circle_layout(G.nodes)
    marked = set(highlight)
    weights = [d["weight"] for _, _, d in G.edges(data=True)]
    top = max(weights) if weights else 1.0
    edges = sorted(G.edges(data=True), key=lambda e: e[2]["weight"])  # heavy edges drawn last, on top
    nx.draw_networkx_edges(
        G,
        pos,
        ax=ax,
        edgelist=[(a, b) for a, b, _ in edges],
        width=[0.3 + max_width * d["weight"] / top for _, _, d in edges],
        edge_color="0.45",
        alpha=0.75,
    )
    others = [n for n in G.nodes if n not in marked]
    ours = [n for n in G.nodes if n in marked]
    nx.draw_networkx_nodes(
        G,
        pos,
        ax=ax,
        nodelist=others,
        node_shape="o",
        node_color="white",
        edgecolors="black",
        linewidths=1.0,
        node_size=node_size,
    )
    nx.draw_networkx_nodes(
        G,
        pos,
        ax=ax,
        nodelist=ours,
        node_shape="^",
        node_color="black",
        edgecolors="black",
        linewidths=1.0,
        node_size=node_size * 1.3,
    )
    for node, (x, y) in pos.items():
        if node not in G:
            continue
        text = G.nodes[node].get("iso3", node) if label == "iso3" else node
        r = math.hypot(x, y) or 1.0
        ha = "left" if x / r > 0.3 else "right" if x / r < -0.3 else "center"
        ax.annotate(
            text,
            (x, y),
            xytext=(9 * x / r, 9 * y / r),
            textcoords="offset points",
            ha=ha,
            va="center",
            fontsize=7.5,
            fontweight="bold" if node in marked else "normal",
        )
    ax.set_aspect("equal")
    ax.axis("off")
    return pos
