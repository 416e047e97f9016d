"""coursekit.timeline: the cited, numbered timelines of chapters 6 and 7."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from coursekit.data import load  # noqa: E402
from coursekit.timeline import CATEGORY_LABELS, TimelineError, draw_timeline, event_table  # noqa: E402

EVENTS = load("events")


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def toy():
    return pd.DataFrame(
        {
            "event_id": ["c", "a", "b", "d"],
            "year": [2001, 2001, 1990, 2001],
            "date": [None, "2001-05", None, "2001-01"],
            "category": ["science", "ethics", "science", "science"],
            "event": ["C", "A", "B", "D"],
            "citation": ["k3", "k1", "k2", "k4"],
            "caveat": [None, None, "check the number", None],
        }
    )


# --- event_table --------------------------------------------------------------------------------
def test_filters_sorts_and_numbers():
    t = event_table(toy(), categories="science")
    assert list(t["event"]) == ["B", "D", "C"]  # year, then exact date (known first), then id
    assert list(t["no"]) == [1, 2, 3]
    assert list(t.columns[:5]) == ["no", "year", "category", "event", "citation"]
    assert list(t["caveat"]) == ["check the number", "", ""]


def test_year_range_includes_both_ends():
    t = event_table(toy(), start=1990, end=2001)
    assert len(t) == 4
    assert list(event_table(toy(), start=1991)["event"]) == ["D", "A", "C"]


def test_every_row_keeps_its_citation():
    t = event_table(EVENTS, categories=["science", "ethics"])
    merged = t.merge(EVENTS, on=["year", "event"], suffixes=("", "_src"))
    assert len(merged) == len(t)
    assert (merged["citation"] == merged["citation_src"]).all()
    assert set(t["category"]) == {"science", "ethics"}
    assert t["year"].is_monotonic_increasing


def test_unknown_category_and_bad_input_give_clear_errors():
    with pytest.raises(TimelineError, match="Unknown category 'sciense'.*science"):
        event_table(EVENTS, categories=["sciense"])
    with pytest.raises(TimelineError, match="lacks the column.*citation"):
        event_table(EVENTS.drop(columns="citation"))
    with pytest.raises(TimelineError, match="DataFrame"):
        event_table("events")


def test_no_caveat_column_when_no_row_has_one():
    t = event_table(EVENTS, categories="science")
    assert "caveat" not in t.columns


# --- draw_timeline --------------------------------------------------------------------------------
def test_draws_one_numbered_marker_per_event_in_named_lanes():
    t = event_table(EVENTS, categories=["ethics", "law-and-policy", "religious-ruling"])
    ax = draw_timeline(t)
    points = sum(len(c.get_offsets()) for c in ax.collections)
    assert points == len(t)
    labels = sorted(int(txt.get_text()) for txt in ax.texts)
    assert labels == list(range(1, len(t) + 1))
    assert [tick.get_text() for tick in ax.get_yticklabels()] == [
        CATEGORY_LABELS["ethics"],
        CATEGORY_LABELS["law-and-policy"],
        CATEGORY_LABELS["religious-ruling"],
    ]


def test_lanes_use_distinct_marker_shapes_for_greyscale():
    ax = draw_timeline(event_table(EVENTS, categories=["science", "ethics"]))
    paths = [c.get_paths()[0].vertices.round(3).tobytes() for c in ax.collections]
    assert len(set(paths)) == 2


def test_a_category_keeps_its_marker_across_figures():
    a = draw_timeline(event_table(EVENTS, categories=["science", "ethics"]))
    b = draw_timeline(event_table(EVENTS, categories=["ethics", "law-and-policy"]))
    ethics_a = a.collections[1].get_paths()[0].vertices.round(3).tobytes()
    ethics_b = b.collections[0].get_paths()[0].vertices.round(3).tobytes()
    assert ethics_a == ethics_b


def test_close_events_in_one_lane_are_stacked_not_overlapping():
    ax = draw_timeline(event_table(toy(), categories="science"))
    xy = ax.collections[0].get_offsets()
    same_year = [tuple(p) for p in xy if p[0] == 2001]
    assert len(same_year) == 2 and same_year[0][1] != same_year[1][1]


def test_draw_errors_are_clear():
    with pytest.raises(TimelineError, match="no events"):
        draw_timeline(event_table(EVENTS, categories="science", start=2090))
    with pytest.raises(TimelineError, match="event_table"):
        draw_timeline(EVENTS)
    with pytest.raises(TimelineError, match="no lane"):
        draw_timeline(event_table(EVENTS, categories=["science", "ethics"]), categories=["science"])
