"""Write the hashed keys of the learner's self-checks (``coursekit/checks/keys/NN.json``).

For each exercise set this runs the instructor's solution (the solution cells of the nbgrader
source, in this process), takes each answer apart with the form its self-check declares, and stores
salted hashes of its canonical items; then the same for the set's typical mistakes, each hash with
its hint. Before writing, every solution must pass its thorough grader and every mistake must fail
it, so a key never disagrees with the grading.

A set's mistakes live in its grader module as ``MISTAKES = {"NN.k": make}``, where ``make(ns)``
gets the solution's namespace and returns ``[(wrong_answer, hint), ...]``; for a function question
each wrong answer is a function. A hint may also be ``[message, hint]``. The explanations of a
multiple-choice question come from its grader.

Modes: in self-study (variant 0, committed) every question gets full keys. In a class variant
(``variant > 0``), value and multiple-choice questions get ``{"mode": "form"}`` (no hash at all:
their answer spaces are small enough to be brute-forced), functions keep full keys on their
visible inputs, and the salt is random.

Command line::

    python -m graders.keys                  # write the keys of every set (variant 0)
    python -m graders.keys 07-ethics-frameworks
    python -m graders.keys --check          # exit 1 if a committed key file is stale
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import re
import secrets
import sys
from pathlib import Path

import nbformat

from coursekit.checks import engine
from coursekit.checks.engine import QUESTIONS, Data, Question, call_probe, digest, seal

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = ROOT / "exercises"


class KeyError_(RuntimeError):
    """A key cannot be written (a solution fails its grader, a mistake passes it, ...)."""


def set_id(name: str) -> str:
    return name.split("-")[0]


def _code(cell) -> str:
    return "\n".join(
        line for line in cell.source.split("\n") if "BEGIN SOLUTION" not in line and "END SOLUTION" not in line
    )


#: Solution namespaces already computed in this process, by (folder, the code cells' text).
_SOLVED: dict[tuple[str, str], dict] = {}


def solution_namespace(nb, folder: Path) -> dict:
    """Run the solution's code cells (not the test cells) in a fresh namespace; return it (a copy of
    the mapping: the first run for the same folder and code is reused, as the tests ask many times)."""
    code = json.dumps([c.source for c in nb.cells if c.cell_type == "code"])
    key = (str(Path(folder).resolve()), hashlib.sha256(code.encode("utf-8")).hexdigest())
    if key not in _SOLVED:
        _SOLVED[key] = _run_solution(nb, folder)
    return dict(_SOLVED[key])


def _run_solution(nb, folder: Path) -> dict:
    from coursekit.checks import i18n

    ns: dict = {"__name__": "__solution__"}
    cwd, language = os.getcwd(), i18n.language()  # an Arabic set's setup cell calls language("ar")
    os.chdir(folder)
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            import matplotlib

            matplotlib.use("Agg")
            for cell in nb.cells:
                meta = cell.metadata.get("nbgrader", {})
                if cell.cell_type != "code" or (meta.get("grade") and not meta.get("solution")):
                    continue
                lines = [x for x in _code(cell).split("\n") if not x.lstrip().startswith(("%", "!"))]
                exec(compile("\n".join(lines), f"<solution {meta.get('grade_id', '?')}>", "exec"), ns)
    finally:
        i18n._STATE["code"] = language
        os.chdir(cwd)
    return ns


def _answers(q: Question, answer, probes=None):
    """[(scope, what, taken)] of one answer (one per probe for a function)."""
    if q.kind == "function":
        out = []
        for i, args in enumerate(probes if probes is not None else q.probes):
            label = engine.probe_label(q, args)
            out.append((str(i), label, q.form.take(call_probe(q, answer, args), label)))
        return out
    return [("", q.name, q.form.take(answer, q.name))]


def _json_args(args) -> list:
    return [a.to_json() if isinstance(a, Data) else a for a in args]


def question_key(
    q: Question, right, mistakes, salt: str, explanations=None, probes=None, *, sealed: bool = True
) -> dict:
    """The key of one question from its right answer and its [(wrong answer, hint)]. With
    ``sealed=False`` the hints are left readable (for the tests)."""

    def store(parts, text):
        return seal(salt, q.qid, parts, text) if sealed else text

    key: dict = {"mode": "full", "right": [], "labels": [], "sizes": [], "mistakes": {}, "praise": {}}
    if q.kind == "function":
        probes = tuple(probes if probes is not None else q.probes)
        key["probes"] = [_json_args(args) for args in probes]
    right_items = {}
    for scope, _, taken in _answers(q, right, probes):
        items = q.form.items(taken, exact=True)
        right_items[scope] = items
        for lab, (cand,) in items.items():
            key["right"].append(digest(salt, q.qid, scope, "item", lab, cand))
            if q.form.labelled:
                key["labels"].append(digest(salt, q.qid, scope, "label", lab))
        if q.form.labelled:
            key["sizes"].append(digest(salt, q.qid, scope, "size", str(len(items))))
    right_hashes = set(key["right"])
    for wrong, hint in mistakes:
        try:
            answers = _answers(q, wrong, probes)
        except Exception as err:  # a mistake must have the answer's form: the author's error
            raise KeyError_(f"{q.qid}: a mistake does not have the answer's form ({err})") from err
        differs = False
        for scope, _, taken in answers:
            for lab, (cand,) in q.form.items(taken, exact=True).items():
                h = digest(salt, q.qid, scope, "item", lab, cand)
                if h not in right_hashes:
                    differs = True
                    if h not in key["mistakes"]:
                        key["mistakes"][h] = store((scope, lab, cand), hint)
        if not differs:
            raise KeyError_(f"{q.qid}: a listed mistake is the right answer (hint {hint!r})")
    for letter, text in (explanations or {}).items():
        h = digest(salt, q.qid, "", "item", "", f"l{letter}")
        if h in right_hashes:
            key["praise"][h] = store(("", "", f"l{letter}"), text)
    for field in ("right", "labels", "sizes"):
        key[field] = sorted(set(key[field]))
    if not q.form.labelled:
        del key["labels"], key["sizes"]
    return key


def _check_with_grader(qid: str, right, mistakes, solution_graded: bool = False) -> None:
    import graders

    result = None if solution_graded else graders.evaluate(qid, right, thorough=True, namespace={})
    if result is not None and not result.passed:
        raise KeyError_(f"{qid}: the solution fails its grader:\n{result.message()}")
    for wrong, hint in mistakes:
        if graders.evaluate(qid, wrong, namespace={}).passed:
            raise KeyError_(f"{qid}: the mistake with hint {hint!r} passes the grader")


def build_keys(
    name: str,
    nb=None,
    *,
    variant: int = 0,
    salt: str | None = None,
    folder: Path | None = None,
    sealed: bool = True,
    solution_graded: bool = False,
) -> dict:
    """The key file of set *name* (from its source notebook *nb*, default the committed source).

    Every solution must pass its thorough grader and every stored mistake must fail it;
    *solution_graded* says the caller has just graded the solutions thoroughly (a class variant's are,
    by ``graders.variants.compare``), so only the mistakes are graded here."""
    import graders
    from graders import _core

    sid = set_id(name)
    folder = folder or EXERCISES / "source" / name
    if nb is None:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
    if salt is None:
        if variant == 0:  # deterministic, so that committed keys change only when the source does
            text = json.dumps([c.source for c in nb.cells])
            salt = hashlib.sha256(f"{name}\x1f{text}".encode()).hexdigest()[:32]
        else:
            salt = secrets.token_hex(16)
    ns = solution_namespace(nb, folder)
    module = _core.set_module(sid)
    makers = getattr(module, "MISTAKES", {})
    params = _core.params(sid)
    out = {"set": sid, "variant": variant, "salt": salt, "params": {}, "questions": {}}
    stored_texts = []
    for q in sorted((q for q in QUESTIONS.values() if q.set == sid), key=lambda q: q.qid):
        if q.name not in ns:
            raise KeyError_(f"{q.qid}: the solution does not define `{q.name}`")
        right = ns[q.name]
        explanations = None
        if q.kind == "choice":
            options, letter, hint = _core.MULTIPLE_CHOICE[q.qid]
            moved = _core.mc_permutation(q.qid)  # a class variant lists the options in another order
            options, letter = {moved[k]: v for k, v in options.items()}, moved[letter]
            mistakes = [(k, [f"Option {k}: {v}", hint]) for k, v in options.items() if k != letter]
            explanations = {letter: options[letter]}
        else:
            mistakes = list(makers[q.qid](ns)) if q.qid in makers else []
        _check_with_grader(q.qid, right, mistakes, solution_graded)
        stored_texts += [json.dumps(mistakes, default=str), json.dumps(explanations, default=str)]
        if variant and q.kind != "function":
            out["questions"][q.qid] = {"mode": "form"}
        else:
            out["questions"][q.qid] = question_key(q, right, mistakes, salt, explanations, sealed=sealed)
    out["params"] = learner_params(params, "\n".join(stored_texts))
    missing = sorted(set(q for q in graders.questions() if q.startswith(sid + ".")) - set(out["questions"]))
    if missing:
        raise KeyError_(f"set {sid}: no self-check declared for {', '.join(missing)} (coursekit/checks/ch{sid}.py)")
    return out


def learner_params(params: dict, texts: str = "") -> dict:
    """The parameters the learner's self-checks use (a message's ``{NAME}``, in the package or in a stored
    hint among *texts*, or a form that reads ``"NAME"`` from the keys), and no other: a parameter that
    holds a fragment of the variant's solution code (for the rewritten source) must not reach the
    student's keys."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(Path(engine.__file__).parent.glob("*.py")))
    source += "\n" + texts
    used = set(re.findall(r"\{([A-Z][A-Z0-9_]*)\}", source)) | set(re.findall(r"[\"']([A-Z][A-Z0-9_]*)[\"']", source))
    stems = set(re.findall(r"f[\"']([A-Z][A-Z0-9_]*?)\{", source))  # f"INSTRUMENT{i}": INSTRUMENT1, ...
    return {k: v for k, v in params.items() if k in used or re.sub(r"\d+$", "", k) in stems}


def dumps(keys: dict) -> str:
    return json.dumps(keys, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write(names=None, *, check_only: bool = False, keys_dir: Path = engine.KEYS_DIR) -> list[str]:
    """Write (or, with *check_only*, compare) the variant-0 keys; return the stale or written files."""
    from maintainers.editions import TRANSLATED, sets

    changed = []
    keys_dir.mkdir(parents=True, exist_ok=True)
    # a translated set (``01-why-collaborate-ar``) has the same questions and solutions as its English set,
    # whose key file its self-checks read
    for name in names or [n for n in sets() if not n.endswith(TRANSLATED)]:
        text = dumps(build_keys(name))
        path = keys_dir / f"{set_id(name)}.json"
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            changed.append(str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path))
            if not check_only:
                path.write_text(text, encoding="utf-8")
    engine.keys_for.cache_clear()
    return changed


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="*", help="set names, e.g. 07-ethics-frameworks (default: all)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed key file is stale")
    args = parser.parse_args(argv)
    try:
        changed = write(args.sets or None, check_only=args.check)
    except KeyError_ as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in changed:
        print(("stale: " if args.check else "wrote: ") + path)
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
