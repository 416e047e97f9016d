"""What a reader on a slow mobile link waits for: every page of the built book, loaded in Chromium.

    .venv/bin/python scripts/bench_readers.py _build/html            # every page of the book
    .venv/bin/python scripts/bench_readers.py _build/html --pages notebooks/08-islamic-bioethics.html

The built site is served on localhost by a small static server that compresses text as static hosts
do (gzip, when the browser accepts it). Each page is opened in a fresh browser context with an empty
cache, through Chromium's DevTools protocol, on a throttled link: 1.6 Mbit/s down, 750 kbit/s up,
400 ms round trip (the issue "Performance"). For each page it records the bytes transferred (encoded,
headers included), the number of requests, the time to first contentful paint and to the load event.
``scripts/bench.py`` runs this and compares the figures with the budgets (300 KB, 3 s per page).
"""

from __future__ import annotations

import argparse
import gzip
import json
import mimetypes
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

#: The slow mobile link of the issue: 1.6 Mbit/s down, 750 kbit/s up, 400 ms round trip.
NETWORK = {"offline": False, "latency": 400, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".txt", ".xml", ".map", ".ipynb", ".md")


@lru_cache(maxsize=4096)
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)


def _handler(root: Path):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_GET(self):
            rel = unquote(urlparse(self.path).path).lstrip("/")
            path = (root / rel).resolve()
            if path.is_dir():
                path = path / "index.html"
            if root not in path.parents and path != root or not path.is_file():
                self.send_error(404)
                return
            body = path.read_bytes()
            gz = path.suffix in _COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                body = _gzipped(path, path.stat().st_mtime)
            self.send_response(200)
            self.send_header("Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream")
            if gz:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):  # the browser moved on
                pass

    return Handler


@contextmanager
def serve(root: Path):
    """Serve *root* on a free localhost port; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(Path(root).resolve()))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def pages(html_dir: Path) -> list[str]:
    """Every page of the built book (relative paths), without Sphinx's own search and index pages and
    the redirect stubs (the root ``index.html`` and ``intro.html`` only send the reader to ``book/intro.html``)."""
    skip = {"search.html", "genindex.html", "py-modindex.html"}
    return sorted(
        p.relative_to(html_dir).as_posix()
        for p in Path(html_dir).rglob("*.html")
        if p.name not in skip
        and "_static" not in p.parts
        and "_sources" not in p.parts
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8", errors="ignore")[:2000].lower()
    )


def measure_page(browser, url: str, network: dict | None = NETWORK) -> dict:
    """Open *url* in a fresh context on the throttled link; bytes, requests and timings of its first load."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, device_scale_factor=1)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if network:
        cdp.send("Network.emulateNetworkConditions", network)
    sizes: dict[str, int] = {}
    failed: list[str] = []
    cdp.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    cdp.on("Network.loadingFailed", lambda e: failed.append(e.get("errorText", "")))
    page.goto(url, wait_until="load", timeout=180_000)
    script = """() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const fcp = performance.getEntriesByName('first-contentful-paint')[0];
        return {load: nav ? nav.loadEventStart : null, fcp: fcp ? fcp.startTime : null};
    }"""
    redirected = False
    try:  # the first paint can be recorded just after the load event on a fast page
        page.wait_for_function("performance.getEntriesByName('first-contentful-paint').length > 0", timeout=10_000)
    except Exception:
        pass  # a page that paints nothing has no first contentful paint (reported as None)
    try:
        timing = page.evaluate(script)
    except Exception:  # the page sent the reader on (a script redirect): measure where it landed
        redirected = True
        page.wait_for_load_state("load", timeout=180_000)
        timing = page.evaluate(script)
    page.wait_for_timeout(200)  # let the last loadingFinished events arrive
    context.close()
    return {
        "transfer_kb": round(sum(sizes.values()) / 1024, 1),
        "requests": len(sizes) + len(failed),
        "failed_requests": len(failed),
        "fcp_s": round(timing["fcp"] / 1000, 2) if timing["fcp"] is not None else None,
        "load_s": round(timing["load"] / 1000, 2) if timing["load"] is not None else None,
        "redirected": redirected,
    }


def measure(html_dir: Path, names: list[str] | None = None, workers: int = 2) -> list[dict]:
    """Measure *names* (default: every page) of the built book in *html_dir*."""
    from playwright.sync_api import sync_playwright

    names = names or pages(html_dir)
    results: list[dict] = []
    with serve(html_dir) as base:

        def run(chunk: list[str]) -> list[dict]:
            out = []
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name in chunk:
                    out.append({"page": name, **measure_page(browser, base + name)})
                browser.close()
            return out

        chunks = [names[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for part in pool.map(run, chunks):
                results.extend(part)
    return sorted(results, key=lambda r: r["page"])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the built book (e.g. _build/html)")
    parser.add_argument("--pages", nargs="*", help="only these pages (paths relative to the built book)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    results = measure(args.html, args.pages, args.workers)
    json.dump(results, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
