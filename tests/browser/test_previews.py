"""Term and citation previews in the built book (issue 17; book/_ext/course_previews.py).

A reader who hovers over a glossary term, or moves the keyboard focus to it, sees its definition next
to the link; a citation (a footnote reference) shows its full reference. Both come from the build: the
preview scripts are the book's own files, and opening the page asks no other host for anything.
"""

from __future__ import annotations

import re

import pytest

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.build, pytest.mark.browser]

CHAPTER = "notebooks/08-islamic-bioethics.html"
TERM = "article.bd-article a[href*='glossary.html#term-']"
CITATION = "article.bd-article a.footnote-reference"
BOX = "[data-tippy-root] .tippy-box"


@pytest.fixture()
def chapter(browser, site):
    """Chapter 8, opened as a reader opens it; every request it makes is recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    requests: list[str] = []
    tab.on("request", lambda r: requests.append(r.url))
    errors: list[str] = []
    tab.on("pageerror", lambda exc: errors.append(str(exc)))
    tab.goto(f"{site['url']}/{CHAPTER}", wait_until="load")
    try:
        yield {"tab": tab, "requests": requests, "errors": errors, "base": site["url"]}
    finally:
        context.close()


def _glossary_definition(site, term_id: str) -> str:
    html = (site["html"] / "book" / "glossary.html").read_text(encoding="utf-8")
    m = re.search(rf'<dt id="{re.escape(term_id)}".*?</dt>\s*<dd>(.*?)</dd>', html, re.S)
    assert m, f"{term_id} is not in the glossary"
    return " ".join(re.sub(r"<[^>]+>", "", m.group(1)).split())


def _box_text(tab) -> str:
    box = tab.locator(BOX)
    box.wait_for(state="visible")
    return " ".join(box.inner_text().split())


def test_nothing_of_the_previews_is_fetched_before_the_reader_moves(chapter):
    """The previews cost a reader on a slow phone nothing while the page opens (issue 15's budgets)."""
    tab = chapter["tab"]
    tab.wait_for_load_state("networkidle")
    fetched = [u for u in chapter["requests"] if "tippy" in u or "popper" in u or "course-previews" in u]
    assert not fetched, f"fetched before the reader did anything: {fetched}"
    assert not tab.evaluate("() => [...document.querySelectorAll('a')].some(a => a._tippy)")


def test_a_term_previews_its_definition_on_hover_and_on_focus(chapter, site):
    tab = chapter["tab"]
    terms = tab.locator(TERM)
    # pointer: hovering over the first term is the page's first move; its preview opens once loaded
    link = terms.first
    term_id = link.get_attribute("href").split("#", 1)[1]
    definition = _glossary_definition(site, term_id)
    link.hover()
    shown = _box_text(tab)
    assert definition[:60] in shown, f"hovering {term_id}: the preview shows {shown[:200]!r}"
    link.scroll_into_view_if_needed()
    tab.wait_for_function(
        "() => getComputedStyle(document.querySelector('[data-tippy-root] .tippy-box')).opacity === '1'"
    )
    tab.screenshot(path=str(ARTIFACTS / "preview-term.png"))
    # keyboard: the focus reaches another term, its preview opens and describes it for a screen reader
    other = next(
        terms.nth(i) for i in range(terms.count()) if terms.nth(i).get_attribute("href").split("#", 1)[1] != term_id
    )
    other_id = other.get_attribute("href").split("#", 1)[1]
    other.focus()
    described = other.get_attribute("aria-describedby") or ""
    assert described, f"focusing {other_id}: no preview opened"
    box = tab.locator(f"[id='{described}']")
    box.wait_for(state="visible")
    shown = " ".join(box.inner_text().split())
    assert _glossary_definition(site, other_id)[:60] in shown, f"focusing {other_id}: the preview shows {shown[:200]!r}"
    # dismissible without moving the focus (WCAG 2.2, 1.4.13): Escape closes it, the focus stays
    tab.keyboard.press("Escape")
    box.wait_for(state="hidden")
    assert tab.evaluate("() => document.activeElement.getAttribute('href')") == other.get_attribute("href")


def test_the_pointer_can_move_onto_an_open_preview(chapter):
    """Hoverable (WCAG 2.2, 1.4.13): moving from the link onto its preview keeps the preview open."""
    tab = chapter["tab"]
    link = tab.locator(TERM).first
    link.hover()
    box = tab.locator(BOX)
    box.wait_for(state="visible")
    b = box.bounding_box()
    tab.mouse.move(b["x"] + b["width"] / 2, b["y"] + b["height"] / 2, steps=8)
    tab.wait_for_timeout(600)  # longer than tippy.js's hide delay and animation
    assert box.is_visible(), "the preview closed when the pointer moved onto it"


def test_a_citation_previews_its_full_reference(chapter):
    tab = chapter["tab"]
    link = tab.locator(CITATION).first
    target = link.get_attribute("href").lstrip("#")
    reference = " ".join(tab.locator(f"[id='{target}']").inner_text().split())
    link.focus()  # the page's first move: the focus alone loads the previews and opens this one
    shown = _box_text(tab)
    # the footnote's text without its number: the full reference, as at the foot of the page
    text = re.sub(r"^\[?\d+\]?\s*", "", reference)
    assert text[:60] in shown, f"citation {target}: the preview shows {shown[:200]!r}, the footnote {reference[:200]!r}"


def test_previews_come_from_the_book_alone(chapter):
    tab = chapter["tab"]
    tab.locator(TERM).first.hover()
    tab.locator(BOX).wait_for(state="visible")
    foreign = [u for u in chapter["requests"] if not u.startswith((chapter["base"] + "/", "data:", "blob:"))]
    assert not foreign, f"the page asked other hosts: {foreign}"
    scripts = [u for u in chapter["requests"] if "tippy" in u or "popper" in u]
    assert any(u.endswith("vendor/tippy/tippy-bundle.umd.min.js") for u in scripts), scripts
    assert not chapter["errors"], chapter["errors"]
