"""Where the build's time went, and the fixes (issue "Performance": a cold build in 60 s on two cores).

Profiled on 3 December 2026 (``python -m cProfile`` over ``jupyter-book build . --all`` with every
notebook in the execution cache): of the Sphinx build's time, about 60 % went to looking up plugins.
For each ``{footcite}`` (about 840 in the book), sphinxcontrib-bibtex and pybtex each ask
``importlib.metadata.entry_points(group=..., name=...)`` for a style or backend plugin, and every such
call reads the metadata of every installed distribution (about 250 in ``.venv``): 3,436 calls. The
installed distributions cannot change while the book builds, so the answer to each question is
remembered for the rest of the build. Nothing else changes: the same plugins are found, in the same
order, and a plugin registered at run time (``register_plugin``) is still looked up first by both
libraries before they read entry points. That took the build (every page re-read and re-written,
notebooks from the cache) from 68 s to 30 s.

The next largest cost was pybtex decoding the LaTeX of bibliography fields (``latexcodec``) each time
an entry is formatted: 10,666 decodings of the same few hundred strings. Decoding is a pure function
of the string, so each string is decoded once (``Text.from_latex`` then parses the decoded text as
before).

The third: every page's footnotes format their entries again (about 1,600 formattings of some 250
entries in a build), and each formatting walks pybtex's templates over the entry's fields. A
formatted entry's text depends only on the entry and on the style's class and settings (the label is
added beside it), so each entry's text is formatted once per style and reused with the page's label
(4 December 2026: 1,607 formattings became 482, one per entry and style).

The fourth: the search index stems every word of every page with the Porter stemmer, a pure-Python
one (snowballstemmer), 52,366 times in a build for a few thousand distinct words. A word's stem
depends only on the word, so each is stemmed once (4 December 2026: about 1.5 s of the build).

Enabled in _config.yml with ``sphinx: local_extensions: {course_fast_build: book/_ext}``;
``tests/test_light_book.py`` checks that the answers are the library's own.
"""

from __future__ import annotations

import functools
import importlib.metadata

_ANSWERS: dict[tuple, importlib.metadata.EntryPoints] = {}
_ORIGINAL: dict[str, object] = {}


def remembered_entry_points(**selection) -> importlib.metadata.EntryPoints:
    """``importlib.metadata.entry_points(**selection)``, read once per build."""
    key = tuple(sorted(selection.items()))
    if key not in _ANSWERS:
        _ANSWERS[key] = importlib.metadata.entry_points(**selection)
    return _ANSWERS[key]


@functools.cache
def decoded_latex(latex: str) -> str:
    """``codecs.decode(latex, "ulatex")``, as pybtex's ``Text.from_latex`` does, once per string."""
    import codecs

    import latexcodec  # noqa: F401  (registers the codec)

    return codecs.decode(latex, "ulatex")


def _from_latex(cls, latex):
    from pybtex.markup import LaTeXParser

    return LaTeXParser(decoded_latex(latex)).parse()


_FORMATTED: dict[tuple, object] = {}


def _style_key(style) -> tuple:
    """What a formatted entry's text depends on, besides the entry: the style's class and settings."""
    settings = tuple(
        sorted((k, v if isinstance(v, (str, int, float, bool, type(None))) else type(v).__qualname__)
               for k, v in vars(style).items())
    )  # fmt: skip
    return (type(style).__module__, type(style).__qualname__, settings)


def _format_entry(self, label, entry, bib_data=None):
    from pybtex.style import FormattedEntry

    key = (_style_key(self), entry.key, id(entry))
    if key not in _FORMATTED:
        _FORMATTED[key] = (entry, _ORIGINAL["format_entry"](self, label, entry, bib_data).text)
    return FormattedEntry(entry.key, _FORMATTED[key][1], label)


_STEMS: dict[str, str] = {}


def _stem(self, word: str) -> str:
    """Sphinx's English ``stem``, once per word."""
    if word not in _STEMS:
        _STEMS[word] = _ORIGINAL["stem"](self, word)
    return _STEMS[word]


def _patch() -> list[str]:
    patched = []
    from sphinx.search.en import SearchEnglish

    if not getattr(SearchEnglish.stem, "_course_fast", False):
        _ORIGINAL["stem"] = SearchEnglish.stem
        SearchEnglish.stem = _stem
        SearchEnglish.stem._course_fast = True
        patched.append("sphinx.search.en.SearchEnglish.stem")
    for name in ("pybtex.plugin", "sphinxcontrib.bibtex.plugin"):
        try:
            module = importlib.import_module(name)
        except ImportError:  # a library of the book's that is not installed: nothing to speed up
            continue
        if getattr(module, "entry_points", None) is importlib.metadata.entry_points:
            module.entry_points = remembered_entry_points
            patched.append(name)
    try:
        from pybtex.richtext import Text
    except ImportError:
        return patched
    if not getattr(Text.from_latex, "_course_fast", False):
        _ORIGINAL["from_latex"] = Text.from_latex  # kept so that tests compare with pybtex's own
        Text.from_latex = classmethod(_from_latex)
        Text.from_latex.__func__._course_fast = True
        patched.append("pybtex.richtext.Text.from_latex")
    from pybtex.style.formatting import BaseStyle

    if not getattr(BaseStyle.format_entry, "_course_fast", False):
        _ORIGINAL["format_entry"] = BaseStyle.format_entry
        BaseStyle.format_entry = _format_entry
        BaseStyle.format_entry._course_fast = True
        patched.append("pybtex.style.formatting.BaseStyle.format_entry")
    return patched


def setup(app):
    _patch()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
