"""Cited timelines drawn from the course's events table (``load("events")``).

Two chapters draw a timeline of milestones: the science of stem cells (chapter 6)
and the ethics instruments that govern it (chapter 7). Both do it in two steps::

    from coursekit.timeline import event_table, draw_timeline
    table = event_table(events, categories=["science", "ethics"])   # numbered, sorted, cited
    draw_timeline(table)                                              # one lane per category
    table                                                             # the key: no, year, event, citation

Every event in the table keeps its ``citation`` key, and the figure marks each event
only with its number, so the printed table is the figure's key *and* its list of
sources. The figure reads in greyscale: each category has its own lane, named on the
vertical axis, and its own marker shape; colour only repeats what shape and position
already say. Events that would overlap within a lane are stacked.
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import pandas as pd

from .figures import MARKERS, OKABE_ITO

__all__ = ["CATEGORY_LABELS", "TimelineError", "event_table", "draw_timeline"]

#: Reading order of the lanes and the label of each category on the figure.
CATEGORY_LABELS = {
    "science": "Science",
    "ethics": "Ethics instruments",
    "law-and-policy": "Law and policy",
    "religious-ruling": "Religious rulings",
    "institution": "Institutions",
}
_REQUIRED = ("event_id", "year", "category", "event", "citation")
_TABLE_COLUMNS = ("no", "year", "category", "event", "citation")


class TimelineError(ValueError):
    """The events or the request cannot make a timeline (the message says why)."""


def _as_list(categories: str | Iterable[str] | None) -> list[str] | None:
    if categories is None:
        return None
    if isinstance(categories, str):
        return [categories]
    return [str(c) for c in categories]


def event_table(
    events: pd.DataFrame,
    categories: str | Iterable[str] | None = None,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """The events to draw: filtered, in date order and numbered from 1.

    *events* is the table from ``load("events")``. *categories* keeps only those
    categories (one name or a list); *start* and *end* keep years in that range,
    both ends included. The result has the columns ``no, year, category, event,
    citation`` (plus ``caveat`` where any kept row has one), one row per event,
    sorted by year, then exact date where known, then ``event_id``.
    """
    if not isinstance(events, pd.DataFrame):
        raise TimelineError(f"event_table needs the events DataFrame from load('events'), not {type(events).__name__}.")
    missing = [c for c in _REQUIRED if c not in events.columns]
    if missing:
        raise TimelineError(
            f"The events table lacks the column(s) {', '.join(missing)}; use the table from load('events')."
        )
    wanted = _as_list(categories)
    rows = events
    if wanted is not None:
        known = sorted(set(events["category"].dropna().astype(str)) | set(CATEGORY_LABELS))
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise TimelineError(f"Unknown category {unknown[0]!r}; the categories are {', '.join(known)}.")
        rows = rows[rows["category"].isin(wanted)]
    if start is not None:
        rows = rows[rows["year"] >= start]
    if end is not None:
        rows = rows[rows["year"] <= end]
    sort_cols = ["year", "date", "event_id"] if "date" in rows.columns else ["year", "event_id"]
    rows = rows.sort_values(sort_cols, na_position="last", kind="stable").reset_index(drop=True)
    table = rows[list(_TABLE_COLUMNS[1:])].copy()
    table.insert(0, "no", range(1, len(table) + 1))
    if "caveat" in rows.columns and rows["caveat"].notna().any():
        table["caveat"] = rows["caveat"].fillna("")
    return table


def _levels(years: list[int], min_gap: float) -> list[int]:
    """Stack level of each event (in year order) so that events on one level are >= min_gap apart."""
    last: list[float] = []
    out = []
    for year in years:
        for k, prev in enumerate(last):
            if year - prev >= min_gap:
                last[k] = year
                out.append(k)
                break
        else:
            last.append(year)
            out.append(len(last) - 1)
    return out


def _style_index(category: str, lanes: list[str]) -> int:
    """A category keeps its marker and colour in every figure of the course."""
    known = list(CATEGORY_LABELS)
    if category in known:
        return known.index(category)
    return len(known) + [c for c in lanes if c not in known].index(category)


def draw_timeline(
    table: pd.DataFrame,
    ax: plt.Axes | None = None,
    *,
    categories: Iterable[str] | None = None,
    min_gap: float = 3.0,
    fontsize: float = 8,
) -> plt.Axes:
    """Draw *table* (from :func:`event_table`) as a numbered timeline, one lane per category.

    Each event is a marker at its year, labelled with its number ``no``. Lanes are in
    the order of *categories* (default: the order of :data:`CATEGORY_LABELS`, only the
    categories present). Events closer than *min_gap* years in one lane are stacked.
    Returns the axes.
    """
    if not isinstance(table, pd.DataFrame) or not {"no", "year", "category"} <= set(table.columns):
        raise TimelineError("draw_timeline needs the numbered table from event_table(...).")
    if table.empty:
        raise TimelineError("There are no events to draw: the filter kept no rows.")
    present = list(dict.fromkeys(table["category"].astype(str)))
    lanes = _as_list(categories) or [c for c in CATEGORY_LABELS if c in present] + [
        c for c in present if c not in CATEGORY_LABELS
    ]
    lost = [c for c in present if c not in lanes]
    if lost:
        raise TimelineError(f"The table has events in {', '.join(lost)}, which has no lane; add it to categories.")
    if ax is None:
        n = len(table)
        _, ax = plt.subplots(figsize=(8, 1.2 + 0.55 * len(lanes) + 0.04 * n))

    step, gap = 0.3, 0.55
    base = 0.0
    ticks, labels = [], []
    for category in lanes:
        part = table[table["category"].astype(str) == category].sort_values(["year", "no"])
        if part.empty:
            continue
        levels = _levels([int(y) for y in part["year"]], min_gap)
        ax.axhline(base, color="0.8", linewidth=0.8, zorder=1)
        ys = [base + step * k for k in levels]
        k = _style_index(category, lanes)
        ax.scatter(
            part["year"].astype(float),
            ys,
            marker=MARKERS[k % len(MARKERS)],
            s=46,
            color=OKABE_ITO[k % len(OKABE_ITO)],
            edgecolors="black",
            linewidths=0.7,
            zorder=3,
            label=CATEGORY_LABELS.get(category, category),
        )
        for (_, row), y in zip(part.iterrows(), ys):
            ax.annotate(
                str(row["no"]),
                (float(row["year"]), y),
                xytext=(5, 0),
                textcoords="offset points",
                va="center",
                ha="left",
                fontsize=fontsize,
                color="black",
                zorder=4,
            )
        ticks.append(base)
        labels.append(CATEGORY_LABELS.get(category, category))
        base += step * max(levels) + gap
    ax.set_yticks(ticks, labels)
    ax.set_ylim(base - gap + 0.35, -0.35)  # first lane at the top
    first, last = int(table["year"].min()), int(table["year"].max())
    ax.set_xlim(first - 2, last + 3)
    ax.set_xlabel("Year")
    ax.grid(axis="y", visible=False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    return ax
