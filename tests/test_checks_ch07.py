"""Self-checks of exercise set 07 ("Ethics frameworks"): right answers pass, wrong ones fail with a
specific, friendly message. Reference answers are written here independently of
coursekit/checks/ch07.py and of the exercise source."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, evaluate, friendly, question_ids

from coursekit.data import load
from graders import CheckFailed, assert_check, ch07

EVENTS = load("events")
YEAR = dict(zip(EVENTS["event_id"], EVENTS["year"]))


# --- independent reference answers -----------------------------------------------------------
def years_between(events, first, second):
    y = dict(zip(events["event_id"], events["year"]))
    return int(y[second]) - int(y[first])


def first_responses(events=EVENTS):
    origin = int(dict(zip(events["event_id"], events["year"]))["thomson-hesc"])
    out = {}
    for cat in ["ethics", "law-and-policy", "religious-ruling"]:
        rows = [
            (int(y), str(i))
            for i, y, c in zip(events["event_id"], events["year"], events["category"])
            if c == cat and y >= origin
        ]
        year, event_id = min(rows)
        out[cat] = {"event_id": event_id, "year": year, "lag": year - origin}
    return pd.DataFrame.from_dict(out, orient="index")


FIRST = first_responses()
KIND = {
    "UK Human Fertilisation and Embryology Act 1990": "law",
    "ISSCR Guidelines 2021": "non-binding guidance",
    "UNESCO Universal Declaration on Bioethics and Human Rights 2005": "non-binding guidance",
    "Muslim World League Islamic Fiqh Council Resolution 99 (2003)": "religious ruling",
    "Algeria Law 18-11 (2018)": "law",
    "Jordan Board of Iftaa' Resolution 189 (2013)": "religious ruling",
}
RIGHT = {"07.1": years_between, "07.2": FIRST, "07.3": "b", "07.4": KIND}


# --- right answers ----------------------------------------------------------------------------
def test_every_set_07_question_has_a_reference_answer_here():
    assert question_ids("07.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_the_reference_answer_is_not_trivial():
    # the three kinds of instrument answered in different years: the exercise has something to find
    assert FIRST["lag"].nunique() == 3 and (FIRST["lag"] >= 0).all()


def test_accepted_variants():
    assert evaluate("07.1", lambda e, a, b: np.int64(years_between(e, a, b))).passed
    assert evaluate("07.1", lambda e, a, b: float(years_between(e, a, b))).passed
    assert evaluate("07.2", FIRST.rename_axis("category").reset_index()).passed
    assert evaluate("07.2", FIRST.astype({"year": "Int64", "lag": "int32"})).passed
    assert evaluate("07.3", "(B)").passed
    shouty = {k.upper(): v.upper() for k, v in KIND.items()}
    assert evaluate("07.4", shouty).passed
    assert evaluate("07.4", dict(KIND, **{"ISSCR Guidelines 2021": "non binding guidance"})).passed


# --- 07.1 -------------------------------------------------------------------------------------
def test_reversed_subtraction_and_absolute_value_are_told_apart():
    assert "other way round" in friendly(evaluate("07.1", lambda e, a, b: -years_between(e, a, b)))
    assert "absolute value" in friendly(evaluate("07.1", lambda e, a, b: abs(years_between(e, a, b))))


def test_returning_a_series_or_text():
    def series(e, a, b):
        return e.loc[e["event_id"] == b, "year"] - e.loc[e["event_id"] == a, "year"].item()

    assert ".item()" in friendly(evaluate("07.1", series))
    assert "not a number" in friendly(evaluate("07.1", lambda e, a, b: str(years_between(e, a, b))))


def test_lookup_errors_get_hints_about_the_events_table():
    def wrong_column(e, a, b):
        y = e.set_index("id")["year"]
        return y[b] - y[a]

    assert "event_id" in friendly(evaluate("07.1", wrong_column))

    def empty_selection(e, a, b):
        return e[e["event"] == b]["year"].iloc[0] - e[e["event"] == a]["year"].iloc[0]

    assert "matched no rows" in friendly(evaluate("07.1", empty_selection))


def test_position_dependent_answer_fails_the_hidden_check():
    order = list(EVENTS["event_id"])

    def positional(e, a, b):  # relies on the file's row order
        return int(e["year"].iloc[order.index(b)] - e["year"].iloc[order.index(a)])

    assert evaluate("07.1", positional).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("07.1", positional, thorough=True)


# --- 07.2 -------------------------------------------------------------------------------------
def test_first_event_of_all_time_instead_of_after_1998():
    earliest = {}
    for cat in FIRST.index:
        rows = EVENTS[EVENTS["category"] == cat].sort_values("year").iloc[0]
        earliest[cat] = {"event_id": rows["event_id"], "year": rows["year"], "lag": rows["year"] - 1998}
    wrong = pd.DataFrame.from_dict(earliest, orient="index")
    assert "first event of all" in friendly(evaluate("07.2", wrong))


def test_last_event_instead_of_first():
    latest = {}
    for cat in FIRST.index:
        rows = EVENTS[EVENTS["category"] == cat].sort_values("year").iloc[-1]
        latest[cat] = {"event_id": rows["event_id"], "year": rows["year"], "lag": rows["year"] - 1998}
    assert "*last* event" in friendly(evaluate("07.2", pd.DataFrame.from_dict(latest, orient="index")))


def test_lag_sign_and_origin():
    assert "wrong sign" in friendly(evaluate("07.2", FIRST.assign(lag=-FIRST["lag"])))
    assert "year of `thomson-hesc`" in friendly(evaluate("07.2", FIRST.assign(lag=FIRST["year"] - 1964)))


def test_table_shape_problems():
    assert "numbered 0, 1, 2" in friendly(evaluate("07.2", FIRST.reset_index(drop=True)))
    extra = pd.concat([FIRST, pd.DataFrame({"event_id": ["x"], "year": [2000], "lag": [2]}, index=["science"])])
    assert "'science' should not be there" in friendly(evaluate("07.2", extra))
    assert "no row for" in friendly(evaluate("07.2", FIRST.iloc[:2]))
    assert "lag" in friendly(evaluate("07.2", FIRST.drop(columns="lag")))


def test_grader_does_not_modify_the_learners_table():
    table = FIRST.copy()
    table.index = pd.Index(list(table.index), dtype=object)
    before = table.copy()
    evaluate("07.2", table)
    pd.testing.assert_frame_equal(table, before)


# --- 07.3 and 07.4 ------------------------------------------------------------------------------
def test_multiple_choice_explains_each_option():
    assert "recommendations" in friendly(evaluate("07.3", "d"))
    assert "one letter" in friendly(evaluate("07.3", "e"))


def test_instrument_kind_mistakes_are_explained():
    wrong = dict(KIND, **{"ISSCR Guidelines 2021": "law"})
    assert "not legally binding" in friendly(evaluate("07.4", wrong))
    wrong = dict(KIND, **{"Jordan Board of Iftaa' Resolution 189 (2013)": "law"})
    assert "not a statute" in friendly(evaluate("07.4", wrong))
    assert "still empty" in friendly(evaluate("07.4", dict(KIND, **{"Algeria Law 18-11 (2018)": ...})))
    assert "not one of the three" in friendly(evaluate("07.4", dict(KIND, **{"Algeria Law 18-11 (2018)": "decree"})))
    partial = {k: v for k, v in KIND.items() if not k.startswith("UK")}
    assert "no entry" in friendly(evaluate("07.4", partial))


# --- bad input never raises; values come from the data --------------------------------------------
@pytest.mark.parametrize("qid", ["07.2", "07.3", "07.4"])
@pytest.mark.parametrize("bad", [None, float("nan"), "", 3.5j, Ellipsis, ["x", "y"], pd.DataFrame()])
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


@pytest.mark.parametrize("bad", [None, 42, "years"])
def test_function_question_rejects_non_functions(bad):
    friendly(evaluate("07.1", bad))


def test_function_returning_nothing_or_nan():
    def no_return(e, a, b):
        years_between(e, a, b)

    assert "forget `return`" in friendly(evaluate("07.1", no_return))
    assert "NaN" in friendly(evaluate("07.1", lambda e, a, b: float("nan")))


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Move the first human ES cell lines to 2001 and the right table changes."""
    moved = EVENTS.copy()
    moved.loc[moved["event_id"] == "thomson-hesc", "year"] = 2001
    monkeypatch.setattr(ch07, "_data", lambda: {"events": moved})
    assert not evaluate("07.2", FIRST, agree=False).passed
    assert evaluate("07.2", first_responses(moved), agree=False).passed
