"""The book builds the tests read, made once per test run, in the background while other tests run.

Three builds, each into a folder the run's xdist workers share, made in this order:

``html``
    execute every notebook page into the execution cache (as ``make book`` does), then build the HTML
    book twice with warnings as errors (the second build must re-execute nothing);
``pdf``
    the LaTeX/PDF build (``make pdf``) into the same folder: the execution cache and the doctrees of
    the HTML build are reused, so no notebook runs again;
``classroom``
    the classroom edition (``make book-classroom``) from a copy of the execution cache.

When the collected tests need any of them (a test uses the ``built_book``, ``pdf`` or
``built_classroom`` fixture), the first xdist worker to finish collecting starts this module as one
background process, ``python tests/book_builds.py FOLDER STEP...``, before any test runs. It holds each
build's lock (an ``fcntl`` lock on ``FOLDER/STEP.lock``, taken by the worker and handed over) until that
build is done and its record (``FOLDER/STEP.json``: exit status and output) is written. A fixture waits
for the lock and reads the record; if there is none (no background process, or it died), the fixture
makes the build itself under the same lock. So the two workers test other things while the book builds,
and a run of one test file builds only what it needs.

A plain module, not a test file.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
STEPS = ("html", "pdf", "classroom")
#: The fixtures that read each build (a test using one of them needs it).
FIXTURES = {"built_book": "html", "pdf": "pdf", "built_classroom": "classroom"}
TIMEOUT = 1800


def jupyter_book(*args: str, cwd: Path = ROOT) -> dict:
    """Run the jupyter-book CLI of this environment: {"returncode", "stdout", "stderr"}."""
    proc = subprocess.run([str(BIN / "jupyter-book"), *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)
    return {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}


def html_folder(folder: Path) -> Path:
    return folder / "book"


def build(step: str, folder: Path) -> dict:
    """Make one build in the run's shared *folder*; return its record (what the fixtures read)."""
    out = html_folder(folder)
    if step == "html":
        out.mkdir(parents=True, exist_ok=True)
        # as `make book` does: execute the notebooks in parallel into the cache the build reads
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "scripts" / "execute_notebooks.py"),
                "--cache",
                str(out / "_build" / ".jupyter_cache"),
            ],
            check=True,
            timeout=TIMEOUT,
            capture_output=True,
        )
        runs = {
            name: jupyter_book("build", str(ROOT), "--path-output", str(out), "--warningiserror", "--keep-going")
            for name in ("first", "second")
        }
        # as `make book` does: the Arabic edition, into the site's ar/ folder
        from maintainers import arabic

        proc = arabic.build(out)
        runs["arabic"] = {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr}
        return runs
    if step == "pdf":
        return jupyter_book("build", str(ROOT), "--path-output", str(out), "--builder", "pdflatex")
    if step == "classroom":
        from maintainers.editions import classroom_toc

        room = folder / "classroom"
        # the chapters are the same as in the self-study build: reuse its execution cache
        shutil.copytree(out / "_build" / ".jupyter_cache", room / "_build" / ".jupyter_cache", dirs_exist_ok=True)
        toc = room / "_toc.yml"
        toc.write_text(classroom_toc((ROOT / "_toc.yml").read_text(encoding="utf-8")), encoding="utf-8")
        return jupyter_book(
            "build", str(ROOT), "--toc", str(toc), "--path-output", str(room), "--warningiserror", "--keep-going"
        )
    raise ValueError(f"unknown build {step!r}")


def _record(folder: Path, step: str) -> Path:
    return folder / f"{step}.json"


def _lock(folder: Path, step: str) -> Path:
    return folder / f"{step}.lock"


@contextmanager
def exclusive(path: Path):
    """Hold an exclusive lock on *path* (one worker, or the background process, at a time)."""
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def result(step: str, folder: Path) -> dict:
    """The record of *step*: waits while the background process makes it; makes it here if nobody did.

    The HTML build comes first for the others (they reuse its cache), so asking for ``pdf`` or
    ``classroom`` makes sure of ``html`` before.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if step != "html":
        result("html", folder)
    with exclusive(_lock(folder, step)):
        record = _record(folder, step)
        if not record.exists():
            record.write_text(json.dumps(build(step, folder)), encoding="utf-8")
        return json.loads(record.read_text(encoding="utf-8"))


def start_in_background(folder: Path, steps: list[str]) -> subprocess.Popen | None:
    """Start the background process making *steps*, unless another worker did (then None).

    The locks are taken here, before this returns (and so before any test of this run starts), and
    handed to the process, which lets go of each when its build is done.
    """
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(folder / "background.started", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        return None
    handles = []
    for step in steps:
        handle = open(_lock(folder, step), "w")  # noqa: SIM115 (handed to the process below)
        fcntl.flock(handle, fcntl.LOCK_EX)
        handles.append(handle)
    log = open(folder / "background.log", "w")  # noqa: SIM115
    try:
        return subprocess.Popen(
            [sys.executable, __file__, str(folder), *steps, "--fds", *(str(h.fileno()) for h in handles)],
            pass_fds=[h.fileno() for h in handles],
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
            start_new_session=True,
        )
    finally:
        for handle in handles:  # the process holds the locks now
            handle.close()
        log.close()


def main(argv: list[str]) -> int:
    # Lowest priority: the builds take the CPU time the tests leave idle (while they wait for kernels,
    # servers and pages), not the tests' own; a test that needs a build waits, and then it gets all.
    os.nice(19)
    folder = Path(argv[0])
    steps, fds = argv[1 : argv.index("--fds")], [int(x) for x in argv[argv.index("--fds") + 1 :]]
    failed = False
    for step, fd in zip(steps, fds):
        try:
            if not failed:
                _record(folder, step).write_text(json.dumps(build(step, folder)), encoding="utf-8")
        except Exception as err:  # no record: the fixture makes this build itself and shows what fails
            print(f"{step}: {type(err).__name__}: {err}", flush=True)
            failed = True  # the later builds need this one
        finally:
            os.close(fd)  # lets go of the lock: the fixtures waiting for this build go on
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
