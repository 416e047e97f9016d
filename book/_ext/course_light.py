"""A light book: each page sends what it uses and no more (issue "Performance").

Measured before this module (``make bench``, chapter 8 on a 1.6 Mbit/s link): 1.17 MB for a page whose
own text and figures are about 155 KB. What it does, all through Sphinx's events and the theme's
templates, keeping navigation, dark mode, the launch and download buttons, search and accessibility:

1. **Icons.** ``book/_templates/static/webpack-macros.html`` drops the theme's ``fontawesome.js``
   (1.49 MB, which redrew each ``<i class="fa-...">`` as an SVG); the icons are drawn by the theme's
   own icon fonts instead, cut down after the build to the glyphs the book uses (about 3 KB in place
   of 270 KB), and the theme's stylesheet loses the ~1,900 icon rules no page uses.
2. **Search.** ``book/_templates/layout.html`` no longer loads the search tools and the whole search
   index on every page; the search dialog opens ``search.html``, which loads them.
3. **Per page.** Stylesheets and scripts of an extension that a page does not use are not linked from
   it (the code-copy button on a page without code, the tabs of sphinx-design without tabs, ...);
   sphinx-thebe's, which no page uses (``launch_buttons.thebe: false``), are linked from none. The
   scripts that remain are deferred, so the text is drawn before they run; the two icon fonts are
   preloaded and Sphinx's ``basic.css`` is linked directly (not through an ``@import``), so neither
   waits for a stylesheet to arrive before it is requested.
4. **Figures.** Every figure gets its pixel size (no layout shift as it arrives) and
   ``loading="lazy"``, so a figure further down the page is fetched as the reader scrolls to it; after
   the build each PNG is re-encoded with a 256-colour palette when that is smaller (matplotlib's
   figures use a few dozen colours; anti-aliased edges keep their shades), remembered by content.

5. **The Arabic typeface.** The Arabic edition's Noto Naskh Arabic (two weights, 52 KB each as the
   package ships them) is cut after the build to the Arabic letters, marks, digits and punctuation
   (U+0600 to U+066D: what a learner may type in a concept check), every other character the edition's
   pages, scripts and data files show, and printable ASCII: about 16 KB each.
6. **Fewer requests.** On a link with 400 ms round trips a page waited more for its 25 to 29 small
   files, six at a time, than for their bytes. After the build each page's stylesheets are joined, in
   their order, into one (``_static/bundles/<key>.css``, relative ``url()`` paths rewritten), and so
   are its deferred scripts (``<key>.js``, in their order; deferred scripts all run after the page is read,
   so joining them changes nothing), except a script that reads its own ``<script>`` tag. A bundle's
   first line names the files it joins; every build re-joins every bundle from them, so a page Sphinx
   did not rewrite still gets an edited stylesheet. The launch menu's logos load when the menu opens.

``scripts/bench_readers.py`` (``make bench``) measures the result; ``tests/test_light_book.py`` checks
each step on the built book.
"""

from __future__ import annotations

import functools
import hashlib
import io
import posixpath
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: A theme icon rule: ``.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}``.
_ICON_RULE = re.compile(r'((?:\.fa-[a-z0-9-]+:before,?)+)\{content:"([^"]*)"\}')
_ICON_CLASS = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*")
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]|\\(f[0-9a-fA-F]{3})\b")
_IMG = re.compile(r'<img ([^>]*?)src="([^"]*_images/([^"/]+))"([^>]*?)\s*/?>')
_FONTS = ("fa-solid-900", "fa-regular-400", "fa-brands-400")

#: (file name in _static, does the page use it?) for the assets of the extensions.
_ASSETS = {
    "sphinx-thebe.css": lambda body: False,
    "sphinx-thebe.js": lambda body: False,
    "sphinx-design.min.css": lambda body: "sd-" in body,
    "design-tabs.js": lambda body: "sd-tab" in body,
    "togglebutton.css": lambda body: "toggle" in body or "dropdown" in body,
    "togglebutton.js": lambda body: "toggle" in body or "dropdown" in body,
    "copybutton.css": lambda body: 'class="highlight' in body,
    "copybutton.js": lambda body: 'class="highlight' in body,
    "clipboard.min.js": lambda body: 'class="highlight' in body,
    "pygments.css": lambda body: 'class="highlight' in body,
    "exercise.css": lambda body: "exercise" in body or "solution" in body,
}
#: Inline configuration scripts that belong to one of the assets above.
_INLINE = {
    "THEBE_JS_URL": "sphinx-thebe.js",
    "toggleHint": "togglebutton.js",
    "toggleOpenOnPrint": "togglebutton.js",
    "togglebuttonSelector": "togglebutton.js",
}


def _name(asset) -> str:
    filename = getattr(asset, "filename", asset) or ""
    return str(filename).split("?")[0].rsplit("/", 1)[-1]


def _wanted(name: str, body: str) -> bool:
    if name.startswith("mystnb.") and name.endswith(".css"):
        return 'class="cell' in body or "cell_output" in body
    rule = _ASSETS.get(name)
    return rule is None or rule(body)


def _prune_assets(context, search_page: bool = False) -> None:
    body = context.get("body") or ""
    css = context.get("css_files")
    if css is not None:
        css[:] = [c for c in css if _wanted(_name(c), body)]
    scripts = context.get("script_files")
    if scripts is not None:
        kept = []
        for js in scripts:
            inline = (getattr(js, "attributes", {}) or {}).get("body", "")
            owner = next((asset for marker, asset in _INLINE.items() if marker in inline), None)
            if (owner and not _wanted(owner, body)) or not _wanted(_name(js), body):
                continue
            kept.append(js if search_page else _deferred(js))
        scripts[:] = kept


def _deferred(js):
    """*js*, deferred: the page is drawn before an extension's script runs. Every one of them waits
    for the DOM (``DOMContentLoaded`` or ``readyState``), so ``defer`` keeps their order and effect.
    The options script stays blocking (inline scripts after it set ``DOCUMENTATION_OPTIONS``), and
    so does everything on the search page, whose search tools need Sphinx's scripts loaded first.
    A copy: the builder shares each script object between pages."""
    attributes = getattr(js, "attributes", None)
    filename = getattr(js, "filename", "") or ""
    if attributes is None or not filename or "documentation_options" in filename:
        return js
    if "async" in attributes or "defer" in attributes or attributes.get("type", "text/javascript") != "text/javascript":
        return js
    return type(js)(filename, priority=js.priority, **{**attributes, "defer": "defer"})


@functools.cache
def _pixel_size(path: Path, mtime: float) -> tuple[int, int] | None:
    """Pixel size of an image (``None`` for an SVG or a file PIL cannot read), read once per build."""
    from PIL import Image

    try:
        with Image.open(path) as im:
            return im.size
    except Exception:
        return None


def _lazy_figures(app, context) -> None:
    body = context.get("body")
    if not body or "_images/" not in body:
        return
    sources = {dest: Path(app.srcdir) / src for src, dest in getattr(app.builder, "images", {}).items()}

    def rewrite(m: re.Match) -> str:
        before, src, name, after = m.groups()
        extra = ' loading="lazy" decoding="async"'
        path = sources.get(name)
        size = _pixel_size(path, path.stat().st_mtime) if path and path.is_file() else None
        if size and "width=" not in before + after and "height=" not in before + after:
            extra += f' width="{size[0]}" height="{size[1]}"'
        attrs = " ".join(part for part in (before.strip(), f'src="{src}"', after.strip()) if part)
        return f"<img {attrs}{extra} />"

    context["body"] = _IMG.sub(rewrite, body)


def _drop_thebe_config(app, doctree, docname) -> None:
    """sphinx-thebe appends its configuration to every page even with thebe off; no page uses it."""
    from docutils import nodes

    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if "text/x-thebe-config" in text or text.startswith("<script>kernelName ="):
            node.parent.remove(node)


def _on_page(app, pagename, templatename, context, doctree) -> None:
    if app.builder.format != "html":
        return
    _prune_assets(context, search_page=pagename == "search")
    _lazy_figures(app, context)


# --- after the build: icons and figures -------------------------------------------------------------


def _theme_static() -> Path:
    import pydata_sphinx_theme

    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def used_icons(outdir: Path) -> set[str]:
    """The ``fa-*`` names the built pages and the book's scripts mention."""
    names: set[str] = set()
    for path in outdir.rglob("*"):
        if path.suffix in {".html", ".js"} and "_sources" not in path.parts and path.name != "fontawesome.js":
            names |= set(_ICON_CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return names


def trim_icon_rules(css: str, used: set[str]) -> str:
    """Drop the theme's icon rules for icons no page uses (a rule survives with its used selectors)."""

    def keep(m: re.Match) -> str:
        selectors = [s for s in m.group(1).split(",") if s and s[1:].removesuffix(":before") in used]
        return f'{",".join(selectors)}{{content:"{m.group(2)}"}}' if selectors else ""

    return _ICON_RULE.sub(keep, css)


def codepoints(css: str) -> set[int]:
    """The private-use code points (icon glyphs) a stylesheet draws, written raw or as ``\\fxxx``."""
    points = set()
    for m in _PRIVATE_USE.finditer(css):
        points.add(int(m.group(1), 16) if m.group(1) else ord(m.group(0)))
    return points


def _cached(cache: Path, key: str, make) -> bytes:
    path = cache / key
    if path.is_file():
        return path.read_bytes()
    data = make()
    cache.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return data


def _subset_font(source: Path, unicodes: set[int], flavor: str | None) -> bytes:
    import logging as std_logging

    from fontTools import subset

    # fontTools reports each step at INFO; a theme dependency (a11y_pygments) sets the root logger
    # to INFO when imported, which printed some 400 lines of it into every build's output
    std_logging.getLogger("fontTools").setLevel(std_logging.WARNING)

    font = subset.load_font(str(source), subset.Options())
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=sorted(unicodes))
    sub.subset(font)
    out = io.BytesIO()
    subset.save_font(font, out, options)
    return out.getvalue()


def lighten_icons(outdir: Path, cache: Path) -> dict:
    """Trim the theme's icon rules and cut its icon fonts to the glyphs still drawn."""
    static = _theme_static()
    used = used_icons(outdir)
    css_out = outdir / "_static" / "styles" / "pydata-sphinx-theme.css"
    css = trim_icon_rules((static / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8"), used)
    css_out.write_text(css, encoding="utf-8")
    points = set()
    for sheet in (outdir / "_static").rglob("*.css"):
        if BUNDLES in sheet.parts:
            continue
        points |= codepoints(sheet.read_text(encoding="utf-8", errors="ignore"))
    key_points = hashlib.sha256(",".join(map(str, sorted(points))).encode()).hexdigest()[:16]
    fonts = outdir / "_static" / "vendor" / "fontawesome" / "webfonts"
    for name in _FONTS:
        for suffix, flavor in ((".woff2", "woff2"), (".ttf", None)):
            source = static / "vendor" / "fontawesome" / "webfonts" / f"{name}{suffix}"
            if not source.is_file() or not fonts.is_dir():
                continue
            digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
            data = _cached(
                cache, f"{name}-{digest}-{key_points}{suffix}", lambda s=source, f=flavor: _subset_font(s, points, f)
            )
            (fonts / f"{name}{suffix}").write_bytes(data)
    for stale in (outdir / "_static" / "scripts").glob("fontawesome.js*"):
        stale.unlink()
    return {"icons": len(used), "glyphs": len(points)}


#: The Arabic typeface in the built site, and the characters it always keeps (see the module's item 5).
ARABIC_TYPE = ("vendor", "noto-naskh-arabic")
ARABIC_BASE = frozenset(range(0x0600, 0x066E)) | frozenset(range(0x20, 0x7F))


def shown_characters(outdir: Path) -> set[int]:
    """Every character the built pages, their scripts and data files can show."""
    import html

    chars: set[int] = set()
    for path in outdir.rglob("*"):
        if path.suffix in {".html", ".js", ".json"} and "_sources" not in path.parts:
            chars |= {ord(c) for c in html.unescape(path.read_text(encoding="utf-8", errors="ignore"))}
    return chars


def lighten_arabic_type(outdir: Path, cache: Path) -> dict:
    """Cut the Arabic typeface to ``ARABIC_BASE`` and the characters the edition shows (Arabic edition only)."""
    fonts = outdir.joinpath("_static", *ARABIC_TYPE)
    sources = Path(__file__).resolve().parent.parent.joinpath("_static", *ARABIC_TYPE)
    points = ARABIC_BASE | shown_characters(outdir)
    key = hashlib.sha256(",".join(map(str, sorted(points))).encode()).hexdigest()[:16]
    total = 0
    for source in sorted(sources.glob("*.woff2")):
        digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
        data = _cached(cache, f"{source.stem}-{digest}-{key}.woff2", lambda s=source: _subset_font(s, points, "woff2"))
        (fonts / source.name).write_bytes(data)
        total += len(data)
    return {"arabic_type_kb": round(total / 1024)}


def palette_png(data: bytes) -> bytes:
    """*data* re-encoded with at most 256 colours (alpha kept) when that is smaller, else *data*."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        if im.format != "PNG" or im.mode == "P":
            return data
        rgba = im.convert("RGBA")
        quantized = rgba.quantize(256, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        out = io.BytesIO()
        quantized.save(out, "PNG", optimize=True)
    return out.getvalue() if len(out.getvalue()) < len(data) else data


def lighten_figures(outdir: Path, cache: Path) -> dict:
    total = 0
    for path in sorted((outdir / "_images").glob("*.png")):
        data = path.read_bytes()
        digest = hashlib.sha256(data).hexdigest()
        if not (cache / f"done-{digest}").exists():  # not yet the light version
            data_in, data = data, _cached(cache, f"png-{digest}", lambda d=data: palette_png(d))
            (cache / f"done-{hashlib.sha256(data).hexdigest()}").touch()
            if data != data_in:
                path.write_bytes(data)
        total += len(data)
    return {"figures_kb": round(total / 1024)}


# --- after the build: fewer requests (the module's item 6) -------------------------------------------

#: Where the bundles live, under ``_static``.
BUNDLES = "bundles"
#: A ``<link>``, or a ``<script>`` with its body (so that nothing inside an inline script is read as a tag).
_ANY_TAG = re.compile(r"<(link)\b([^>]*?)/?>|<(script)\b([^>]*)>.*?</script>", re.S)
_ATTR = re.compile(r'([a-zA-Z_:][-\w:.]*)(?:\s*=\s*"([^"]*)")?')
_HEADER = re.compile(r"^/\* course_light bundle: (.*?) \*/")
_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")\s]+)\1\s*\)""")
_LOGO = re.compile(r'<img alt="([^"]*)" src="([^"]*_static/images/logo_[^"]*)">')


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else "" for m in _ATTR.finditer(text)}


def _local(page: Path, static: Path, url: str) -> Path | None:
    """The file in *static* that *url* (relative to *page*) names, or ``None``."""
    if not url or re.match(r"([a-z]+:|/|#)", url):
        return None
    path = (page.parent / url.split("?")[0].split("#")[0]).resolve()
    return path if static in path.parents and path.is_file() else None


def _stylesheet(attrs: dict[str, str]) -> bool:
    return attrs.get("rel", "").split() == ["stylesheet"] and attrs.get("media", "all") == "all"


def _joinable_script(attrs: dict[str, str], path: Path | None) -> bool:
    """A deferred classic script of the book's own that does not read its ``<script>`` tag."""
    allowed = {"src", "defer", "type"}
    return (
        path is not None
        and "defer" in attrs
        and set(attrs) <= allowed
        and attrs.get("type", "text/javascript") == "text/javascript"
        and "currentScript" not in path.read_text(encoding="utf-8", errors="ignore")
    )


def join_stylesheets(members: list[tuple[str, str]]) -> str:
    """*members* (path under ``_static``, text) as one stylesheet in ``_static/bundles``."""
    out = []
    for rel, css in members:
        here = posixpath.dirname(rel)

        def moved(m: re.Match, here=here) -> str:
            quote, url = m.groups()
            if re.match(r"([a-z]+:|/|#)", url):
                return m.group(0)
            target = posixpath.normpath(posixpath.join(here, url))
            return f"url({quote}{posixpath.relpath(target, BUNDLES)}{quote})"

        css = re.sub(r'@charset\s+"[^"]*";\s*', "", css)
        if "@import" in css:
            raise ValueError(f"{rel}: a stylesheet with @import cannot be joined")
        out.append(f"/* {rel} */\n{_CSS_URL.sub(moved, css)}\n")
    return '@charset "UTF-8";\n' + "".join(out)


def join_scripts(members: list[tuple[str, str]]) -> str:
    """*members* (path under ``_static``, text) as one script. It opens with a statement, so a file's
    ``"use strict"`` stays the plain string it is in mid-file and does not make the others strict."""
    out = ["void 0;\n"]
    for rel, js in members:
        js = re.sub(r"^//# sourceMappingURL=.*$", "", js, flags=re.M)
        out.append(f"/* {rel} */\n{js}\n;\n")
    return "".join(out)


def _bundle(static: Path, members: list[Path], suffix: str, made: dict) -> str:
    """Write (once per build) the bundle of *members*; its path under ``_static``, with its version."""
    rels = [m.relative_to(static).as_posix() for m in members]
    key = hashlib.sha256("\n".join(rels).encode()).hexdigest()[:16]
    name = f"{BUNDLES}/{key}{suffix}"
    if name not in made:
        made[name] = _write_bundle(static, name, rels)
    return f"{name}?v={made[name]}"


def bundle_text(static: Path, name: str, rels: list[str]) -> str:
    """The text of the bundle *name* (under *static*) of the files *rels*, as they are now."""
    members = [(rel, (static / rel).read_text(encoding="utf-8")) for rel in rels]
    body = join_stylesheets(members) if name.endswith(".css") else join_scripts(members)
    return f"/* course_light bundle: {' '.join(rels)} */\n{body}"


def _write_bundle(static: Path, name: str, rels: list[str]) -> str:
    text = bundle_text(static, name, rels)
    path = static / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def bundled(html: str, page: Path, static: Path, made: dict) -> str:
    """*html* with its runs of stylesheets and its deferred scripts each replaced by one bundle."""
    tags = [
        (m, "link" if m.group(1) else "script", _attrs(m.group(2) if m.group(1) else m.group(4)))
        for m in _ANY_TAG.finditer(html)
    ]
    drop: set[int] = set()
    put: dict[int, str] = {}
    prefix = posixpath.relpath(static.as_posix(), page.parent.as_posix())

    # stylesheets: runs of <link rel="stylesheet"> with only white space between them
    run: list[tuple[int, Path]] = []

    def close_run() -> None:
        if len(run) > 1:
            url = _bundle(static, [p for _, p in run], ".css", made)
            put[run[0][0]] = f'<link rel="stylesheet" href="{prefix}/{url}" />'
            drop.update(i for i, _ in run[1:])
        run.clear()

    for i, (m, tag, attrs) in enumerate(tags):
        path = _local(page, static, attrs.get("href", "")) if tag == "link" and _stylesheet(attrs) else None
        if path is None or (run and html[tags[i - 1][0].end() : m.start()].strip()):
            close_run()
        if path is not None:
            run.append((i, path))
    close_run()

    # deferred scripts: in document order; a deferred script that cannot be joined ends a group
    groups: list[list[tuple[int, Path]]] = [[]]
    for i, (_m, tag, attrs) in enumerate(tags):
        if tag != "script" or not attrs.get("src"):
            continue
        path = _local(page, static, attrs["src"])
        if _joinable_script(attrs, path):
            groups[-1].append((i, path))
        elif "defer" in attrs or attrs.get("type") == "module":
            groups.append([])
    joined: set[Path] = set()
    for group in groups:
        if len(group) > 1:
            url = _bundle(static, [p for _, p in group], ".js", made)
            put[group[0][0]] = f'<script defer="defer" src="{prefix}/{url}"></script>'
            drop.update(i for i, _ in group[1:])
            joined |= {p for _, p in group}
    for i, (_m, tag, attrs) in enumerate(tags):  # a preload of a joined script would fetch it twice
        if tag == "link" and attrs.get("rel") == "preload" and _local(page, static, attrs.get("href", "")) in joined:
            drop.add(i)

    out, last = [], 0
    for i, (m, _, _) in enumerate(tags):
        if i in drop or i in put:
            out.append(html[last : m.start()])
            out.append(put.get(i, ""))
            last = m.end()
    out.append(html[last:])
    return _LOGO.sub(r'<img alt="\1" src="\2" loading="lazy">', "".join(out))


def _site_pages(outdir: Path) -> list[Path]:
    """The pages of this build (not those of another edition copied inside it)."""
    found = []
    for path in outdir.rglob("*.html"):
        rel = path.relative_to(outdir)
        if rel.parts[0] in {"_static", "_sources", "_images"}:
            continue
        if any((outdir / Path(*rel.parts[:n]) / "_static").is_dir() for n in range(1, len(rel.parts))):
            continue
        found.append(path)
    return sorted(found)


def bundle_assets(outdir: Path) -> dict:
    """Join each page's stylesheets and deferred scripts (item 6); re-join every earlier bundle."""
    static = (outdir / "_static").resolve()
    made: dict[str, str] = {}
    for old in sorted((static / BUNDLES).glob("*")):  # pages Sphinx did not rewrite link these
        header = _HEADER.match(old.read_text(encoding="utf-8", errors="ignore"))
        rels = header.group(1).split() if header else []
        if rels and all((static / rel).is_file() for rel in rels):
            made[f"{BUNDLES}/{old.name}"] = _write_bundle(static, f"{BUNDLES}/{old.name}", rels)
    pages = 0
    for page in _site_pages(outdir):
        html = page.read_text(encoding="utf-8")
        new = bundled(html, page.resolve(), static, made)
        if new != html:
            page.write_text(new, encoding="utf-8")
            pages += 1
    return {"bundles": len(made), "pages_joined": pages}


def _on_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    cache = Path(app.doctreedir).parent / ".light-cache"
    cache.mkdir(parents=True, exist_ok=True)
    report = {**lighten_icons(outdir, cache), **lighten_figures(outdir, cache)}
    if app.config.language == "ar" and outdir.joinpath("_static", *ARABIC_TYPE).is_dir():
        report.update(lighten_arabic_type(outdir, cache))
    report.update(bundle_assets(outdir))
    logger.info("course_light: %s", report)


def _add_templates(app, config) -> None:
    templates = str(Path(__file__).resolve().parent.parent / "_templates")
    config.templates_path = [templates, *[t for t in config.templates_path if t != templates]]


def setup(app):
    app.connect("config-inited", _add_templates)
    app.connect("doctree-resolved", _drop_thebe_config, priority=900)  # after sphinx-thebe's
    app.connect("html-page-context", _on_page, priority=950)
    app.connect("build-finished", _on_finished, priority=900)  # after the theme and myst-nb write theirs
    return {"parallel_read_safe": True, "parallel_write_safe": True}
