"""The policy atlas: every OIC member's rule on human embryonic stem cell research, at a glance.

``stem_cell_policies`` has one row per OIC member state (and a few comparison countries): a cited
instrument and the course's coarse category where a rule was found, or the category
``no-rule-found`` with the date and the sources searched. This module puts the members in a table
by region and draws them as a grid of tiles, one per member, so that what is known and what is not
are both visible::

    from coursekit.atlas import atlas_table, draw_atlas
    table = atlas_table(load("stem_cell_policies"), load("oic_members"))
    draw_atlas(table)

Each category has its own shade *and* its own hatch (readable in greyscale); ``no-rule-found`` is
an empty tile with a dotted edge. The functions never change their inputs; a table without the
expected columns raises a ``ValueError`` that says what was expected.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.patches import Patch, Rectangle

from .data import require_columns
from .figures import OKABE_ITO

__all__ = ["CATEGORY_ORDER", "NOT_FOUND", "atlas_table", "category_counts", "draw_atlas"]

#: The course's coarse policy categories, from most to least restrictive, then "nothing found".
CATEGORY_ORDER = (
    "prohibited-by-law",
    "prohibited-by-regulation",
    "restrictive",
    "no-specific-law",
    "permissive-with-conditions",
    "permissive",
    "no-rule-found",
)
#: The category of a member for which no specific rule was found (searched, with sources recorded).
NOT_FOUND = "no-rule-found"

_STYLE = {
    "prohibited-by-law": {"facecolor": OKABE_ITO[5], "hatch": "xx"},
    "prohibited-by-regulation": {"facecolor": OKABE_ITO[1], "hatch": "//"},
    "restrictive": {"facecolor": OKABE_ITO[7], "hatch": ".."},
    "no-specific-law": {"facecolor": "#bbbbbb", "hatch": "--"},
    "permissive-with-conditions": {"facecolor": OKABE_ITO[2], "hatch": "\\\\"},
    "permissive": {"facecolor": OKABE_ITO[3], "hatch": "++"},
    NOT_FOUND: {"facecolor": "white", "hatch": "", "linestyle": ":"},
}


def atlas_table(policies: pd.DataFrame, members: pd.DataFrame) -> pd.DataFrame:
    """One row per OIC member: iso3, name, region, category (``no-rule-found`` if the table has no row)."""
    require_columns(policies, ("iso3", "category"), "the policy table", "Load it with load('stem_cell_policies').")
    require_columns(members, ("iso3", "name", "region"), "the members table", "Load it with load('oic_members').")
    category = dict(zip(policies["iso3"], policies["category"]))
    out = members[["iso3", "name", "region"]].copy()
    out["category"] = [category.get(code, NOT_FOUND) for code in out["iso3"]]
    unknown = sorted(set(out["category"]) - set(CATEGORY_ORDER))
    if unknown:
        raise ValueError(f"unknown policy categories {unknown}; expected one of {list(CATEGORY_ORDER)}")
    return out.sort_values(["region", "iso3"]).reset_index(drop=True)


def category_counts(table: pd.DataFrame) -> pd.Series:
    """Members per category, in :data:`CATEGORY_ORDER` (categories without members included, as 0)."""
    require_columns(table, ("category",), "the atlas table", "Build it with atlas_table().")
    return table["category"].value_counts().reindex(list(CATEGORY_ORDER), fill_value=0).rename("members")


def draw_atlas(table: pd.DataFrame, ax: plt.Axes | None = None, per_row: int = 11) -> plt.Axes:
    """Draw one labelled tile per member, grouped in bands by region, shaded and hatched by category."""
    require_columns(table, ("iso3", "region", "category"), "the atlas table", "Build it with atlas_table().")
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 6.5))
    y = 0.0
    for region, group in table.groupby("region", sort=True):
        codes = list(group.itertuples())
        ax.text(-0.1, y - 0.05, region, fontweight="bold", fontsize=9, va="bottom", ha="left")
        y -= 0.15
        for i, row in enumerate(codes):
            col, line = i % per_row, i // per_row
            style = dict(_STYLE[row.category])
            linestyle = style.pop("linestyle", "-")
            top = y - line * 1.1
            ax.add_patch(
                Rectangle((col * 1.1, top - 1), 1, 1, edgecolor="black", linewidth=0.8, linestyle=linestyle, **style)
            )
            ax.text(
                col * 1.1 + 0.5,
                top - 0.5,
                row.iso3,
                ha="center",
                va="center",
                fontsize=8,
                bbox={"facecolor": "white", "edgecolor": "none", "pad": 0.6, "alpha": 0.85},
            )
        y -= ((len(codes) - 1) // per_row + 1) * 1.1 + 0.45
    counts = category_counts(table)
    handles = [
        Patch(
            edgecolor="black",
            linestyle=_STYLE[c].get("linestyle", "-"),
            facecolor=_STYLE[c]["facecolor"],
            hatch=_STYLE[c]["hatch"],
            label=f"{c.replace('-', ' ')} ({counts[c]})",
        )
        for c in CATEGORY_ORDER
        if counts[c]
    ]
    ax.legend(
        handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, title="Category (members)", fontsize=9
    )
    ax.set_xlim(-0.2, per_row * 1.1)
    ax.set_ylim(y, 0.4)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
