"""The built book as a reader meets it in a browser (Debian's chromium, driven by Playwright).

Every page loads with no console error, no failed request and no request to another host; the
table of contents and the search find every chapter; a solution toggle opens; every image has alt
text; axe-core finds no serious or critical accessibility violation on any page, in light and in dark
mode, and every figure keeps a light ground in dark mode.
"""

from __future__ import annotations

import re

import nbformat
import pytest

from .conftest import ARTIFACTS, MIN_CONTRAST, ROOT, BookServer, book_pages, chapter_files, opened_in_dark_mode

pytestmark = [pytest.mark.build, pytest.mark.browser]

PAGES = book_pages()
CHAPTERS = chapter_files()
EXERCISE_PAGE = "exercises/book/01-why-collaborate.html"


def chapter_title(f: str) -> str:
    """The plain text of a chapter's '# Title' (MyST roles and emphasis removed)."""
    nb = nbformat.read(ROOT / f"{f}.ipynb", as_version=4)
    first = nb.cells[0].source.lstrip().splitlines()[0]
    title = re.sub(r"^#\s+", "", first)
    title = re.sub(r"\{[^}]+\}`([^`<]*?)\s*(<[^>]*>)?`", r"\1", title)  # {term}`text <Term>` -> text
    return re.sub(r"[*_`]", "", title).strip()


def search_word(title: str) -> str:
    """The longest word of a title: specific enough to find the chapter."""
    return max(re.findall(r"[A-Za-z]{4,}", title), key=len).lower()


def _fmt_axe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        targets = "; ".join(", ".join(n["target"]) + f"  {n['html'][:120]}" for n in v["nodes"][:4])
        lines.append(f"  [{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} node(s)): {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("path", PAGES)
def test_page_loads_cleanly_and_offline(visitor, path):
    visit = visitor.visit(path)
    assert visit.status == 200, f"{path}: HTTP {visit.status}"
    assert not visit.console_errors, f"{path}: console errors:\n" + "\n".join(visit.console_errors)
    assert not visit.failed_requests, f"{path}: failed requests:\n" + "\n".join(visit.failed_requests)
    assert not visit.foreign_requests, f"{path}: requests to other hosts (the book must work offline):\n" + "\n".join(
        visit.foreign_requests
    )


@pytest.mark.parametrize("path", PAGES)
def test_every_image_has_alt_text(visitor, path):
    visit = visitor.visit(path)
    assert not visit.images_without_alt, f"{path}: images without alt text: {visit.images_without_alt}"


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(visitor, path):
    visit = visitor.visit(path)
    assert not visit.axe_violations, (
        f"{path}: axe-core found serious or critical violations:\n{_fmt_axe(visit.axe_violations)}"
    )
    assert not visit.low_contrast_code, f"{path}: code colours below WCAG AA contrast {MIN_CONTRAST}:\n" + "\n".join(
        visit.low_contrast_code
    )


#: Dark mode (the theme follows the reader's system setting): every page, as in light mode.
DARK_PAGES = PAGES  # issue 17: the theme's dark mode passes the audit on every page


@pytest.mark.parametrize("path", DARK_PAGES)
def test_dark_mode_is_accessible_too(dark_visitor, path):
    visit = dark_visitor.visit(path, batch=DARK_PAGES)
    assert not visit.console_errors, f"{path} (dark): console errors:\n" + "\n".join(visit.console_errors)
    assert not visit.axe_violations, (
        f"{path} (dark): axe-core found serious or critical violations:\n{_fmt_axe(visit.axe_violations)}"
    )
    assert not visit.low_contrast_code, (
        f"{path} (dark): code colours below WCAG AA contrast {MIN_CONTRAST}:\n" + "\n".join(visit.low_contrast_code)
    )
    # Figures stay readable: each keeps its own opaque, light ground (dark ink on it), whatever the theme
    # does to images in dark mode, rather than dark lines on the dark page.
    unreadable = [f"{src}: alpha {a}, luminance {lum}" for src, a, lum in visit.figures if a < 250 or lum < 180]
    assert not unreadable, f"{path} (dark): figures without a light ground:\n" + "\n".join(unreadable)


def test_dark_mode_checks_the_figures_it_shows(dark_visitor):
    """The figure check above must have something to check: every chapter's figures are read in dark mode."""
    for f in CHAPTERS:
        assert dark_visitor.visit(f"{f}.html", batch=DARK_PAGES).figures, f"{f}: no figure measured in dark mode"


@pytest.mark.parametrize("path", ["index.html", "notebooks/08-islamic-bioethics.html", EXERCISE_PAGE])
def test_a_page_opened_in_dark_mode_starts_dark(browser, site, dark_visitor, path):
    """The audits above switch an open page to dark mode. A page opened with the system already dark
    starts in the same dark theme, drawn in the same colours, with no console error."""
    opened, errors = opened_in_dark_mode(browser, f"{site['url']}/{path}")
    assert not errors, f"{path} opened in dark mode: console errors {errors}"
    switched = dark_visitor.visit(path, batch=DARK_PAGES).theme
    assert opened["theme"] == "dark", f"{path} opened in dark mode shows the {opened['theme']!r} theme"
    assert opened == switched, f"{path}: opened in dark mode {opened}, switched to dark mode {switched}"


def test_chapters_show_their_figures(visitor):
    """The image check above must have something to check: each chapter draws at least one figure."""
    assert CHAPTERS, "no chapter in _toc.yml"
    for f in CHAPTERS:
        assert visitor.visit(f"{f}.html").image_count >= 1, f"{f}: no figure rendered"


def test_table_of_contents_leads_to_every_chapter(page, site):
    page.goto(f"{site['url']}/index.html", wait_until="networkidle")
    nav = page.locator("nav.bd-docs-nav")
    for f in CHAPTERS:
        title = chapter_title(f)
        link = nav.locator(f"a[href$='{f}.html']").first
        assert link.count() == 1, f"the sidebar table of contents has no link to {f}"
        assert title.lower() in link.inner_text().lower(), f"sidebar link to {f} reads {link.inner_text()!r}"
        link.click()
        page.wait_for_url(re.compile(re.escape(f) + r"\.html"))
        h1 = page.locator("main h1").first.inner_text()
        assert title.lower() in h1.lower(), f"{f}: heading {h1!r}, expected {title!r}"
        page.go_back(wait_until="load")


def _finds(page, f: str) -> bool:
    """Wait until the search results list the page *f* (or the search finishes without it)."""
    hit = page.locator(f"#search-results ul.search li a[href*='{f}.html']")
    done = page.locator("#search-results .search-summary").filter(has_text="Search finished")
    hit.or_(done).first.wait_for()
    return hit.count() > 0


def _results(page) -> list[str]:
    return page.eval_on_selector_all("#search-results ul.search li a", "els => els.map(e => e.getAttribute('href'))")


def test_search_box_finds_the_first_chapter(page, site):
    """As a reader: open the search dialog from the landing page, type a word, press Enter."""
    f = CHAPTERS[0]
    word = search_word(chapter_title(f))
    page.goto(f"{site['url']}/index.html", wait_until="networkidle")
    page.locator("button.search-button-field").first.click()
    box = page.locator("#pst-search-dialog input[name='q']")
    box.wait_for(state="visible")
    box.fill(word)
    box.press("Enter")
    page.wait_for_url(re.compile(r"search\.html\?q="))
    assert _finds(page, f), f"searching {word!r} did not find {f}: {_results(page)}"


@pytest.mark.parametrize("f", CHAPTERS)
def test_search_page_finds_chapter(page, site, f):
    word = search_word(chapter_title(f))
    page.goto(f"{site['url']}/search.html", wait_until="load")
    box = page.locator(".bd-search-container form.bd-search input[name='q']")
    box.fill(word)
    box.press("Enter")
    assert _finds(page, f), f"searching {word!r} did not find {f}: {_results(page)}"


def test_solution_toggles_open(page, site):
    page.goto(f"{site['url']}/{EXERCISE_PAGE}", wait_until="networkidle")
    # A worked solution folded as a hidden code cell ("Show code cell content").
    hidden = page.locator("details.hide").first
    code = hidden.locator(".cell_input")
    assert not code.is_visible(), "the worked solution is visible before the toggle is opened"
    hidden.locator("summary").click()
    code.wait_for(state="visible")
    assert "def " in code.inner_text() or code.inner_text().strip(), "the opened solution is empty"
    # A model answer and marking rubric folded in a drop-down.
    dropdown = page.locator("details.sd-dropdown").first
    body = dropdown.locator(".sd-summary-content")
    assert not body.is_visible(), "the model answer is visible before the drop-down is opened"
    dropdown.locator("summary").click()
    body.wait_for(state="visible")
    assert "Model answer" in body.inner_text()


def test_screenshots_of_landing_page_and_first_chapter(page, site, artifacts):
    shots = {"landing.png": "index.html", f"chapter-{CHAPTERS[0].split('/')[-1]}.png": f"{CHAPTERS[0]}.html"}
    for name, path in shots.items():
        page.goto(f"{site['url']}/{path}", wait_until="networkidle")
        page.screenshot(path=str(artifacts / name), full_page=False)
        data = (artifacts / name).read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000, f"{name} is not a real screenshot"
    assert ARTIFACTS.is_dir()


def test_the_book_server_is_quiet_when_a_browser_moves_on_and_not_otherwise(capsys):
    """A connection the browser closed before a file was sent is not printed as an error (it is not
    one); any other error of the server is."""
    from http.server import BaseHTTPRequestHandler

    server = BookServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"), OSError("disk")):
            try:
                raise error
            except OSError:
                server.handle_error(None, ("127.0.0.1", 1))
    finally:
        server.server_close()
    printed = capsys.readouterr().err
    assert "OSError: disk" in printed
    assert "Broken pipe" not in printed and "reset" not in printed
