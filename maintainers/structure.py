"""Course-structure checks: what every chapter must have.

Used by the test suite and by authors before they commit::

    python -m maintainers.structure            # check every chapter in _toc.yml
    python -m maintainers.structure notebooks/01-why-collaborate.ipynb

A chapter notebook must have

* a title (``# ...``) in its first cell,
* a "Learning objectives" block with at least three numbered objectives,
* a "Prerequisites" section and an "Estimated time",
* a link to its exercise set (``exercises/...``),
* "Summary", "Discussion questions" and "References" sections, the last holding a
  ``{footbibliography}`` directive (chapters cite with ``{footcite:p}``, so the same
  work can be listed by several chapters and by the book's bibliography page),
* a caption (``mystnb.figure.caption``) and alt text (``mystnb.image.alt``) in the
  metadata of every code cell that draws a figure,
* only citation keys that exist in ``references.bib``,
* as its last cell, the "Evidence for this chapter" section generated from the evidence ledger
  (``python -m maintainers.evidence sections``),
* three to six concept checks (``notebooks/checks/<chapter>.yml``, see ``coursekit.concepts``), each
  shown once, in the file's order, by a cell tagged ``concept-check`` inside the section it names;
  a question that states a fact cites its source, with the author-year label references.bib gives
  it (as ``python -m maintainers.markup`` writes it in the notebooks), and only works that the chapter
  itself cites (so the citation has a target on the page).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat
import yaml

from maintainers.markup import CITE_ROLE, notebook_to_book, to_book

__all__ = ["CITE_ROLE", "bib_keys", "cited_keys", "check_chapter", "toc_files", "chapter_paths"]

ROOT = Path(__file__).resolve().parent.parent

#: A code cell that calls one of these draws a figure.
FIGURE_CALL = re.compile(
    r"plt\.(subplots|figure|plot|scatter|bar|barh|hist|imshow)\(|\.(plot|scatter|bar|barh|hist|imshow|stackplot)\(|nx\.draw"
)
BIB_KEY = re.compile(r"^@\w+\s*\{\s*([^,\s]+)\s*,", re.MULTILINE)
MIN_ALT_CHARS = 40
ARABIC = "[\u0600-\u06ff]"


def bib_keys(bib_path: Path = ROOT / "references.bib") -> set[str]:
    """All entry keys defined in a BibTeX file."""
    return set(BIB_KEY.findall(bib_path.read_text(encoding="utf-8")))


def cited_keys(text: str) -> list[str]:
    """Citation keys used in MyST text (citation roles, or JupyterLab's citation links), in order."""
    keys = []
    for group in CITE_ROLE.findall(to_book(text)):
        keys.extend(k.strip() for k in group.split(",") if k.strip())
    return keys


def _section(markdown: str, heading: str) -> str | None:
    """Text under a level-2 heading (or an admonition titled *heading*), else None."""
    m = re.search(rf"^##\s+{re.escape(heading)}\s*$(.*?)(?=^##?\s|\Z)", markdown, re.MULTILINE | re.DOTALL)
    if m:
        return m.group(1)
    m = re.search(
        rf"^(```+|:::+)\{{admonition\}}\s*{re.escape(heading)}\s*$(.*?)^\1\s*$",
        markdown,
        re.MULTILINE | re.DOTALL | re.IGNORECASE,
    )
    return m.group(2) if m else None


#: The words the structure is recognised by, in each edition (the Arabic chapters are in ``ar/``).
WORDS = {
    "en": {
        "Learning objectives": "Learning objectives", "Prerequisites": "Prerequisites",
        "Estimated time": "Estimated time", "Summary": "Summary", "Discussion questions": "Discussion questions",
        "References": "References", "Evidence for this chapter": "Evidence for this chapter",
        "Setup": "Setup", "Exercises": "Exercises",
    },
    "ar": {
        "Learning objectives": "أهداف التعلّم", "Prerequisites": "المتطلبات السابقة",
        "Estimated time": "الوقت المقدَّر", "Summary": "الخلاصة", "Discussion questions": "أسئلة للنقاش",
        "References": "المراجع", "Evidence for this chapter": "الأدلة على ما في هذا الفصل",
        "Setup": "الإعداد", "Exercises": "التمارين",
    },
}  # fmt: skip


def chapter_language(path: Path) -> str:
    """``ar`` for a chapter of the Arabic edition (in ``ar/``), else ``en``."""
    return "ar" if Path(path).resolve().parent.parent.name == "ar" else "en"


def check_chapter(path: str | Path, known_keys: set[str] | None = None) -> list[str]:
    """Return a list of problems with the chapter notebook at *path* (empty if none)."""
    path = Path(path)
    nb = notebook_to_book(nbformat.read(path, as_version=4))  # as the book reads it (maintainers.markup)
    problems: list[str] = []
    name = path.name
    w = WORDS[chapter_language(path)]
    md_cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    markdown = "\n\n".join(md_cells)

    if not md_cells or not re.match(r"#\s+\S", nb.cells[0].source.lstrip()):
        problems.append(f"{name}: the first cell must be a markdown cell starting with a '# Title'")

    objectives = _section(markdown, w["Learning objectives"])
    if objectives is None:
        problems.append(f"{name}: no '{w['Learning objectives']}' section or admonition")
    elif len(re.findall(r"^\s*\d+\.\s+\S", objectives, re.MULTILINE)) < 3:
        problems.append(f"{name}: '{w['Learning objectives']}' must list at least three numbered objectives")

    prerequisites = re.escape(w["Prerequisites"])
    if not re.search(rf"\*\*{prerequisites}\*\*|^##\s+{prerequisites}", markdown, re.MULTILINE):
        problems.append(f"{name}: no '{w['Prerequisites']}'")
    if not re.search(rf"{re.escape(w['Estimated time'])}:?\*{{0,2}}:?\s*\S", markdown):
        problems.append(f"{name}: no '{w['Estimated time']}'")
    if not re.search(r"exercises/", markdown):
        problems.append(f"{name}: no link to its exercise set (a {{doc}} link into exercises/)")

    for heading in ("Summary", "Discussion questions", "References"):
        body = _section(markdown, w[heading])
        if body is None or not body.strip():
            problems.append(f"{name}: no '## {w[heading]}' section (or it is empty)")
    refs = _section(markdown, w["References"])
    if refs is not None and not re.search(r"\{(foot)?bibliography\}", refs):
        problems.append(f"{name}: the {w['References']} section must hold a {{footbibliography}} directive")

    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not FIGURE_CALL.search(cell.source):
            continue
        meta = cell.metadata.get("mystnb", {})
        alt = str(meta.get("image", {}).get("alt", "")).strip()
        caption = str(meta.get("figure", {}).get("caption", "")).strip()
        if len(alt) < MIN_ALT_CHARS:
            problems.append(
                f"{name}, cell {i}: figure without alt text "
                f"(metadata mystnb.image.alt, at least {MIN_ALT_CHARS} characters)"
            )
        if not caption:
            problems.append(f"{name}, cell {i}: figure without a caption (metadata mystnb.figure.caption)")
        if w is WORDS["ar"] and not (re.search(ARABIC, alt) and re.search(ARABIC, caption)):
            problems.append(f"{name}, cell {i}: the figure's alt text and caption must be in Arabic")

    last = nb.cells[-1] if nb.cells else None
    if (
        last is None
        or "evidence" not in last.get("metadata", {}).get("tags", [])
        or w["Evidence for this chapter"] not in last.source
    ):
        problems.append(
            f"{name}: the last cell must be the generated '{w['Evidence for this chapter']}' section "
            "(python -m maintainers.evidence sections)"
        )

    known = bib_keys() if known_keys is None else known_keys
    for key in cited_keys(markdown):
        if key not in known:
            problems.append(f"{name}: citation key '{key}' is not in references.bib")
    problems.extend(concept_problems_of(path))
    return problems


#: How many concept checks a chapter has (issue 17: three to six).
CHECKS_PER_CHAPTER = (3, 6)
#: Sections that never hold a concept check.
NO_CHECKS_IN = {"Setup", "Exercises", "Summary", "Discussion questions", "References", "Evidence for this chapter"}


def concept_problems_of(path: str | Path) -> list[str]:
    """Problems with the concept checks of the chapter notebook at *path* (empty if none)."""
    from coursekit.concepts import CALL, CITATION, ConceptCheckError
    from coursekit.concepts import check_chapter as load_chapter
    from maintainers.markup import bibliography_labels

    path = Path(path)
    chapter = path.stem
    shown = f"{path.parent.name}/checks/{chapter}.yml"
    try:
        checks = load_chapter(chapter, path.parent / "checks")
    except ConceptCheckError as exc:
        return [str(exc)]
    out = []
    low, high = CHECKS_PER_CHAPTER
    if not low <= len(checks) <= high:
        out.append(f"{shown}: {len(checks)} concept checks; a chapter has {low} to {high}")
    nb = nbformat.read(path, as_version=4)
    heading, placed, cited = "", [], []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                m = re.match(r"#{2,6}\s+(.+?)\s*$", line)
                if m:
                    heading = m.group(1)
            if "references" not in cell.metadata.get("tags", []) and "evidence" not in cell.metadata.get("tags", []):
                cited += cited_keys(cell.source)  # both forms: roles and JupyterLab's citation links
        elif "concept-check" in cell.metadata.get("tags", []):
            m = CALL.search(cell.source)
            if not m or m.group(1) != chapter:
                out.append(f"{path.name}: a cell tagged concept-check must call concept_check({chapter!r}, id)")
                continue
            placed.append((m.group(2), heading))
        elif "concept_check(" in cell.source:
            out.append(f"{path.name}: a cell that calls concept_check must be tagged concept-check")
    ids = [c.id for c in checks]
    if [i for i, _ in placed] != ids:
        out.append(f"{path.name}: shows the concept checks {[i for i, _ in placed]}, but {shown} has {ids} "
                   "(each once, in the file's order)")  # fmt: skip
    where = dict(placed)
    labels = bibliography_labels()
    for c in checks:
        if c.section in NO_CHECKS_IN or c.section in {WORDS["ar"][s] for s in NO_CHECKS_IN}:
            out.append(f"{shown}, check '{c.id}': a concept check does not go in the section {c.section!r}")
        if c.id in where and where[c.id] != c.section:
            out.append(
                f"{shown}, check '{c.id}': its section is {c.section!r}, but the chapter shows it under {where[c.id]!r}"
            )
        for field, text in c.texts():
            for label, key in CITATION.findall(text):
                if key not in labels:
                    out.append(f"{shown}, check '{c.id}', {field}: citation key '{key}' is not in references.bib")
                elif key not in cited:
                    out.append(
                        f"{shown}, check '{c.id}', {field}: cites '{key}', which the chapter itself does not cite"
                    )
                elif label != labels[key]:
                    out.append(f"{shown}, check '{c.id}', {field}: the citation of '{key}' reads {label!r}, "
                               f"but references.bib gives {labels[key]!r}")  # fmt: skip
    return out


def concept_problems(root: Path = ROOT) -> list[str]:
    """Problems with the concept checks of every chapter of the book at *root* (the book build
    refuses to start with any)."""
    return [p for path in chapter_paths(root) for p in concept_problems_of(path)]


def toc_files(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """Every file listed in the table of contents, in order (without extension)."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    return files


def chapter_paths(root: Path = ROOT) -> list[Path]:
    """Chapter notebooks listed in the table of contents."""
    return [root / f"{f}.ipynb" for f in toc_files(root / "_toc.yml") if f.startswith("notebooks/")]


def main(argv: list[str]) -> int:
    paths = [Path(a) for a in argv] or chapter_paths()
    known = bib_keys()
    problems = [p for path in paths for p in check_chapter(path, known)]
    for p in problems:
        print(p)
    print(f"{len(paths)} chapter(s) checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
