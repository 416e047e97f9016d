"""Self-checks of exercise set 08 (Islamic bioethics): right answers pass, wrong ones fail with a
specific, friendly message, and bad input never raises.

Reference answers are written here independently of coursekit/checks/ch08.py.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, assert_prints_well_done, evaluate, friendly, question_ids

import graders
from coursekit import checks as selfcheck
from coursekit import rulings as R
from graders import CheckFailed, assert_check

PERM = R.permissions()
SUMM = R.summaries()


def allowed_sources(perm, ruling):
    return [s for r, s, st in zip(perm["ruling"], perm["source"], perm["status"]) if r == ruling and st == "permitted"]


def rulings_by_status(perm, source):
    out: dict[str, list[str]] = {}
    for r, s, st in zip(perm["ruling"], perm["source"], perm["status"]):
        if s == source:
            out.setdefault(st, []).append(r)
    return out


OMITTED = set(allowed_sources(PERM, "mwl-2003")) - set(SUMM.loc[SUMM["summarises"] == "mwl-2003", "source"])
RIGHT = {"08.2": allowed_sources, "08.3": sorted(OMITTED), "08.4": rulings_by_status, "08.5": "c"}


# --- right answers -------------------------------------------------------------------------------
def test_set_08_questions_are_registered():
    assert question_ids("08.") == set(RIGHT)


def test_the_fact_the_set_is_built_on():
    assert OMITTED == {"surplus_ivf_embryo"}


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_visible_and_hidden_checks(qid):
    assert_passes(qid, RIGHT[qid], thorough=True)


def test_right_answers_in_other_shapes_pass():
    assert evaluate("08.2", lambda p, r: set(allowed_sources(p, r))).passed
    assert evaluate("08.2", lambda p, r: pd.Series(allowed_sources(p, r), dtype="string")).passed
    assert evaluate("08.2", lambda p, r: np.array(allowed_sources(p, r), dtype=object)).passed
    assert evaluate("08.3", "surplus_ivf_embryo").passed  # a single name is fine here
    assert evaluate("08.3", pd.Index(["surplus_ivf_embryo"])).passed
    assert evaluate("08.4", lambda p, s: {k: set(v) for k, v in rulings_by_status(p, s).items()}).passed
    assert evaluate("08.4", lambda p, s: pd.Series(rulings_by_status(p, s))).passed
    assert evaluate("08.5", " (C) ").passed


def test_check_prints_to_stdout_on_success(capsys):
    assert_prints_well_done(capsys, "08.5", "c")


# --- wrong answers fail, with a specific hint ----------------------------------------------------
def test_08_2_every_addressed_source_is_not_the_permitted_ones():
    text = friendly(evaluate("08.2", lambda p, r: list(p.loc[p["ruling"] == r, "source"])))
    assert "keep only the rows whose status is 'permitted'" in text


def test_08_2_prohibited_instead_of_permitted():
    def prohibited(p, r):
        return list(p.loc[(p["ruling"] == r) & (p["status"] == "prohibited"), "source"])

    assert "prohibits" in friendly(evaluate("08.2", prohibited))


def test_08_2_no_filter_on_the_ruling():
    assert "*any* ruling" in friendly(
        evaluate("08.2", lambda p, r: sorted(set(p.loc[p["status"] == "permitted", "source"])))
    )


def test_08_2_ruling_ids_or_labels_instead_of_sources():
    assert "ruling ids" in friendly(evaluate("08.2", lambda p, r: [r]))
    labels = lambda p, r: [R.SOURCE_LABELS[s] for s in allowed_sources(p, r)]  # noqa: E731
    assert "source codes" in friendly(evaluate("08.2", labels))


def test_08_2_reports_differ_is_not_permitted():
    def loose(p, r):
        return list(p.loc[(p["ruling"] == r) & (p["status"] != "prohibited"), "source"])

    text = friendly(evaluate("08.2", loose))
    assert "malaysia-2005" in text


def test_08_2_hard_coded_answers_pass_the_visible_check_but_not_the_hidden_one():
    table = {r: allowed_sources(PERM, r) for r in ("mwl-2003", "saudi-law", "malaysia-2005")}
    cheat = lambda p, r: table.get(r, ["adult"])  # noqa: E731
    assert evaluate("08.2", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("08.2", cheat, thorough=True)


def test_08_2_a_function_that_relies_on_row_positions_fails_the_hidden_check():
    def positional(p, r):
        first = p.iloc[:5]  # the first five rows happen to be the MWL resolution in file order
        return list(first["source"]) if r == "mwl-2003" else allowed_sources(p, r)

    assert evaluate("08.2", positional).passed
    assert not evaluate("08.2", positional, thorough=True).passed


def test_08_3_wrong_sets():
    listed = sorted(set(SUMM["source"]))
    assert "*lists*" in friendly(evaluate("08.3", listed))
    assert "wrong way round" in friendly(evaluate("08.3", []))
    assert "all the sources the resolution permits" in friendly(evaluate("08.3", allowed_sources(PERM, "mwl-2003")))
    assert "code" in friendly(evaluate("08.3", [R.SOURCE_LABELS["surplus_ivf_embryo"]]))
    assert "too many" in friendly(evaluate("08.3", ["surplus_ivf_embryo", "adult"]))


def test_08_4_counts_instead_of_lists():
    counts = lambda p, s: p[p["source"] == s].groupby("status").size().to_dict()  # noqa: E731
    assert "do not count them" in friendly(evaluate("08.4", counts))


def test_08_4_not_addressed_key_and_inverted_mapping():
    def with_missing(p, s):
        out = rulings_by_status(p, s)
        out["not addressed"] = [r for r in R.rulings()["ruling"] if r not in {x for v in out.values() for x in v}]
        return out

    assert "'not addressed' is not a status" in friendly(evaluate("08.4", with_missing))
    inverted = lambda p, s: {r: st for st, rs in rulings_by_status(p, s).items() for r in rs}  # noqa: E731
    assert "ruling ids" in friendly(evaluate("08.4", inverted))


def test_08_4_wrong_membership_and_order_dependence():
    def drop_one(p, s):
        out = rulings_by_status(p, s)
        key = sorted(out)[0]
        out[key] = out[key][1:]
        return out

    assert not evaluate("08.4", drop_one).passed

    def positional(p, s):
        if s == "surplus_ivf_embryo":
            return rulings_by_status(PERM, s)  # ignores its input: right only by accident
        return rulings_by_status(p.iloc[:3], s)

    assert not evaluate("08.4", positional, thorough=True).passed


def test_08_5_explains_each_wrong_option():
    for letter, words in [("a", "zygote stage"), ("b", "forbid creating embryos"), ("d", "far later")]:
        assert words in friendly(evaluate("08.5", letter))
    assert "one letter" in friendly(evaluate("08.5", "e"))


# --- bad input: friendly, never raising --------------------------------------------------------------
@pytest.mark.parametrize("qid", ["08.3", "08.5"])
@pytest.mark.parametrize(
    "bad", [None, float("nan"), pd.NA, 3, True, 2.5j, Ellipsis, {"a": 1}, pd.DataFrame({"x": [1]})]
)
def test_value_questions_never_raise(qid, bad):
    friendly(evaluate(qid, bad))


@pytest.mark.parametrize("qid", ["08.2", "08.4"])
@pytest.mark.parametrize(
    "bad", [None, float("nan"), 42, "adult", ["adult", 3], pd.DataFrame({"x": [1]}), {"permitted": None}, {3: ["iran"]}]
)
def test_function_questions_handle_bad_return_values(qid, bad):
    friendly(evaluate(qid, lambda p, x: bad))


@pytest.mark.parametrize("qid", ["08.2", "08.4"])
def test_exceptions_in_learner_code_are_named_with_the_line(qid):
    def broken(p, x):
        return p.loc[999, "source"]  # KeyError

    text = friendly(evaluate(qid, broken))
    assert "raised KeyError" in text and "p.loc[999" in text


def test_placeholders_and_missing_names():
    def stub(p, x):
        # YOUR CODE HERE
        pass

    assert "return" in friendly(evaluate("08.2", stub))
    assert "placeholder" in friendly(evaluate("08.3", Ellipsis))
    # both sides called directly: checks_support.evaluate passes its own "missing" sentinel on as an answer
    assert "not defined yet" in friendly(graders.evaluate("08.4", namespace={}))
    assert "not defined yet" in friendly(selfcheck.evaluate("08.4", namespace={}))
    assert "should be a function" in friendly(evaluate("08.2", ["adult"]))


def test_expected_answers_come_from_the_table_at_check_time(monkeypatch):
    """Change the table: yesterday's right answer is now wrong, so nothing is hard-coded."""
    altered = R._PERMISSIONS + (("saudi-law", "child", "permitted", "test row", "arabnews_saudi_research_ethics"),)
    monkeypatch.setattr(R, "_PERMISSIONS", altered)
    frozen = {r: allowed_sources(PERM, r) for r in R.rulings()["ruling"]}
    # the self-check's keys are fixed when they are written: no data to swap
    assert not evaluate("08.2", lambda p, r: frozen[r], agree=False).passed
    assert evaluate("08.2", allowed_sources, agree=False).passed
    frozen_summary = R._SUMMARIES[0] | {"sources": ("adult", "child", "cord_placenta")}
    monkeypatch.setattr(R, "_SUMMARIES", (frozen_summary,))
    assert not evaluate("08.3", sorted(OMITTED), agree=False).passed
    assert evaluate("08.3", sorted(OMITTED | {"fetal_tissue"}), agree=False).passed


# --- a class variant: the generous reading of the table ---------------------------------------------
def generous_sources(perm, ruling):
    """A class variant's 8.2: a source is allowed if its status is "permitted" or "reports differ"."""
    return [
        s
        for r, s, st in zip(perm["ruling"], perm["source"], perm["status"])
        if r == ruling and st in ("permitted", "reports differ")
    ]


def variant_keys(n: int) -> dict:
    """The learner's key of 08.2 in variant *n*, as graders.keys writes it."""
    from coursekit.checks import QUESTIONS
    from graders import _core
    from graders.ch08 import MISTAKES
    from graders.keys import question_key

    with _core.variant(n):
        key = question_key(
            QUESTIONS["08.2"], generous_sources, MISTAKES["08.2"]({"allowed_sources": generous_sources}), "00" * 16
        )
    return {"salt": "00" * 16, "params": {}, "questions": {"08.2": key}}


@pytest.mark.parametrize("n", [1, 2, 5])
def test_a_class_variant_asks_for_the_generous_reading(n, monkeypatch):
    """In every variant 8.2 counts "reports differ" as allowed (malaysia-2005 on cloned embryos): the public
    solution fails the hidden check, the generous one passes; 8.3 calls the variant's function on
    another rule, and its answer differs from the public one."""
    from coursekit.checks import engine
    from graders import _core

    with _core.variant(n):
        p = _core.params("08")
    assert p["READING"] == "generous"
    assert set(generous_sources(PERM, "malaysia-2005")) == {"surplus_ivf_embryo", "cloned_embryo"}
    assert_check("08.2", generous_sources, thorough=True, variant=n)
    with pytest.raises(CheckFailed, match="cautious reading"):
        assert_check("08.2", allowed_sources, thorough=True, variant=n)
    assert "cautious reading" in friendly(graders.evaluate("08.2", allowed_sources, namespace={}, variant=n))
    # 8.3: the summary's sources that the variant's function does not return for the drawn rule
    listed = set(SUMM.loc[SUMM["summarises"] == "mwl-2003", "source"])
    answer = sorted(listed - set(generous_sources(PERM, p["CHECK_RULING"])))
    assert answer and set(answer) != OMITTED
    assert_check("08.3", answer, variant=n)
    with pytest.raises(CheckFailed):
        assert_check("08.3", sorted(OMITTED), variant=n)
    # the learner's visible self-check, with the variant's keys: the book's rule gets its own hint
    keys = variant_keys(n)
    monkeypatch.setattr(engine, "keys_for", lambda sid: keys if sid == "08" else None)
    assert selfcheck.evaluate("08.2", generous_sources).passed
    text = friendly(selfcheck.evaluate("08.2", allowed_sources))
    assert "malaysia-2005" in text and "cautious reading" in text and "'reports differ'" in text

    def prohibited(p_, r):
        return list(p_.loc[(p_["ruling"] == r) & (p_["status"] == "prohibited"), "source"])

    assert "*prohibits*" in friendly(selfcheck.evaluate("08.2", prohibited))
