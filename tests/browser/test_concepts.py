"""Concept checks in the built book, answered as a reader answers them: with the keyboard alone.

On every chapter page each question is answered wrongly and then rightly (Tab, Space and the arrow
keys, Enter on "Check answer"); the feedback must be the data file's feedback for the option chosen,
announced in a live region. With the feedback open, axe-core audits the questions in light mode, and
again once the reader's system turns dark (the theme follows it on the open page). A screenshot of a
wrongly answered question is saved (``test-artifacts/concept-check-wrong.png``).
"""

from __future__ import annotations

import re

import pytest

from coursekit.concepts import CITATION, load_checks

from .conftest import ARTIFACTS, BLOCKING_IMPACTS, NO_MOTION_CSS, chapter_files, inject_axe, system_turns_dark

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHAPTERS = chapter_files()


def _plain(markdown: str) -> str:
    """What a reader sees of a feedback text: citation links as their labels, no Markdown marks."""
    text = CITATION.sub(lambda m: m.group(1), markdown)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return " ".join(re.sub(r"[*`]", "", text).split())


def _tab_to(tab, selector_js: str, limit: int = 40) -> None:
    """Press Tab until the focused element matches (a keyboard user's way there)."""
    for _ in range(limit):
        tab.keyboard.press("Tab")
        if tab.evaluate(f"() => !!document.activeElement && document.activeElement.matches({selector_js!r})"):
            return
    raise AssertionError(f"Tab never reached {selector_js}")


def _choose(tab, qid: str, name: str, index: int) -> None:
    """Select option *index* of a radio group with the keyboard: Tab into it, Space, then arrow keys."""
    tab.evaluate(f"() => document.getElementById({qid!r}).querySelector('.cc-title').setAttribute('tabindex', '-1')")
    tab.evaluate(f"() => document.getElementById({qid!r}).querySelector('.cc-title').focus()")
    _tab_to(tab, f'input[name="{name}"]')
    tab.keyboard.press("Space")
    radios = f"[...document.querySelectorAll('input[name=\"{name}\"]')]"
    now = tab.evaluate(f"() => {radios}.findIndex(r => r.checked)")
    for _ in range(abs(index - now)):
        tab.keyboard.press("ArrowDown" if index > now else "ArrowUp")
    got = tab.evaluate(f"() => document.querySelector('input[name=\"{name}\"]:checked').value")
    assert got == tab.evaluate(f"() => document.querySelectorAll('input[name=\"{name}\"]')[{index}].value")


def _select(tab, select_id: str, index: int) -> None:
    """Choose entry *index* (0 = the first choice after "Choose…") of a drop-down with the keyboard."""
    tab.focus(f"[id='{select_id}']")
    now = tab.evaluate(f"() => document.getElementById({select_id!r}).selectedIndex")
    for _ in range(abs(index + 1 - now)):
        tab.keyboard.press("ArrowDown" if index + 1 > now else "ArrowUp")
    value = tab.evaluate(f"() => document.getElementById({select_id!r}).selectedIndex")
    assert value == index + 1, f"{select_id}: the keyboard chose entry {value}, not {index + 1}"


def _check(tab, qid: str) -> str:
    """Move to "Check answer" with Tab, press Enter, return the feedback the live region shows."""
    tab.focus(f"#{qid} input, #{qid} select")
    _tab_to(tab, f"#{qid} .cc-check")
    tab.keyboard.press("Enter")
    region = tab.locator(f"#{qid} .cc-feedback")
    assert region.get_attribute("role") == "status" and region.get_attribute("aria-live") == "polite"
    return " ".join(region.inner_text().split())


def _answer(tab, check, qid: str, right: bool) -> str:
    if check.kind == "choice":
        correct = next(i for i, o in enumerate(check.options) if o.correct)
        _choose(tab, qid, qid, correct if right else (correct + 1) % len(check.options))
    elif check.kind == "true-false":
        verdict = 0 if check.verdict else 1  # True is the first radio button, False the second
        _choose(tab, qid, f"{qid}-tf", verdict if right else 1 - verdict)
        correct = next(i for i, o in enumerate(check.options) if o.correct)
        _choose(tab, qid, f"{qid}-why", correct if right else (correct + 1) % len(check.options))
    else:
        for i, answer in enumerate(check.answers):
            n = check.choices.index(answer)
            _select(tab, f"{qid}-{i}", n if right or i else (n + 1) % len(check.choices))
    return _check(tab, qid)


def _expected_wrong(check) -> list[str]:
    """The feedback texts the reader must see after the wrong answer given by :func:`_answer`."""
    if check.kind == "choice":
        correct = next(i for i, o in enumerate(check.options) if o.correct)
        return [check.options[(correct + 1) % len(check.options)].feedback]
    if check.kind == "true-false":
        correct = next(i for i, o in enumerate(check.options) if o.correct)
        chosen_verdict = not check.verdict
        return [
            check.verdict_feedback[0 if chosen_verdict else 1],
            check.options[(correct + 1) % len(check.options)].feedback,
        ]
    return [check.options[0].feedback]


def _axe(tab, axe_script: str) -> list[dict]:
    inject_axe(tab, axe_script)
    result = tab.evaluate("() => axe.run({include: [['section.cc']]}, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]


@pytest.fixture(scope="module")
def axe_script():
    from axe_playwright_python.sync_playwright import Axe

    return Axe().axe_script


@pytest.mark.parametrize("path", CHAPTERS)
def test_every_concept_check_answers_right_and_wrong_with_the_keyboard(browser, site, axe_script, path):
    chapter = path.split("/")[-1]
    checks = load_checks(chapter)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    requests, errors = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        tab.goto(f"{site['url']}/{path}.html", wait_until="load")
        tab.add_style_tag(content=NO_MOTION_CSS)
        shown = tab.eval_on_selector_all("section.cc", "els => els.map(e => e.id)")
        assert shown == [f"cc-{chapter[:2]}-{c.id}" for c in checks], f"{path}: questions on the page {shown}"
        for check in checks:
            qid = f"cc-{chapter[:2]}-{check.id}"
            wrong = _answer(tab, check, qid, right=False)
            assert wrong.startswith("✗ Not quite."), f"{path} {check.id}: wrong answer gave {wrong[:120]!r}"
            for expected in _expected_wrong(check):
                assert _plain(expected)[:80] in wrong, f"{path} {check.id}: {_plain(expected)[:80]!r} not in {wrong!r}"
            if chapter.startswith("08") and check.number == 1:
                tab.locator(f"#{qid}").screenshot(path=str(ARTIFACTS / "concept-check-wrong.png"))
            right = _answer(tab, check, qid, right=True)
            assert right.startswith("✓ Correct."), f"{path} {check.id}: right answer gave {right[:120]!r}"
        for scheme in ("light", "dark"):
            if scheme == "dark":  # the reader's system turns dark; the theme follows, the feedback stays open
                system_turns_dark(tab)
            violations = _axe(tab, axe_script)
            assert not violations, f"{path} ({scheme}), concept checks with feedback open: " + "; ".join(
                f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in violations
            )
        assert not errors, f"{path}: page errors {errors}"
        foreign = [u for u in requests if not u.startswith(site["url"]) and not u.startswith("data:")]
        assert not foreign, f"{path}: requests to other hosts {foreign}"
    finally:
        context.close()


def test_back_to_the_section_moves_the_focus_to_its_heading(page, site):
    chapter = "08-islamic-bioethics"
    check = load_checks(chapter)[1]
    page.goto(f"{site['url']}/notebooks/{chapter}.html", wait_until="load")
    link = page.locator(f"#cc-08-{check.id} .cc-back a")
    link.focus()
    page.keyboard.press("Enter")
    heading = page.evaluate("() => document.activeElement.tagName + ' ' + document.activeElement.textContent")
    assert heading.startswith("H2") and check.section in heading, heading
