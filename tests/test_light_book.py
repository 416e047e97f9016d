"""The light book (book/_ext/course_light.py, course_math.py): each page sends only what it uses.

The unit tests check the pieces on small inputs; the build tests check the built book. Page weight
and load times are measured by ``make bench`` (scripts/bench_readers.py), not here.
"""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import course_light  # noqa: E402
import course_math  # noqa: E402
from test_book import pages, tags  # noqa: E402

# --- the pieces ------------------------------------------------------------------------------


def test_unused_icon_rules_are_dropped_and_used_ones_kept():
    css = '.x{color:red}.fa-bars:before,.fa-navicon:before{content:"\uf0c9"}.fa-cat:before{content:"\uf6be"}'
    trimmed = course_light.trim_icon_rules(css, {"fa-bars"})
    assert trimmed == '.x{color:red}.fa-bars:before{content:"\uf0c9"}'
    assert course_light.codepoints(trimmed) == {0xF0C9}


def test_codepoints_reads_raw_and_escaped_glyphs():
    assert course_light.codepoints('a{content:"\\f0c9"} b{--i:"\uf101"} c{content:"x"}') == {0xF0C9, 0xF101}


def _png(mode="RGBA") -> bytes:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(4, 3), dpi=100)
    ax.plot([0, 1, 2], [0, 1, 0.5], label="a")
    ax.bar([0, 1, 2], [1, 2, 3], alpha=0.5)
    ax.set_title("A figure")
    fig.patch.set_alpha(0.0)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    return buf.getvalue()


def test_palette_png_is_smaller_keeps_size_transparency_and_look():
    from PIL import Image, ImageChops

    data = _png()
    light = course_light.palette_png(data)
    assert len(light) < len(data)
    with Image.open(io.BytesIO(data)) as a, Image.open(io.BytesIO(light)) as b:
        assert b.mode == "P" and b.size == a.size
        a, b = a.convert("RGBA"), b.convert("RGBA")
        assert a.getchannel("A").getextrema()[0] == 0 and b.getchannel("A").getextrema()[0] == 0
        diff = ImageChops.difference(a, b).convert("L")
        assert diff.getextrema()[1] < 48, "a colour moved visibly"
    assert course_light.palette_png(light) == light, "re-encoding an encoded figure changes nothing"


@pytest.mark.parametrize(
    "tex",
    [
        r"\text{OIC R\&D intensity} = \frac{\sum_i \text{R\&D}_i \times \text{GDP}_i}{\sum_i \text{GDP}_i}",
        r"\text{output}(n) = \frac{1 - (1 - h)\,(1 - p)^{\,n-1}}{1 + c\,(n - 1)}",
        r"IC_{xy} = \frac{C_{xy} / C_x}{C_y / C_w},",
    ],
)
def test_formulas_become_mathml_without_tex_left(tex):
    out = course_math.mathml(tex, display=True)
    assert out.startswith("<math ") and 'display="block"' in out and "<mfrac>" in out
    body = re.sub(r'alttext="[^"]*"', "", out)
    assert "\\" not in body, f"TeX left in the MathML: {body}"


PAGE = """<head>
<link href="../_static/basic.css" rel="stylesheet" />
<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
  <link rel="stylesheet" type="text/css" href="../_static/print.css" media="print" />
<link rel="preload" as="script" href="../_static/scripts/theme.js?digest=1" />
<script src="../_static/options.js"></script>
<script defer="defer" src="../_static/tools.js?v=1"></script>
<script>let hint = '<link rel="stylesheet" href="../_static/basic.css">';</script>
<script defer="defer" src="../_static/tabs.js"></script>
<script defer="defer" src="../_static/strict.js"></script>
</head><body><img alt="Binder logo" src="../_static/images/logo_binder.svg">
<script defer src="../_static/scripts/theme.js?digest=1"></script></body>"""


@pytest.fixture
def site(tmp_path):
    static = tmp_path / "_static"
    for rel, text in {
        "basic.css": '@charset "UTF-8";\n.a{background:url(file.png)}',
        "styles/theme.css": '@charset "UTF-8";\n@font-face{src:url(../vendor/f.woff2)}.b{c:url("data:x")}',
        "print.css": ".p{}",
        "options.js": "const OPTIONS = {};",
        "tools.js": "var tools = 1 // no newline at the end",
        "tabs.js": "const prefix = document.currentScript.dataset.prefix;",
        "strict.js": '"use strict";\nvar strict = 1;',
        "scripts/theme.js": "var theme = tools + strict;\n//# sourceMappingURL=theme.js.map",
    }.items():
        (static / rel).parent.mkdir(parents=True, exist_ok=True)
        (static / rel).write_text(text)
    page = tmp_path / "notebooks" / "page.html"
    page.parent.mkdir()
    page.write_text(PAGE)
    return tmp_path


def test_a_page_loads_one_stylesheet_and_one_script_in_the_same_order(site):
    course_light.bundle_assets(site)
    page = site / "notebooks" / "page.html"
    html = page.read_text()
    assert _links(page) == [
        "basic.css",  # one stylesheet joins the two, in their order
        "styles/theme.css",
        "../_static/print.css",  # a print stylesheet stays apart
        "../_static/options.js",  # a blocking script stays where it is
        "../_static/tools.js?v=1",  # alone before tabs.js, which must run after it
        "../_static/tabs.js",  # reads its own <script> tag
        "strict.js",  # one script joins these two, in their order
        "scripts/theme.js",
    ]
    assert 'rel="preload"' not in html, "the joined script would be fetched twice"
    assert 'let hint = \'<link rel="stylesheet" href="../_static/basic.css">\';' in html, "an inline script changed"
    assert '<img alt="Binder logo" src="../_static/images/logo_binder.svg" loading="lazy">' in html
    css = next((site / "_static" / "bundles").glob("*.css")).read_text()
    assert css.count("@charset") == 1 and css.index("@charset") < css.index(".a{")
    assert "url(../file.png)" in css and "url(../vendor/f.woff2)" in css and 'url("data:x")' in css
    js = next((site / "_static" / "bundles").glob("*.js")).read_text()
    assert js.index("void 0;") < js.index('"use strict"'), "one file's strict mode would reach the others"
    assert "sourceMappingURL" not in js and js.rstrip().endswith(";")
    (site / "notebooks" / "page.html").write_text(
        PAGE.replace('<script defer="defer" src="../_static/tabs.js"></script>', "")
    )
    course_light.bundle_assets(site)
    assert _links(page)[4:] == ["tools.js", "strict.js", "scripts/theme.js"]
    js = max((site / "_static" / "bundles").glob("*.js"), key=lambda p: p.stat().st_size).read_text()
    assert "// no newline at the end\n;" in js, "the next file would be part of a comment"


def test_bundles_follow_their_files_and_a_second_run_changes_nothing(site):
    course_light.bundle_assets(site)
    page = site / "notebooks" / "page.html"
    first = page.read_text()
    (site / "_static" / "basic.css").write_text(".a{color:red}")
    assert course_light.bundle_assets(site)["pages_joined"] == 0
    assert page.read_text() == first
    css = next((site / "_static" / "bundles").glob("*.css")).read_text()
    assert ".a{color:red}" in css, "a page Sphinx did not rewrite would keep the old stylesheet"


def test_a_stylesheet_with_an_import_is_not_joined_silently():
    with pytest.raises(ValueError, match="theme.css"):
        course_light.join_stylesheets([("styles/theme.css", '@import "x.css";')])


# --- the built book ----------------------------------------------------------------------------

build = pytest.mark.build


def _links(page) -> list[str]:
    """What *page* loads: each script and link, and for a bundle each file it joins (item 6)."""
    links = []
    for tag, attrs in tags(page):
        url = attrs.get("src") or attrs.get("href") or "" if tag in {"script", "link"} else ""
        if f"/{course_light.BUNDLES}/" in url:
            bundle = (page.parent / url.split("?")[0]).read_text(encoding="utf-8")
            links += course_light._HEADER.match(bundle).group(1).split()
        elif url:
            links.append(url)
    return links


@build
def test_no_page_loads_the_icon_script_mathjax_or_thebe(built_book):
    html = built_book["html"]
    assert not list((html / "_static").rglob("fontawesome.js")), "fontawesome.js is still shipped"
    for page in pages(html):
        text = page.read_text(encoding="utf-8")
        for name in ("fontawesome.js", "mathjax", "thebe", "searchindex.js"):
            if name == "searchindex.js" and page.name == "search.html":
                continue
            assert not any(name in link.lower() for link in _links(page)), f"{page.name} loads {name}"
        assert "text/x-thebe-config" not in text, page.name


@build
def test_search_page_still_loads_the_index(built_book):
    links = _links(built_book["html"] / "search.html")
    assert any("searchindex.js" in x for x in links) and any("searchtools.js" in x for x in links)


@build
def test_every_icon_a_page_shows_has_its_glyph(built_book):
    from fontTools.ttLib import TTFont

    html = built_book["html"]
    css = (html / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    rules = {
        sel[1:].removesuffix(":before"): course_light.codepoints(glyph).pop()
        for sels, glyph in re.findall(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"([^"]+)"\}', css)
        for sel in sels.split(",")
    }
    fonts = html / "_static" / "vendor" / "fontawesome" / "webfonts"
    cmap = set()
    for name in ("fa-solid-900", "fa-brands-400", "fa-regular-400"):
        cmap |= set(TTFont(fonts / f"{name}.woff2").getBestCmap())
    assert len(rules) < 200, "unused icon rules were not trimmed"
    shown = {
        name
        for p in pages(html)
        for classes in re.findall(r'class="([^"]*)"', p.read_text("utf-8"))
        if {"fa-solid", "fa-brands", "fa-regular", "fas", "fab", "far"} & set(classes.split())
        for name in classes.split()
        if name.startswith("fa-")
    }
    shown -= {"fa-solid", "fa-brands", "fa-regular", "fa-lg", "fa-fw"}
    assert {"fa-bars", "fa-magnifying-glass", "fa-sun", "fa-moon", "fa-github"} <= shown
    missing = sorted(n for n in shown if n not in rules or rules[n] not in cmap)
    assert not missing, f"icons without a glyph: {missing}"
    for point in course_light.codepoints(css):  # the admonition icons and the theme's own
        assert point in cmap, hex(point)
    assert sum(f.stat().st_size for f in fonts.glob("*.woff2")) < 20_000


@build
def test_figures_are_sized_lazy_and_palette_encoded(built_book):
    from PIL import Image

    html = built_book["html"]
    seen = 0
    for page in pages(html):
        for tag, attrs in tags(page):
            src = attrs.get("src", "")
            if tag != "img" or "_images/" not in src:
                continue
            seen += 1
            assert attrs.get("loading") == "lazy", (page.name, src)
            with Image.open((page.parent / src).resolve()) as im:
                assert (attrs.get("width"), attrs.get("height")) == tuple(map(str, im.size)), (page.name, src)
                if src.endswith(".png"):
                    assert im.mode == "P", f"{src} is not palette-encoded"
    assert seen >= 30


@build
def test_pages_link_only_the_assets_they_use(built_book):
    html = built_book["html"]
    no_code = html / "book" / "glossary.html"
    assert 'class="highlight' not in no_code.read_text("utf-8")
    assert not any("copybutton" in x or "sphinx-design" in x for x in _links(no_code))
    chapter = html / "notebooks" / "03-measuring-collaboration.html"
    links = _links(chapter)
    assert any("copybutton.js" in x for x in links) and any("course-math.css" in x for x in links)
    assert not any("course-math.css" in x for x in _links(html / "notebooks" / "08-islamic-bioethics.html"))


@build
def test_each_page_asks_for_one_stylesheet_and_bundles_are_their_files_as_the_build_left_them(built_book):
    """A file written after the bundles were joined (the theme writes its code colours at the end of the
    build) would not reach the reader: every bundle must equal its files joined now."""
    for html in (built_book["html"], built_book["html"] / "ar"):
        static = html / "_static"
        bundles = sorted((static / course_light.BUNDLES).glob("*"))
        assert {b.suffix for b in bundles} == {".css", ".js"}, html
        for bundle in bundles:
            text = bundle.read_text(encoding="utf-8")
            rels = course_light._HEADER.match(text).group(1).split()
            name = f"{course_light.BUNDLES}/{bundle.name}"
            assert text == course_light.bundle_text(static, name, rels), f"{bundle} is not its files as built"
        for page in course_light._site_pages(html):
            if page.name in {"search.html", "genindex.html"} or "refresh" in page.read_text("utf-8")[:3000].lower():
                continue
            sheets = [a["href"] for t, a in tags(page) if t == "link" and a.get("rel") == "stylesheet"]
            scripts = [a["src"] for t, a in tags(page) if t == "script" and "defer" in a and a.get("src")]
            assert len(sheets) == 1 and f"/{course_light.BUNDLES}/" in sheets[0], (page, sheets)
            assert len(scripts) == 1 and f"/{course_light.BUNDLES}/" in scripts[0], (page, scripts)
            logos = [a for t, a in tags(page) if t == "img" and "_static/images/logo_" in a.get("src", "")]
            assert all(a.get("loading") == "lazy" for a in logos), f"{page}: a launch-menu logo loads eagerly"


@build
def test_formulas_are_mathml(built_book):
    html = built_book["html"]
    chapter = (html / "notebooks" / "03-measuring-collaboration.html").read_text("utf-8")
    assert chapter.count("<math ") >= 3 and "\\(" not in chapter and "\\[" not in chapter
    for page in pages(html):
        for element in re.findall(r"<math .*?</math>", page.read_text("utf-8"), re.S):
            body = re.sub(r'alttext="[^"]*"', "", element)
            assert "\\" not in body, f"{page.name}: TeX left in {body[:200]}"


def test_template_override_matches_the_pinned_theme():
    """The override of the theme's webpack-macros keeps the theme's asset digest (its cache key)."""
    theme = course_light._theme_static() / "webpack-macros.html"
    ours = ROOT / "book" / "_templates" / "static" / "webpack-macros.html"
    digest = re.search(r"digest=([0-9a-f]+)", theme.read_text()).group(1)
    assert set(re.findall(r"digest=([0-9a-f]+)", ours.read_text())) == {digest}
    for macro in ("head_pre_assets", "head_js_preload", "body_post"):
        assert f"macro {macro}()" in ours.read_text()


def test_scripts_are_deferred_by_copy_not_in_place():
    from sphinx.builders.html._assets import _JavaScript

    shared = _JavaScript("_static/doctools.js", priority=200)
    deferred = course_light._deferred(shared)
    assert deferred.attributes == {"defer": "defer"} and deferred.priority == 200
    assert shared.attributes == {}, "the builder's shared script object was changed"
    options = _JavaScript("_static/documentation_options.js")
    assert course_light._deferred(options) is options
    inline = _JavaScript(None, body="DOCUMENTATION_OPTIONS.pagename = 'x';")
    assert course_light._deferred(inline) is inline


def test_fast_build_lookups_give_the_libraries_own_answers():
    """course_fast_build remembers plugin look-ups and LaTeX decodings: same answers as the libraries."""
    import importlib.metadata

    import course_fast_build
    import latexcodec  # noqa: F401
    import pybtex.plugin
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    course_fast_build._patch()
    for group, name in [("pybtex.style.formatting", "plain"), ("pybtex.backends", "plaintext")]:
        assert list(course_fast_build.remembered_entry_points(group=group, name=name)) == list(
            importlib.metadata.entry_points(group=group, name=name)
        )
    assert pybtex.plugin.find_plugin("pybtex.style.formatting", "plain").__name__ == "Style"
    fields = [v for e in parse_file(str(ROOT / "references.bib")).entries.values() for v in e.fields.values()]
    assert len(fields) > 500
    original = course_fast_build._ORIGINAL["from_latex"]
    for value in fields:
        assert str(Text.from_latex(value)) == str(original(value))


def test_fast_build_formats_each_entry_once_and_gives_pybtex_own_text():
    """A formatted entry is reused with each page's label; its text is pybtex's own, for every entry."""
    import course_fast_build
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    course_fast_build._patch()
    style = find_plugin("pybtex.style.formatting", "plain")()
    entries = list(parse_file(str(ROOT / "references.bib")).entries.values())
    original = course_fast_build._ORIGINAL["format_entry"]
    for i, entry in enumerate(entries):
        mine = style.format_entry(f"L{i}", entry)
        again = find_plugin("pybtex.style.formatting", "plain")().format_entry("other", entry)
        theirs = original(style, f"L{i}", entry)
        assert (mine.key, mine.label, str(mine.text)) == (theirs.key, theirs.label, str(theirs.text))
        assert again.label == "other" and again.text is mine.text  # formatted once, reused
    # a style with other settings formats the entry anew
    abbreviated = find_plugin("pybtex.style.formatting", "plain")(abbreviate_names=True)
    entry = next(e for e in entries if e.persons.get("author"))
    assert str(abbreviated.format_entry("x", entry).text) == str(original(abbreviated, "x", entry).text)


def test_fast_build_stems_each_word_once_as_sphinx_would():
    """The search index's stems: Sphinx's own for every word of a page, each word stemmed once."""
    import re

    import course_fast_build
    from sphinx.search.en import SearchEnglish

    course_fast_build._patch()
    language = SearchEnglish({})
    original = course_fast_build._ORIGINAL["stem"]
    words = re.findall(r"\w+", (ROOT / "book" / "performance.md").read_text(encoding="utf-8"))
    assert len(words) > 1000
    course_fast_build._STEMS.clear()
    for word in words:
        assert language.stem(word) == original(language, word)
    assert len(course_fast_build._STEMS) == len(set(words)) < len(words)


def test_cutting_a_font_prints_nothing_even_with_the_root_logger_at_info(caplog):
    """a11y_pygments (a theme dependency) sets the root logger to INFO when imported; fontTools then
    printed some 400 lines of its steps into every build's output."""
    import logging

    source = next(course_light._theme_static().rglob("*.woff2"))
    with caplog.at_level(logging.INFO):
        data = course_light._subset_font(source, {0x41}, "woff2")
    assert data[:4] == b"wOF2"
    assert not [r for r in caplog.records if r.name.startswith("fontTools")]


@build
def test_the_arabic_typeface_is_cut_to_what_the_edition_shows_and_keeps_every_letter(built_book):
    """Item 5 of course_light: both weights hold every character the Arabic pages show (and the letters,
    marks, digits and punctuation of U+0600-U+066D, for what a learner types), in a fraction of the size."""
    from fontTools.ttLib import TTFont

    site = built_book["html"] / "ar"
    fonts = site.joinpath("_static", *course_light.ARABIC_TYPE)
    sources = ROOT.joinpath("book", "_static", *course_light.ARABIC_TYPE)
    shown = {c for c in course_light.shown_characters(site) if 0x0600 <= c <= 0x06FF}
    assert len(shown) > 30
    for source in sorted(sources.glob("*.woff2")):
        cut = fonts / source.name
        full_cmap, cmap = set(TTFont(source).getBestCmap()), set(TTFont(cut).getBestCmap())
        wanted = (shown | course_light.ARABIC_BASE) & full_cmap
        assert not sorted(wanted - cmap), f"{cut.name}: characters lost: {sorted(map(hex, wanted - cmap))}"
        assert cut.stat().st_size < source.stat().st_size / 2, cut.name
