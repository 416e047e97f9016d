"""The evidence ledger: which words of which source each cited sentence rests on.

Every sentence of a chapter (or of a book page that states facts) that carries a citation role
(``{footcite:p}`key``` or ``{cite:p}`key```) has one row per cited key in ``data/evidence.csv``:
the sentence itself, a stable identifier of it, the key, the passage of the source that supports
the sentence (quoted verbatim, short), where and when it was read, and a verdict.

Commands (maintainers only)::

    python -m maintainers.evidence list [DOC ...]      # the cited sentences, one line each
    python -m maintainers.evidence draft DOC > rows.csv # ledger rows to fill in, for new sentences
    python -m maintainers.evidence check [--ledger F] [DOC ...]  # ledger vs text: missing, stale, invisible caveats
    python -m maintainers.evidence sections            # rewrite each chapter's "Evidence" cell from the ledger

A sentence's identifier is a hash of its text, so editing a cited sentence makes its ledger row stale
on purpose: the new wording must be checked against the source again.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat

from maintainers.markup import CITE_ROLE, notebook_to_book, to_book
from maintainers.structure import chapter_paths

ROOT = Path(__file__).resolve().parent.parent
LEDGER = ROOT / "data" / "evidence.csv"
#: Tag of the generated "Evidence for this chapter" cell (never read as chapter text).
EVIDENCE_TAG = "evidence"
#: Book pages (besides the chapters) whose cited sentences the ledger covers.
BOOK_PAGES = ["book/intro.md", "book/glossary.md"]
VERDICTS = ["supports", "supports-in-part", "sources-disagree"]

#: Words that end with a full stop without ending a sentence.
ABBREVIATIONS = {
    "e.g", "i.e", "cf", "no", "nos", "vol", "p", "pp", "dr", "prof", "st", "mr", "mrs", "ms", "vs", "al",
    "fig", "art", "arts", "approx", "ca", "c", "u.s", "u.k", "u.n", "inc", "ltd", "co", "jan", "feb", "mar",
    "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "ed", "eds", "para", "sec", "ch", "rev",
    "n", "res", "s",
}  # fmt: skip
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|\||#{1,6}\s|```|:::|:[a-z-]+:)")
_BOUNDARY = re.compile(r"[.!?][\"”’')\]*_]*\s+")
_ROLE_OPENS = re.compile(r"^\s*\{(?:foot)?cite(?::[a-z]+)?\}`[^`]*`[.,;:]?\s*")


@dataclass(frozen=True)
class Claim:
    """One cited sentence of one document."""

    claim_id: str
    document: str  # path relative to the repository, e.g. notebooks/08-islamic-bioethics.ipynb
    sentence: str  # the sentence as written (MyST), on one line
    keys: tuple[str, ...]


def documents() -> list[str]:
    """Chapter notebooks in _toc.yml order, then the book pages with facts, then the chapters'
    concept checks (``notebooks/checks/*.yml``, whose feedback cites like the chapters)."""
    chapters = [p.relative_to(ROOT).as_posix() for p in chapter_paths()]
    checks = [p.relative_to(ROOT).as_posix() for p in check_files()]
    return chapters + BOOK_PAGES + checks


def check_files() -> list[Path]:
    """The chapters' concept-check files that exist, in chapter order."""
    folder = ROOT / "notebooks" / "checks"
    return [folder / f"{p.stem}.yml" for p in chapter_paths() if (folder / f"{p.stem}.yml").exists()]


def prefix(document: str) -> str:
    """Short name of a document in claim identifiers: '08' for chapter 8, 'glossary' for a book page."""
    stem = Path(document).stem
    m = re.match(r"(\d{2})-", stem)
    if m and Path(document).suffix == ".yml":
        return f"{m.group(1)}check"  # '08check' for chapter 8's concept checks
    return m.group(1) if m else stem


def _blocks(markdown: str) -> list[str]:
    """Paragraphs, list items, table rows and headings of a markdown text, each on one line."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if not line.strip():
            if current:
                blocks.append(current)
            current = []
            continue
        if _BLOCK_START.match(line) and current:
            blocks.append(current)
            current = []
        current.append(line.strip())
    if current:
        blocks.append(current)
    return [" ".join(b) for b in blocks]


def _inside_code(text: str, pos: int) -> bool:
    return text.count("`", 0, pos) % 2 == 1


def sentences(block: str) -> list[str]:
    """Split one block into sentences (a deterministic splitter; abbreviations and initials do not end one)."""
    out: list[str] = []
    start = 0
    for m in _BOUNDARY.finditer(block):
        end = m.end()
        if end >= len(block) or _inside_code(block, m.start()):
            continue
        nxt = block[end]
        if not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'([*{"):
            continue
        word = re.search(r"([A-Za-z.]+)$", block[start : m.start()])
        if word:
            w = word.group(1).lower().strip(".")
            if w in ABBREVIATIONS or (len(w) == 1 and block[m.start()] == "."):
                continue
        out.append(block[start:end].strip())
        start = end
    out.append(block[start:].strip())
    # a citation written after the full stop belongs to the sentence before it
    merged: list[str] = []
    for s in out:
        m = _ROLE_OPENS.match(s)
        if m and merged:
            merged[-1] = f"{merged[-1]} {m.group(0).strip()}"
            s = s[m.end() :].strip()
        if s:
            merged.append(s)
    return merged


def claim_id(document: str, sentence: str) -> str:
    digest = hashlib.sha1(" ".join(sentence.split()).encode("utf-8")).hexdigest()[:8]
    return f"{prefix(document)}-{digest}"


def _texts(document: str) -> list[str]:
    path = ROOT / document
    if path.suffix == ".ipynb":
        nb = notebook_to_book(nbformat.read(path, as_version=4))  # the book's form (maintainers.markup)
        return [
            c.source
            for c in nb.cells
            if c.cell_type == "markdown" and EVIDENCE_TAG not in c.get("metadata", {}).get("tags", [])
        ]
    if path.suffix == ".yml":  # a chapter's concept checks: every text of every question
        from coursekit.concepts import load_checks

        return [to_book(text) for c in load_checks(path.stem, path.parent) for _, text in c.texts()]
    return [path.read_text(encoding="utf-8")]


def claims(document: str) -> list[Claim]:
    """The cited sentences of one document, in reading order."""
    found: list[Claim] = []
    seen: set[str] = set()
    for text in _texts(document):
        for block in _blocks(text):
            for s in sentences(block):
                keys: list[str] = []
                for group in CITE_ROLE.findall(s):
                    keys.extend(k.strip() for k in group.split(",") if k.strip())
                if not keys:
                    continue
                cid = claim_id(document, s)
                if cid in seen:  # the same sentence twice in one document: one identifier, one row
                    continue
                seen.add(cid)
                found.append(Claim(cid, document, s, tuple(dict.fromkeys(keys))))
    return found


def all_claims(docs: list[str] | None = None) -> list[Claim]:
    return [c for d in (docs or documents()) for c in claims(d)]


# --------------------------------------------------------------------------------------------------
# the ledger
# --------------------------------------------------------------------------------------------------
COLUMNS = [
    "claim_id",
    "document",
    "sentence",
    "citation",
    "passage",
    "location",
    "url",
    "read_on",
    "source_kind",
    "verdict",
    "caveat",
    "disagrees_with",
    "working_note",
]


def read_ledger(path: Path = LEDGER) -> list[dict]:
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


#: How a references.bib note begins, and the kind of source it names (the rubric's first question).
KINDS = {
    "Primary source": "primary",
    "Peer-reviewed": "peer-reviewed",
    "Secondary source": "secondary",
    "Weak source": "weak",
}


def bib_fields(bib_path: Path = ROOT / "references.bib") -> dict[str, dict[str, str]]:
    """Each entry's fields (note, url, ...) as raw text."""
    from pybtex.database import parse_file

    return {k: dict(e.fields) for k, e in parse_file(str(bib_path)).entries.items()}


def source_kind(note: str) -> str | None:
    """The kind of source a bib note states ('Peer-reviewed article. Evidence of ...' -> 'peer-reviewed')."""
    for prefix, kind in KINDS.items():
        if note.startswith(prefix):
            return kind
    return None


def draft_rows(document: str, ledger: list[dict] | None = None) -> list[dict]:
    """Empty ledger rows for the cited sentences of *document* that have none yet."""
    have = {(r["claim_id"], r["citation"]) for r in (read_ledger() if ledger is None else ledger)}
    bib = bib_fields()
    rows = []
    for c in claims(document):
        for k in c.keys:
            if (c.claim_id, k) not in have:
                fields = bib.get(k, {})
                rows.append(
                    dict.fromkeys(COLUMNS, "")
                    | {"claim_id": c.claim_id, "document": document, "sentence": c.sentence, "citation": k}
                    | {"url": fields.get("url", ""), "source_kind": source_kind(fields.get("note", "")) or ""}
                )
    return rows


def problems(
    ledger: list[dict] | None = None, docs: list[str] | None = None, name: str = "data/evidence.csv"
) -> list[str]:
    """Everything wrong between the ledger and the text; empty when they agree."""
    ledger = read_ledger() if ledger is None else ledger
    docs = docs or documents()
    out: list[str] = []
    current = {c.claim_id: c for c in all_claims(docs)}
    kinds = {k: source_kind(f.get("note", "")) for k, f in bib_fields().items()}
    rows = {}
    for i, r in enumerate(ledger, start=2):
        where = f"{name}, row {i}"
        rows[(r["claim_id"], r["citation"])] = r
        if r["document"] not in docs:
            continue
        c = current.get(r["claim_id"])
        if c is None:
            out.append(
                f"{where}: stale: no sentence {r['claim_id']} in {r['document']} any more (was: {r['sentence'][:90]}...)"
            )
            continue
        if r["sentence"] != c.sentence:
            out.append(f"{where}: column 'sentence' does not match the text of {r['claim_id']}")
        if r["citation"] not in c.keys:
            out.append(f"{where}: the sentence {r['claim_id']} no longer cites {r['citation']}")
        for col in ("passage", "location", "read_on", "verdict"):
            if not r.get(col, "").strip():
                out.append(f"{where}, column '{col}': empty")
        if r.get("source_kind") != kinds.get(r["citation"]):
            out.append(
                f"{where}, column 'source_kind': {r.get('source_kind')!r}, but the references.bib note of "
                f"{r['citation']} states {kinds.get(r['citation'])!r} (its note must begin with one of {list(KINDS)})"
            )
        if r.get("verdict") and r["verdict"] not in VERDICTS:
            out.append(f"{where}, column 'verdict': {r['verdict']!r} is not one of {VERDICTS}")
        if r.get("verdict") in ("supports-in-part", "sources-disagree"):
            out.extend(f"{where}: {p}" for p in _caveat_problems(r, c))
    for c in current.values():
        for k in c.keys:
            if (c.claim_id, k) not in rows:
                out.append(f"{c.document}: sentence {c.claim_id} cites {k} but has no ledger row: {c.sentence[:100]}")
    return out


def paragraph_of(claim: Claim) -> str:
    """The block (paragraph, list item, table row) that holds a claim."""
    for text in _texts(claim.document):
        for block in _blocks(text):
            if claim.sentence in block:
                return block
    return claim.sentence


def _caveat_problems(row: dict, claim: Claim) -> list[str]:
    block = paragraph_of(claim)
    out = []
    caveat = row.get("caveat", "").strip()
    if not caveat:
        out.append(
            f"verdict {row['verdict']} but column 'caveat' is empty (quote the words of the text that show the limit)"
        )
    elif " ".join(caveat.split()) not in " ".join(block.split()):
        out.append(f"column 'caveat': {caveat!r} is not in the paragraph of {claim.claim_id}")
    if row["verdict"] == "sources-disagree":
        other = [k.strip() for k in row.get("disagrees_with", "").split(",") if k.strip()]
        if not other:
            out.append("verdict sources-disagree but column 'disagrees_with' names no other source")
        cited = set()
        for group in CITE_ROLE.findall(block):
            cited.update(k.strip() for k in group.split(","))
        missing = [k for k in other if k not in cited]
        if missing:
            out.append(f"column 'disagrees_with': {', '.join(missing)} not cited in the paragraph of {claim.claim_id}")
    return out


# --------------------------------------------------------------------------------------------------
# the "Evidence for this chapter" section of each chapter, generated from the ledger
# --------------------------------------------------------------------------------------------------
SECTION_TITLE = "Evidence for this chapter"
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>$|#])")
_FOOTCITE = re.compile(r"\s*\{(?:foot)?cite(?::[a-z]+)?\}`[^`]*`")


def _escape(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _latex_free(text: str) -> str:
    import codecs

    import latexcodec  # noqa: F401  (registers the codec)

    return codecs.decode(text, "ulatex").replace("{", "").replace("}", "")


def short_references(bib_path: Path = ROOT / "references.bib") -> dict[str, str]:
    """'Author (year), Title' for every key of the bibliography, as plain text."""
    from pybtex.database import parse_file

    out = {}
    for key, entry in parse_file(str(bib_path)).entries.items():
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        if people:
            names = [" ".join(p.last_names) or str(p) for p in people]
            who = (
                names[0]
                if len(names) == 1
                else f"{names[0]} and {names[1]}"
                if len(names) == 2
                else f"{names[0]} et al."
            )
        else:
            who = (
                entry.fields.get("organization")
                or entry.fields.get("publisher")
                or entry.fields.get("howpublished")
                or key
            )
        year = entry.fields.get("year", "n.d.")
        title = entry.fields.get("title", "")
        out[key] = _latex_free(f"{who} ({year}), {title}")
    return out


def _display_sentence(sentence: str) -> str:
    text = _FOOTCITE.sub("", sentence).strip()
    text = re.sub(r"^(?:[-*+]|\d+[.)]|#{1,6})\s+", "", text)  # list marker or heading
    if text.startswith("|"):  # a table row: its cells, joined
        text = " · ".join(cell.strip() for cell in text.strip("|").split("|") if cell.strip())
    return text


def section_markdown(document: str, ledger: list[dict] | None = None, refs: dict[str, str] | None = None) -> str:
    """The markdown of the collapsed 'Evidence for this chapter' section of *document*."""
    ledger = read_ledger() if ledger is None else ledger
    refs = short_references() if refs is None else refs
    rows: dict[tuple[str, str], dict] = {(r["claim_id"], r["citation"]): r for r in ledger if r["document"] == document}
    items = []
    for c in claims(document):
        lines = [f"1. {_display_sentence(c.sentence)}"]
        for k in c.keys:
            r = rows.get((c.claim_id, k))
            if r is None:
                continue
            where = f", {_escape(r['location'])}" if r.get("location") else ""
            lines.append(f"   - {_escape(refs.get(k, k))}{where}: “{_escape(r['passage'])}”")
            if r["verdict"] != "supports":
                label = "Supports in part" if r["verdict"] == "supports-in-part" else "Sources disagree"
                lines.append(f"     ({label}; the text says so: “{_escape(r['caveat'])}”.)")
        items.append("\n".join(lines))
    n = len(items)
    return (
        f"## {SECTION_TITLE}\n\n"
        # A MyST dropdown, not an HTML <details>: JupyterLab renders MyST inside it (the sentences' numbers)
        f":::{{dropdown}} Show the {n} cited sentences of this chapter, each with the source and the words of it "
        "that the sentence rests on\n\n"
        'Generated from the course\'s evidence ledger (`load("evidence")`); the page '
        "[How this course checks its own claims](../book/evidence.ipynb) explains how it was built.\n\n"
        + "\n".join(items)
        + "\n:::"
    )


#: The evidence section of a translated chapter (``ar/notebooks/``): its title, and what it says above
#: the English chapter's cited sentences, which it lists as they are in the ledger.
SECTION_TITLE_AR = "الأدلة على ما في هذا الفصل"


def section_markdown_ar(document: str, ledger: list[dict] | None = None, refs: dict[str, str] | None = None) -> str:
    """The evidence section of the Arabic translation of the English chapter *document*: every cited
    sentence of the English original with the passage of its source, in English (a translation cites
    what its original cites; the ledger records the original's sentences)."""
    english = section_markdown(document, ledger, refs)
    items = english[english.index("\n1. ") + 1 : english.rindex("\n:::")]
    n = items.count("\n1. ") + 1
    items = re.sub(r"\{term\}`([^`<]+?)(?:\s*<[^>]+>)?`", r"\1", items)  # English terms: the Arabic glossary has none
    return (
        f"## {SECTION_TITLE_AR}\n\n"
        f":::{{dropdown}} اعرض الجمل المستشهد بها في هذا الفصل ({n} جملة) بأصلها الإنجليزي، كلٌّ منها مع مصدرها "
        "والعبارة التي تستند إليها من المصدر\n\n"
        "هذا الفصل ترجمة لفصل الطبعة الإنجليزية، وكل جملة مستشهد بها فيه ترجمةٌ لجملة من الأصل. وتُعرض الجمل هنا "
        'بلفظها الإنجليزي كما في سجل الأدلة في المقرر (`load("evidence")`)، ومعها لفظ المصدر الذي تستند إليه، '
        "وبذلك تُقرأ الاقتباسات المترجمة في الفصل مع أصولها. وتشرح صفحة "
        "[How this course checks its own claims](../../book/evidence.ipynb) (بالإنجليزية) كيف بُني هذا السجل.\n\n"
        '<div lang="en" dir="ltr">\n\n' + items + "\n\n</div>\n:::"
    )


def translated_chapters() -> list[tuple[str, str]]:
    """(Arabic chapter, its English source) for every translated chapter."""
    return [
        (f"ar/notebooks/{p.name}", f"notebooks/{p.name}") for p in sorted((ROOT / "ar" / "notebooks").glob("*.ipynb"))
    ]


def chapters() -> list[str]:
    return [d for d in documents() if d.endswith(".ipynb")]


def write_sections(ledger: list[dict] | None = None) -> list[str]:
    """Rewrite (or add, as the last cell) each chapter's evidence cell; return the chapters changed."""
    ledger = read_ledger() if ledger is None else ledger
    refs = short_references()
    changed = []
    for doc, english in [(c, c) for c in chapters()] + translated_chapters():
        path = ROOT / doc
        nb = nbformat.read(path, as_version=4)
        text = section_markdown(doc, ledger, refs) if doc == english else section_markdown_ar(english, ledger, refs)
        cells = [c for c in nb.cells if EVIDENCE_TAG in c.get("metadata", {}).get("tags", [])]
        if cells and cells[0].source == text and nb.cells[-1] is cells[0]:
            continue
        nb.cells = [c for c in nb.cells if c not in cells]
        cell = nbformat.v4.new_markdown_cell(text)
        cell.metadata["tags"] = [EVIDENCE_TAG]
        cell.id = cells[0].id if cells and "id" in cells[0] else "evidence"
        nb.cells.append(cell)
        nbformat.write(nb, path)
        changed.append(doc)
    return changed


def _csv(rows: list[dict]) -> str:
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=COLUMNS, lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    cmd, args = (argv[0], argv[1:]) if argv else ("check", [])
    if cmd == "list":
        for c in all_claims(args or None):
            print(f"{c.claim_id}\t{','.join(c.keys)}\t{c.sentence}")
        return 0
    if cmd == "draft":
        rows = [r for d in (args or documents()) for r in draft_rows(d)]
        sys.stdout.write(_csv(rows))
        return 0
    if cmd == "check":
        ledger, name = None, "data/evidence.csv"
        if args[:1] == ["--ledger"]:
            ledger, name, args = read_ledger(Path(args[1])), args[1], args[2:]
        found = problems(ledger, docs=args or None, name=name)
        for p in found:
            print(p)
        n = len(all_claims(args or None))
        print(f"{n} cited sentences; {len(found)} problem(s)", file=sys.stderr)
        return 1 if found else 0
    if cmd == "sections":
        changed = write_sections()
        print(f"{len(changed)} chapter(s) updated: {', '.join(changed) or 'none'}")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
