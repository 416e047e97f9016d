"""Helpers shared by the tests of the exercise checkers (``tests/test_checks*.py``).

A plain module, not a test file: the test modules import it with ``from checks_support import ...``
(pytest puts ``tests/`` on ``sys.path`` for them). Each test file keeps its own reference answers
and its own wrong answers; only the assertions every set's tests make live here.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import graders
from coursekit import checks as selfcheck
from coursekit.checks import check
from graders import assert_check, questions

_MISSING = object()


def evaluate(qid: str, answer=_MISSING, *, thorough: bool = False, namespace: dict | None = None, agree: bool = True):
    """The instructor's grader's verdict on *answer* (``graders.evaluate``), after asserting that the
    learner's self-check (``coursekit.checks.evaluate``, which knows only hashed keys) reaches the
    same verdict on the same answer. Every answer in the checker tests is so tried on both sides.

    *agree=False* skips the comparison, for tests that swap the graders' data (the self-check has
    no data to swap: its keys are fixed when they are written)."""
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    given = () if answer is _MISSING else (answer,)
    graded = graders.evaluate(qid, *given, thorough=thorough, namespace=namespace)
    if agree and not thorough:
        own = selfcheck.evaluate(qid, *given, namespace=namespace)
        assert own.passed == graded.passed, (
            f"the self-check and the grader disagree on {qid}:\n--- self-check:\n{own}\n--- grader:\n{graded}"
        )
        assert "checker itself failed" not in own.message(), own.message()
        graded.learner = own
    return graded


def friendly(result) -> str:
    """The message, after asserting it has the shape of friendly feedback on a failed check."""
    text = result.message()
    assert not result.passed
    assert result.wrong, "a failed check must say what is wrong"
    assert "Traceback" not in text and 'File "' not in text
    return text


def question_ids(prefix: str) -> set[str]:
    """The ids of the registered questions of one exercise set, e.g. ``question_ids("06.")``."""
    return {q for q in questions() if q.startswith(prefix)}


def assert_passes(qid: str, answer, *, thorough: bool = False) -> None:
    """*answer* passes the visible check with only positive feedback (and, if *thorough*, the hidden check)."""
    result = evaluate(qid, answer)
    assert result.passed, result.message()
    assert result.right and not result.wrong
    if thorough:
        assert_check(qid, answer, thorough=True)  # raises CheckFailed if not


def assert_prints_well_done(capsys, qid: str, answer) -> None:
    """``check`` on a right answer returns None and praises it on stdout, with nothing on stderr."""
    assert check(qid, answer) is None
    out, err = capsys.readouterr()
    assert "well done" in out and err == ""


@contextmanager
def data_swapped(monkeypatch, module, name: str, replacement, *cached):
    """Within the block, *module*'s data function *name* is *replacement*; the lru caches *cached*
    (the module's functions, taken before the swap) are cleared before and after, so that neither
    the swapped data nor stale values leak into other tests."""
    for fn in cached:
        fn.cache_clear()
    monkeypatch.setattr(module, name, replacement)
    try:
        yield
    finally:
        monkeypatch.undo()
        for fn in cached:
            fn.cache_clear()
