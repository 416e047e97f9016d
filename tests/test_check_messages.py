"""The self-checks in Arabic (issue 18): the feedback comes from a message catalogue
(``coursekit/checks/messages/ar.yml``), with the English as fallback, never from copies of the checker
code; answers and checks are the same as the English set's, so grading is unchanged.
"""

from __future__ import annotations

import re
import warnings

import nbformat
import pytest
import yaml

import graders
from coursekit.checks import QUESTIONS, check, i18n, language
from coursekit.checks import evaluate as self_check
from graders import keys as keymaker
from maintainers.editions import sets, source_path

pytestmark = pytest.mark.notebooks  # it executes exercise set 01's solution once

#: The exercise sets whose every message the Arabic catalogue translates (issue 18 asks for 01, 08, 12).
TRANSLATED_SETS = ["01", "08", "12"]
ARABIC = re.compile(r"[\u0600-\u06ff]")
CODE = re.compile(r"`[^`]*`")
#: Words that only English prose has: one of them in a translated line means part of it stayed English.
ENGLISH = re.compile(r"\b(the|is|are|not|yet|for|and|with|should|your|you|of)\b", re.I)


def _prose(text: str) -> str:
    """*text* without what stays as it is in a translation: code, quoted values, the data's names."""
    return re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|\[[^\]]*\]|\b[a-z_]+ − [a-z_]+\b", " ", text)


@pytest.fixture(autouse=True)
def english_afterwards():
    """The language is a learner's setting for the whole kernel: every test leaves it as it found it."""
    before = language()
    yield
    i18n._STATE["code"] = before


def test_the_catalogue_is_well_formed():
    entries = yaml.safe_load((i18n.CATALOGUES / "ar.yml").read_text(encoding="utf-8"))
    assert len(entries) >= 90
    english = [e["en"] for e in entries]
    assert len(english) == len(set(english)), "an English message has two entries"
    for e in entries:
        assert set(e) == {"en", "ar"}, e
        assert sorted(re.findall(r"\{(\w+)\}", e["en"])) == sorted(re.findall(r"\{(\w+)\}", e["ar"])), e["en"]
        assert ARABIC.search(e["ar"]), e["en"]
        assert CODE.findall(e["en"]) == CODE.findall(e["ar"]), f"code must stay as it is: {e['en']}"


def _namespace(sid: str) -> dict:
    name = next(n for n in sets() if keymaker.set_id(n) == sid)
    return keymaker.solution_namespace(nbformat.read(source_path(name), as_version=4), source_path(name).parent)


ODD = [None, Ellipsis, True, 0, -1, float("nan"), float("inf"), "", "x", [], {}, (1, 2)]


@pytest.fixture(scope="module")
def feedback() -> dict[str, list[str]]:
    """Every line of feedback the translated sets' self-checks give on the solution, on the typical
    mistakes the graders know and on odd answers (English, as the checks write it)."""
    import importlib

    out: dict[str, list[str]] = {}
    for sid in TRANSLATED_SETS:
        ns = _namespace(sid)
        makers = getattr(importlib.import_module(f"graders.ch{sid}"), "MISTAKES", {})
        for qid, q in QUESTIONS.items():
            if q.set != sid:
                continue
            answers = [ns[q.name]] + [m for m, _ in (makers[qid](ns) if qid in makers else [])] + ODD
            if q.kind == "function":
                answers += [lambda *a, **k: None, lambda *a, **k: {}["country"]]
            for answer in answers:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    r = self_check(qid, answer, namespace={})
                for line in [r.message()] + r.right + r.wrong + r.hints:
                    out.setdefault(sid, []).append(line)
    return out


def test_every_message_of_the_translated_sets_has_its_arabic(feedback):
    for sid, lines in feedback.items():
        missing = sorted({line for line in lines if "\n" not in line and i18n.translate(line, "ar") == line})
        assert not missing, f"set {sid}: no Arabic for {len(missing)} message(s), e.g.:\n" + "\n".join(missing[:400])
        for line in {line for line in lines if "\n" not in line}:
            arabic = i18n.translate(line, "ar")
            assert ARABIC.search(arabic), line
            assert CODE.findall(line) == CODE.findall(arabic), f"{line!r} -> {arabic!r}: the code changed"
            assert not ENGLISH.search(_prose(arabic)), f"{line!r} -> {arabic!r}: English left in the Arabic"


def test_the_solution_passes_and_the_blank_fails_with_arabic_feedback(capsys):
    language("ar")
    ns = _namespace("01")
    for qid, q in QUESTIONS.items():
        if q.set != "01" or q.kind == "choice":
            continue
        right = self_check(qid, ns[q.name], namespace={})
        assert right.passed, right.message("en")
        text = right.message()
        assert "أحسنت" in text and ARABIC.search(text.splitlines()[-1]), text
        blank = self_check(qid, namespace={q.name: ...})  # the learner edition's placeholder
        assert not blank.passed
        assert "ليست صحيحة بعد" in blank.message() and "Question" not in blank.message()
        # the grade is the same as the English set's: the instructor's grader agrees
        assert graders.evaluate(qid, ns[q.name], namespace={}).passed
        assert not graders.evaluate(qid, namespace={q.name: ...}).passed
    # check() prints it: a right answer to stdout, one not yet right to stderr (nbgrader's Validate)
    check("01.6", 0.0)
    err = capsys.readouterr().err
    assert err.startswith("\u2067السؤال 01.6 (`whole_count_ratio`): الإجابة ليست صحيحة بعد.\u2069")


def test_a_message_without_a_translation_stays_in_english_and_an_unknown_language_is_refused_kindly(capsys):
    assert i18n.translate("A message nobody has translated yet.", "ar") == "A message nobody has translated yet."
    assert language("xx") == "en"
    assert "stay in 'en'" in capsys.readouterr().out
    assert language("ar") == "ar" and language() == "ar"
    assert language("EN") == "en"


def test_a_hint_inside_a_hint_line_is_translated_and_the_line_is_isolated():
    line = "Hint: Return the number itself, not text."
    assert i18n.translate(line, "ar") == "تلميح: أعد العدد نفسه، لا نصًّا."
    assert i18n.isolate("  ✗ نص", "ar") == "  \u2067✗ نص\u2069"
    assert i18n.isolate("  ✗ text", "en") == "  ✗ text"
