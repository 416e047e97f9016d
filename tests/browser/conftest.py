"""Fixtures for the browser tests: Debian's chromium driven by Playwright, the built book on loopback.

One browser for the whole session; the book's pages are visited once each (console, requests,
axe-core audit, images) and the tests read those records. Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import functools
import re
import shutil
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from maintainers.structure import toc_files

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
sys.path.insert(0, str(ROOT / "scripts"))
from bench_readers import CHROMIUM_ARGS  # noqa: E402  (the one list of Chromium's flags: tests and benchmark)

CHROMIUM = Path("/usr/bin/chromium")
#: axe-core impact levels that fail a page.
BLOCKING_IMPACTS = ("serious", "critical")
FIX = "install it with `sudo .ci/system-deps` (CI runs it before the tests)"


def require_tool(path_or_name: str | Path, what: str) -> str:
    """Return the tool's path, or fail the test with a message saying how to install it."""
    found = shutil.which(str(path_or_name))
    if not found:
        pytest.fail(f"{path_or_name} not found: {what} needs it; {FIX}.", pytrace=False)
    return found


def book_pages() -> list[str]:
    """Every page a reader can reach: each file in _toc.yml, the landing page, search and index."""
    return ["index.html"] + [f"{f}.html" for f in toc_files(ROOT / "_toc.yml")] + ["search.html", "genindex.html"]


def chapter_files() -> list[str]:
    return [f for f in toc_files(ROOT / "_toc.yml") if f.startswith("notebooks/")]


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    """Headless Debian chromium (Playwright cannot download its own browser here)."""
    require_tool(CHROMIUM, "the browser tests (Playwright drives Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


class BookServer(ThreadingHTTPServer):
    """The loopback server of the built book. A browser that moves on (to the next page, or a closed
    tab) before a file has been sent closes the connection: the browser's choice, not an error of the
    book or the server, so it is not printed. Any other error is."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # BrokenPipeError, ConnectionResetError, ...
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def site(built_book):
    """The built HTML served by a loopback HTTP server on a free port: {"url", "html"}."""
    html = built_book["html"]
    if not (html / "index.html").exists():
        pytest.fail("the book did not build, so there is nothing to browse; see tests/test_book.py", pytrace=False)
    server = BookServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(html)))
    thread = threading.Thread(target=server.serve_forever, name="book-http", daemon=True)
    thread.start()
    try:
        yield {"url": f"http://127.0.0.1:{server.server_address[1]}", "html": html}
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@dataclass
class Visit:
    """What happened when one page was opened."""

    path: str
    status: int | None = None
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    axe_violations: list[dict] = field(default_factory=list)
    low_contrast_code: list[str] = field(default_factory=list)
    images_without_alt: list[str] = field(default_factory=list)
    image_count: int = 0
    #: Each figure of the page as the reader sees it: [src, alpha, luminance (0-255)] of its corner
    #: pixels after the theme's filters (a figure readable in dark mode keeps its own light ground).
    figures: list[list] = field(default_factory=list)
    #: The theme and its main colours as drawn (:data:`THEME_JS`).
    theme: dict = field(default_factory=dict)


#: The figures' corner pixels: drawn into a canvas with the filter the theme gives the image.
FIGURES_JS = """async () => {
  const out = [];
  for (const img of document.querySelectorAll('article.bd-article figure img, article.bd-article .cell_output img')) {
    img.loading = 'eager';
    try { await img.decode(); } catch (e) { out.push([img.getAttribute('src'), -1, -1]); continue; }
    const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d');
    g.filter = getComputedStyle(img).filter === 'none' ? 'none' : getComputedStyle(img).filter;
    g.drawImage(img, 0, 0);
    let alpha = 255, lum = 255;
    for (const [x, y] of [[1, 1], [c.width - 2, 1], [1, c.height - 2], [c.width - 2, c.height - 2]]) {
      const [r, gr, b, a] = g.getImageData(x, y, 1, 1).data;
      alpha = Math.min(alpha, a); lum = Math.min(lum, 0.2126 * r + 0.7152 * gr + 0.0722 * b);
    }
    out.push([img.getAttribute('src'), alpha, Math.round(lum)]);
  }
  return out;
}"""


#: For each kind of syntax-highlighted token on the page (one per CSS class), its text colour and
#: the first opaque background behind it, as the browser computed them.
CODE_COLOURS_JS = r"""() => {
  const seen = new Map();
  const opaque = c => !/^rgba\(.*,\s*0\)$|^transparent$/.test(c);
  for (const el of document.querySelectorAll('div.highlight pre span')) {
    if (!el.textContent.trim() || seen.has(el.className)) continue;
    let node = el, bg = 'rgb(255, 255, 255)';
    while (node && node.nodeType === 1) {
      const c = getComputedStyle(node).backgroundColor;
      if (opaque(c)) { bg = c; break; }
      node = node.parentElement;
    }
    seen.set(el.className, [el.className, getComputedStyle(el).color, bg, el.textContent.trim().slice(0, 30)]);
  }
  return [...seen.values()];
}"""
#: The theme the page shows and the colours it draws the page, its text and its links with.
THEME_JS = """() => {
  const style = e => e ? getComputedStyle(e) : null;
  const body = style(document.body), link = style(document.querySelector('article a[href]'));
  return {theme: document.documentElement.dataset.theme, background: body.backgroundColor, text: body.color,
          link: link ? link.color : null};
}"""
NO_MOTION_CSS = "*, *::before, *::after { transition: none !important; animation: none !important; }"
#: WCAG 2 AA minimum contrast for normal-size text.
MIN_CONTRAST = 4.5


def _rgb(css: str) -> tuple[float, float, float]:
    parts = [float(x) for x in re.findall(r"[\d.]+", css)]
    r, g, b = parts[:3]
    a = parts[3] if len(parts) > 3 else 1.0
    return tuple(a * c + (1 - a) * 255 for c in (r, g, b))  # over white


def contrast(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio of two CSS colours (rgb()/rgba())."""

    def luminance(rgb):
        lin = [(c / 255) / 12.92 if c / 255 <= 0.03928 else ((c / 255 + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    hi, lo = sorted((luminance(_rgb(fg)), luminance(_rgb(bg))), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def inject_axe(tab, axe_script: str) -> None:
    """Put axe-core into the page in *tab*, unless an earlier audit of the same page did."""
    if not tab.evaluate("() => typeof axe !== 'undefined'"):
        tab.evaluate(axe_script)


def system_turns_dark(tab) -> None:
    """The reader's system turns to dark mode while *tab* is open; wait until the theme follows it."""
    tab.emulate_media(color_scheme="dark")
    tab.wait_for_function("() => document.documentElement.dataset.theme === 'dark'")


class BookVisitor:
    """Opens book pages and records console, requests, images and an accessibility audit of each, in
    light and in dark mode.

    Each page is loaded once, with the reader's system in light mode, and recorded; then the system
    switches to dark mode, the theme follows it on the open page (as it does for a reader whose system
    turns dark at dusk), and the page is recorded again: what the switch logs or fetches, the figures'
    grounds and a second audit. ``test_a_page_opened_in_dark_mode_starts_dark`` checks that a page
    opened with the system already dark shows the same dark theme.

    The audit is axe-core on the whole page except syntax-highlighted code listings, whose
    thousands of coloured tokens make axe's colour-contrast rule take most of the test time; the
    colours of those tokens are checked instead from the browser's computed styles, one token kind
    at a time (``low_contrast_code``), against the WCAG AA ratio that axe applies.

    Two tabs work as a pipeline: while axe-core audits the page in one tab (in its own renderer
    process), the other tab loads its page, switches it to dark mode or starts its audit.
    """

    LOCAL_SCHEMES = ("data:", "blob:", "about:")
    TABS = 2
    AXE_TIMEOUT_MS = 120_000
    AXE_CONTEXT = {"exclude": [["div.highlight"]]}

    def __init__(self, browser, base_url: str):
        from axe_playwright_python.sync_playwright import Axe

        self.base = base_url
        self.axe_script = Axe().axe_script
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
        self.tabs = [self._new_tab() for _ in range(self.TABS)]
        self._cache: dict[tuple[str, str], Visit] = {}  # (scheme, path) -> what was recorded

    def _new_tab(self):
        tab = self.context.new_page()
        tab.set_default_timeout(30_000)
        tab._course_visit = None  # the Visit being recorded in this tab, if any

        def record(attr: str, message: str) -> None:
            if tab._course_visit is not None:
                getattr(tab._course_visit, attr).append(message)

        def on_console(msg) -> None:
            if msg.type == "error":
                record("console_errors", f"{msg.text} @ {msg.location.get('url', '')}")

        def on_request(request) -> None:
            url = request.url
            if not (url.startswith(self.base + "/") or url.startswith(self.LOCAL_SCHEMES)):
                record("foreign_requests", url)

        tab.on("console", on_console)
        tab.on("pageerror", lambda exc: record("console_errors", f"uncaught: {exc}"))
        tab.on("request", on_request)
        tab.on("requestfailed", lambda r: record("failed_requests", f"{r.url} ({r.failure})"))
        tab.on("response", lambda r: r.status >= 400 and record("failed_requests", f"{r.url} (HTTP {r.status})"))
        return tab

    def _load(self, tab, path: str) -> Visit:
        """Open *path* with the system in light mode; return the light record, still recording."""
        tab.emulate_media(color_scheme="light")
        visit = tab._course_visit = Visit(path)
        response = tab.goto(f"{self.base}/{path}", wait_until="networkidle")
        visit.status = response.status if response else None
        # End CSS transitions at once: a page in a background tab does not run them, so after the
        # theme switches to dark mode colours would stay half-way and the audit would measure those.
        tab.add_style_tag(content=NO_MOTION_CSS)
        self._record_images(tab, visit)
        return visit

    def _switch_to_dark(self, tab, light: Visit) -> Visit:
        """The reader's system turns dark; the theme follows on the open page. Return the dark record."""
        visit = tab._course_visit = Visit(light.path, status=light.status)
        system_turns_dark(tab)
        self._record_images(tab, visit)
        tab.wait_for_load_state("networkidle")  # whatever dark mode fetches, recorded in this visit
        visit.figures = tab.evaluate(FIGURES_JS)
        visit.theme = tab.evaluate(THEME_JS)
        return visit

    @staticmethod
    def _record_images(tab, visit: Visit) -> None:
        """How many images the page shows, and which of them have no alt text."""
        images = tab.eval_on_selector_all(
            "img", "els => els.map(e => [e.getAttribute('src'), (e.getAttribute('alt') || '').trim()])"
        )
        visit.image_count = len(images)
        visit.images_without_alt = [src for src, alt in images if not alt]

    def _start_audit(self, tab, visit: Visit) -> None:
        for cls, fg, bg, sample in tab.evaluate(CODE_COLOURS_JS):
            ratio = contrast(fg, bg)
            if ratio < MIN_CONTRAST:
                visit.low_contrast_code.append(f"span.{cls} {sample!r}: {fg} on {bg}, contrast {ratio:.2f}")
        # Stop recording before the audit: axe-core fetches the style sheets itself (and resolves
        # their @import against the page, not the sheet), which is not the page's doing.
        tab._course_visit = None
        inject_axe(tab, self.axe_script)  # the page's light audit injected it already
        tab.evaluate(
            """([context, ms]) => { window.__courseAxe = Promise.race([
                   axe.run(context, {resultTypes: ["violations"]}),
                   new Promise((_, reject) => setTimeout(() => reject(new Error("axe-core timed out")), ms))]); }""",
            [self.AXE_CONTEXT, self.AXE_TIMEOUT_MS],
        )

    def _finish_audit(self, tab, visit: Visit, scheme: str) -> None:
        result = tab.evaluate("() => window.__courseAxe")
        visit.axe_violations = [v for v in result["violations"] if v.get("impact") in BLOCKING_IMPACTS]
        self._cache[scheme, visit.path] = visit

    def audit(self, paths: list[str]) -> None:
        """Visit and audit, in both modes, every path not yet visited."""
        todo = [p for p in paths if ("light", p) not in self._cache]
        running: list[tuple[object, Visit, str]] = []  # (tab, visit, scheme) whose audit is under way
        free = list(self.tabs)
        while todo or running:
            if free and todo:
                tab = free.pop(0)
                visit = self._load(tab, todo.pop(0))
                self._start_audit(tab, visit)
                running.append((tab, visit, "light"))
                continue
            tab, visit, scheme = running.pop(0)
            self._finish_audit(tab, visit, scheme)
            if scheme == "light":
                dark = self._switch_to_dark(tab, visit)
                self._start_audit(tab, dark)
                running.append((tab, dark, "dark"))
            else:
                free.append(tab)

    def visit(self, path: str, batch: list[str] | None = None, scheme: str = "light") -> Visit:
        """The record of *path* in *scheme*; the first call audits the whole *batch* (default: every page)
        in one pass."""
        if (scheme, path) not in self._cache:
            self.audit([path] + [p for p in (book_pages() if batch is None else batch) if p != path])
        return self._cache[scheme, path]

    def close(self) -> None:
        self.context.close()


class SchemeView:
    """What a reader in one colour scheme met on each page (a view of the shared :class:`BookVisitor`)."""

    def __init__(self, visitor: BookVisitor, scheme: str):
        self.visitor, self.scheme = visitor, scheme

    def visit(self, path: str, batch: list[str] | None = None) -> Visit:
        return self.visitor.visit(path, batch, self.scheme)


@pytest.fixture(scope="session")
def book_visitor(browser, site):
    v = BookVisitor(browser, site["url"])
    try:
        yield v
    finally:
        v.close()


@pytest.fixture(scope="session")
def visitor(book_visitor):
    """Each page as a reader whose system is in light mode meets it."""
    return SchemeView(book_visitor, "light")


@pytest.fixture(scope="session")
def dark_visitor(book_visitor):
    """The same pages once the reader's system asks for dark mode (the theme follows it)."""
    return SchemeView(book_visitor, "dark")


def opened_in_dark_mode(browser, url: str) -> tuple[dict, list[str]]:
    """Open *url* with the reader's system already in dark mode: the theme and its colours as drawn
    (:data:`THEME_JS`), and the console errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    tab.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    try:
        tab.goto(url, wait_until="networkidle")
        tab.add_style_tag(content=NO_MOTION_CSS)
        return tab.evaluate(THEME_JS), errors
    finally:
        context.close()


@pytest.fixture()
def page(browser, site):
    """A fresh tab for interaction tests (search, table of contents, toggles)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    try:
        yield tab
    finally:
        context.close()
