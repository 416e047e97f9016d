"""The book builds offline with warnings as errors, and the built HTML is what a reader needs.

The build executes every notebook page once (chapters and the exercise pages, into the execution
cache the book reads), and the suite does not run them again: whether each ran from top to bottom
without an error is read from that cache (what nbval reports when it executes a notebook; authors run
one chapter with nbval, see CONTRIBUTING.md).
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import book_builds
import pytest
from execution_support import eval_order_problems, executed, run_errors

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import executable_pages  # noqa: E402

pytestmark = pytest.mark.build
EXECUTED = [p.relative_to(ROOT).with_suffix("").as_posix() for p in executable_pages(ROOT, ROOT / "_toc.yml")]


class _Tags(HTMLParser):
    """Collects (tag, attrs) of every start tag in a page."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(page) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.tags


def pages(html_dir):
    return sorted(p for p in html_dir.rglob("*.html") if "_static" not in p.parts)


def test_build_succeeds_with_warnings_as_errors(built_book):
    first = built_book["first"]
    assert first.returncode == 0, f"book build failed:\n{first.stdout[-6000:]}\n{first.stderr[-6000:]}"
    assert (built_book["html"] / "index.html").exists()


def test_the_build_executes_every_chapter_and_exercise_page():
    assert sum(p.startswith("notebooks/") for p in EXECUTED) >= 13
    assert sum(p.startswith("exercises/book/") for p in EXECUTED) >= 13


@pytest.mark.parametrize("page", EXECUTED)
def test_the_page_runs_from_top_to_bottom_without_an_error(built_book, page):
    errors = run_errors(built_book["html"].parent / ".jupyter_cache", ROOT / f"{page}.ipynb")
    assert not errors, f"{page}: " + "\n".join(errors)


@pytest.mark.parametrize("page", EXECUTED)
def test_every_number_the_prose_quotes_is_defined_before_the_prose(built_book, page):
    """JupyterLab evaluates a markdown cell's ``{eval}`` expressions when the cell runs, in order: each
    name must be glued (``glue_values``, ``glue(..., display=False)``) or assigned or imported by a code
    cell above it. The book takes the values from the glued outputs, so each name must be glued too
    (else the build fails on it)."""
    nb = executed(built_book["html"].parent / ".jupyter_cache", ROOT / f"{page}.ipynb")
    assert nb is not None, f"{page} was never executed"
    problems = eval_order_problems(nb)
    assert not problems, f"{page}:\n" + "\n".join(problems)


def test_second_build_reexecutes_no_notebook(built_book):
    second = built_book["second"]
    assert second.returncode == 0, second.stderr[-4000:]
    log = second.stdout + second.stderr
    assert not re.search(r"Executing notebook", log), (
        "a build with nothing changed re-executed a notebook:\n"
        + "\n".join(line for line in log.splitlines() if "Executing" in line)
    )


def test_every_toc_page_is_built(built_book, root):
    from maintainers.structure import toc_files

    for f in toc_files(root / "_toc.yml"):
        assert (built_book["html"] / f"{f}.html").exists(), f"{f} missing from the built book"


def test_model_chapter_has_figures_citations_and_exercise_link(built_book):
    page = built_book["html"] / "notebooks" / "01-why-collaborate.html"
    text = page.read_text(encoding="utf-8")
    imgs = [a for t, a in tags(page) if t == "img" and a.get("src", "").endswith(".png")]
    assert len(imgs) >= 2, "the model chapter should show at least two figures"
    assert text.count('class="caption-number"') >= 2, "figures must be numbered with captions"
    assert re.search(r'href="[^"]*#id\d+"|class="reference internal"', text)
    assert "Adams" in text, "author-year citations should render (Adams 2013)"
    assert "exercises/book/01-why-collaborate.html" in text
    # numbers glued from the data appear in the prose (no unresolved glue)
    assert "1,236,106" in text and "3,344,037" in text


def test_every_image_has_alt_text(built_book):
    missing = []
    for page in pages(built_book["html"]):
        for tag, attrs in tags(page):
            if tag == "img" and not attrs.get("alt", "").strip():
                missing.append(f"{page.name}: {attrs.get('src')}")
    assert not missing, "images without alt text:\n" + "\n".join(missing)


def test_no_request_to_another_host(built_book):
    """Scripts, styles, fonts and images all come from the build itself (offline reading)."""
    offenders = []
    for page in pages(built_book["html"]):
        for tag, attrs in tags(page):
            url = attrs.get("src") if tag in {"script", "img", "iframe"} else None
            if (
                tag == "link"
                and attrs.get("rel")
                and set(attrs["rel"].split()) & {"stylesheet", "preload", "icon", "modulepreload"}
            ):
                url = attrs.get("href")
            if url and re.match(r"(https?:)?//", url):
                offenders.append(f"{page.relative_to(built_book['html'])}: <{tag}> {url}")
    css_urls = []
    for css in built_book["html"].rglob("*.css"):
        for url in re.findall(r"url\((['\"]?)(https?://[^)'\"]+)\1\)", css.read_text(errors="ignore")):
            css_urls.append(f"{css.name}: {url[1]}")
    assert not offenders, "pages load remote resources:\n" + "\n".join(offenders[:20])
    assert not css_urls, "stylesheets load remote resources:\n" + "\n".join(css_urls[:20])


def test_formulas_need_no_script(built_book):
    """Formulas are MathML written at build time (book/_ext/course_math.py): no MathJax, no CDN."""
    page = built_book["html"] / "notebooks" / "03-measuring-collaboration.html"
    srcs = [a.get("src", "") for t, a in tags(page) if t == "script"]
    assert not [s for s in srcs if "mathjax" in s.lower()]
    assert "<math " in page.read_text(encoding="utf-8")


# --- classroom edition: the same book with no solution anywhere in the HTML -------------------


@pytest.fixture(scope="session")
def built_classroom(book_folder, built_book):
    """The classroom edition's build (tests/book_builds.py, from the self-study build's execution cache)."""
    proc = SimpleNamespace(**book_builds.result("classroom", book_folder))
    return {"html": book_folder / "classroom" / "_build" / "html", "proc": proc}


def test_classroom_build_has_no_solution_text(built_classroom, built_book):
    from maintainers.editions import find_solution_leaks

    proc = built_classroom["proc"]
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert (built_classroom["html"] / "exercises/classroom/01-why-collaborate.html").exists()
    assert find_solution_leaks(built_classroom["html"]) == []
    # positive control: the scanner does find the (collapsed) solutions in the self-study build
    assert find_solution_leaks(built_book["html"])


def test_self_study_solutions_are_collapsed(built_book):
    page = (built_book["html"] / "exercises/book/01-why-collaborate.html").read_text(encoding="utf-8")
    assert page.count("sd-dropdown") >= 3 and "tag_hide-cell" in page
    assert "BEGIN SOLUTION" not in page and "BEGIN HIDDEN TESTS" not in page
