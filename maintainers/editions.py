"""Generate the editions of every exercise set from its one nbgrader source.

Each set has one source, ``exercises/source/<set>/<set>.ipynb``, written in
nbgrader's format (solution regions, autograded test cells with hidden tests,
manually graded answer cells whose solution region holds a model answer and the
marking rubric). From it this module writes three editions:

``exercises/learner/<set>/<set>.ipynb``
    What a learner opens in JupyterLab. Made with nbgrader's own release
    preprocessors (LockCells, ClearSolutions, ClearOutput, ComputeChecksums,
    ClearHiddenTests, ClearMarkScheme, CheckCellMetadata) and the course's
    ``exercises/nbgrader_config.py``, so it is identical, cell for cell, to what
    ``nbgrader generate_assignment`` releases.
``exercises/book/<set>.ipynb``
    The self-study page of the book: hidden tests removed, worked solutions kept
    behind a toggle (code cells tagged ``hide-cell``; model answers and rubrics in a
    ``dropdown``), no nbgrader markers. Executed by the book build.
``exercises/classroom/<set>.ipynb``
    The page for a classroom build: the learner edition without nbgrader metadata,
    never executed (``mystnb.execution_mode: off``), so no solution text exists in it.

Both book editions start with the label ``(exercises-<set>)=``, so a chapter can
link to its set with ``{ref}`exercises-<set>``` in either build.

Never losing work: every edition records in its metadata a fingerprint
(``coursekit.generated_sha256``) of everything in it a person can change. If the file
on disk no longer matches that fingerprint (someone edited it, for example a learner
working in place), it is never overwritten: the command stops with a message, or with
``--beside`` writes ``<set>.new.ipynb`` next to it.

What the fingerprint covers (:func:`content_hash`), so that any change to it counts:

- every cell, in order, whole: type, source, outputs, execution count, attachments
  (images pasted into markdown cells) and all cell metadata: tags, collapsed and hidden
  state (``collapsed``, ``jupyter.source_hidden``, ``jupyter.outputs_hidden``),
  ``scrolled``, nbgrader's and the lock metadata, anything an extension stores;
- all notebook metadata (ToC settings, saved widget state, anything an extension stores).

What it leaves out, because it is not a learner's work and changes without them:

- ``kernelspec`` and ``language_info``: JupyterLab writes them itself once a kernel
  starts (the kernel's full language details; the name of whichever kernel it picked,
  which differs between machines), so opening an edition and saving it unchanged leaves
  it pristine, and regenerating may replace it, restoring the generated kernel details;
- what nbformat itself treats as transient and never keeps in a file (a cell's
  ``trusted`` mark, the notebook's ``signature`` and ``orig_nbformat``), cell ids (the
  order of the cells counts), the nbformat version, and this stamp;
- an empty ``attachments`` object, and ipywidgets' saved widget state when it holds no
  widget (both written on saving by some JupyterLab settings, and equal to none).

A file whose fingerprint already equals that of the edition about to be written is
pristine too, whatever its stamp says (overwriting it loses nothing): so an edition
stamped by an earlier version of this fingerprint is updated if it is unchanged, and
kept if anything in it differs from what would be written.

Command line::

    python -m maintainers.editions                      # write all editions of every set
    python -m maintainers.editions 01-why-collaborate   # only this set
    python -m maintainers.editions --beside             # edited files: write <name>.new.ipynb beside them
    python -m maintainers.editions --check              # exit 1 if a committed edition is stale or edited
    python -m maintainers.editions --classroom-toc OUT  # write the classroom build's toc (from _toc.yml)
    python -m maintainers.editions --scan-html DIR      # exit 1 if a built site contains solution text
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import json
import os
import re
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"
EDITIONS = ("learner", "book", "classroom")
META_KEY = "coursekit"

_SOLUTION = ("BEGIN SOLUTION", "END SOLUTION")
_HIDDEN = ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS")
_MARK = ("BEGIN MARK SCHEME", "END MARK SCHEME")


class EditionError(RuntimeError):
    """An edition cannot be written (e.g. it would overwrite someone's edits)."""


# =====================================================================================
# paths
# =====================================================================================
def sets(exercises: Path = EXERCISES) -> list[str]:
    """Names of all exercise sets (folders of exercises/source/ holding <name>/<name>.ipynb)."""
    src = exercises / "source"
    return sorted(p.name for p in src.iterdir() if (p / f"{p.name}.ipynb").is_file()) if src.is_dir() else []


def source_path(name: str, exercises: Path = EXERCISES) -> Path:
    return exercises / "source" / name / f"{name}.ipynb"


#: A set whose name ends so is a translation (``01-why-collaborate-ar``: the Arabic set of
#: ``01-why-collaborate``, same questions, answers and checks): its book page belongs to the Arabic
#: edition of the book (``ar/exercises/book/<set>.ipynb``, the same path as the English page there),
#: and it has no classroom page (the classroom build is the English book's).
TRANSLATED = "-ar"


def editions_of(name: str) -> tuple[str, ...]:
    return tuple(e for e in EDITIONS if e != "classroom") if name.endswith(TRANSLATED) else EDITIONS


def edition_path(name: str, edition: str, exercises: Path = EXERCISES) -> Path:
    if edition == "learner":
        return exercises / "learner" / name / f"{name}.ipynb"
    if edition in ("book", "classroom") and name.endswith(TRANSLATED):
        return exercises.parent / "ar" / "exercises" / edition / f"{name[: -len(TRANSLATED)]}.ipynb"
    if edition in ("book", "classroom"):
        return exercises / edition / f"{name}.ipynb"
    raise ValueError(f"unknown edition {edition!r}; choose from {', '.join(EDITIONS)}")


def label(name: str) -> str:
    """The MyST label of a set's page in both book editions."""
    return f"exercises-{name}"


# =====================================================================================
# building the editions
# =====================================================================================
def _nbgrader_config(exercises: Path):
    from traitlets.config.loader import PyFileConfigLoader

    cfg_file = exercises / "nbgrader_config.py"
    if not cfg_file.is_file():
        raise EditionError(f"{cfg_file} not found: the nbgrader course root needs its configuration file")
    return PyFileConfigLoader(cfg_file.name, path=str(exercises)).load_config()


def _run(nb, preprocessors, config):
    resources: dict = {}
    for cls in preprocessors:
        nb, resources = cls(config=config).preprocess(nb, resources)
    return nb


def _read_source(name: str, exercises: Path):
    path = source_path(name, exercises)
    if not path.is_file():
        raise EditionError(f"no source notebook for set {name!r}: expected {path}")
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("translation", None)  # a translated set's record of its English source: for translators
    return nb


def build_learner(name: str, exercises: Path = EXERCISES):
    """The learner edition, made exactly as `nbgrader generate_assignment` releases it."""
    from nbgrader.preprocessors import (
        CheckCellMetadata,
        ClearHiddenTests,
        ClearMarkScheme,
        ClearOutput,
        ClearSolutions,
        ComputeChecksums,
        LockCells,
    )

    nb = _read_source(name, exercises)
    config = _nbgrader_config(exercises)
    # nbgrader's GenerateAssignment order, minus IncludeHeaderFooter (no header) and SaveCells (database).
    nb = _run(
        nb,
        [
            LockCells,
            ClearSolutions,
            ClearOutput,
            CheckCellMetadata,
            ComputeChecksums,
            ClearHiddenTests,
            ClearMarkScheme,
            ComputeChecksums,
            CheckCellMetadata,
        ],
        config,
    )
    return _stamp(nb, name, "learner")


def _strip_lines(text: str, markers: tuple[str, str]) -> str:
    """Remove only the marker lines of every region (keep what is between them)."""
    return "\n".join(line for line in text.split("\n") if markers[0] not in line and markers[1] not in line)


def _regions(text: str, markers: tuple[str, str]) -> list[str]:
    """The text inside every region delimited by *markers*."""
    out, inside, cur = [], False, []
    for line in text.split("\n"):
        if markers[0] in line:
            inside, cur = True, []
        elif markers[1] in line:
            inside = False
            out.append("\n".join(cur))
        elif inside:
            cur.append(line)
    return out


def _plain_cell(cell):
    """Drop nbgrader's and the lock metadata: nothing of the grading machinery shows in the book."""
    for key in ("nbgrader", "deletable", "editable"):
        cell.metadata.pop(key, None)
    return cell


def _add_label(nb, name: str):
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    if first is None:
        raise EditionError(f"set {name!r}: the source needs a markdown title cell")
    first.source = f"({label(name)})=\n{first.source}"
    return nb


def _tag(cell, tag: str):
    tags = list(cell.metadata.get("tags", []))
    if tag not in tags:
        tags.append(tag)
    cell.metadata["tags"] = tags


def _fence(text: str) -> str:
    """A colon fence longer than any inside *text*."""
    longest = max((len(m) for m in re.findall(r"^:{3,}", text, re.MULTILINE)), default=2)
    return ":" * max(3, longest + 1)


def _dropdowns(text: str, title: str) -> str:
    """Replace each solution region of a markdown cell by a collapsed dropdown holding it."""
    out, region, inside = [], [], False
    for line in text.split("\n"):
        if _SOLUTION[0] in line:
            inside, region = True, []
        elif _SOLUTION[1] in line:
            inside = False
            body = "\n".join(region).strip("\n")
            fence = _fence(body)
            out += [f"{fence}{{dropdown}} {title}", body, fence]
        elif inside:
            region.append(line)
        else:
            out.append(line)
    return "\n".join(out).strip("\n")


#: The dropdowns' titles of the book edition (by: translated set, graded answer cell).
_TITLES = {
    False: {True: "Model answer and marking rubric", False: "Solution"},
    True: {True: "الإجابة النموذجية ومعايير التصحيح", False: "الحل"},
}


def build_book(name: str, exercises: Path = EXERCISES):
    """The self-study edition: questions, worked solutions behind toggles, no hidden tests."""
    from nbgrader import utils
    from nbgrader.preprocessors import ClearHiddenTests, ClearMarkScheme, ClearOutput

    nb = _read_source(name, exercises)
    config = _nbgrader_config(exercises)
    nb = _run(nb, [ClearHiddenTests, ClearMarkScheme, ClearOutput], config)
    for cell in nb.cells:
        if utils.is_solution(cell):
            if cell.cell_type == "code":
                cell.source = _strip_lines(cell.source, _SOLUTION).strip("\n")
                _tag(cell, "hide-cell")
            else:
                title = _TITLES[name.endswith(TRANSLATED)][utils.is_grade(cell)]
                cell.source = _dropdowns(cell.source, title)
        elif cell.cell_type == "code" and utils.is_grade(cell):
            cell.source = cell.source.strip("\n")
        _plain_cell(cell)
    nb.metadata.pop("celltoolbar", None)
    return _stamp(_add_label(nb, name), name, "book")


def build_classroom(name: str, exercises: Path = EXERCISES):
    """The classroom page: the learner edition as a book page, never executed."""
    nb = copy.deepcopy(build_learner(name, exercises))
    for cell in nb.cells:
        _plain_cell(cell)
    nb.metadata.pop("celltoolbar", None)
    nb.metadata["mystnb"] = {"execution_mode": "off"}
    return _stamp(_add_label(nb, name), name, "classroom")


BUILDERS = {"learner": build_learner, "book": build_book, "classroom": build_classroom}


# =====================================================================================
# never overwrite someone's work
# =====================================================================================
# Notebook metadata that JupyterLab rewrites by itself when a kernel starts (see the module docstring).
KERNEL_WRITTEN = ("kernelspec", "language_info")
_WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def content_hash(nb) -> str:
    """Fingerprint of everything a person can change in a notebook (see the module docstring).

    Every cell whole (but its id), and the notebook metadata but for the kernel details that
    JupyterLab rewrites by itself (:data:`KERNEL_WRITTEN`) and this module's own stamp.
    """
    from nbformat.v4.rwbase import rejoin_lines, strip_transient

    nb = strip_transient(rejoin_lines(nbformat.from_dict(copy.deepcopy(dict(nb)))))
    cells = []
    for cell in nb.get("cells", []):
        c = {k: v for k, v in cell.items() if k != "id"}
        if not c.get("attachments"):
            c.pop("attachments", None)
        cells.append(c)
    meta = {k: v for k, v in nb.get("metadata", {}).items() if k not in (META_KEY, *KERNEL_WRITTEN)}
    widgets = meta.get("widgets")
    if isinstance(widgets, dict) and list(widgets) == [_WIDGET_STATE]:
        state = widgets[_WIDGET_STATE]
        if isinstance(state, dict) and not state.get("state"):
            del meta["widgets"]
    text = json.dumps({"cells": cells, "metadata": meta}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _src(source) -> str:
    return "".join(source) if isinstance(source, list) else str(source)


def _stamp(nb, name: str, edition: str):
    nb.metadata[META_KEY] = {
        "edition": edition,
        "source": f"exercises/source/{name}/{name}.ipynb",
        "generator": "python -m maintainers.editions",
        "generated_sha256": content_hash(nb),
        "note": "Generated file. Edit the source notebook, then regenerate. The generator never "
        "overwrites this file once anything in it has been changed.",
    }
    return nb


def _state(path: Path, new=None) -> str:
    """'missing', 'pristine' (as last generated) or 'edited' (changed since, or not ours / unreadable).

    Also 'pristine' if its content is that of *new*, the edition about to be written: overwriting
    it then loses nothing (e.g. an unchanged edition stamped by an earlier fingerprint).
    """
    if not path.exists():
        return "missing"
    try:
        nb = nbformat.read(path, as_version=4)
        stamp = nb.metadata.get(META_KEY, {})
        recorded = stamp.get("generated_sha256") if isinstance(stamp, dict) else None
        current = content_hash(nb)
    except Exception:
        return "edited"
    if recorded and recorded == current:
        return "pristine"
    return "pristine" if new is not None and current == content_hash(new) else "edited"


def _same(nb, path: Path) -> bool:
    current = nbformat.read(path, as_version=4)
    return _comparable(current) == _comparable(nb)


def _comparable(nb) -> str:
    cells = []
    for c in nb.cells:
        d = {k: v for k, v in c.items() if k != "id"}
        d["source"] = _src(d.get("source", ""))
        cells.append(d)
    meta = {k: nb.metadata.get(k) for k in (META_KEY, "mystnb", "kernelspec")}
    return json.dumps({"cells": cells, "meta": meta}, sort_keys=True, ensure_ascii=False)


def _atomic_write(nb, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            nbformat.write(nb, fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def beside_path(path: Path) -> Path:
    return path.with_name(path.name.removesuffix(".ipynb") + ".new.ipynb")


def safe_write(nb, path: Path, *, beside: bool = False) -> tuple[str, Path]:
    """Write *nb* to *path* unless that would destroy edits. Returns (what happened, path written).

    'written' / 'unchanged' / 'beside'. Raises :class:`EditionError` if *path* was edited and
    *beside* is false (or the beside file was edited too).
    """
    state = _state(path, nb)
    if state == "pristine" and _same(nb, path):
        return "unchanged", path
    if state in ("missing", "pristine"):
        _atomic_write(nb, path)
        return "written", path
    rel = _rel(path)
    if not beside:
        raise EditionError(
            f"{rel} has been changed since it was generated, so it was NOT overwritten (nothing was "
            f"written). Run again with --beside to write the new edition next to it as "
            f"{beside_path(path).name}, or move your edited file elsewhere first."
        )
    other = beside_path(path)
    if _state(other, nb) == "edited":
        raise EditionError(
            f"{rel} and {_rel(other)} have both been changed since they were generated; "
            "nothing was written. Move one of them elsewhere first."
        )
    _atomic_write(nb, other)
    return "beside", other


def _rel(path: Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def generate(
    names: list[str] | None = None,
    *,
    beside: bool = False,
    exercises: Path = EXERCISES,
    editions: tuple[str, ...] = EDITIONS,
    out=print,
) -> int:
    """Write every edition of *names* (default: all sets). Returns the number of refusals."""
    refused = 0
    for name in names or sets(exercises):
        for edition in [e for e in editions if e in editions_of(name)]:
            path = edition_path(name, edition, exercises)
            nb = BUILDERS[edition](name, exercises)
            try:
                what, written = safe_write(nb, path, beside=beside)
            except EditionError as err:
                refused += 1
                out(f"REFUSED  {err}")
                continue
            out(f"{what:9} {_rel(written)}")
    return refused


def check(names: list[str] | None = None, *, exercises: Path = EXERCISES) -> list[str]:
    """Problems with the committed editions (empty list: all up to date and unedited)."""
    problems = []
    names = names or sets(exercises)
    if not names:
        problems.append(f"no exercise sets found in {_rel(exercises / 'source')}")
    for name in names:
        for edition in editions_of(name):
            path = edition_path(name, edition, exercises)
            nb = BUILDERS[edition](name, exercises)
            state = _state(path, nb)
            if state == "missing":
                problems.append(f"{_rel(path)} is missing: run `python -m maintainers.editions {name}`")
            elif state == "edited":
                problems.append(
                    f"{_rel(path)} was edited by hand; edit the source "
                    f"{_rel(source_path(name, exercises))} instead and regenerate"
                )
            elif not _same(nb, path):
                problems.append(
                    f"{_rel(path)} is out of date with its source: run `python -m maintainers.editions {name}`"
                )
    return problems


# =====================================================================================
# classroom build: table of contents and the no-solutions scan
# =====================================================================================
def classroom_toc(toc_text: str) -> str:
    """The classroom build's _toc.yml: every exercises/book/<set> entry -> exercises/classroom/<set>."""
    import yaml

    toc = yaml.safe_load(toc_text)
    swapped = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "file" and isinstance(value, str):
                    m = re.fullmatch(r"(?:\./)?exercises/book/([^/]+?)(?:\.ipynb)?", value.strip())
                    if m:
                        node[key] = f"exercises/classroom/{m.group(1)}"
                        swapped.append(m.group(1))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc)
    if not swapped:
        raise EditionError(
            "_toc.yml has no exercises/book/<set> entries, so a classroom build would be "
            "the same as the self-study build"
        )
    header = (
        "# GENERATED by `python -m maintainers.editions --classroom-toc` from _toc.yml: exercise pages\n"
        "# point at the classroom edition (no solutions, not executed). Do not edit.\n"
    )
    return header + yaml.safe_dump(toc, sort_keys=False, allow_unicode=True)


_ROLE = re.compile(r"\{[\w:.-]+\}`[^`]*`")
_MIN_CHARS = 24


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def _outside(text: str) -> str:
    """The text of a cell outside every solution, hidden-test and mark-scheme region."""
    keep, inside = [], False
    for line in text.split("\n"):
        if any(m[0] in line for m in (_SOLUTION, _HIDDEN, _MARK)):
            inside = True
        elif any(m[1] in line for m in (_SOLUTION, _HIDDEN, _MARK)):
            inside = False
        elif not inside:
            keep.append(line)
    return "\n".join(keep)


def _public_text(exercises: Path) -> str:
    """Normalised text that is public anyway: the questions, and the book's other pages."""
    parts = []
    for name in sets(exercises):
        nb = nbformat.read(source_path(name, exercises), as_version=4)
        parts += [_outside(_src(c.source)) for c in nb.cells]
    root = exercises.parent
    for page in sorted((root / "book").rglob("*.md")) if (root / "book").is_dir() else []:
        parts.append(page.read_text(encoding="utf-8", errors="ignore"))
    chapters = [*sorted((root / "notebooks").rglob("*.ipynb")), *sorted((root / "ar" / "notebooks").rglob("*.ipynb"))]
    for chapter in chapters:
        try:
            parts += [_src(c.source) for c in nbformat.read(chapter, as_version=4).cells]
        except Exception:  # an unreadable chapter is the structure tests' business, not ours
            continue
    return _norm("\n".join(parts))


def solution_fingerprints(exercises: Path = EXERCISES) -> dict[str, str]:
    """Distinctive fragments of every solution, hidden test and mark scheme, normalised.

    Maps the normalised fragment (lower-case letters and digits only) to a readable
    excerpt. Lines are split at MyST roles (which render differently in HTML).
    Fragments that are public anyway (in the questions, or in the book's chapters
    and pages) are left out, so they cannot raise a false alarm.
    """
    prints: dict[str, str] = {}
    public = _public_text(exercises)
    for name in sets(exercises):
        nb = nbformat.read(source_path(name, exercises), as_version=4)
        for cell in nb.cells:
            for markers in (_SOLUTION, _HIDDEN, _MARK):
                for region in _regions(_src(cell.source), markers):
                    for line in region.split("\n"):
                        for frag in _ROLE.split(line):
                            key = _norm(frag)
                            if len(key) >= _MIN_CHARS and key not in public:
                                prints.setdefault(key, f"{name}: {frag.strip()[:80]}")
    return prints


def _page_text(path: Path) -> str:
    raw = path.read_text(encoding="utf-8", errors="ignore")
    if path.suffix in (".html", ".htm"):
        raw = re.sub(r"<[^>]+>", " ", raw)
    return _norm(html.unescape(raw))


def find_solution_leaks(site_dir: str | Path, exercises: Path = EXERCISES) -> list[str]:
    """Solution text found in a built site: ['page: excerpt', ...] (empty list: none).

    Scans every HTML, JavaScript (search index), text and notebook file outside _static/.
    """
    site = Path(site_dir)
    if not site.is_dir():
        raise EditionError(f"{site} is not a directory (build the book first)")
    prints = solution_fingerprints(exercises)
    if not prints:
        raise EditionError("no solution text found in the exercise sources: nothing to scan for")
    leaks = []
    for page in sorted(site.rglob("*")):
        if (
            not page.is_file()
            or "_static" in page.parts
            or page.suffix not in (".html", ".htm", ".js", ".txt", ".ipynb", ".md", ".json")
        ):
            continue
        text = _page_text(page)
        for key, excerpt in prints.items():
            if key in text:
                leaks.append(f"{page.relative_to(site).as_posix()}: {excerpt}")
    return leaks


# =====================================================================================
# command line
# =====================================================================================
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m maintainers.editions",
        description="Generate the learner, book and classroom editions of the exercise sets from their "
        "nbgrader sources. Never overwrites an edition that has been edited.",
    )
    parser.add_argument("sets", nargs="*", help="set names (default: every set in exercises/source/)")
    parser.add_argument(
        "--check",
        action="store_true",
        help="only verify that the committed editions are up to date and unedited; exit 1 if not",
    )
    parser.add_argument(
        "--beside",
        action="store_true",
        help="if an edition was edited, write the new one beside it as <name>.new.ipynb",
    )
    parser.add_argument(
        "--classroom-toc",
        metavar="OUT",
        help="write the classroom build's table of contents (derived from _toc.yml) to OUT",
    )
    parser.add_argument("--toc", default=str(ROOT / "_toc.yml"), help="the book's _toc.yml (for --classroom-toc)")
    parser.add_argument("--scan-html", metavar="DIR", help="exit 1 if the built site in DIR contains solution text")
    args = parser.parse_args(argv)

    unknown = [s for s in args.sets if s not in sets()]
    if unknown:
        parser.error(f"unknown set(s) {', '.join(unknown)}; known: {', '.join(sets()) or 'none'}")
    try:
        if args.classroom_toc:
            out = Path(args.classroom_toc)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(classroom_toc(Path(args.toc).read_text(encoding="utf-8")), encoding="utf-8")
            print(f"wrote {out}")
            return 0
        if args.scan_html:
            leaks = find_solution_leaks(args.scan_html)
            for leak in leaks:
                print(f"SOLUTION TEXT  {leak}")
            print(f"{len(leaks)} solution fragment(s) found in {args.scan_html}")
            return 1 if leaks else 0
        if args.check:
            problems = check(args.sets or None)
            for p in problems:
                print(f"STALE  {p}")
            print("all editions are up to date" if not problems else f"{len(problems)} problem(s)")
            return 1 if problems else 0
        refused = generate(args.sets or None, beside=args.beside)
        return 1 if refused else 0
    except EditionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
