"""The reader benchmark (scripts/bench_readers.py) measures what it says: compressed bytes, requests.

Nothing here is timed (budgets live in ``make bench``); these tests check the instrument on a tiny site
whose sizes are known.
"""

from __future__ import annotations

import gzip
import urllib.request

import bench_readers as br  # scripts/ is on the path (see conftest.py)
import pytest

PAGE = (
    "<!doctype html><html><head><link rel='icon' href='data:,'><link rel='stylesheet' href='style.css'></head>"
    "<body><p>{}</p></body></html>"
)


@pytest.fixture
def tiny_site(tmp_path):
    (tmp_path / "page.html").write_text(PAGE.format("word " * 4000), encoding="utf-8")
    (tmp_path / "style.css").write_text("p { color: black; }\n" * 500, encoding="utf-8")
    (tmp_path / "index.html").write_text('<meta http-equiv="Refresh" content="0; url=page.html" />', encoding="utf-8")
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "skip.html").write_text("<p>asset</p>", encoding="utf-8")
    return tmp_path


def test_pages_are_the_book_pages_without_redirect_stubs_or_assets(tiny_site):
    assert br.pages(tiny_site) == ["page.html"]


def test_the_server_compresses_text_as_a_static_host_does(tiny_site):
    with br.serve(tiny_site) as base:
        plain = urllib.request.urlopen(base + "page.html").read()
        request = urllib.request.Request(base + "page.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            body = response.read()
        assert gzip.decompress(body) == plain and len(body) < len(plain) / 10
        with pytest.raises(urllib.error.HTTPError):
            urllib.request.urlopen(base + "missing.html")


@pytest.mark.browser
def test_a_page_is_measured_with_its_assets_compressed(tiny_site, browser):
    with br.serve(tiny_site) as base:
        result = br.measure_page(browser, base + "page.html", network=None)
    raw = sum(len((tiny_site / f).read_bytes()) for f in ("page.html", "style.css")) / 1024
    assert result["requests"] == 2 and result["failed_requests"] == 0  # the page and its stylesheet
    assert 0 < result["transfer_kb"] < raw / 5  # compressed, headers included
    assert result["load_s"] is not None and result["fcp_s"] is not None
