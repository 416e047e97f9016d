"""One notebook text for JupyterLab and for the book.

The chapters and exercise sets are written in the MyST that JupyterLab renders with jupyterlab-myst
(the learner's view). A few things the book's Sphinx needs in another form; the book build translates
them, notebook by notebook, as it reads them (``book/_ext/course_markup.py`` calls
:func:`notebook_to_book`), so the book reads exactly as before:

==================================================  ================================================
In the notebook (JupyterLab)                        In the book (Sphinx)
==================================================  ================================================
``([Ghaly, 2012](#ref-ghaly2012beginning))``         ``{footcite:p}`ghaly2012beginning``` (a footnote)
``([A, 2001](#ref-a); [B, 2002](#ref-b))``           ``{footcite:p}`a,b```
``[data page](../book/data.md#data-events)``         ``{ref}`data page <data-events>``` (a link with a
                                                    ``#label`` to a course file is a cross-reference)
the cell tagged ``references``: its heading and      its heading and ``{footbibliography}``
the full references, each with a ``(ref-key)=``
target (JupyterLab shows one on hover over a
citation, and jumps to it on a click)
a caption cell after a figure's code cell:           the code cell's ``mystnb.figure`` metadata
``:::{figure}`` / ``:label: fig-x`` / caption /      (name and caption), as myst-nb numbers and
``:::`` (JupyterLab numbers it, and                  captions the figure the cell draws
``{numref}`fig-x``` resolves to it)
``{eval}`n_oic``` and ``{eval}`f"{share:.1%}"```     the same role: in JupyterLab the kernel evaluates
                                                    it when the cell is run; in the book the value
                                                    comes from the notebook's glued outputs
==================================================  ================================================

The citations' author-year texts and the references cells are generated from ``references.bib``:
after adding a citation (write ``([?](#ref-key))``, or a ``{footcite:p}`` role) run::

    python -m maintainers.markup           # rewrite citation texts and references cells
    python -m maintainers.markup --check   # what the tests check: everything up to date

The evidence ledger and the structure checks read the book form (:func:`to_book`), so a sentence's
identity does not depend on how JupyterLab shows its citations.
"""

from __future__ import annotations

import functools
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from coursekit.concepts import CITATION

ROOT = Path(__file__).resolve().parent.parent
BIB = ROOT / "references.bib"
#: Tag of the markdown cell that lists a notebook's references.
REFERENCES_TAG = "references"

_KEY = r"[A-Za-z0-9_:.\-]+"
#: One citation link: [Ghaly, 2012](#ref-ghaly2012beginning)
CITATION_LINK = CITATION  # one pattern for the learner side (coursekit) and the maintainers'
#: A parenthesised group of citation links separated by semicolons.
CITATION_GROUP = re.compile(rf"\((\[[^\[\]]*\]\(#ref-{_KEY}\)(?:;\s*\[[^\[\]]*\]\(#ref-{_KEY}\))*)\)")
#: The book's citation role (chapters use footcite:p; book pages also cite:p and friends).
CITE_ROLE = re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`([^`]+)`")
_FOOTCITE_P = re.compile(r"\{footcite:p\}`([^`]+)`")
#: A Markdown link to a course file with a label: [text](../book/data.md#data-events)
_LABEL_LINK = re.compile(r"(?<!!)\[([^\[\]`]+)\]\((?![a-z]+:|#)([^()\s#]+)#([A-Za-z0-9_\-]+)\)")
_FENCE = "```{footbibliography}\n```"


# --------------------------------------------------------------------------------------------------
# the bibliography: an author-year label and the full reference of every key
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reference:
    key: str
    label: str  # "Ghaly, 2012", "Chamsi-Pasha and Albar, 2013", "Daley et al., 2016"
    text: str  # the full reference, as the book's style formats it, in Markdown


@functools.cache
def _plain():
    """pybtex's plain-text backend, made once: ``render_as("text")`` looks it up among every installed
    package's entry points on each call (seconds for a bibliography of a few hundred entries)."""
    from pybtex.backends.plaintext import Backend

    return Backend()


def _latex_text(value: str) -> str:
    from pybtex.richtext import Text

    return " ".join(Text.from_latex(value).render(_plain()).split())


def _names(entry) -> str | None:
    people = entry.persons.get("author") or entry.persons.get("editor")
    if not people:
        return None
    last = [_latex_text(" ".join(p.prelast_names + p.last_names)) for p in people]
    if len(last) == 1:
        return last[0]
    if len(last) == 2:
        return f"{last[0]} and {last[1]}"
    return f"{last[0]} et al."


def _short_title(entry) -> str:
    title = _latex_text(entry.fields.get("title", entry.key)).split(":")[0]
    words = title.split()
    return " ".join(words[:6]) + (" …" if len(words) > 6 else "")


_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>|#])")

#: The bibliography style of the book (``bibtex_default_style`` in _config.yml) and of the notebooks'
#: references cells: pybtex's ``plain`` with each title as references.bib writes it. ``plain``
#: sentence-cases titles, which lowercases the proper nouns and months in them ("10th session, jeddah,
#: 28 june–3 july 1997"); references.bib writes each title as its source prints it.
BIB_STYLE = "course"


@functools.cache
def register_bib_style() -> None:
    """Make the style known to pybtex (and so to sphinxcontrib-bibtex) as ``course`` (once a process)."""
    from pybtex.plugin import register_plugin
    from pybtex.style.formatting.plain import Style as Plain
    from pybtex.style.template import field, sentence

    class Style(Plain):
        def format_title(self, e, which_field, as_sentence=True):
            title = field(which_field)  # no change of case
            return sentence[title] if as_sentence else title

    register_plugin("pybtex.style.formatting", BIB_STYLE, Style, force=True)


@functools.cache
def _bib(bib_path: Path):
    from pybtex.database import parse_file

    return parse_file(str(bib_path))


@functools.cache
def bibliography_labels(bib_path: Path = BIB) -> dict[str, str]:
    """Every key of references.bib with its author-year label (made unique: 1997a, 1997b), without
    formatting the references (the build's checks need only the labels, and formatting takes a second)."""
    base = {}
    for key, entry in _bib(bib_path).entries.items():
        year = _latex_text(entry.fields.get("year", "n.d."))
        base[key] = (_names(entry) or _short_title(entry), year)
    same: dict[tuple[str, str], list[str]] = {}
    for key, value in base.items():
        same.setdefault(value, []).append(key)
    labels = {}
    for (who, year), keys in same.items():
        for i, key in enumerate(sorted(keys)):
            suffix = "abcdefghijklmnopqrstuvwxyz"[i] if len(keys) > 1 else ""
            labels[key] = f"{who}, {year}{suffix}"
    return labels


@functools.cache
def bibliography(bib_path: Path = BIB) -> dict[str, Reference]:
    """Every key of references.bib with its author-year label (made unique: 1997a, 1997b) and full text."""
    from pybtex.plugin import find_plugin

    bib = _bib(bib_path)
    register_bib_style()
    style = find_plugin("pybtex.style.formatting", BIB_STYLE)()  # the book's bibtex_default_style
    formatted = {e.key: e for e in style.format_entries(bib.entries.values())}
    out = {}
    for key, label in bibliography_labels(bib_path).items():
        text = " ".join(formatted[key].text.render(_plain()).split())
        out[key] = Reference(key, label, _MD_ESCAPE.sub(r"\\\1", text))
    return out


# --------------------------------------------------------------------------------------------------
# JupyterLab form -> book form
# --------------------------------------------------------------------------------------------------
def cited_in(markdown: str) -> list[str]:
    """Citation keys in *markdown* (either form), in order of appearance, each once."""
    keys: list[str] = []
    for group in CITE_ROLE.findall(to_book(markdown)):
        keys.extend(k.strip() for k in group.split(",") if k.strip())
    return list(dict.fromkeys(keys))


def to_book(markdown: str) -> str:
    """*markdown* with citation links as ``{footcite:p}`` roles and labelled file links as ``{ref}`` roles."""
    text = CITATION_GROUP.sub(
        lambda m: "{footcite:p}`" + ",".join(k for _, k in CITATION_LINK.findall(m.group(1))) + "`", markdown
    )
    return _LABEL_LINK.sub(lambda m: f"{{ref}}`{m.group(1)} <{m.group(3)}>`", text)


def _heading(source: str) -> str:
    first = source.strip().splitlines()[0] if source.strip() else ""
    return first if first.startswith("#") else "## References"


#: A caption cell: a figure directive with a label and a caption, and no image of its own.
CAPTION_CELL = re.compile(r"\A:::\{figure\}[ \t]*\n:label:[ \t]*(\S+)[ \t]*\n(.+?)\n:::\s*\Z", re.S)


def caption_cell(name: str, caption: str) -> str:
    """The JupyterLab form of a figure's caption (the cell after the code cell that draws it)."""
    return f":::{{figure}}\n:label: {name}\n{caption.strip()}\n:::"


def notebook_to_book(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook as the book reads it (a copy; see the module's table)."""
    out = nbformat.from_dict(nb)
    cells = []
    for cell in out.cells:
        m = CAPTION_CELL.match(cell.source.strip()) if cell.cell_type == "markdown" else None
        if m:
            if not cells or cells[-1].cell_type != "code":
                raise ValueError(f"the caption of {m.group(1)} does not follow the code cell that draws the figure")
            figure = cells[-1].metadata.setdefault("mystnb", {}).setdefault("figure", {})
            figure.update(name=m.group(1), caption=to_book(m.group(2).strip()))
            continue
        cells.append(cell)
    out.cells = cells
    for cell in out.cells:
        if cell.cell_type != "markdown":
            continue
        if REFERENCES_TAG in cell.get("metadata", {}).get("tags", []):
            cell.source = f"{_heading(cell.source)}\n\n{_FENCE}"
        else:
            cell.source = to_book(cell.source)
    return out


# --------------------------------------------------------------------------------------------------
# book form -> JupyterLab form (the migration, class-variant rewrites, and the refresh)
# --------------------------------------------------------------------------------------------------
def citation(keys: list[str], refs: dict[str, Reference] | None = None) -> str:
    """The JupyterLab form of a citation of *keys*: ``([Ghaly, 2012](#ref-ghaly2012beginning))``."""
    refs = bibliography() if refs is None else refs
    missing = [k for k in keys if k not in refs]
    if missing:
        raise KeyError(f"not in references.bib: {', '.join(missing)}")
    return "(" + "; ".join(f"[{refs[k].label}](#ref-{k})" for k in keys) + ")"


def to_lab(markdown: str, refs: dict[str, Reference] | None = None) -> str:
    """*markdown* with ``{footcite:p}`` roles as citation links, and every citation link's text the
    key's current author-year label."""
    refs = bibliography() if refs is None else refs

    def group(keys: list[str]) -> str:
        return citation([k.strip() for k in keys if k.strip()], refs)

    text = _FOOTCITE_P.sub(lambda m: group(m.group(1).split(",")), markdown)
    return CITATION_GROUP.sub(lambda m: group([k for _, k in CITATION_LINK.findall(m.group(1))]), text)


def references_markdown(keys: list[str], heading: str = "## References") -> str:
    """The JupyterLab references cell: each cited work with a target its citations link to."""
    refs = bibliography()
    entries = [f"({'ref-' + k})=\n**{refs[k].label.removesuffix('.')}.** {refs[k].text}" for k in keys]  # "n.d."
    intro = (
        "يحيل كل استشهاد في هذا الدفتر إلى هنا (وفي الكتاب هذه حواشي الصفحة). تُذكر المراجع بلغاتها الأصلية."
        if re.search(r"[\u0600-\u06ff]", heading)
        else "Each citation in this notebook links here (in the book, these are the page's footnotes)."
    )
    return "\n\n".join([heading, intro, *entries])


def notebook_to_lab(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook with every citation in the JupyterLab form and its references cell regenerated
    (a ``{footbibliography}`` cell becomes the references cell)."""
    out = nbformat.from_dict(nb)
    cells = []
    for cell in out.cells:  # a references section inside a longer cell gets a cell of its own
        if cell.cell_type == "markdown" and "{footbibliography}" in cell.source:
            m = re.search(r"^(#+ [^\n]*)\n+```\{footbibliography\}\n```\s*$", cell.source, re.M)
            if not m:
                raise ValueError(f"a {{footbibliography}} without a heading just above it:\n{cell.source}")
            before = cell.source[: m.start()].rstrip()
            if before:
                cells.append(nbformat.v4.new_markdown_cell(before, metadata=dict(cell.metadata)))
            cell.source = m.group(1)
            cell.metadata["tags"] = [*cell.metadata.get("tags", []), REFERENCES_TAG]
        cells.append(cell)
    out.cells = cells
    cells = []
    for cell in out.cells:  # a caption in a code cell's metadata becomes a caption cell after it
        cells.append(cell)
        figure = cell.metadata.get("mystnb", {}).get("figure") if cell.cell_type == "code" else None
        if figure and figure.get("caption") and figure.get("name"):
            cells.append(nbformat.v4.new_markdown_cell(caption_cell(figure["name"], to_lab(figure["caption"]))))
            del cell.metadata["mystnb"]["figure"]
    out.cells = cells
    keys: list[str] = []
    for cell in out.cells:
        if cell.cell_type != "markdown":
            continue
        tags = cell.setdefault("metadata", {}).setdefault("tags", [])
        if REFERENCES_TAG in tags:
            continue
        if not tags:
            del cell.metadata["tags"]
        if "evidence" in tags:
            continue
        cell.source = to_lab(cell.source)
        keys.extend(cited_in(cell.source))
    for cell in out.cells:
        if cell.cell_type == "markdown" and REFERENCES_TAG in cell.metadata.get("tags", []):
            cell.source = references_markdown(list(dict.fromkeys(keys)), _heading(cell.source))
    return out


# --------------------------------------------------------------------------------------------------
# the command: keep every notebook's citations and references cell in step with references.bib
# --------------------------------------------------------------------------------------------------
def notebooks() -> list[Path]:
    """The notebooks written in the JupyterLab form: the chapters, the exercise sources, the book's
    notebook pages and the Arabic chapters."""
    return (
        sorted((ROOT / "notebooks").glob("*.ipynb"))
        + sorted((ROOT / "exercises" / "source").glob("*/*.ipynb"))
        + sorted((ROOT / "book").glob("*.ipynb"))
        + sorted((ROOT / "ar" / "notebooks").glob("*.ipynb"))
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    check = "--check" in argv
    stale = []
    for path in notebooks():
        nb = nbformat.read(path, as_version=4)
        new = notebook_to_lab(nb)
        if nbformat.writes(new) != nbformat.writes(nb):
            stale.append(path.relative_to(ROOT))
            if not check:
                nbformat.write(new, path)
    verb = "out of date" if check else "rewrote"
    for path in stale:
        print(f"{verb}: {path}")
    if check and stale:
        print("run `python -m maintainers.markup` (then `python -m maintainers.editions`)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
