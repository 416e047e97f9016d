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
  (``python -m maintainers.evidence sections``).
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


def check_chapter(path: str | Path, known_keys: set[str] | None = None) -> list[str]:
    """Return a list of problems with the chapter notebook at *path* (empty if none)."""
    path = Path(path)
    nb = notebook_to_book(nbformat.read(path, as_version=4))  # as the book reads it (maintainers.markup)
    problems: list[str] = []
    name = path.name
    md_cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    markdown = "\n\n".join(md_cells)

    if not md_cells or not re.match(r"#\s+\S", nb.cells[0].source.lstrip()):
        problems.append(f"{name}: the first cell must be a markdown cell starting with a '# Title'")

    objectives = _section(markdown, "Learning objectives")
    if objectives is None:
        problems.append(f"{name}: no 'Learning objectives' section or admonition")
    elif len(re.findall(r"^\s*\d+\.\s+\S", objectives, re.MULTILINE)) < 3:
        problems.append(f"{name}: 'Learning objectives' must list at least three numbered objectives")

    if not re.search(r"\*\*Prerequisites\*\*|^##\s+Prerequisites", markdown, re.MULTILINE):
        problems.append(f"{name}: no 'Prerequisites'")
    if not re.search(r"Estimated time:?\*{0,2}:?\s*\S", markdown):
        problems.append(f"{name}: no 'Estimated time'")
    if not re.search(r"exercises/", markdown):
        problems.append(f"{name}: no link to its exercise set (a {{doc}} link into exercises/)")

    for heading in ("Summary", "Discussion questions", "References"):
        body = _section(markdown, heading)
        if body is None or not body.strip():
            problems.append(f"{name}: no '## {heading}' section (or it is empty)")
    refs = _section(markdown, "References")
    if refs is not None and not re.search(r"\{(foot)?bibliography\}", refs):
        problems.append(f"{name}: the References section must hold a {{footbibliography}} directive")

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

    last = nb.cells[-1] if nb.cells else None
    if (
        last is None
        or "evidence" not in last.get("metadata", {}).get("tags", [])
        or "Evidence for this chapter" not in last.source
    ):
        problems.append(
            f"{name}: the last cell must be the generated 'Evidence for this chapter' section "
            "(python -m maintainers.evidence sections)"
        )

    known = bib_keys() if known_keys is None else known_keys
    for key in cited_keys(markdown):
        if key not in known:
            problems.append(f"{name}: citation key '{key}' is not in references.bib")
    return problems


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
