"""Property-based tests of every check (Hypothesis): whatever a learner hands in, the verdict is about
their answer.

For every question of every exercise set, generated answers of every kind (wrong types, NaN and
infinity, empty and huge values, wrong shapes, two-level headers, duplicated rows, near misses,
objects whose own methods raise, functions that raise, exit or return any of these) go through the
learner's self-check and the instructor's grader, visible and thorough. Properties:

* no exception escapes, and no verdict says "the checker itself failed";
* an answer made wrong on purpose (every number moved, a row dropped, another letter...) never passes;
* the learner's object is never changed by the check.

The default run is short (a few examples per question). ``make fuzz`` runs at least 1,000 generated
answers per exercise set (``COURSE_FUZZ_EXAMPLES``) and records the figures for the benchmark
(``bench-results/fuzz.json``). No example database is kept (``database=None``).
"""

from __future__ import annotations

import copy
import json
import math
import os
import sys
import warnings
from pathlib import Path

import nbformat
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import graders
from coursekit.checks import QUESTIONS
from coursekit.checks import evaluate as self_check
from graders import keys as keymaker
from maintainers.editions import sets, source_path

pytestmark = pytest.mark.notebooks  # it executes every exercise set's solution once

#: COURSE_FUZZ_EXAMPLES: generated answers per exercise set (at least); the default run is short.
_PER_SET = int(os.environ.get("COURSE_FUZZ_EXAMPLES", "0"))
_SMALLEST_SET = min(sum(q.set == s for q in QUESTIONS.values()) for s in {q.set for q in QUESTIONS.values()})
#: Generated answers per question, each checked by the self-check and the grader (visible and thorough).
EXAMPLES = -(-_PER_SET // _SMALLEST_SET) if _PER_SET else 4
RECORD = os.environ.get("COURSE_FUZZ_RECORD")  # a JSON file where `make fuzz` collects the figures
FAILED = "checker itself failed"


@pytest.fixture(scope="module")
def solutions() -> dict:
    out = {}
    for name in sets():
        out.update(
            keymaker.solution_namespace(nbformat.read(source_path(name), as_version=4), source_path(name).parent)
        )
    return out


# --- answers that misbehave ------------------------------------------------------------------------
class Raising:
    """An object of the learner's own class whose every way of being read raises."""

    def __len__(self):
        raise RuntimeError("len")

    def __float__(self):
        raise RuntimeError("float")

    def __index__(self):
        raise RuntimeError("index")

    def __str__(self):
        raise RuntimeError("str")

    def __repr__(self):
        raise RuntimeError("repr")

    def __iter__(self):
        raise RuntimeError("iter")

    def __eq__(self, other):
        raise RuntimeError("eq")

    def __hash__(self):
        return 0

    def __bool__(self):
        raise RuntimeError("bool")


class RaisingText(str):
    def strip(self, *args):
        raise RuntimeError("strip")

    def lower(self):
        raise RuntimeError("lower")


scalars = st.one_of(
    st.none(),
    st.just(Ellipsis),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.just(10**400),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["", "   ", "a", "B", "(c)", "Egypt", "EGY", "2003", "١٢٣"]),
    st.builds(np.array, st.integers(-5, 5)),
    st.builds(lambda: Raising()),
    st.builds(lambda: RaisingText("b")),
)
containers = st.one_of(
    st.lists(scalars, max_size=4),
    st.tuples(scalars, scalars),
    st.dictionaries(st.text(max_size=6), scalars, max_size=3),
    st.builds(lambda xs: pd.Series(xs, dtype=object), st.lists(scalars, max_size=4)),
    st.builds(lambda xs: np.array(xs, dtype=float), st.lists(st.floats(allow_nan=True), max_size=4)),
    st.builds(lambda: np.zeros((2, 2))),
    st.builds(lambda: pd.DataFrame()),
)
odd_values = st.one_of(scalars, containers)


def _moved(x):
    """*x* made wrong on purpose: every number moved well beyond any tolerance, one item changed."""
    if isinstance(x, bool | np.bool_):
        return not x
    if isinstance(x, int | np.integer):
        return int(x) * 2 + 7
    if isinstance(x, float | np.floating):
        return float(x) * 1.5 + 7.0
    if isinstance(x, str):
        return x + " (changed)"
    if isinstance(x, pd.DataFrame):
        out = x.copy()
        num = out.select_dtypes("number").columns
        if len(num):
            out[num] = out[num] * 1.5 + 7
            return out
        return out.iloc[:-1] if len(out) > 1 else out.assign(extra=1).T
    if isinstance(x, pd.Series):
        return x.iloc[:-1] if len(x) > 1 else pd.Series(["(changed)"])
    if isinstance(x, dict):
        out = dict(x)
        if out:
            k = next(iter(out))
            out[k] = _moved(out[k])
        else:
            out["(changed)"] = 1
        return out
    if isinstance(x, list | tuple | set | frozenset):
        items = list(x)
        return type(x)(items[1:]) if len(items) > 1 else type(x)(["(changed)"])
    return "(changed)"


def _shapes(right: pd.DataFrame) -> st.SearchStrategy:
    """Malformed versions of a right table: two-level header, duplicated rows, NaN/inf/huge cells,
    a column dropped, text in a numeric column, the index reset."""

    def two_level(df):
        out = df.copy()
        out.columns = pd.MultiIndex.from_tuples([(str(c), "mean") for c in df.columns])
        return out

    def cell(value):
        def put(df):
            out = df.copy().astype(object)
            if out.shape[1] and len(out):
                column = np.empty(len(out), dtype=object)  # placed cell by cell: pandas never reads it
                column[:] = list(out.iloc[:, -1])
                column[0] = value
                out.isetitem(out.shape[1] - 1, column)
            return out

        return put

    makers = [
        two_level,
        lambda df: pd.concat([df, df]),
        cell(math.nan),
        cell(math.inf),
        cell(10**400),
        cell("n/a"),
        cell(Raising()),
        lambda df: df.iloc[:, :-1],
        lambda df: df.reset_index(drop=True),
        lambda df: df.iloc[0:0],
    ]
    return st.sampled_from(makers).map(lambda make: make(right))


# --- the properties --------------------------------------------------------------------------------
def _snapshot(x):
    try:
        return copy.deepcopy(x)
    except Exception:
        return None


def _same(a, b) -> bool:
    try:
        if isinstance(a, pd.DataFrame | pd.Series):
            return a.equals(b) and list(getattr(a, "columns", [])) == list(getattr(b, "columns", []))
        if isinstance(a, np.ndarray):
            return np.array_equal(a, b, equal_nan=True)
        if isinstance(a, float) and math.isnan(a):
            return isinstance(b, float) and math.isnan(b)
        return bool(a == b)
    except Exception:
        return True  # an object whose comparison raises cannot be checked for changes: the others are


def _verdicts(qid: str, answer) -> list[tuple[str, object]]:
    """(side, Result) for the self-check and the grader, visible and thorough; records the counts."""
    out = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out.append(("self-check", self_check(qid, answer, namespace={})))
        for thorough in (False, True):
            out.append(
                (
                    f"grader{' (thorough)' if thorough else ''}",
                    graders.evaluate(qid, answer, thorough=thorough, namespace={}),
                )
            )
    if RECORD:
        _record(qid, out)
    return out


def _record(qid: str, verdicts) -> None:
    path = Path(RECORD)
    data = json.loads(path.read_text()) if path.exists() else {}
    entry = data.setdefault(qid[:2], {"answers": 0, "verdicts": 0, "checker_failed": 0})
    entry["answers"] += 1
    entry["verdicts"] += len(verdicts)
    entry["checker_failed"] += sum(FAILED in r.message() for _, r in verdicts)
    path.write_text(json.dumps(data, indent=1))


def _assert_about_the_answer(qid, answer, *, wrong: bool) -> None:
    """No checker failure; nothing passes an answer made *wrong*; and the self-check passes nothing
    that the thorough grader (the oracle of what is right) refuses."""
    before = _snapshot(answer)
    verdicts = dict(_verdicts(qid, answer))
    for side, result in verdicts.items():
        text = result.message()
        assert FAILED not in text, f"{qid} {side} on {type(answer).__name__}: {text}"
        if wrong:
            assert not result.passed, f"{qid} {side} passed an answer made wrong: {text}"
    if verdicts["self-check"].passed:
        assert verdicts["grader (thorough)"].passed, f"{qid}: the self-check passed what the grader refuses"
    if before is not None and not callable(answer):
        assert _same(answer, before), f"{qid}: the check changed the learner's object"


QIDS = sorted(QUESTIONS)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.mark.parametrize("qid", QIDS)
@FUZZ
@given(data=st.data())
def test_any_answer_gets_a_verdict_about_itself(solutions, qid, data):
    q = QUESTIONS[qid]
    right = solutions[q.name]
    if q.kind == "function":
        kind = data.draw(st.sampled_from(["returns", "raises", "exits", "moved"]))
        if kind == "returns":
            value = data.draw(odd_values)
            answer = lambda *args, **kwargs: value  # noqa: E731
        elif kind == "raises":
            error = data.draw(st.sampled_from([KeyError("x"), ValueError("x"), ZeroDivisionError(), RecursionError()]))

            def answer(*args, **kwargs):
                raise error

        elif kind == "exits":

            def answer(*args, **kwargs):
                sys.exit(data.draw(st.sampled_from([0, 1, "bye"])))

        else:

            def answer(*args, **kwargs):
                return _moved(right(*args, **kwargs))

        _assert_about_the_answer(qid, answer, wrong=True)
        return
    pool = [odd_values.map(lambda v: ("odd", v))]
    if isinstance(right, pd.DataFrame):
        pool.append(_shapes(right).map(lambda v: ("shape", v)))
    pool.append(st.just(("moved", _moved(right))))
    kind, answer = data.draw(st.one_of(*pool))
    _assert_about_the_answer(qid, answer, wrong=kind == "moved")


@pytest.mark.parametrize("qid", QIDS)
def test_the_solution_still_passes_and_is_not_changed(solutions, qid):
    right = solutions[QUESTIONS[qid].name]
    before = _snapshot(right)
    for side, result in _verdicts(qid, right):
        assert result.passed, f"{qid} {side}: {result.message()}"
    if before is not None and not callable(right):
        assert _same(right, before)
