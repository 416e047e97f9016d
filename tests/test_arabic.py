"""The Arabic edition's machinery (issue 18): one term table for both glossaries, a configuration made
from the English one, translations that cannot go stale silently, and the typeface served from the book.

The pages themselves, as a reader meets them, are tested in tests/browser/test_arabic_pages.py.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from maintainers import arabic, derive, glossary

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "book" / "_static" / "vendor" / "noto-naskh-arabic"


# ------------------------------------------------------------------------------------ generated files
def test_the_generated_files_are_as_their_sources_make_them():
    """ar/_config.yml and the list of untranslated chapters from the English; both glossaries from the table."""
    assert arabic.main(["--check"]) == 0
    assert glossary.main(["--check"]) == 0


def test_the_arabic_configuration_keeps_the_english_settings_and_changes_only_what_it_must():
    import yaml

    en = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    ar = yaml.safe_load((ROOT / "ar" / "_config.yml").read_text(encoding="utf-8"))
    assert ar["sphinx"]["config"]["language"] == "ar" and ar["sphinx"]["config"]["course_edition"] == "ar"
    assert set(ar["sphinx"]["local_extensions"]) == set(en["sphinx"]["local_extensions"])
    assert all(p.startswith("../") for p in ar["sphinx"]["local_extensions"].values())
    assert ar["sphinx"]["extra_extensions"] == en["sphinx"]["extra_extensions"]
    assert ar["execute"] == en["execute"] and ar["parse"] == en["parse"]
    assert ar["bibtex_bibfiles"] == ["../references.bib"]
    assert re.search(r"[\u0600-\u06ff]", ar["title"])


def test_every_page_not_translated_is_listed_with_a_link_to_the_english():
    page = (ROOT / "ar" / "book" / "english-chapters.md").read_text(encoding="utf-8")
    for f in arabic.yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["parts"]:
        for c in f["chapters"]:
            translated = arabic._source(c["file"], ROOT / "ar") is not None
            assert (f'href="../../{c["file"]}.html"' in page) != translated, c["file"]


# ---------------------------------------------------------------------------------------- staying in step
def test_every_translation_records_its_source_and_is_in_step():
    pages = arabic.translations()
    assert {p.relative_to(ROOT).as_posix() for p in pages} >= {"ar/book/intro.md", "ar/book/bibliography.md"}
    assert arabic.stale() == []


@pytest.fixture()
def copy(tmp_path):
    """The English pages the translations name and the Arabic edition, copied where a test may change them."""
    for page in arabic.translations():
        shutil.copy2(page, _to(tmp_path / "ar", page.relative_to(arabic.AR)))
        source = arabic._front_matter(page)["translation"]["source"]
        shutil.copy2(ROOT / source, _to(tmp_path, Path(source)))
    return tmp_path


def _to(base: Path, rel: Path) -> Path:
    (base / rel).parent.mkdir(parents=True, exist_ok=True)
    return base / rel


def test_a_change_to_an_english_page_makes_its_translation_stale_and_the_message_names_the_page(copy):
    assert arabic.stale(copy / "ar", copy) == []
    english = copy / "book" / "intro.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    found = arabic.stale(copy / "ar", copy)
    assert len(found) == 1
    assert found[0].startswith("ar/book/intro.md: stale: book/intro.md changed after it was translated")
    assert "--translated ar/book/intro.md" in found[0]


def test_a_translation_without_a_record_or_with_a_missing_source_is_named(copy):
    page = copy / "ar" / "book" / "intro.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("source: book/intro.md", "source: book/no-such-page.md"), encoding="utf-8")
    assert arabic.stale(copy / "ar", copy) == [
        "ar/book/intro.md: translates book/no-such-page.md, which does not exist"
    ]
    page.write_text(re.sub(r"^---\n.*?\n---\n", "", text, flags=re.S), encoding="utf-8")
    assert arabic.stale(copy / "ar", copy)[0].startswith("ar/book/intro.md: no translation record")


def test_recording_a_new_translation_updates_the_hash(copy, monkeypatch):
    monkeypatch.setattr(arabic, "ROOT", copy)
    english = copy / "book" / "intro.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    arabic.mark_translated(copy / "ar" / "book" / "intro.md")
    assert arabic.stale(copy / "ar", copy) == []
    assert hashlib.sha256(english.read_bytes()).hexdigest() in (copy / "ar" / "book" / "intro.md").read_text("utf-8")


# ----------------------------------------------------------------------------------------- the term table
def _rows() -> list[dict]:
    with open(ROOT / "data" / "terms.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_every_term_has_both_languages_and_the_same_citations_in_each():
    rows = _rows()
    assert len(rows) >= 30
    for r in rows:
        assert re.search(r"[\u0600-\u06ff]", r["term_ar"]) and re.search(r"[\u0600-\u06ff]", r["definition_ar"]), r[
            "term"
        ]
        cite = re.compile(r"\{cite:p\}`([^`]*)`")
        assert cite.findall(r["definition"]) == cite.findall(r["definition_ar"]), r["term"]


def _refused(tmp_path, monkeypatch, change) -> str:
    rows = _rows()
    change(rows)
    path = tmp_path / "terms.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    monkeypatch.setattr(derive, "CURATED_DIR", tmp_path)
    with pytest.raises(ValueError) as err:
        derive.build_terms(None)
    return str(err.value)


def test_a_translation_that_drops_a_citation_is_refused_naming_file_row_and_column(tmp_path, monkeypatch):
    def drop(rows):
        rows[0]["definition_ar"] = re.sub(r"\s*\{cite:p\}`[^`]*`", "", rows[0]["definition_ar"])

    message = _refused(tmp_path, monkeypatch, drop)
    assert "terms.csv, row 1, column 'definition_ar'" in message and "keeps every citation" in message


def test_a_link_to_a_term_without_an_entry_is_refused(tmp_path, monkeypatch):
    def link(rows):
        rows[1]["definition_ar"] += " قارن {term}`مصطلح غير موجود`."

    assert "row 2, column 'definition_ar': links to the term 'مصطلح غير موجود'" in _refused(tmp_path, monkeypatch, link)


def test_the_term_table_loads_like_every_dataset():
    from coursekit.data import load

    table = load("terms")
    assert list(table.columns)[:3] == ["term", "term_ar", "transliteration"]
    assert table["term"].is_unique and table["term_ar"].is_unique


# ------------------------------------------------------------------------------------------ the typeface
def test_the_arabic_typeface_is_served_from_the_book_as_its_readme_records():
    readme = (FONTS / "README.md").read_text(encoding="utf-8")
    files = sorted(FONTS.glob("*.woff2"))
    assert len(files) == 2 and (FONTS / "OFL.txt").exists()
    for f in files:
        assert hashlib.sha256(f.read_bytes()).hexdigest() in readme, f"{f.name}: not the file the README records"
    css = (ROOT / "book" / "_static" / "course-rtl.css").read_text(encoding="utf-8")
    assert "http" not in css.split("*/", 1)[1], "the stylesheet must not load anything from another host"
    assert all(f"vendor/noto-naskh-arabic/{f.name}" in css for f in files)


def test_the_other_edition_of_a_page():
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import course_editions as ed

    assert ed.counterpart("en", "book/intro") == "ar/book/intro.html"
    assert ed.counterpart("en", "notebooks/02-science-landscape") is None  # not translated yet
    assert ed.counterpart("ar", "book/intro") == "book/intro.html"
    assert ed.counterpart("ar", "book/english-chapters") is None  # the Arabic edition's own page


# ----------------------------------------------------------------------------------- Arabic in figures
def test_matplotlib_joins_and_orders_arabic_itself():
    """The pinned matplotlib lays text out with libraqm (HarfBuzz shaping, the Unicode bidirectional
    algorithm): an Arabic title, label or legend is written as it is, never reshaped or reversed first
    (arabic-reshaper with python-bidi would reverse it a second time)."""
    import matplotlib.ft2font as ft2font
    from matplotlib import _text_helpers
    from matplotlib.font_manager import FontProperties, findfont, get_font

    assert getattr(ft2font, "__libraqm_version__", None), "this matplotlib has no complex text layout"
    font = get_font(findfont(FontProperties(family="DejaVu Sans")))
    font.set_size(12, 72)

    def glyphs(text):
        return [(item.char, item.glyph_index) for item in _text_helpers.layout(text, font)]

    assert len(glyphs("لا")) == 1, "lam and alef are not joined into their ligature"
    beh = [g for _, g in glyphs("بببب")]
    assert len(set(beh)) == 3 and beh[1] == beh[2], f"beh does not take its initial, medial and final forms: {beh}"
    order = "".join(c for c, _ in glyphs("عام 2003"))
    assert order.startswith("2003") and order.endswith("ماع"), f"not in right-to-left display order: {order!r}"


def test_a_figure_with_arabic_text_draws_every_letter():
    import warnings

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import pandas as pd

    terms = pd.read_csv(ROOT / "data" / "terms.csv")["term_ar"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of a glyph missing from the font
        fig, ax = plt.subplots()
        ax.set_title("حصة المقالات المشتركة دوليًا، 2003 و2022")
        for i, term in enumerate(terms[:8]):
            ax.plot([0, 1], [i, i + 1], label=term)
        ax.legend()
        fig.canvas.draw()
        plt.close(fig)
