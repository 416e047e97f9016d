"""What students receive holds no answer: the student distribution, and a student who tries to cheat.

``python -m graders.distribution`` builds the tree that nbgitpuller pulls into a student's home and
from which the hub's image is built. These tests build it (the public edition, and a class variant),
scan every file for solution text, model answers, rubrics, hidden tests and expected values, and then
play a student in a kernel that can import only what students have: they import every module, read
the stored hashes and brute-force them, and call the package's functions on the exercises' inputs.
"""

from __future__ import annotations

import importlib
import inspect
import json
import math
import os
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from coursekit.checks import QUESTIONS
from coursekit.checks.engine import Data, digest
from graders import _core, variants
from graders import distribution as dist
from graders import keys as keymaker
from maintainers.editions import sets, source_path

ROOT = Path(__file__).resolve().parent.parent
VARIANT = 1
#: A class variant is made of the English sets (graders.variants); the public edition has every set.
ENGLISH_SETS = [n for n in sets() if not n.endswith("-ar")]
#: What a student's tree may hold, and nothing else.
ALLOWED_TOP = {
    "notebooks",
    "ar",  # ar/notebooks only: the chapters in Arabic and their concept checks (checked below)
    "deploy",  # deploy/jupyterlab/overrides.json only (checked below)
    "book",
    "exercises",
    "data",
    "coursekit",
    "requirements.txt",
    "runtime.txt",
    "postBuild",
    "pyproject.toml",
    "README.md",
    ".gitignore",
    "course-edition.json",
}


@pytest.fixture(scope="module")
def solutions():
    """Set name -> the namespace its public solution leaves behind."""
    return {
        name: keymaker.solution_namespace(nbformat.read(source_path(name), as_version=4), source_path(name).parent)
        for name in sets()
    }


@pytest.fixture(scope="module")
def public(tmp_path_factory):
    return dist.build(tmp_path_factory.mktemp("student") / "course")


@pytest.fixture(scope="module")
def variant_course(tmp_path_factory, class_variant):
    """Variant 1 of every set: the instructor's course root and the students' distribution."""
    course = class_variant(VARIANT)
    tree = dist.build(tmp_path_factory.mktemp("variant") / "course", variant=VARIANT, course=course)
    summary = json.loads((course / "variant.json").read_text(encoding="utf-8"))["questions"]
    return {"class": course, "tree": tree, "summary": summary}


# --- what is in the tree -----------------------------------------------------------------------------
def test_the_tree_holds_only_student_material(public):
    _only_student_material(public)


@pytest.mark.variants
def test_a_variants_tree_holds_only_student_material(variant_course):
    _only_student_material(variant_course["tree"])


def _only_student_material(tree):
    assert {p.name for p in tree.iterdir()} == ALLOWED_TOP
    names = sorted(p.name for p in (tree / "exercises").iterdir())
    # the public edition has every set; a class variant only the English ones (its keys are made from them)
    assert names in (sets(), [n for n in sets() if not n.endswith("-ar")])
    assert [p.name for p in (tree / "ar").iterdir()] == ["notebooks"]
    for name in names:
        assert [p.name for p in (tree / "exercises" / name).iterdir()] == [f"{name}.ipynb"]
    assert not list(tree.rglob("graders")) and not list(tree.rglob("source"))
    assert not list(tree.rglob("maintainers"))
    assert [p.name for p in (tree / "book").iterdir()] == ["evidence.ipynb"]  # of the book, only that page
    assert [str(p.relative_to(tree)) for p in (tree / "deploy").rglob("*") if p.is_file()] == [
        "deploy/jupyterlab/overrides.json"
    ]  # of deploy/, only JupyterLab's settings (no hub configuration)


def _value_fragments(solutions) -> dict[str, str]:
    """Expected values, as they could be written down: every non-integral number of every value answer
    (also in tables) to 2, 3 and 4 decimals and in full, and every multiple-choice assignment. A number
    written with fewer than four significant digits (1.50) is too common to tell an answer from a
    coincidence (a version pin, a figure a chapter cites), so it is not searched for."""
    out = {}
    for name, ns in solutions.items():
        sid = keymaker.set_id(name)
        for q in (q for q in QUESTIONS.values() if q.set == sid):
            if q.kind == "choice":
                out[f'{q.name} = "{ns[q.name]}"'] = f"{q.qid}: the right letter"
                out[f"{q.name} = '{ns[q.name]}'"] = f"{q.qid}: the right letter"
                continue
            if q.kind == "function":
                continue
            taken = q.form.take(ns[q.name], q.name)
            cells = list(taken.values()) if isinstance(taken, dict) else [taken]
            flat = [v for c in cells for v in (c if isinstance(c, tuple) else (c,))]
            for v in flat:
                if isinstance(v, float) and math.isfinite(v) and abs(v - round(v)) > 1e-6:
                    for text in (f"{v:.2f}", f"{v:.3f}", f"{v:.4f}", repr(v)):
                        if len(text.replace("-", "").replace(".", "").lstrip("0")) >= 4:
                            out[text] = f"{q.qid}: an expected value"
    return out


#: A written number as the value scan reads it: not part of a word or of a longer number.
_NUMBER = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[-+]?\d+)?(?![\d])")


def _scan_values(tree: Path, fragments: dict[str, str]) -> list[str]:
    """Every expected value (a fragment of :func:`_value_fragments`) written in a file of *tree*, outside
    the data the answers derive from. Numbers are read as tokens and looked up (one pass per file);
    the few fragments that are not plain numbers (a multiple-choice assignment) are searched for."""
    numbers = {f for f in fragments if _NUMBER.fullmatch(f)}
    others = [f for f in fragments if f not in numbers]
    found = []
    for path in dist.text_files(tree):
        if path.parent.name == "data":  # the inputs, which answers derive from
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        text = re.sub(r"\b[0-9a-f]{24}\b", " ", text)  # the stored hashes
        tokens = set(_NUMBER.findall(text))
        tokens |= {t.split("e")[0] for t in tokens}  # "1.5e-05" also writes "1.5"
        tokens |= {t[1:] for t in tokens if t.startswith("-")}  # "-12.34" also writes "12.34"
        hits = sorted(numbers & tokens) + [f for f in others if re.search(rf"(?<![\w.]){re.escape(f)}", text)]
        found += [f"{path.relative_to(tree)}: {fragments[f]} ({f})" for f in hits]
    return found


def test_no_solution_rubric_hidden_test_or_expected_value_in_the_tree(public, solutions):
    fragments = _value_fragments(solutions)
    assert len(fragments) > 50, "the scan must look for the values themselves"
    assert dist.scan(public) == []
    assert _scan_values(public, fragments) == []


@pytest.mark.variants
def test_no_solution_rubric_hidden_test_or_expected_value_in_a_variants_tree(variant_course, solutions):
    assert dist.scan(variant_course["tree"]) == []
    assert _scan_values(variant_course["tree"], _value_fragments(solutions)) == []


def test_the_scan_finds_a_planted_solution(public, tmp_path, solutions):
    """The scans can fail: a solution cell, a rubric and an expected value planted in a copy are found."""
    import shutil

    copy = tmp_path / "course"
    shutil.copytree(public, copy)
    nb = nbformat.read(source_path("07-ethics-frameworks"), as_version=4)
    rubric = next(c.source for c in nb.cells if "Marking rubric" in c.source)
    (copy / "notes.md").write_text(rubric.replace("### BEGIN SOLUTION", ""), encoding="utf-8")
    assert any("notes.md" in x for x in dist.scan(copy))
    fragments = _value_fragments(solutions)
    value = next(f for f in fragments if re.fullmatch(r"-?\d+\.\d{3}", f))
    (copy / "coursekit" / "cheat.py").write_text(f"X = {value}\n", encoding="utf-8")
    assert any("cheat.py" in x for x in _scan_values(copy, fragments))


# --- a student at work in a kernel that has only the student tree ------------------------------------
def _student_python(tree: Path, code: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(tree)
    return subprocess.run(
        [sys.executable, "-c", code], cwd=tree / "exercises", env=env, capture_output=True, text=True, timeout=300
    )


def test_a_student_kernel_cannot_import_the_graders(public):
    done = _student_python(
        public,
        "import coursekit.checks, sys\n"
        "try:\n    import graders\nexcept ImportError:\n    print('no graders')\n"
        "print(coursekit.checks.__file__)",
    )
    assert done.returncode == 0, done.stderr
    assert "no graders" in done.stdout and str(public) in done.stdout


def _brute_force_letters(keys: dict) -> dict[str, str]:
    """What a student recovers by trying every letter against the stored hashes."""
    found = {}
    for qid, entry in keys["questions"].items():
        for letter in "abcdefgh":
            if digest(keys["salt"], qid, "", "item", "", f"l{letter}") in set(entry.get("right", ())):
                found[qid] = letter
    return found


def _brute_force_small_numbers(keys: dict, qid: str, scope: str) -> int | None:
    entry = keys["questions"][qid]
    for k in range(-3000, 3001):
        if digest(keys["salt"], qid, scope, "item", "", f"i{k}") in set(entry.get("right", ())):
            return k
    return None


def test_self_study_keys_can_be_brute_forced_where_the_space_is_small(public, solutions):
    """Variant 0 (self-study): a multiple-choice letter can be recovered from its hash by trying all
    four. That is by design: the book publishes these answers; classes grade a variant."""
    recovered = {}
    for path in sorted((public / "coursekit" / "checks" / "keys").glob("*.json")):
        recovered |= _brute_force_letters(json.loads(path.read_text(encoding="utf-8")))
    right = {
        qid: solutions[n]["answer_" + qid.replace(".", "_")]
        for n in sets()
        for qid in _core.multiple_choice_questions()
        if qid.startswith(keymaker.set_id(n) + ".")
    }
    assert recovered == right


@pytest.mark.variants
def test_a_class_variant_gives_a_brute_forcer_nothing_that_scores(variant_course, solutions):
    """In a class variant, value and multiple-choice questions store no hash at all; a function's hashes
    are of its outputs on the visible inputs, and a function hard-coding brute-forced outputs fails
    the hidden tests, which grade on other inputs."""
    tree = variant_course["tree"]
    stored = {
        p.stem: json.loads(p.read_text(encoding="utf-8"))
        for p in (tree / "coursekit" / "checks" / "keys").glob("*.json")
    }
    assert set(stored) == {keymaker.set_id(n) for n in sets()}
    for keys in stored.values():
        assert keys["variant"] == VARIANT
        assert _brute_force_letters(keys) == {}
        for qid, entry in keys["questions"].items():
            if QUESTIONS[qid].kind != "function":
                assert entry == {"mode": "form"}, f"{qid}: a class variant stores hashes of a small answer space"
    # the student hard-codes what brute force gives for 07.1 (a whole number per visible input)
    keys = stored["07"]
    outputs = [
        _brute_force_small_numbers(keys, "07.1", str(i)) for i in range(len(keys["questions"]["07.1"]["probes"]))
    ]
    assert all(o is not None for o in outputs), "the probe outputs of 07.1 are small whole numbers"
    probes = [tuple(a if not isinstance(a, dict) else None for a in p)[1:] for p in keys["questions"]["07.1"]["probes"]]
    table = dict(zip(probes, outputs))

    def hard_coded(events, first, second):
        return table.get((first, second), 0)

    from coursekit.checks import engine, evaluate

    keys_dir = engine.KEYS_DIR
    engine.KEYS_DIR = tree / "coursekit" / "checks" / "keys"  # the student's self-check: the variant's keys
    engine.keys_for.cache_clear()
    try:
        assert evaluate("07.1", hard_coded, namespace={}).passed  # it fools the self-check of the visible inputs
    finally:
        engine.KEYS_DIR = keys_dir
        engine.keys_for.cache_clear()
    assert not _core.evaluate("07.1", hard_coded, thorough=True, namespace={}, variant=VARIANT).passed


def _public_callables():
    import coursekit

    for info in pkgutil.walk_packages(coursekit.__path__, "coursekit."):
        module = importlib.import_module(info.name)
        for name, obj in list(vars(module).items()):  # private names too: a student can call them as well
            if info.name == "coursekit.checks.engine" and name in ("value", "function", "multiple_choice"):
                continue  # they declare questions, they compute nothing
            if (
                callable(obj)
                and not name.startswith("__")
                and getattr(obj, "__module__", "") == info.name
                and not inspect.isclass(obj)
            ):
                yield f"{info.name}.{name}", obj


def _matches(keys: dict, qid: str, scope: str, form, taken) -> bool:
    """Whether *taken* is the right answer by the stored hashes: every item right and, for a table or a
    list, the right number of items."""
    entry = keys["questions"][qid]
    right = set(entry["right"])
    items = form.items(taken)
    if form.labelled and digest(keys["salt"], qid, scope, "size", str(len(items))) not in set(entry["sizes"]):
        return False
    return all(
        any(digest(keys["salt"], qid, scope, "item", lab, c) in right for c in cands) for lab, cands in items.items()
    )


def test_no_function_a_student_can_import_computes_a_function_answer():
    """Call every function of the student package (private ones too) with the inputs of every function question:
    none returns the right output (compared through the stored hashes)."""
    import copy
    import warnings

    from coursekit.checks.engine import call, keys_for, probes_of

    callables = list(_public_callables())
    tried = 0
    for qid, q in list(QUESTIONS.items()):
        if q.kind != "function":
            continue
        keys = keys_for(q.set)
        entry = keys["questions"][qid]
        for i, args in enumerate(probes_of(q, entry)):
            # each probe's tables read once; every call gets its own copy, as call_probe gives it
            loaded = tuple(a.load() if isinstance(a, Data) else a for a in args)
            for label, fn in callables:
                try:
                    with warnings.catch_warnings():
                        warnings.simplefilter("ignore")
                        taken = q.form.take(call(fn, q.name, *copy.deepcopy(loaded), hints=q.hints), label)
                except Exception:
                    continue
                tried += 1
                hit = _matches(keys, qid, str(i), q.form, taken)
                assert not hit, f"{label} computes the answer of {qid} on input {i}"
    assert tried > 0


def test_no_function_a_student_can_import_computes_a_value_answer():
    """Call every public function with nothing, or with one course table: no result is a value answer."""
    import copy
    import warnings

    from coursekit.checks.engine import keys_for
    from coursekit.data import datasets

    tables = [Data(n) for n in datasets()]
    loaded = {t.name: t.load() for t in tables}  # read once; every call gets its own copy
    values = [q for q in QUESTIONS.values() if q.kind == "value"]
    for label, fn in _public_callables():
        for args in [()] + [(t,) for t in tables]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    result = fn(*(copy.deepcopy(loaded[a.name]) for a in args))
            except Exception:
                continue
            for q in values:
                keys = keys_for(q.set)
                try:
                    taken = q.form.take(result, q.name)
                except Exception:
                    continue
                hit = _matches(keys, q.qid, "", q.form, taken)
                assert not hit, f"{label}{args} gives the answer of {q.qid}"


# --- class variants ----------------------------------------------------------------------------------
@pytest.mark.variants
def test_the_variant_changes_the_answers_and_says_which(variant_course):
    summary = variant_course["summary"]
    assert set(summary) == set(ENGLISH_SETS)
    rows = {qid: what for per_set in summary.values() for qid, what in per_set.items()}
    assert set(rows) == set(QUESTIONS)
    for qid in _core.multiple_choice_questions():
        assert rows[qid] == "changed", qid
    # every auto-graded answer differs from the public edition's: the book's solution fails each question
    assert [qid for qid, what in rows.items() if not what.startswith("changed")] == []
    report = (variant_course["class"] / "VARIANT.md").read_text(encoding="utf-8")
    assert all(qid in report for qid in rows)
    # the guide's table (variants.plan) says what every variant does; this one does just that
    for qid, (what, _) in variants.plan().items():
        if what.startswith("changes"):
            assert rows[qid].startswith("changed"), f"{qid}: the guide says it changes, variant {VARIANT}: {rows[qid]}"
        elif what.startswith("unchanged"):
            assert rows[qid].startswith("UNCHANGED"), (qid, rows[qid])
        else:
            assert rows[qid].startswith(("same function", "changed")), (qid, rows[qid])


def test_the_guides_table_of_variant_changes_is_current():
    assert variants.PLAN_PAGE.read_text(encoding="utf-8") == variants.plan_table(), "run `make exercises`"


def test_every_auto_graded_question_changes_in_a_class_variant():
    """The graders declare a variant change for every question (the variant summary then proves it)."""
    assert {qid: what for qid, (what, _) in variants.plan().items() if not what.startswith("changes")} == {}


@pytest.mark.variants
def test_the_variant_source_is_a_valid_nbgrader_source(variant_course):
    for name in ENGLISH_SETS:
        nb = nbformat.read(variant_course["class"] / "source" / name / f"{name}.ipynb", as_version=4)
        hidden = [c.source for c in nb.cells if "assert_check(" in c.source]
        assert hidden and all(f"variant={VARIANT}" in s for s in hidden)
        assert nb.metadata["coursekit"]["variant"] == VARIANT


@pytest.mark.variants
def test_in_a_variant_self_checks_confirm_the_form_of_values_and_check_functions(variant_course, monkeypatch):
    """Class variant: a value or multiple-choice answer is "recorded" if it has the right form (and still
    refused, with the form's message, if it has not); a function is checked on its visible inputs.
    Self-study (the package's own keys) keeps full feedback: a wrong letter is told it is wrong."""
    from coursekit.checks import engine, evaluate

    wrong_letter = next(k for k in "abcd" if k != _core.mc_permutation("07.3", VARIANT)["b"])
    public_result = evaluate("07.3", "a", namespace={})  # the public edition's right letter is "b"
    monkeypatch.setattr(engine, "KEYS_DIR", variant_course["class"] / "keys")
    engine.keys_for.cache_clear()
    try:
        recorded = evaluate("07.3", wrong_letter, namespace={})
        assert recorded.recorded and not recorded.passed and "answer recorded" in recorded.message()
        refused = evaluate("07.3", "z", namespace={})
        assert not refused.recorded and "not one of the options" in refused.message()
        table = evaluate("07.2", 3, namespace={})
        assert not table.recorded and "DataFrame" in table.message()

        def years_between(events, first, second):  # the variant asks how many years apart (never negative)
            year = dict(zip(events["event_id"], events["year"]))
            return abs(int(year[second] - year[first]))

        assert evaluate("07.1", years_between, namespace={}).passed
        assert not evaluate("07.1", lambda e, a, b: -years_between(e, a, b), namespace={}).passed
    finally:
        monkeypatch.undo()
        engine.keys_for.cache_clear()
    assert not public_result.passed and not public_result.recorded


def test_the_class_hub_pulls_the_student_branch():
    import yaml

    values = yaml.safe_load((ROOT / "deploy" / "values.yaml").read_text(encoding="utf-8"))
    command = values["singleuser"]["lifecycleHooks"]["postStart"]["exec"]["command"]
    assert command[0] == "gitpuller" and command[2] == dist.BRANCH


@pytest.mark.variants
def test_in_a_variant_the_variants_solution_passes_every_self_check(variant_course, monkeypatch):
    """The learner's self-checks, reading the variant's keys, accept the variant's own solution to every
    question of every set: functions pass on their visible inputs, values and letters are recorded.
    (A parameter a self-check needs but the keys leave out would make it refuse the right answer.)"""
    from coursekit.checks import engine, evaluate

    monkeypatch.setattr(engine, "KEYS_DIR", variant_course["class"] / "keys")
    engine.keys_for.cache_clear()
    refused = {}
    try:
        for name in ENGLISH_SETS:
            source = variant_course["class"] / "source" / name / f"{name}.ipynb"
            ns = keymaker.solution_namespace(nbformat.read(source, as_version=4), source.parent)
            for qid, q in QUESTIONS.items():
                if q.set == keymaker.set_id(name):
                    result = evaluate(qid, ns[q.name], namespace={})
                    if not (result.passed or result.recorded):
                        refused[qid] = result.message()
    finally:
        monkeypatch.undo()
        engine.keys_for.cache_clear()
    assert refused == {}


def test_chapter_links_to_exercise_sets_lead_to_the_students_copy(public):
    """The repository's chapters link to exercises/learner/<set>/; the student tree holds exercises/<set>/."""
    for chapter in sorted((public / "notebooks").glob("*.ipynb")):
        text = chapter.read_text(encoding="utf-8")
        assert "exercises/learner/" not in text, f"{chapter.name} links into exercises/learner/"
        for target in re.findall(r"\]\((\.\./exercises/[^)#\s]+)", text):
            assert (chapter.parent / target).exists(), f"{chapter.name} links to {target}, missing in the tree"
