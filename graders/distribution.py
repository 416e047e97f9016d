"""Build what students receive: the course without a single answer in it.

The repository holds the instructor's material (nbgrader sources with solutions, hidden tests,
model answers and rubrics; the book's worked solutions; these graders). Students get a separate
tree, the *student distribution*, which nbgitpuller pulls into their home on the class's JupyterHub
and from which the hub's image is built:

=====================================  =================================================================
``notebooks/``                          the chapters (no outputs, as committed) and their concept checks
                                        (``notebooks/checks/*.yml``: ungraded questions whose answers
                                        every reader of the book sees)
``ar/notebooks/``                       the chapters translated into Arabic and their concept checks
``book/evidence.ipynb``                 the page "How this course checks its own claims" (the chapters'
                                        evidence sections link to it)
``exercises/<set>/<set>.ipynb``         the learner editions, as nbgrader releases them (one folder per
                                        assignment, so ``nbgrader submit <set>`` works from ``exercises/``);
                                        ``<set>-ar`` is a set in Arabic (same questions and grading)
``data/``                               the datasets and their ``datapackage.json``
``coursekit/``                          the student side of the helper package; its self-check keys are
                                        the class variant's (hashes only)
``requirements.txt``, ``runtime.txt``,  the environment (without the authors' test tools) and Binder's
``postBuild``, ``pyproject.toml``       files
``deploy/jupyterlab/overrides.json``    JupyterLab's settings for the course (postBuild installs them)
``README.md``                           how to work, check and submit (the hub opens it first)
=====================================  =================================================================

Nothing else: no ``exercises/source`` or ``book``/``classroom`` editions, no ``graders/``, no other page of
``book/`` (the instructor guide), no tests. :func:`scan` checks a built tree for solution text.

Command line::

    python -m graders.distribution --out _build/student                 # the public edition (variant 0)
    python -m graders.distribution --out DIR --variant 3 --course CLASS  # a class variant written by
                                                                         # `python -m graders.variants 3 --out CLASS`
    python -m graders.distribution --out DIR --git                     # and commit it on branch `student`
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from maintainers.editions import TRANSLATED, build_learner, edition_path, sets, solution_fingerprints

ROOT = Path(__file__).resolve().parent.parent
BRANCH = "student"

#: Requirements that only authors and CI need (tests, browsers, the book build, image building).
AUTHOR_ONLY = (
    "pytest",
    "pytest-xdist",
    "nbval",
    "playwright",
    "axe-playwright-python",
    "jupyter-repo2docker",
    "pyflakes",
    "ruff",
    "hypothesis",
    "nbqa",
    "pre-commit",
)
#: Modules of coursekit/ that only maintainers run (no chapter or exercise imports them): left out.
_SKIP = ("__pycache__", ".pyc", ".egg-info")

STUDENT_README = """# Science Across Borders: your copy of the course

This folder is your own copy of the course *Science Across Borders: research cooperation and stem
cell ethics in the Islamic world*. Edit anything you like: when the course is updated, the update is
merged in and your changes are kept.

| Folder | What it holds |
| --- | --- |
| `notebooks/` | The chapters: read them and run their cells (Run > Run All Cells). |
| `book/evidence.ipynb` | How the course checks its own claims: the evidence ledger behind every cited sentence. |
| `exercises/<set>/` | One exercise set per chapter: answer where a cell says `# YOUR CODE HERE` or YOUR ANSWER HERE. |
| `data/` | The course's datasets, with their sources and licences in `data/datapackage.json`. |
| `coursekit/` | The course's helper package (data loading, figure style, self-checks). |
| `deploy/jupyterlab/` | JupyterLab's settings for the course (installed when your environment is built). |

**Checking your answers.** Under each code question, run the `check(...)` cell: it says what is right
already, what is not yet right and gives a hint. {check_note}

**Submitting.** If your class uses nbgrader, open the *Assignments* tab (or run
`nbgrader submit <set>` in a terminal from the `exercises/` folder). Your instructor grades the
submission with tests you do not see, on more cases than the self-check tries.
"""
_CHECK_NOTE = {
    0: "The self-checks know the answers only as scrambled fingerprints (salted hashes), so reading the "
    "package will not show you an answer.",
    1: "In this class's version of the exercises, the checks of questions with a single value or a lettered "
    'choice confirm only that your answer has the right form ("answer recorded"); they are graded after you '
    "submit. Function questions are checked on a few inputs as you work.",
}


class DistributionError(RuntimeError):
    """The distribution cannot be built (e.g. a class variant's keys are missing)."""


def _student_requirements(text: str) -> str:
    keep = []
    for line in text.splitlines():
        name = re.split(r"[=<>!~\[ ;]", line.strip(), maxsplit=1)[0].lower()
        if name in AUTHOR_ONLY:
            continue
        keep.append(line)
    return "\n".join(keep) + "\n"


def _pyproject() -> str:
    return """[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "coursekit"
version = "0.1.0"
description = "The student side of the helper package of the course 'Science Across Borders'."
requires-python = ">=3.11"
license = {text = "MIT"}

[tool.setuptools.packages.find]
include = ["coursekit*"]

[tool.setuptools.package-data]
coursekit = ["checks/keys/*.json", "checks/messages/*.yml"]
"""


def _copy_tree(src: Path, dst: Path) -> None:
    shutil.copytree(src, dst, ignore=lambda d, names: [n for n in names if n.endswith(_SKIP)])


def _clean_notebook(path: Path, dst: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        else:  # a chapter's links and paths to its exercise set: the student tree has no edition folders
            cell.source = cell.source.replace("exercises/learner/", "exercises/")
    dst.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, dst)


def build(out: Path, *, variant: int = 0, course: Path | None = None, names=None) -> Path:
    """Write the student distribution into *out* (emptied first, except a ``.git`` folder)."""
    out = Path(out)
    if variant and course is None:
        raise DistributionError("a class variant needs --course, the folder `python -m graders.variants` wrote")
    # a class variant's keys are made from its English sets: its students get those (graders.variants)
    names = list(names or [n for n in sets() if not (variant and n.endswith(TRANSLATED))])
    if out.exists():
        for child in out.iterdir():
            if child.name != ".git":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    out.mkdir(parents=True, exist_ok=True)
    for chapter in sorted((ROOT / "notebooks").glob("*.ipynb")):
        _clean_notebook(chapter, out / "notebooks" / chapter.name)
    shutil.copytree(ROOT / "notebooks" / "checks", out / "notebooks" / "checks")
    for chapter in sorted((ROOT / "ar" / "notebooks").glob("*.ipynb")):  # the Arabic chapters
        _clean_notebook(chapter, out / "ar" / "notebooks" / chapter.name)
    if (ROOT / "ar" / "notebooks" / "checks").is_dir():
        shutil.copytree(ROOT / "ar" / "notebooks" / "checks", out / "ar" / "notebooks" / "checks")
    _clean_notebook(ROOT / "book" / "evidence.ipynb", out / "book" / "evidence.ipynb")
    for name in names:
        target = out / "exercises" / name / f"{name}.ipynb"
        if variant:
            source = Path(course) / "source" / name / f"{name}.ipynb"
            if not source.is_file():
                raise DistributionError(
                    f"{source} is missing: run `python -m graders.variants {variant} --out {course}` first"
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(build_learner(name, exercises=Path(course)), target)
        else:
            _clean_notebook(edition_path(name, "learner"), target)
    shutil.copytree(ROOT / "data", out / "data")
    _copy_tree(ROOT / "coursekit", out / "coursekit")
    if variant:
        keys = out / "coursekit" / "checks" / "keys"
        shutil.rmtree(keys)
        keys.mkdir()
        for name in names:
            sid = name.split("-")[0]
            src = Path(course) / "keys" / f"{sid}.json"
            if not src.is_file():
                raise DistributionError(f"{src} is missing: run `python -m graders.variants {variant}` first")
            stored = json.loads(src.read_text(encoding="utf-8"))
            if stored.get("variant") != variant:
                raise DistributionError(f"{src} is the keys of variant {stored.get('variant')}, not {variant}")
            shutil.copy2(src, keys / src.name)
    (out / "requirements.txt").write_text(
        _student_requirements((ROOT / "requirements.txt").read_text(encoding="utf-8")), encoding="utf-8"
    )
    for name in ("runtime.txt", "postBuild", "deploy/jupyterlab/overrides.json"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, out / name)
    (out / "pyproject.toml").write_text(_pyproject(), encoding="utf-8")
    (out / "README.md").write_text(STUDENT_README.format(check_note=_CHECK_NOTE[min(variant, 1)]), encoding="utf-8")
    (out / ".gitignore").write_text(".ipynb_checkpoints/\n__pycache__/\n*.egg-info/\n", encoding="utf-8")
    (out / "course-edition.json").write_text(
        json.dumps({"variant": variant, "sets": names}, indent=1) + "\n", encoding="utf-8"
    )
    return out


def commit(out: Path, message: str | None = None) -> str:
    """Commit *out* on branch ``student`` (a repository is made if there is none); return the commit."""

    def git(*args):
        return subprocess.run(["git", *args], cwd=out, check=True, capture_output=True, text=True).stdout.strip()

    if not (out / ".git").is_dir():
        git("init", "--quiet", "--initial-branch", BRANCH)
    git("add", "-A")
    if git("status", "--porcelain"):
        stamp = _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
        git(
            "-c",
            "user.name=Science Across Borders",
            "-c",
            "user.email=course@example.org",
            "commit",
            "--quiet",
            "-m",
            message or f"Course update {stamp}",
        )
    return git("rev-parse", "HEAD")


# =====================================================================================
# the scan: no solution, model answer, rubric or hidden test in what students receive
# =====================================================================================
_MARKERS = (
    "BEGIN SOLUTION",
    "END SOLUTION",
    "BEGIN HIDDEN TESTS",
    "BEGIN MARK SCHEME",
    "Model answer",
    "Marking rubric",
    "from graders",
    "import graders",
)
_TEXT = (".py", ".ipynb", ".json", ".md", ".txt", ".toml", ".yml", ".yaml", ".csv", ".cfg", "postBuild")


def _norm(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", text.lower())


def text_files(tree: Path):
    for path in sorted(Path(tree).rglob("*")):
        if path.is_file() and ".git" not in path.parts and (path.suffix in _TEXT or path.name in _TEXT):
            yield path


def scan(tree: Path, extra: dict[str, str] | None = None) -> list[str]:
    """Solution text, markers and *extra* fragments (normalised fragment -> what it is) found in *tree*."""
    prints = dict(solution_fingerprints())
    prints.update(extra or {})
    found = []
    for path in text_files(tree):
        raw = path.read_text(encoding="utf-8", errors="ignore")
        rel = path.relative_to(tree).as_posix()
        found += [f"{rel}: marker {m!r}" for m in _MARKERS if m in raw]
        text = _norm(raw)
        found += [f"{rel}: {excerpt}" for key, excerpt in prints.items() if key in text]
    return found


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "student", help="where to write it")
    parser.add_argument("--variant", type=int, default=0, help="a class variant (default 0, the public edition)")
    parser.add_argument("--course", type=Path, help="the variant's course root (python -m graders.variants)")
    parser.add_argument("--git", action="store_true", help=f"commit the result on branch `{BRANCH}`")
    args = parser.parse_args(argv)
    try:
        out = build(args.out, variant=args.variant, course=args.course)
    except DistributionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    leaks = scan(out)
    if leaks:
        print("error: the distribution contains solution text:\n  " + "\n  ".join(leaks[:20]), file=sys.stderr)
        return 1
    print(f"wrote the student distribution (variant {args.variant}) to {out}")
    if args.git:
        print(
            f"committed {commit(out)} on branch `{BRANCH}`: push it where nbgitpuller pulls from, e.g.\n"
            f"  git -C {out} push <course-remote> {BRANCH}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
