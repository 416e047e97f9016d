"""Class variants: a seeded version of each exercise set whose auto-graded answers differ from the book's.

The book publishes every worked solution, so a class graded on the public edition grades nothing.
Variant *n* (``n >= 1``) of a set is written from the same nbgrader source:

* **parameters**: a set module of ``graders`` may declare ``PARAMS`` (the public edition's focal
  year, country, indicator or threshold), ``variant_params(rng)`` (other values drawn from the real
  data) and ``REWRITES`` (``grade_id -> [(public text, template)]``: where the question text and the
  solution state each value). The variant's question text and solution are rewritten to match; its
  graders read the same parameters;
* **multiple choice**: the options are listed in another order, so the right letter changes;
* **hidden tests** grade as variant *n* (``assert_check("07.2", variant=3)``);
* **keys**: the learner's self-checks of value and multiple-choice questions confirm only the form
  (their answer spaces are small enough to brute-force from a hash); functions keep full feedback on
  their visible inputs.

``python -m graders.variants 3 --out classes/variant-3`` writes an nbgrader course root for the class:
``source/`` (the variant's sources), ``nbgrader_config.py``, ``keys/`` and ``VARIANT.md``, which says
for every auto-graded question whether the variant changes its answer. Then build what students
receive with ``python -m graders.distribution --variant 3 ...``.
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import sys
from pathlib import Path

import nbformat

import graders
from coursekit.checks import QUESTIONS
from graders import _core
from graders.keys import ROOT, build_keys, dumps, set_id, solution_namespace
from maintainers.editions import TRANSLATED, sets, source_path
from maintainers.markup import notebook_to_lab, to_lab

_OPTION = re.compile(r"^- \*\*([a-h])\.\*\* ")  # an option: "- **a.** text"


class VariantError(RuntimeError):
    """A variant cannot be written (a rewrite's text is not in the source, ...)."""


def _grade_id(cell) -> str:
    return cell.metadata.get("nbgrader", {}).get("grade_id", "")


def _permute_options(text: str, moved: dict[str, str]) -> str:
    """Reorder the lettered options ``- **a.** ...`` of a question so that option *k* becomes ``moved[k]``."""
    lines = text.split("\n")
    blocks: dict[str, list[str]] = {}
    start = end = None
    current = None
    for i, line in enumerate(lines):
        m = _OPTION.match(line)
        if m and (current is None or m.group(1) not in blocks):
            if start is None:
                start = i
            current = m.group(1)
            blocks[current] = [line[m.end() :]]
            end = i + 1
        elif current is not None and line.startswith((" ", "\t")) and line.strip() and end == i:
            blocks[current].append(line)
            end = i + 1
        elif current is not None and end == i:
            break
    if start is None or set(blocks) != set(moved):
        raise VariantError(f"the options {sorted(moved)} were not found as a list '- **a.** ...' in the question")
    inverse = {v: k for k, v in moved.items()}
    out = []
    for letter in sorted(blocks):
        first, *rest = blocks[inverse[letter]]
        out += [f"- **{letter}.** {first}", *rest]
    return "\n".join(lines[:start] + out + lines[end:])


def variant_source(name: str, n: int):
    """The nbgrader source of variant *n* of set *name* (a new notebook; the committed one is unchanged)."""
    sid = set_id(name)
    nb = copy.deepcopy(nbformat.read(source_path(name), as_version=4))
    module = _core.set_module(sid)
    with _core.variant(n):
        values = _core.params(sid)
        moves = {qid: _core.mc_permutation(qid) for qid in _core.MULTIPLE_CHOICE if qid.startswith(sid + ".")}
    by_id = {_grade_id(c): c for c in nb.cells}
    for gid, edits in getattr(module, "REWRITES", {}).items():
        if gid not in by_id:
            raise VariantError(f"{name}: REWRITES names the cell {gid!r}, which the source does not have")
        cell = by_id[gid]
        for public, template in edits:
            new = template.format(**values)
            if cell.cell_type == "markdown":  # citations as JupyterLab shows them (maintainers.markup)
                public, new = to_lab(public), to_lab(new)
            if public not in cell.source:
                raise VariantError(f"{name}: {public!r} is not in the cell {gid!r}")
            cell.source = cell.source.replace(public, new)
    for qid, moved in moves.items():
        name_ = "answer_" + qid.replace(".", "_")
        solution = next(
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code"
            and re.search(rf"^{name_}\s*=", c.source, re.M)
            and c.metadata.get("nbgrader", {}).get("solution")
        )
        question = max(i for i, c in enumerate(nb.cells[:solution]) if c.cell_type == "markdown")
        nb.cells[question].source = _permute_options(nb.cells[question].source, moved)
        nb.cells[solution].source = re.sub(
            rf'^({name_}\s*=\s*["\'])([a-h])(["\'])',
            lambda m: m.group(1) + moved[m.group(2)] + m.group(3),
            nb.cells[solution].source,
            flags=re.M,
        )
    for cell in nb.cells:
        if cell.cell_type == "code" and "assert_check(" in cell.source:
            cell.source = re.sub(r'assert_check\("([\d.]+)"', rf'assert_check("\1", variant={n}', cell.source)
    nb.metadata.setdefault("coursekit", {})["variant"] = n
    return notebook_to_lab(nb)  # the references cell lists what this variant cites


def compare(name: str, n: int, nb, public_ns: dict, folder: Path) -> dict[str, str]:
    """For each auto-graded question: does variant *n* change its answer? Also checks the variant's
    solution passes its thorough graders."""
    sid = set_id(name)
    ns = solution_namespace(nb, folder)
    report = {}
    for q in sorted((q for q in QUESTIONS.values() if q.set == sid), key=lambda q: q.qid):
        result = graders.evaluate(q.qid, ns[q.name], thorough=True, namespace={}, variant=n)
        if not result.passed:
            raise VariantError(f"{name} variant {n}: the variant's solution fails {q.qid}:\n{result.message()}")
        public_passes = graders.evaluate(q.qid, public_ns[q.name], thorough=True, namespace={}, variant=n).passed
        if q.kind == "function":
            report[q.qid] = (
                "same function, other inputs (the public solution also passes)"
                if public_passes
                else "changed: the public solution fails this variant"
            )
        else:
            report[q.qid] = "UNCHANGED: the public answer passes" if public_passes else "changed"
    return report


def write_course_root(n: int, out: Path, names=None) -> dict:
    """Write variant *n* of every set (or *names*) as an nbgrader course root in *out*."""
    if n < 1:
        raise VariantError("variant 0 is the public edition: use a number from 1")
    out = Path(out)
    (out / "source").mkdir(parents=True, exist_ok=True)
    (out / "keys").mkdir(exist_ok=True)
    config = (ROOT / "exercises" / "nbgrader_config.py").read_text(encoding="utf-8")
    config = config.replace("_ROOT = str(Path(__file__).resolve().parent.parent)", f"_ROOT = {str(ROOT)!r}")
    config += (
        "\n# This class's variant: the self-checks that run while autograding use its keys, not the\n"
        "# public edition's (coursekit.checks.engine reads COURSEKIT_KEYS).\n"
        f'os.environ["COURSEKIT_KEYS"] = {str((out / "keys").resolve())!r}\n'
    )
    (out / "nbgrader_config.py").write_text(config, encoding="utf-8")
    summary = {}
    # a class variant is of the English sets (its rewrites of the questions' text are written in English)
    for name in names or [n for n in sets() if not n.endswith(TRANSLATED)]:
        nb = variant_source(name, n)
        folder = out / "source" / name
        folder.mkdir(parents=True, exist_ok=True)
        public_ns = solution_namespace(nbformat.read(source_path(name), as_version=4), source_path(name).parent)
        nbformat.write(nb, folder / f"{name}.ipynb")
        summary[name] = compare(name, n, nb, public_ns, folder)
        with _core.variant(n):
            keys = build_keys(name, nb, variant=n, folder=folder, solution_graded=True)
        (out / "keys" / f"{set_id(name)}.json").write_text(dumps(keys), encoding="utf-8")
    (out / "variant.json").write_text(
        json.dumps({"variant": n, "questions": summary}, indent=1) + "\n", encoding="utf-8"
    )
    lines = [
        f"# Class variant {n}",
        "",
        "Generated by `python -m graders.variants`. For each auto-graded question: whether this variant",
        "changes the answer of the public edition (the book shows the public edition's solutions).",
        "",
    ]
    for name, rows in summary.items():
        lines += [f"## {name}", "", "| Question | In this variant |", "| --- | --- |"]
        lines += [f"| {qid} | {what} |" for qid, what in rows.items()] + [""]
    (out / "VARIANT.md").write_text("\n".join(lines), encoding="utf-8")
    return summary


def _qid(set_id: str, grade_id: str) -> str | None:
    m = re.fullmatch(r"q(\d+)-(\d+)-(?:question|answer)", grade_id)
    return f"{int(m.group(1)):02d}.{m.group(2)}" if m and int(m.group(1)) == int(set_id) else None


def plan() -> dict[str, tuple[str, str]]:
    """For every auto-graded question: (what a class variant does to it, its parameters), from the
    set modules' declarations alone (nothing is run)."""
    out = {}
    for qid, q in sorted(QUESTIONS.items()):
        module = _core.set_module(q.set)
        names = set()
        for gid, edits in getattr(module, "REWRITES", {}).items():
            if _qid(q.set, gid) == qid:
                names |= {n for _, template in edits for n in re.findall(r"(?<!\{)\{([A-Z][A-Z0-9_]*)\}", template)}
        shown = ", ".join(sorted(names))
        if q.kind == "choice":
            out[qid] = ("changes: the options are listed in another order", "")
        elif names and q.kind == "function":
            out[qid] = ("changes: the function follows another rule", shown)
        elif names:
            out[qid] = ("changes: asked with other parameters", shown)
        elif q.kind == "function":
            out[qid] = ("same function, tried on other inputs", "")
        else:
            out[qid] = ("unchanged: graded on the public answer", "")
    return out


def plan_table() -> str:
    """The table of :func:`plan`, as the instructor guide includes it (``make exercises`` writes it)."""
    lines = ["| Question | In a class variant | Parameters |", "| --- | --- | --- |"]
    lines += [f"| {qid} | {what} | {names or '-'} |" for qid, (what, names) in plan().items()]
    return "\n".join(lines) + "\n"


PLAN_PAGE = ROOT / "book" / "instructors" / "variant-questions.md"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("variant", type=int, nargs="?", help="the variant number (1, 2, ...); 0 is the public edition")
    parser.add_argument("--out", type=Path, help="the nbgrader course root to write")
    parser.add_argument("--set", dest="names", action="append", help="only this set (repeatable)")
    parser.add_argument(
        "--plan",
        action="store_true",
        help=f"write the table of what a variant changes to {PLAN_PAGE.relative_to(ROOT)}",
    )
    args = parser.parse_args(argv)
    if args.plan:
        PLAN_PAGE.write_text(plan_table(), encoding="utf-8")
        print(f"wrote {PLAN_PAGE.relative_to(ROOT)}")
        return 0
    if args.variant is None or args.out is None:
        parser.error("give a variant number and --out (or --plan)")
    try:
        summary = write_course_root(args.variant, args.out, args.names)
    except VariantError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    unchanged = [q for rows in summary.values() for q, what in rows.items() if what.startswith("UNCHANGED")]
    print(f"wrote variant {args.variant} of {len(summary)} set(s) to {args.out} (see VARIANT.md)")
    if unchanged:
        print(f"note: {len(unchanged)} value question(s) keep the public answer: {', '.join(unchanged)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
