"""The Arabic edition's machinery (issue 18): one term table for both glossaries, a configuration made
from the English one, translations that cannot go stale silently, and the typeface served from the book.

The pages themselves, as a reader meets them, are tested in tests/browser/test_arabic_pages.py.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from coursekit import concepts
from maintainers import arabic, derive, evidence, glossary, structure, translation

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
    for page in arabic.translations():  # the Arabic edition's pages, and the Arabic exercise sources
        shutil.copy2(page, _to(tmp_path, page.relative_to(ROOT)))
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
    # a translated chapter's link to a page not translated yet goes to the English page
    chapter = "notebooks/12-evaluating-claims"
    assert ed.english_page(chapter, "notebooks/04-collaboration-in-practice.ipynb", "x") == (
        "../../notebooks/04-collaboration-in-practice.html#x"
    )
    assert ed.english_page(chapter, "../book/evidence.ipynb") == "../../book/evidence.html"  # out of ar/
    assert ed.english_page(chapter, "book/setup.md") is None  # translated: the Arabic page
    assert ed.english_page(chapter, "book/no-such-page.md") is None


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


# ------------------------------------------------------------------ translated notebooks: only the words change
ARABIC_CHAPTERS = ARABIC_SETS = ["01-why-collaborate", "08-islamic-bioethics", "12-evaluating-claims"]


def test_the_arabic_edition_translates_the_chapters_and_exercise_sets_issue_18_asks_for():
    assert sorted(p.stem for p in (ROOT / "ar" / "notebooks").glob("*.ipynb")) == ARABIC_CHAPTERS
    assert [p.name for p in translation.translated_notebooks()] == [f"{c}.ipynb" for c in ARABIC_CHAPTERS] + [
        f"{c}-ar.ipynb" for c in ARABIC_SETS
    ]
    toc = (ROOT / "ar" / "_toc.yml").read_text(encoding="utf-8")
    for chapter in ARABIC_CHAPTERS:
        assert f"file: notebooks/{chapter}\n" in toc
    for name in ARABIC_SETS:
        assert f"file: exercises/book/{name}\n" in toc


@pytest.mark.parametrize("notebook", translation.translated_notebooks(), ids=lambda p: p.name)
def test_a_translated_notebook_keeps_every_number_citation_computed_value_and_line_of_code(notebook):
    assert translation.problems(notebook, translation.english_of(notebook)) == []


@pytest.mark.parametrize("chapter", ARABIC_CHAPTERS)
def test_an_arabic_chapter_has_the_structure_of_every_chapter_in_arabic(chapter):
    """Objectives, prerequisites, time, summary, discussion questions, references, the evidence
    section, concept checks in their sections, and every figure with Arabic alt text and caption."""
    path = ROOT / "ar" / "notebooks" / f"{chapter}.ipynb"
    assert structure.check_chapter(path) == []
    text = path.read_text(encoding="utf-8")
    for words in structure.WORDS["ar"].values():
        if words not in ("الإعداد",):
            assert words in text, words


def _notebook(tmp_path, chapter: str):
    import nbformat

    english = ROOT / "notebooks" / f"{chapter}.ipynb"
    arabic_nb = nbformat.read(ROOT / "ar" / "notebooks" / f"{chapter}.ipynb", as_version=4)
    path = tmp_path / "ar" / "notebooks" / f"{chapter}.ipynb"
    return english, arabic_nb, path


def _cell(nb, pattern: str, kind: str = "markdown"):
    return next(c for c in nb.cells if c.cell_type == kind and re.search(pattern, c.source)
                and not {"references", "evidence"} & set(c.metadata.get("tags", [])))  # fmt: skip


def test_the_translation_check_names_each_thing_a_translation_must_not_change(tmp_path):
    import nbformat

    english, nb, path = _notebook(tmp_path, "01-why-collaborate")
    path.parent.mkdir(parents=True)

    def found(change) -> list[str]:
        copy_ = nbformat.from_dict(nb)
        change(copy_)
        nbformat.write(copy_, path)
        return translation.problems(path, english)

    assert found(lambda nb: None) == []
    cited = _cell(nb, r"#ref-adams2013fourth")
    i = nb.cells.index(cited)

    def drop_citation(n):
        n.cells[i].source = re.sub(r"\(\[Adams, 2013\]\(#ref-adams2013fourth\)\)", "", n.cells[i].source)

    assert any("citation differs" in p and "adams2013fourth" in p for p in found(drop_citation))
    j = next(k for k, c in enumerate(nb.cells) if "{eval}" in c.source and c.cell_type == "markdown")

    def write_the_number(n):
        n.cells[j].source = re.sub(r"\{eval\}`[^`]+`", "1,236,106", n.cells[j].source, count=1)

    assert any("computed value differs" in p for p in found(write_the_number))
    k = next(k for k, c in enumerate(nb.cells) if c.cell_type == "code" and "pivot_table" in c.source)

    def change_code(n):
        n.cells[k].source = n.cells[k].source.replace(".reset_index()", ".copy()")

    assert any("code differs from the English" in p for p in found(change_code))

    f = next(f for f, c in enumerate(nb.cells) if c.cell_type == "code" and '"السنة"' in c.source)

    def change_a_label(n):  # a string shown to the reader is translated: no problem
        n.cells[f].source = n.cells[f].source.replace('"السنة"', '"العام"')

    assert found(change_a_label) == []

    def edit_a_label(n):  # ... but a string changed without being translated is a slip
        n.cells[f].source = n.cells[f].source.replace('"السنة"', '"Years"')

    assert any("'Year' became 'Years', which is not a translation" in p for p in found(edit_a_label))

    def translate_a_data_value(n):  # "World" is a row of the data here, not a label
        n.cells[k].source = n.cells[k].source.replace('"World"', '"العالم"')

    assert any("data key 'World' became 'العالم'" in p for p in found(translate_a_data_value))
    d = next(d for d, c in enumerate(nb.cells) if c.cell_type == "code" and 'load("coauthorship")' in c.source)

    def rename_a_dataset(n):  # a string that names data never changes, even into Arabic
        n.cells[d].source = n.cells[d].source.replace('load("coauthorship")', 'load("التأليف")')

    assert any("data key 'coauthorship'" in p for p in found(rename_a_dataset))

    def rename_a_column(n):
        n.cells[k].source = n.cells[k].source.replace('wide["intl_share"]', 'wide["share"]', 1)

    assert any("data key 'intl_share' became 'share'" in p for p in found(rename_a_column))
    r = next(r for r, c in enumerate(nb.cells) if "references" in c.metadata.get("tags", []))

    def english_references_heading(n):
        n.cells[r].source = re.sub(r"\A## [^\n]+", "## References", n.cells[r].source)

    assert any("references cell needs an Arabic heading" in p for p in found(english_references_heading))

    def leave_english(n):
        n.cells[j].source += "\n\nThis sentence was left in English by the translator."

    assert any("English left untranslated" in p for p in found(leave_english))

    def english_term(n):
        n.cells[0].source = n.cells[0].source.replace("{term}`منظمة التعاون الإسلامي`", "{term}`OIC`", 1)

    if "{term}`منظمة التعاون الإسلامي`" in nb.cells[0].source:
        assert any("not an Arabic term" in p for p in found(english_term))

    def drop_a_cell(n):
        n.cells.pop(k)

    assert "cells, its English source" in found(drop_a_cell)[0]


def test_an_arabic_chapter_without_arabic_alt_text_fails_the_structure_test(tmp_path):
    import nbformat

    _, nb, path = _notebook(tmp_path, "01-why-collaborate")
    path.parent.mkdir(parents=True)
    shutil.copytree(ROOT / "ar" / "notebooks" / "checks", path.parent / "checks")
    figure = next(c for c in nb.cells if c.cell_type == "code" and c.metadata.get("mystnb", {}).get("image"))
    figure.metadata["mystnb"]["image"]["alt"] = "A chart of the share of international articles, in English only."
    nbformat.write(nb, path)
    monkey = pytest.MonkeyPatch()
    monkey.setattr(structure, "ROOT", tmp_path)
    try:
        assert any("alt text and caption must be in Arabic" in p for p in structure.check_chapter(path))
    finally:
        monkey.undo()


def test_the_arabic_evidence_section_lists_the_english_sentences_with_their_passages():
    for chapter in ARABIC_SETS:
        text = evidence.section_markdown_ar(f"notebooks/{chapter}.ipynb")
        english = evidence.section_markdown(f"notebooks/{chapter}.ipynb")
        assert text.startswith("## الأدلة على ما في هذا الفصل")
        assert '<div lang="en" dir="ltr">' in text and "{term}" not in text
        assert text.count("\n1. ") == english.count("\n1. ")


# -------------------------------------------------------------------------------- concept checks in Arabic
@pytest.mark.parametrize("chapter", ARABIC_CHAPTERS)
def test_the_arabic_concept_checks_are_the_english_ones_translated(chapter):
    english = concepts.check_chapter(chapter)
    arabic_ = concepts.check_chapter(chapter, ROOT / "ar" / "notebooks" / "checks")
    assert [(c.id, c.kind, len(c.options), len(c.choices), c.verdict) for c in arabic_] == [
        (c.id, c.kind, len(c.options), len(c.choices), c.verdict) for c in english
    ]
    for en, ar in zip(english, arabic_):
        assert ar.language == "ar"
        assert [o.correct for o in ar.options] == [o.correct for o in en.options]
        assert [en.choices.index(a) for a in en.answers] == [ar.choices.index(a) for a in ar.answers]
        for (field, text_en), (_, text_ar) in zip(en.texts(), ar.texts()):
            assert concepts.CITATION.findall(text_en) == concepts.CITATION.findall(text_ar), (ar.id, field)
            assert re.search("[\u0600-\u06ff]", text_ar), (ar.id, field)
        html = concepts.render_html(ar)
        assert 'lang="ar" dir="rtl"' in html and "تحقّق من الإجابة" in html
        for english_word in ("Check answer", "Explain every option", "Back to the section", "Choose…"):
            assert english_word not in html.split("<script>")[0], english_word


def test_in_jupyterlab_an_arabic_notebook_shows_its_concept_checks_in_arabic():
    from coursekit.checks import i18n, language

    before = language()
    try:
        assert "Check your understanding" in concepts.concept_check("01-why-collaborate", "motives-match")._repr_html_()
        language("ar")
        html = concepts.concept_check("01-why-collaborate", "motives-match")._repr_html_()
        assert "تحقّق من فهمك" in html and "Check your understanding" not in html
        assert "تحقّق من فهمك" in repr(concepts.concept_check("01-why-collaborate", "motives-match"))
        # a chapter with no translation shows the English, never an error
        assert "Check your understanding" in repr(concepts.concept_check("02-science-landscape", "science-bodies"))
    finally:
        i18n._STATE["code"] = before


# ------------------------------------------------------------------------------ Arabic quotations
#: An editorial insertion inside a quotation ("[كذا]", sic) is the editor's, not the source's.
EDITORIAL = re.compile(r"\s*\[[^\]]*\]")


@functools.cache
def _bib():
    from pybtex.database import parse_file

    return parse_file(str(ROOT / "references.bib"))


def _arabic_sources() -> set[str]:
    """The references whose text is in Arabic (their note in references.bib says "In Arabic.")."""
    return {k for k, e in _bib().entries.items() if "In Arabic." in e.fields.get("note", "")}


def _rulings_read_in_translation() -> set[str]:
    """Rulings of bodies that issue them in Arabic (fiqh academies and councils, iftaa boards), cited in a
    translation: quoting one of them in Arabic would be a back-translation."""
    return {k for k, e in _bib().entries.items()
            if re.search(r"Fiqh|Ifta", " ".join(map(str, e.persons.get("author", []))))
            and "In Arabic." not in e.fields.get("note", "")}  # fmt: skip


def _passages() -> dict[str, list[str]]:
    from coursekit.data import load

    out: dict[str, list[str]] = {}
    for row in load("evidence").itertuples():
        out.setdefault(row.citation, []).append(" ".join(str(row.passage).split()))
    return out


CITED = re.compile(r"\((?:\[[^\]]*\]\(#ref-[A-Za-z0-9_:.\-]+\)(?:; )?)+\)|\{(?:foot)?cite(?::[a-z]+)?\}`[^`]+`")


def _keys(citation: str) -> set[str]:
    if citation.startswith("{"):
        return {k.strip() for k in citation.split("`")[1].split(",")}
    return set(re.findall(r"#ref-([A-Za-z0-9_:.\-]+)", citation))


def quotation_problems(
    text: str, passages: dict[str, list[str]], arabic_keys: set[str], in_translation: frozenset[str] = frozenset()
) -> list[str]:
    """Each «quotation» whose citation (the first after it in its paragraph) names an Arabic source must
    be in that source's recorded passages, character for character (apart from line breaks, an editorial
    [..] and an ellipsis "…" between the parts quoted); a quotation citing only a ruling read in
    translation (*in_translation*) is a back-translation."""
    problems = []
    for paragraph in re.split(r"\n\s*\n", text):
        for m in re.finditer(r"«([^»]*)»", paragraph):
            after = CITED.search(paragraph, m.end())
            cited = _keys(after.group(0)) if after else set()
            keys = cited & arabic_keys
            if cited and cited <= in_translation:
                problems.append(f"«{m.group(1)[:60]}» quotes in Arabic a ruling read in translation {sorted(cited)}")
            if not keys:
                continue
            sources = [p for k in keys for p in passages.get(k, [])]
            for part in EDITORIAL.sub("", " ".join(m.group(1).split())).split("…"):
                if part.strip() and not any(part.strip() in p for p in sources):
                    problems.append(f"«{part.strip()[:60]}» is not in the recorded passages of {sorted(keys)}")
    return problems


def _arabic_texts() -> list[Path]:
    return [*sorted((ROOT / "ar" / "notebooks").glob("*.ipynb")), *sorted((ROOT / "exercises" / "source").glob("*-ar/*.ipynb")),
            *sorted((ROOT / "ar" / "book").glob("*.md"))]  # fmt: skip


def _text(path: Path) -> str:
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    import nbformat

    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown"
                       and not {"evidence", "references"} & set(c.metadata.get("tags", [])))  # fmt: skip


def test_arabic_sources_are_quoted_character_for_character():
    arabic_keys, passages, in_translation = _arabic_sources(), _passages(), frozenset(_rulings_read_in_translation())
    assert "mwl2003stemcells" in arabic_keys and "iifa1997cloning" in in_translation
    quoted = 0
    for path in _arabic_texts():
        text = _text(path)
        assert quotation_problems(text, passages, arabic_keys, in_translation) == [], path.relative_to(ROOT)
        quoted += len(re.findall(r"«[^»]*»[^«]*\(#ref-mwl2003stemcells\)", text))
    assert quoted >= 2  # chapter 8 quotes the 2003 resolution


def test_a_quotation_changed_by_one_letter_or_back_translated_fails():
    passages = {
        "mwl2003stemcells": ["٥ - اللقائح الفائضة من مشاريع أطفال الأنابيب إذا وجدت وتبرع بها الوالدن، مع التأكيد"]
    }
    cite = "([Islamic Fiqh Council of the Muslim World League, 2003](#ref-mwl2003stemcells))"
    keys = {"mwl2003stemcells"}
    ok = f"ونصّه: «اللقائح الفائضة من مشاريع أطفال الأنابيب إذا وجدت وتبرع بها الوالدن [كذا]، مع التأكيد» {cite}."
    assert quotation_problems(ok, passages, keys) == []
    changed = ok.replace("الوالدن [كذا]", "الوالدان")
    assert quotation_problems(changed, passages, keys)
    english_source = ok.replace("#ref-mwl2003stemcells", "#ref-iifa1997cloning")  # not an Arabic source: not checked
    assert quotation_problems(english_source, passages, keys) == []
    not_in_the_passage = "يذكر القرار «الكليات الخمس» {cite:p}`mwl2003stemcells`."
    assert quotation_problems(not_in_the_passage, passages, keys)
    back_translated = "يذكر قرار الاستنساخ «الكليات الخمس» {cite:p}`iifa1997cloning`."
    assert quotation_problems(back_translated, passages, keys, frozenset({"iifa1997cloning"}))
    reported = "يذكر قرار الاستنساخ الكليات الخمس {cite:p}`iifa1997cloning`."
    assert quotation_problems(reported, passages, keys, frozenset({"iifa1997cloning"})) == []


def test_publishing_copies_the_built_arabic_book_into_the_site_and_only_a_built_one(tmp_path):
    """make book builds the Arabic edition into _build/ar while the English builds, then publishes it."""
    with pytest.raises(SystemExit, match="no Arabic book built"):
        arabic.publish(tmp_path)
    built = tmp_path / "_build" / "ar" / "_build" / "html"
    built.mkdir(parents=True)
    (built / "index.html").write_text("<html lang='ar'>", encoding="utf-8")
    stale = tmp_path / "_build" / "html" / "ar" / "old.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("from an earlier build", encoding="utf-8")
    site = arabic.publish(tmp_path)
    assert site == tmp_path / "_build" / "html" / "ar"
    assert (site / "index.html").read_text(encoding="utf-8") == "<html lang='ar'>"
    assert not stale.exists(), "a page the Arabic build no longer makes stayed in the site"


def test_building_beside_the_english_book_runs_the_arabic_notebooks_on_one_core(tmp_path, monkeypatch):
    """make book builds both editions at once: the Arabic notebooks then run one by one, so that the
    English build keeps a core; built alone, they run in parallel."""
    import subprocess

    calls = []
    monkeypatch.setattr(
        subprocess, "run", lambda cmd, **kw: calls.append(cmd) or subprocess.CompletedProcess(cmd, 1, "", "")
    )
    for one_core in (True, False):
        calls.clear()
        arabic.build(tmp_path, publish_site=False, one_core=one_core)
        execute = next(c for c in calls if any(str(a).endswith("execute_notebooks.py") for a in c))
        assert (execute[-2:] == ["--jobs", "1"]) is one_core, execute
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "maintainers.arabic --build --no-publish --one-core" in makefile


def test_a_cell_with_an_ipython_line_is_still_checked():
    """An IPython line is not Python: the check reads the rest of the cell, and the line itself must not change."""
    english = '%matplotlib inline\nax.set_title("Year")\ndf = load("coauthorship")'
    arabic = '%matplotlib inline\nax.set_title("السنة")\ndf = load("coauthorship")'
    assert translation._strings(english) == [("Year", False), ("coauthorship", True)]
    assert translation._code_shape(english) == translation._code_shape(arabic)
    assert translation._code_shape(english) != translation._code_shape(english.replace("inline", "widget"))
