"""The book builds as a PDF (`make pdf`: jupyter-book's LaTeX builder, XeLaTeX from Debian's TeX Live)
with every page of the table of contents, every figure and every citation.

The PDF is built into the same folder as the HTML test build (tests/book_builds.py, in the
background while other tests run), so the notebooks' execution cache is reused and no notebook runs
again.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from types import SimpleNamespace

import book_builds
import nbformat
import pytest
from pybtex.database import parse_file

from maintainers.structure import cited_keys, toc_files

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.build, pytest.mark.pdf]

TOOLS = {
    "xelatex": "TeX Live (texlive-xetex)",
    "latexmk": "latexmk",
    "pdftotext": "poppler-utils",
    "pdfimages": "poppler-utils",
}
TITLE_CHARS = 40  # compare this many letters and digits of a work's title


def _squash(text: str) -> str:
    """ASCII letters and digits only, lower-case: immune to line breaks, hyphenation, ligatures,
    accents and case (NFKD splits "é" into "e" and an accent, and "ﬁ" into "fi")."""
    return re.sub(r"[^a-z0-9]+", "", unicodedata.normalize("NFKD", text).lower())


def _bib_title(latex: str) -> str:
    """A BibTeX title as plain text: accent commands (\\'e, \\`a, \\"u, \\c{c}) and braces dropped."""
    return re.sub(r"\\[a-zA-Z]+|\\[^a-zA-Z]|[{}]", "", latex)


def page_title(f: str) -> str:
    path = ROOT / f"{f}.ipynb"
    if path.exists():
        text = nbformat.read(path, as_version=4).cells[0].source
    else:
        text = (ROOT / f"{f}.md").read_text(encoding="utf-8")
    m = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
    assert m, f"{f} has no '# Title'"
    return re.sub(r"\{[^}]+\}`([^`<]*?)\s*(<[^>]*>)?`", r"\1", m.group(1))  # {term}`text <Term>` -> text


def page_text(f: str) -> str:
    path = ROOT / f"{f}.ipynb"
    if path.exists():
        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "markdown")
    return (ROOT / f"{f}.md").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def pdf(built_book, book_folder) -> dict:
    missing = [f"{tool} ({pkg})" for tool, pkg in TOOLS.items() if not shutil.which(tool)]
    if missing:
        pytest.fail(f"the PDF test needs {', '.join(missing)}: install them with `sudo .ci/system-deps`", pytrace=False)
    build = SimpleNamespace(**book_builds.result("pdf", book_folder))  # made in the background if it could
    out = book_builds.html_folder(book_folder)
    latex = out / "_build" / "latex"
    log = latex / "course.log"
    if build.returncode != 0 or not (latex / "course.pdf").exists():
        errors = ""
        if log.exists():
            lines = log.read_text(errors="replace").splitlines()
            errors = "\n".join(
                line for i, line in enumerate(lines) if line.startswith("!") or (i and lines[i - 1].startswith("!"))
            )
        hint = (
            "\nHint: _config.yml must copy the stand-in book/_latex/bbm.sty into the LaTeX build "
            "(sphinx: config: latex_additional_files)."
            if "bbm.sty" in errors
            else ""
        )
        pytest.fail(
            f"`make pdf` failed (exit {build.returncode}).\nLaTeX errors:\n{errors}{hint}\n"
            f"Output:\n{build.stdout[-3000:]}\n{build.stderr[-3000:]}",
            pytrace=False,
        )
    pdf_path = latex / "course.pdf"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf_path), "-"], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    images = subprocess.run(
        ["pdfimages", "-list", str(pdf_path)], capture_output=True, text=True, timeout=120, check=True
    ).stdout
    return {
        "path": pdf_path,
        "text": text,
        "images": images,
        "log": log.read_text(errors="replace"),
        "html": built_book["html"],
    }


def test_pdf_has_every_page_of_the_table_of_contents(pdf):
    text = _squash(pdf["text"])
    missing = [f"{f}: {page_title(f)!r}" for f in toc_files(ROOT / "_toc.yml") if _squash(page_title(f)) not in text]
    assert not missing, "titles missing from the PDF:\n" + "\n".join(missing)


def test_pdf_keeps_every_figure(pdf):
    """At least as many raster images in the PDF as distinct figures in the HTML book."""
    html_figures = set()
    for page in pdf["html"].rglob("*.html"):
        if page.relative_to(pdf["html"]).parts[0] == "ar":
            continue  # the Arabic edition has no PDF yet
        if "_static" not in page.parts:
            html_figures.update(re.findall(r'<img[^>]+src="[^"]*_images/([^"]+)"', page.read_text(encoding="utf-8")))
    rows = [line.split() for line in pdf["images"].splitlines()[2:] if line.strip()]
    pdf_images = {row[10] for row in rows if len(row) > 10 and row[2] == "image"}  # distinct object ids
    assert html_figures, "the HTML book has no figure to compare with"
    assert len(pdf_images) >= len(html_figures), (
        f"the PDF holds {len(pdf_images)} images, the HTML book {len(html_figures)} figures"
    )


def test_pdf_keeps_every_citation(pdf):
    """Every work cited on a page of the book is listed in the PDF, and no reference is left unresolved."""
    entries = parse_file(str(ROOT / "references.bib")).entries
    text = _squash(pdf["text"])
    cited = {key for f in toc_files(ROOT / "_toc.yml") for key in cited_keys(page_text(f))}
    assert cited, "no citation found in the book's pages"
    missing = []
    for key in sorted(cited):
        title = _squash(_bib_title(entries[key].fields.get("title", "")))[:TITLE_CHARS]
        if title and title not in text:
            missing.append(f"{key}: {entries[key].fields.get('title')}")
    assert not missing, "cited works missing from the PDF:\n" + "\n".join(missing)
    assert "??" not in pdf["text"], "the PDF has unresolved references (??)"


def test_pdf_has_no_missing_glyphs(pdf):
    missing = sorted(set(re.findall(r"Missing character: There is no (.+?) in font", pdf["log"])))
    assert not missing, f"characters the PDF's fonts cannot show (they are dropped): {missing}"


NUMBER_WORDS = "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN ELEVEN TWELVE THIRTEEN".split()


def test_pdf_numbers_chapters_as_the_web_book_does(pdf):
    """Chapter N of the web book (the numbered parts of _toc.yml) is chapter N of the PDF, in its table of
    contents and on its opening page; the pages of the unnumbered parts (start here, exercises, back
    matter) carry no chapter number, as on the web (book/_ext/course_latex.py)."""
    text = pdf["text"]
    lines = [" ".join(line.split()) for line in text.splitlines()]
    chapters = [f for f in toc_files(ROOT / "_toc.yml") if f.startswith("notebooks/")]
    assert len(chapters) == len(NUMBER_WORDS)
    for n, f in enumerate(chapters, start=1):
        title = " ".join(page_title(f).split())
        assert f"{n} {title}" in lines, f"the PDF's contents do not list {f} as chapter {n}"
        opening = re.compile(rf"CHAPTER\s+{NUMBER_WORDS[n - 1]}\s+{re.escape(title.upper()[:25])}")
        assert opening.search(text), f"the PDF does not open {f} as CHAPTER {NUMBER_WORDS[n - 1]}"
    for f in ("book/how-to-use", "book/setup", "book/glossary", "exercises/book/08-islamic-bioethics"):
        title = " ".join(page_title(f).split())
        numbered = [x for x in lines if re.fullmatch(rf"\d+ {re.escape(title)}", x)]
        assert title in lines and not numbered, f"{f} is numbered in the PDF ({numbered}), but not in the web book"


def test_pdf_prints_tables_in_full(pdf):
    """A DataFrame prints as a typeset table with every cell in full (coursekit.display), not as pandas'
    plain text, which cuts long cells ('...') and breaks wide frames with a backslash."""
    from coursekit.data import load

    tex = (pdf["path"].parent / "course.tex").read_text(encoding="utf-8")
    tables = re.findall(
        r"\\begin\{(?:tabulary|longtable|tabular)\}.*?\\end\{(?:tabulary|longtable|tabular)\}", tex, re.S
    )
    flat = _squash(" ".join(tables))
    rulings = load("ruling_permissions")
    conditions = rulings.loc[rulings["ruling"] == "mwl-2003", "condition"].dropna()
    assert len(conditions) == 5 and max(map(len, conditions)) > 50
    for condition in conditions:
        assert _squash(condition) in flat, f"chapter 8's rulings table is not printed in full: {condition!r}"
    # no output block of the PDF holds a pandas plain-text frame: no cut cell, no column-block break
    outputs = re.findall(
        r"\\begin\{sphinxVerbatim\}\[commandchars=\\\\\\{\\}\]\n(.*?)\\end\{sphinxVerbatim\}", tex, re.S
    )
    cut = [o[:200] for o in outputs if re.search(r"\w\.\.\.\s{2,}\S", o) or re.search(r"\s\\\s*$", o, re.M)]
    assert not cut, "pandas plain-text tables in the PDF (cut cells or column breaks):\n" + "\n".join(cut[:5])
