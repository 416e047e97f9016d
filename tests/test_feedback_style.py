"""Every message a learner can see reads as feedback about their answer.

The messages come from the self-checks and the graders on what learners really hand in: every typical
mistake each grader lists (``MISTAKES``), the right answer, and a fixed set of malformed answers (wrong
types, NaN, infinity, empty and huge values, a placeholder, an object whose methods raise, a function
that raises or exits). Each line a learner reads (what is wrong, what is right, the hint) must be:

* one or two plain sentences (code in backticks does not count);
* free of internal names (``_private`` names, module paths, ``self``), of traceback text, and of
  repr noise such as ``<function ...>`` or ``object at 0x...``;
* about the answer: never "the checker itself failed" or a blame on the course.
"""

from __future__ import annotations

import importlib
import math
import re
import sys
import warnings

import nbformat
import numpy as np
import pandas as pd
import pytest

import graders
from coursekit.checks import QUESTIONS
from coursekit.checks import evaluate as self_check
from graders import keys as keymaker
from maintainers.editions import sets, source_path

pytestmark = pytest.mark.notebooks  # it executes every exercise set's solution once

FORBIDDEN = [
    (r"Traceback|File \"|line \d+, in ", "traceback text"),
    (r"checker itself failed|problem in the course materials", "blames the course"),
    (r"\bcoursekit\b|\bgraders\b|\bnbgrader\b|site-packages", "an internal module"),
    (r"(?<![\w`])_[a-z]\w*\(", "a private function name"),
    (r"<function |<lambda>| object at 0x|<class '", "Python's repr noise"),
    (r"\bself\.", "an internal attribute"),
]


class _Raising:
    def __len__(self):
        raise RuntimeError("len")

    def __float__(self):
        raise RuntimeError("float")

    def __iter__(self):
        raise RuntimeError("iter")


def _exits(*args, **kwargs):
    sys.exit(1)


def _returning(value):
    def fn(*args, **kwargs):
        return value

    return fn


def _raises(*args, **kwargs):
    raise KeyError("country")


ODD = [
    None,
    Ellipsis,
    True,
    0,
    -1,
    10**400,
    math.nan,
    math.inf,
    "",
    "  ",
    "x",
    [],
    {},
    (1, 2),
    np.array(5),
    np.zeros((2, 2)),
    pd.Series(dtype=float),
    pd.DataFrame(),
    _Raising(),
]


@pytest.fixture(scope="module")
def messages() -> dict[str, set[str]]:
    """Every line a learner can read, with the questions that produced it."""
    out: dict[str, set[str]] = {}
    for name in sets():
        ns = keymaker.solution_namespace(nbformat.read(source_path(name), as_version=4), source_path(name).parent)
        sid = keymaker.set_id(name)
        makers = getattr(importlib.import_module(f"graders.ch{sid}"), "MISTAKES", {})
        for qid, q in QUESTIONS.items():
            if q.set != sid:
                continue
            answers = [ns[q.name]] + [m for m, _ in (makers[qid](ns) if qid in makers else [])]
            if q.kind == "function":
                answers += [_exits, _raises] + [_returning(v) for v in ODD]
            else:
                answers += ODD
            for answer in answers:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    results = [self_check(qid, answer, namespace={})]
                    results += [graders.evaluate(qid, answer, thorough=t, namespace={}) for t in (False, True)]
                for r in results:
                    for line in r.wrong + r.hints + r.right:
                        out.setdefault(line, set()).add(qid)
    return out


def _sentences(line: str) -> int:
    prose = re.sub(r"`[^`]*`", "CODE", line)  # code may hold full stops
    prose = re.sub(r"\b(e\.g|i\.e|etc|vs|no|approx)\.", r"\1", prose)
    prose = re.sub(r"\d\.\d", "0", prose)
    prose = re.sub(r"'[^']*'|\"[^\"]*\"", "TEXT", prose)  # quoted text (a name, a learner's value)
    return max(1, len(re.findall(r"[.!?](?:\s|$)", prose.strip())))


def test_enough_messages_are_examined(messages):
    assert len(messages) > 500


def test_every_message_is_one_or_two_plain_sentences(messages):
    long = {m: sorted(q) for m, q in messages.items() if _sentences(m) > 2}
    assert long == {}


def test_no_message_shows_internals_or_blames_the_course(messages):
    bad = {}
    for m, qids in messages.items():
        for pattern, what in FORBIDDEN:
            if re.search(pattern, m):
                bad[m] = (what, sorted(qids))
    assert bad == {}


def test_the_style_check_can_fail():
    assert _sentences("One. Two. Three.") == 3
    assert _sentences("Use `.sort_values('year')`. Then try again.") == 2
    assert any(re.search(p, "The checker itself failed (KeyError).") for p, _ in FORBIDDEN)
    assert any(re.search(p, "see _grade_share(x)") for p, _ in FORBIDDEN)
