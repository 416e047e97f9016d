"""The learners' self-checks: right answers pass; every kind of wrong answer gets a friendly message.

"Friendly" means: `check` never raises, prints no traceback, says what is wrong and gives a hint.
Reference answers here are written independently of coursekit/checks/ and of the exercise source.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from checks_support import assert_passes, assert_prints_well_done, data_swapped, evaluate, friendly, question_ids

from coursekit.checks import check
from coursekit.data import load
from graders import CheckFailed, assert_check
from graders import ch01 as checks  # the set-01 checkers and their data helpers

CO = load("coauthorship")
OIC = load("oic_members")


# --- independent reference answers -----------------------------------------------------------
def share(df, country, year):
    sub = df[(df["country"] == country) & (df["year"] == year)]
    intl = sub.loc[sub["attribute"] == "international", "articles"].item()
    return 100 * intl / sub.loc[sub["attribute"] == "total", "articles"].item()


def oic_table(first=2003, last=2022):
    names = sorted(set(CO.loc[CO["iso3"].isin(set(OIC["iso3"])), "country"]))
    a, b = f"share_{first}", f"share_{last}"
    t = pd.DataFrame(
        {a: [share(CO, n, first) for n in names], b: [share(CO, n, last) for n in names]},
        index=pd.Index(names, name="country"),
    )
    t["change"] = t[b] - t[a]
    return t.sort_values("change", ascending=False)


def whole_count_ratio(year=2003):
    rows = CO[(CO["year"] == year) & (CO["attribute"] == "international")]
    return (
        rows.loc[rows["country"] != "World", "articles"].sum() / rows.loc[rows["country"] == "World", "articles"].item()
    )


TABLE = oic_table()
FACTOR = TABLE["share_2022"] / TABLE["share_2003"]
WORLD_CHANGE = share(CO, "World", 2022) - share(CO, "World", 2003)
RIGHT = {
    "01.2": share,
    "01.3": TABLE,
    "01.4": FACTOR.idxmax(),
    "01.5": int((TABLE["change"] > WORLD_CHANGE).sum()),
    "01.6": whole_count_ratio(),
    "01.7": "b",
}


# --- right answers --------------------------------------------------------------------------------
def test_every_set_01_question_has_a_reference_answer_here():
    assert question_ids("01.") == set(RIGHT)


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes(qid):
    assert_passes(qid, RIGHT[qid])


@pytest.mark.parametrize("qid", sorted(RIGHT))
def test_right_answer_passes_the_hidden_thorough_check(qid):
    assert_check(qid, RIGHT[qid], thorough=True)  # does not raise


def test_right_answer_prints_to_stdout_and_returns_none(capsys):
    assert_prints_well_done(capsys, "01.2", share)


def test_answer_is_looked_up_by_name_in_the_notebook_namespace():
    assert evaluate("01.4", namespace={"largest_relative_increase": RIGHT["01.4"]}).passed
    assert evaluate("01.2", namespace={"international_share": share}).passed


def test_accepts_numpy_numbers_and_rounded_percentages():
    assert evaluate("01.2", lambda df, c, y: np.float32(round(share(df, c, y), 1))).passed
    assert evaluate("01.5", np.int64(RIGHT["01.5"])).passed
    assert evaluate("01.5", float(RIGHT["01.5"])).passed
    assert evaluate("01.7", " (B) ").passed
    assert evaluate("01.4", RIGHT["01.4"].upper()).passed
    assert evaluate("01.3", TABLE.reset_index()).passed  # country as a column is fine too


# --- wrong values ---------------------------------------------------------------------------------
def test_fraction_instead_of_percentage():
    text = friendly(evaluate("01.2", lambda df, c, y: share(df, c, y) / 100))
    assert "fraction" in text and "Multiply by 100" in text


def test_wrong_attribute_gets_a_specific_hint():
    def domestic(df, country, year):
        sub = df[(df["country"] == country) & (df["year"] == year)].set_index("attribute")["articles"]
        return 100 * sub["domestic_only"] / sub["total"]

    assert "domestic-only" in friendly(evaluate("01.2", domestic))


def test_wrong_year_selection_is_named():
    text = friendly(evaluate("01.2", lambda df, c, y: share(df, c, 2010)))
    assert "value for 2010" in text


def test_hard_coded_answers_pass_visible_check_but_fail_hidden_check():
    visible = {("World", 2003), ("World", 2022), ("Saudi Arabia", 2022), ("Indonesia", 2010)}
    table = {k: share(CO, *k) for k in visible}
    cheat = lambda df, c, y: table.get((c, y), 50.0)  # noqa: E731
    assert evaluate("01.2", cheat).passed
    with pytest.raises(CheckFailed, match="not yet right"):
        assert_check("01.2", cheat, thorough=True)


def test_function_that_depends_on_row_order_fails_hidden_check_with_a_hint():
    def positional(df, country, year):
        sub = df[(df["country"] == country) & (df["year"] == year)]
        return 100 * sub["articles"].iloc[3] / sub["articles"].iloc[0]  # relies on file order

    assert evaluate("01.2", positional).passed
    text = friendly(evaluate("01.2", positional, thorough=True))
    assert "order" in text


def test_unsorted_table():
    assert "sorted" in friendly(evaluate("01.3", TABLE.sort_index()))


def test_table_with_the_world_or_wrong_names_or_numbers_as_index():
    world = pd.concat(
        [
            TABLE,
            pd.DataFrame(
                {"share_2003": [1.0], "share_2022": [2.0], "change": [1.0]}, index=pd.Index(["World"], name="country")
            ),
        ]
    )
    assert "World" in friendly(evaluate("01.3", world))
    wb = OIC.set_index("iso3")["name"]
    iso = CO.drop_duplicates("country").set_index("country")["iso3"]
    renamed = TABLE.rename(index=lambda c: wb[iso[c]])
    assert "World Bank name" in friendly(evaluate("01.3", renamed))
    assert "numbered" in friendly(evaluate("01.3", TABLE.reset_index(drop=True)))
    assert "ISO3" in friendly(evaluate("01.3", TABLE.rename(index=lambda c: iso[c])))


def test_table_with_missing_columns_or_wrong_change():
    assert "change" in friendly(evaluate("01.3", TABLE.drop(columns="change")))
    flipped = TABLE.assign(change=-TABLE["change"]).sort_values("change", ascending=False)
    assert "wrong sign" in friendly(evaluate("01.3", flipped))


def test_largest_increase_in_points_is_not_the_largest_factor():
    points = TABLE["change"].idxmax()
    if points == RIGHT["01.4"]:
        pytest.skip("in this data the two measures agree")
    assert "percentage points" in friendly(evaluate("01.4", points))


def test_iso_code_instead_of_name():
    iso = CO.drop_duplicates("country").set_index("country")["iso3"]
    assert "ISO3" in friendly(evaluate("01.4", iso[RIGHT["01.4"]]))


def test_count_that_includes_every_member():
    if len(TABLE) == RIGHT["01.5"]:
        pytest.skip("in this data every member beat the world")
    assert "every OIC member" in friendly(evaluate("01.5", len(TABLE)))


def test_ratio_with_world_row_included_or_inverted():
    assert "World row" in friendly(evaluate("01.6", RIGHT["01.6"] + 1))
    assert "wrong way round" in friendly(evaluate("01.6", 1 / RIGHT["01.6"]))
    assert "2022" in friendly(evaluate("01.6", whole_count_ratio(2022)))


def test_multiple_choice_explains_the_chosen_option():
    text = friendly(evaluate("01.7", "a"))
    assert "Option a" in text and "smaller" in text
    assert "one letter" in friendly(evaluate("01.7", "z"))


# --- wrong types, NaN, None, empty, exceptions: friendly, never raising -------------------------
@pytest.mark.parametrize(
    "bad, words",
    [
        ("16.2%", "text"),
        (True, "truth value"),
        ([1.0, 2.0], "not one number"),
        (pd.Series([16.2]), "holding one value"),
        (pd.Series([], dtype=float), "empty"),
        (float("nan"), "NaN"),
        (pd.NA, "NaN"),
        (None, "None"),
        (float("inf"), "infinite"),
    ],
)
def test_function_returning_the_wrong_kind_of_value(bad, words):
    assert words in friendly(evaluate("01.2", lambda df, c, y: bad))


@pytest.mark.parametrize("qid", ["01.4", "01.5", "01.6", "01.7"])
@pytest.mark.parametrize("bad", [None, float("nan"), "", 3.5j, Ellipsis, ["x", "y"]])
def test_value_questions_never_raise_on_bad_input(qid, bad):
    friendly(evaluate(qid, bad))


def test_none_answer_means_not_answered_yet():
    assert "no answer yet" in friendly(evaluate("01.4", None))


def test_not_a_function():
    assert "should be a function" in friendly(evaluate("01.2", 42))


def test_missing_name_is_explained():
    text = friendly(evaluate("01.3", namespace={}))
    assert "`oic_shares` is not defined yet" in text and "run" in text


def test_exception_in_learners_function_is_named_with_the_line(capsys):
    def learner(df, country, year):
        rows = df[df["country"] == country]
        return rows.loc[999999, "articles"]  # KeyError

    result = evaluate("01.2", learner)
    text = friendly(result)
    assert "raised KeyError" in text
    assert "rows.loc[999999" in text  # the learner's own line is quoted
    assert "line " in text
    assert check("01.2", learner) is None  # check itself does not raise...
    out, err = capsys.readouterr()
    assert "raised KeyError" in err and "Traceback" not in err  # ...and reports on stderr


def test_placeholder_function_from_the_learner_edition():
    def international_share(df, country, year):
        # YOUR CODE HERE
        pass

    assert "return" in friendly(evaluate("01.2", international_share))

    def not_implemented(df, country, year):
        raise NotImplementedError()

    assert "placeholder" in friendly(evaluate("01.2", not_implemented))


def test_unknown_question_id():
    text = friendly(evaluate("99.9", 1))
    assert "no question" in text and "01.2" in text


def test_a_broken_checker_is_reported_as_our_problem_not_the_learners(monkeypatch):
    def broken():
        raise FileNotFoundError("data/coauthorship.csv")

    monkeypatch.setattr(checks, "_tables", broken)
    monkeypatch.setattr(checks, "_oic_table", broken)
    text = friendly(evaluate("01.3", TABLE, agree=False))  # the self-check has no data to break
    assert "checker itself failed" in text and "not in your answer" in text


def test_expected_values_come_from_the_data_at_check_time(monkeypatch):
    """Change the data: yesterday's right number is now wrong, so nothing is hard-coded."""
    altered = CO.copy()
    world_intl = (altered["iso3"] == "WLD") & (altered["attribute"] == "international")
    altered.loc[world_intl, "articles"] = altered.loc[world_intl, "articles"] * 2
    with data_swapped(
        monkeypatch, checks, "_tables", lambda: (altered, OIC), checks._tables, checks._counts, checks._oic_table_for
    ):
        assert not evaluate("01.6", RIGHT["01.6"], agree=False).passed
        assert evaluate("01.6", RIGHT["01.6"] / 2, agree=False).passed


# --- class variants: other years, drawn from the data ---------------------------------------------
@pytest.mark.parametrize("n", [1, 2, 5])
def test_a_class_variant_asks_for_other_years_and_the_public_answers_fail_it(n):
    import graders
    from graders import _core

    with _core.variant(n):
        p = _core.params("01")
    first, last, year = p["FIRST_YEAR"], p["LAST_YEAR"], p["RATIO_YEAR"]
    assert (first, last) != (2003, 2022) and last - first >= 10 and year != 2003
    table = oic_table(first, last)
    factor = table[f"share_{last}"] / table[f"share_{first}"]
    world_change = share(CO, "World", last) - share(CO, "World", first)
    variant_right = {
        "01.3": table,
        "01.4": factor.idxmax(),
        "01.5": int((table["change"] > world_change).sum()),
        "01.6": whole_count_ratio(year),
    }
    for qid, answer in variant_right.items():
        assert_check(qid, answer, thorough=True, variant=n)
        with pytest.raises(CheckFailed):
            assert_check(qid, RIGHT[qid], thorough=True, variant=n)
    # 01.2 asks for the share per thousand in a variant: the public (percentage) function fails it
    assert p["SHARE_SCALE"] == 1000
    assert_check("01.2", lambda df, c, y: share(df, c, y) * 10, thorough=True, variant=n)
    with pytest.raises(CheckFailed):
        assert_check("01.2", share, thorough=True, variant=n)
    text = friendly(graders.evaluate("01.3", TABLE, namespace={}, variant=n))
    assert f"share_{first}" in text  # the message names the variant's columns


# --- the assert helper used by nbgrader's hidden tests ------------------------------------------
def test_assert_check_raises_assertion_error_with_the_friendly_message():
    with pytest.raises(AssertionError) as info:
        assert_check("01.7", "c")
    assert "Option c" in str(info.value)
    assert isinstance(info.value, CheckFailed)


def test_assert_check_after_a_failed_visible_check_points_back_to_it(capsys):
    wrong = "a"
    check("01.7", wrong)
    with pytest.raises(CheckFailed, match="see the feedback printed above"):
        assert_check("01.7", wrong)


def test_ipython_shows_only_the_message_not_the_test_code():
    err = CheckFailed("Question 01.2 (`f`): not yet right.\n  ✗ wrong")
    lines = err._render_traceback_()
    assert lines[0].startswith("CheckFailed: Question 01.2") and "assert_check" not in "\n".join(lines)
