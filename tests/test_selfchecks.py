"""The learner's self-checks verify without revealing: keys are current, the solution passes, every
stored typical mistake gets its hint, and nothing a learner can import holds a right answer.

The self-checks (``coursekit/checks``) know each answer only as salted hashes in ``keys/NN.json``,
written from the instructor's solution and mistakes by ``graders.keys``.
"""

from __future__ import annotations

import json

import pytest

from coursekit.checks import QUESTIONS, evaluate
from coursekit.checks.engine import KEYS_DIR, say
from graders import keys as keymaker
from maintainers.editions import sets, source_path

SETS = sets()


@pytest.fixture(scope="module")
def solutions():
    """Set name -> the namespace its solution leaves behind (run once per set, in this process)."""
    cache = {}

    def get(name):
        if name not in cache:
            import nbformat

            nb = nbformat.read(source_path(name), as_version=4)
            cache[name] = keymaker.solution_namespace(nb, source_path(name).parent)
        return cache[name]

    return get


def _questions(name):
    sid = keymaker.set_id(name)
    return sorted((q for q in QUESTIONS.values() if q.set == sid), key=lambda q: q.qid)


@pytest.mark.parametrize("name", [n for n in SETS if not n.endswith("-ar")])
def test_committed_keys_are_current(name):
    """`make exercises` writes the keys; a changed source or grader makes them stale. (A translated
    set, ``<set>-ar``, uses its English set's keys: its solutions pass them, below.)"""
    assert keymaker.write([name], check_only=True) == [], "run `make exercises` (python -m graders.keys)"


@pytest.mark.parametrize("name", SETS)
def test_every_question_has_a_self_check_and_a_key(name):
    import graders

    sid = keymaker.set_id(name)
    graded = {q for q in graders.questions() if q.startswith(sid + ".")}
    declared = {q.qid for q in _questions(name)}
    assert graded == declared
    stored = json.loads((KEYS_DIR / f"{sid}.json").read_text(encoding="utf-8"))
    assert set(stored["questions"]) == declared
    assert all(entry["mode"] == "full" for entry in stored["questions"].values())


@pytest.mark.parametrize("name", SETS)
def test_solution_passes_every_self_check(name, solutions):
    ns = solutions(name)
    for q in _questions(name):
        result = evaluate(q.qid, ns[q.name], namespace={})
        assert result.passed, result.message()
        assert result.right and not result.wrong


@pytest.mark.parametrize("name", SETS)
def test_every_stored_mistake_gets_its_hint(name, solutions):
    """Each typical mistake the grader module lists fails with a hint that the key stores for it,
    and every hint the key stores is reached by at least one of them."""
    import importlib

    ns = solutions(name)
    sid = keymaker.set_id(name)
    makers = getattr(importlib.import_module(f"graders.ch{sid}"), "MISTAKES", {})
    from graders import _core

    keys = keymaker.build_keys(name, sealed=False)  # the committed keys, with their hints readable
    for q in _questions(name):
        entry = keys["questions"][q.qid]
        stored = [
            say(t, keys) if isinstance(t, str) else [say(t[0], keys), say(t[1], keys)]
            for t in entry.get("mistakes", {}).values()
        ]
        texts = {t if isinstance(t, str) else t[1] for t in stored} | {t[0] for t in stored if isinstance(t, list)}
        if q.kind == "choice":
            options, right, _ = _core.multiple_choice_questions()[q.qid]
            mistakes = [(k, None) for k in options if k != right]
        else:
            mistakes = list(makers.get(q.qid, lambda ns: [])(ns))
        reached = set()
        for wrong, _hint in mistakes:
            result = evaluate(q.qid, wrong, namespace={})
            message = result.message()
            assert not result.passed, f"{q.qid}: a typical mistake passes:\n{message}"
            assert "checker itself failed" not in message
            shown = {t for t in texts if t in message}
            assert shown, f"{q.qid}: a typical mistake got no stored hint:\n{message}"
            reached |= shown
        hints = {t if isinstance(t, str) else t[1] for t in stored}
        assert hints <= reached | {t[0] for t in stored if isinstance(t, list)}, (
            f"{q.qid}: stored hints never shown: {hints - reached}"
        )
