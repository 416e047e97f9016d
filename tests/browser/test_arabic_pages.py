"""The Arabic edition as a reader meets it (issue 18): every page in Arabic and right to left, clean,
offline and accessible in light and dark mode, in the book's own Arabic typeface, linked page to page
with the English edition; what must stay left to right (Latin references) stays so.
"""

from __future__ import annotations

import pytest

from maintainers import arabic
from maintainers.structure import toc_files

from .conftest import ARTIFACTS, opened_in_dark_mode
from .test_book_pages import _fmt_axe

pytestmark = [pytest.mark.build, pytest.mark.browser]

PAGES = ["ar/index.html"] + [f"ar/{f}.html" for f in toc_files(arabic.AR / "_toc.yml")] + ["ar/search.html"]
TRANSLATED = [
    f"{p.relative_to(arabic.AR).with_suffix('')}" for p in arabic.translations() if p.is_relative_to(arabic.AR)
]


@pytest.mark.parametrize("path", PAGES)
def test_every_arabic_page_loads_cleanly_offline_and_passes_the_audit(visitor, dark_visitor, path):
    for mode, v in (("light", visitor), ("dark", dark_visitor)):
        visit = v.visit(path, batch=PAGES)
        assert visit.status == 200, f"{path}: HTTP {visit.status}"
        assert not visit.console_errors, f"{path} ({mode}): console errors:\n" + "\n".join(visit.console_errors)
        assert not visit.failed_requests, f"{path} ({mode}): failed requests:\n" + "\n".join(visit.failed_requests)
        assert not visit.foreign_requests, f"{path} ({mode}): requests to other hosts: {visit.foreign_requests}"
        assert not visit.axe_violations, f"{path} ({mode}): axe:\n" + _fmt_axe(visit.axe_violations)


def test_an_arabic_page_opened_in_dark_mode_starts_dark(browser, site, dark_visitor):
    """As for the English pages: opened with the system already dark, an Arabic chapter shows the dark
    theme in the colours the audit saw after switching."""
    path = "ar/notebooks/08-islamic-bioethics.html"
    opened, errors = opened_in_dark_mode(browser, f"{site['url']}/{path}")
    assert not errors, f"{path} opened in dark mode: console errors {errors}"
    assert opened["theme"] == "dark" and opened == dark_visitor.visit(path, batch=PAGES).theme, opened


@pytest.mark.parametrize("path", PAGES)
def test_every_arabic_page_is_arabic_right_to_left_in_the_books_typeface(page, site, path):
    page.goto(f"{site['url']}/{path}", wait_until="networkidle")
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
    # the layout mirrors: the navigation sits right of the article, and the text starts at the right
    nav = page.locator(".bd-sidebar-primary").bounding_box()
    main = page.locator("#main-content").bounding_box()
    assert nav["x"] > main["x"], f"{path}: the table of contents is not on the right"
    assert page.evaluate("() => getComputedStyle(document.querySelector('#main-content')).direction") == "rtl"
    # the first paragraph in Arabic is set in the book's typeface
    page.evaluate(
        """() => [...document.querySelectorAll('#main-content p')].find(p => /[\\u0600-\\u06ff]/.test(p.textContent))
                 .setAttribute('data-font-probe', '')"""
    )
    used = _fonts_of(page, "[data-font-probe]")
    assert "Noto Naskh Arabic" in used, f"{path}: the Arabic text is set in {used}"


def _fonts_of(page, selector: str) -> list[str]:
    page.evaluate("document.fonts.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]


@pytest.mark.parametrize("english", TRANSLATED)
def test_the_language_switch_goes_to_the_same_page_in_the_other_edition_and_back(page, site, english):
    page.goto(f"{site['url']}/{english}.html", wait_until="load")
    page.get_by_role("link", name="اقرأ هذه الصفحة بالعربية").click()
    page.wait_for_load_state("load")
    assert page.url == f"{site['url']}/ar/{english}.html"
    assert page.evaluate("() => document.documentElement.lang") == "ar"
    page.get_by_role("link", name="Read this page in English").click()
    page.wait_for_load_state("load")
    assert page.url == f"{site['url']}/{english}.html"
    assert page.evaluate("() => document.documentElement.lang") == "en"


def test_an_english_page_without_a_translation_has_no_switch_and_the_arabic_list_links_to_it(page, site):
    page.goto(f"{site['url']}/notebooks/02-science-landscape.html", wait_until="load")
    assert page.locator("p.course-edition").count() == 0
    page.goto(f"{site['url']}/ar/book/english-chapters.html", wait_until="load")
    link = page.locator("a[href$='notebooks/02-science-landscape.html']")
    assert link.get_attribute("lang") == "en" and link.get_attribute("dir") == "ltr"
    link.click()
    page.wait_for_load_state("load")
    assert page.url == f"{site['url']}/notebooks/02-science-landscape.html"


def test_latin_citations_and_references_stay_left_to_right(page, site):
    page.goto(f"{site['url']}/ar/book/intro.html", wait_until="networkidle")
    # "[OIC Exchanges, n.d.]" reads left to right: the opening bracket left of the name, the closing right
    spans = page.evaluate(
        """() => { const s = document.querySelector('span.bibtex-citation'); return [...s.childNodes].map(n => {
             const r = document.createRange(); r.selectNodeContents(n); return [n.textContent, r.getBoundingClientRect().left]; }); }"""
    )
    assert [t for t, _ in spans][0] == "[" and [t for t, _ in spans][-1] == "]"
    assert spans[0][1] < spans[1][1] < spans[-1][1], spans
    page.goto(f"{site['url']}/ar/book/bibliography.html", wait_until="load")
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('div.citation, .bibliography')).direction")
        == "ltr"
    )


def test_code_stays_left_to_right_in_a_right_to_left_page(page, site):
    page.goto(f"{site['url']}/ar/book/setup.html", wait_until="load")
    block = page.locator("div.highlight pre").first
    assert block.evaluate("e => getComputedStyle(e).direction") == "ltr"
    # the command starts at the block's left edge, as in the English book
    first = block.evaluate(
        "e => { const w = document.createTreeWalker(e, NodeFilter.SHOW_TEXT); let t = w.nextNode();"
        " while (t && !t.textContent.trim()) t = w.nextNode();"
        " const r = document.createRange(); r.setStart(t, 0); r.setEnd(t, 1);"
        " return [r.getBoundingClientRect().left, e.getBoundingClientRect().left]; }"
    )
    assert first[0] - first[1] < 40, first
    inline = page.locator("#main-content p code").first
    assert inline.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]") == [
        "ltr",
        "isolate",
    ]


def test_screenshots_of_the_arabic_landing_page_glossary_setup_and_chapter_8(page, site):
    ARTIFACTS.mkdir(exist_ok=True)
    pages = (
        ("ar/book/intro.html", "arabic-landing.png"),
        ("ar/book/glossary.html", "arabic-glossary.png"),
        ("ar/book/setup.html", "arabic-setup-code-ltr.png"),
        ("ar/notebooks/08-islamic-bioethics.html", "arabic-chapter-08.png"),
    )
    for path, name in pages:
        page.goto(f"{site['url']}/{path}", wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => true)")
        page.screenshot(path=str(ARTIFACTS / name))
