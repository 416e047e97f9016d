"""Benchmark the course: builds, what a reader waits for, notebook execution, test-suite time.

    .venv/bin/python scripts/bench.py              # everything (about 25 minutes on 2 cores)
    .venv/bin/python scripts/bench.py --no-tests   # skip the test-suite timings
    .venv/bin/python scripts/bench.py --page-from bench-results/report.json   # only rewrite the page

Writes ``bench-results/report.json`` (machine-readable), the performance page's figures
(``book/_bench/report.md``, to commit) and prints a table. Every
measurement is compared with its budget (issue "Performance"); the command exits 1 if
any budget is exceeded. Builds run on a temporary copy of the tracked files, so the
benchmark never touches your working copy, your notebooks or your build folder.

Measured
--------
* cold build (``make book`` on a fresh copy): empty execution cache, every notebook executed (budget 60 s);
* warm rebuild: nothing changed (budget 5 s, no notebook executed);
* one-chapter change: a code cell of one chapter edited; exactly that notebook re-executed;
* per notebook: execution wall time (budget 20 s) and peak RSS of its kernel (budget 500 MB);
* the full test suite's wall time (budget 5 minutes);
* the authors' fast loop, ``make test-fast`` (budget 90 s);
* the built site's total size (reported);
* what a reader waits for (``scripts/bench_readers.py``): every page opened in Chromium on a slow
  mobile link (1.6 Mbit/s down, 750 kbit/s up, 400 ms round trip), served compressed: bytes
  transferred (budget 300 KB), requests, first contentful paint and the load event (budget 3 s);
* Lighthouse's mobile audit of the landing page, a chapter and an exercise page
  (``scripts/bench_lighthouse.py``; budget: performance 90).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import psutil
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
from maintainers.structure import toc_files  # noqa: E402

BUDGETS = {
    "cold_build_s": 60.0,
    "warm_rebuild_s": 5.0,
    "notebook_exec_s": 20.0,
    "notebook_peak_rss_mb": 500.0,
    "test_suite_s": 5 * 60.0,
    "test_fast_s": 90.0,
    "reader_page_kb": 300.0,
    "reader_load_s": 3.0,
    "lighthouse_performance": 90,
}
MB = 1024 * 1024


# --------------------------------------------------------------------------- builds
def tracked_copy(dest: Path) -> Path:
    """Copy the files git tracks (plus uncommitted edits to them) into *dest*."""
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, files.decode().split("\0")):
        src = ROOT / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    return dest


def build(src: Path) -> dict:
    """`make book` in the copy *src*, with this checkout's environment."""
    start = time.perf_counter()
    proc = subprocess.run(
        ["make", "--no-print-directory", "-C", str(src), "book", f"VENV={ROOT / '.venv'}"],
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - start
    log = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)  # drop terminal colours
    # myst-nb logs "<path>.ipynb: Executing notebook" for each execution; the parallel step "executed: <path>"
    executed = sorted(
        set(re.findall(r"(\S+\.ipynb): Executing notebook", log)) | set(re.findall(r"executed: (\S+\.ipynb)", log))
    )
    return {
        "seconds": round(seconds, 2),
        "returncode": proc.returncode,
        "executed": [Path(p).name for p in executed],
        "log_tail": log[-3000:] if proc.returncode else "",
    }


def touch_code_cell(nb_path: Path) -> None:
    """Change one code cell of a notebook (a comment), which invalidates its cache entry."""
    nb = nbformat.read(nb_path, as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code")
    cell.source += "\n# benchmark: edited"
    nbformat.write(nb, nb_path)


# ------------------------------------------------------------------- notebook runs
def run_notebook(path: Path) -> dict:
    """Execute a notebook in a fresh kernel; return wall time and the kernel's peak RSS."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}})
    peak = 0
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.is_set():
            km = client.km
            pid = getattr(getattr(km, "provisioner", None), "pid", None) if km else None
            if pid:
                try:
                    proc = psutil.Process(pid)
                    rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                    peak = max(peak, rss)
                except psutil.Error:
                    pass
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    error = ""
    try:
        client.execute()
    except Exception as exc:  # report, don't crash the benchmark
        error = f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
    seconds = time.perf_counter() - start
    stop.set()
    sampler.join()
    return {
        "notebook": str(path.relative_to(ROOT)),
        "seconds": round(seconds, 2),
        "peak_rss_mb": round(peak / MB, 1),
        "error": error,
    }


def run_notebooks() -> list[dict]:
    """Every chapter and exercise source, each in a fresh kernel that can import graders/ (the hidden
    tests of the sources do, as under pytest, whose ``pythonpath`` puts the repository first)."""
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return [run_notebook(p) for p in notebooks()]


def notebooks() -> list[Path]:
    chapters = [ROOT / f"{f}.ipynb" for f in toc_files() if (ROOT / f"{f}.ipynb").exists()]
    ar = ROOT / "ar"  # the Arabic edition's executed pages (its chapters and exercise book pages)
    chapters += [ar / f"{f}.ipynb" for f in toc_files(ar / "_toc.yml") if (ar / f"{f}.ipynb").exists()]
    sources = sorted((ROOT / "exercises" / "source").glob("*/*.ipynb"))
    return chapters + sources


# ------------------------------------------------------------------------ site size
def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


# ------------------------------------------------------------------------------ the machine's speed
#: A fixed piece of work, the kind the build and the tests do most: a fresh interpreter imports pandas
#: and matplotlib (as every notebook kernel does) and runs a pure-Python loop.
REFERENCE_WORK = (
    "import time; t = time.perf_counter(); import pandas, matplotlib.pyplot; "
    "sum(i * i for i in range(2_000_000)); print(time.perf_counter() - t)"
)


def machine_busy_seconds() -> float:
    """Processor-seconds the whole machine has worked since it started: every core, every process
    (those that have ended too), as the kernel counts them. The difference over a run is the run's
    work, on a machine that does nothing else."""
    t = psutil.cpu_times()
    return t.user + t.nice + t.system + getattr(t, "irq", 0.0) + getattr(t, "softirq", 0.0)


def processor_reference(repeats: int = 3) -> float:
    """Seconds the reference work takes on this machine now (the fastest of *repeats* runs). A shared
    machine's speed changes from hour to hour; the report records this before and after the run, so that
    two runs' timings can be compared."""
    times = []
    for _ in range(repeats):
        out = subprocess.run([sys.executable, "-c", REFERENCE_WORK], capture_output=True, text=True, check=True)
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return round(min(times), 2)


# ------------------------------------------------------------------------------ main
def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-tests", action="store_true", help="skip timing the test suite")
    ap.add_argument("--no-readers", action="store_true", help="skip loading every page on a throttled link")
    ap.add_argument("--out", default=str(ROOT / "bench-results"), help="folder for report.json")
    ap.add_argument("--fuzz-summary", metavar="JSON", help="print the figures of a `make fuzz` run and exit")
    ap.add_argument("--page-from", metavar="JSON", help="write the performance page's figures from a report and exit")
    args = ap.parse_args(argv)
    if args.fuzz_summary:
        return fuzz_summary(Path(args.fuzz_summary))
    if args.page_from:
        PAGE.write_text(render_page(json.loads(Path(args.page_from).read_text(encoding="utf-8"))), encoding="utf-8")
        return 0

    report: dict = {
        "machine": {"cores": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
        "budgets": BUDGETS,
        "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    print("the machine's speed (reference work) ...", flush=True)
    report["machine"]["reference_s_before"] = processor_reference()
    with tempfile.TemporaryDirectory(prefix="course-bench-") as tmp:
        src = tracked_copy(Path(tmp) / "course")
        print("cold build (empty cache) ...", flush=True)
        report["cold_build"] = build(src)
        print("warm rebuild (nothing changed) ...", flush=True)
        report["warm_rebuild"] = build(src)
        chapter = next(src / f"{f}.ipynb" for f in toc_files(src / "_toc.yml") if f.startswith("notebooks/"))
        touch_code_cell(chapter)
        print(f"rebuild after editing {chapter.name} ...", flush=True)
        report["one_chapter_change"] = {**build(src), "changed": chapter.name}
        html = src / "_build" / "html"
        report["site"] = {"total_mb": round(dir_size(html) / MB, 2)}
        if not args.no_readers:
            import bench_lighthouse
            import bench_readers

            print("every page on a throttled mobile link ...", flush=True)
            report["reader_pages"] = bench_readers.measure(html, workers=1)
            print("Lighthouse (mobile) on the landing page, a chapter and an exercise page ...", flush=True)
            report["lighthouse"] = bench_lighthouse.measure(html)

    print("executing each notebook ...", flush=True)
    report["notebooks"] = run_notebooks()

    if not args.no_tests:
        print("running the fast loop (make test-fast) ...", flush=True)
        start = time.perf_counter()
        proc = subprocess.run(
            ["make", "--no-print-directory", "test-fast", f"PYTHON={sys.executable}"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        report["test_fast"] = {
            "seconds": round(time.perf_counter() - start, 1),
            "returncode": proc.returncode,
            "summary": (proc.stdout.strip().splitlines() or [""])[-1],
        }
        print("running the test suite ...", flush=True)
        start, busy = time.perf_counter(), machine_busy_seconds()
        # the README's test command (`make test`): two workers, each module/notebook on one
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        report["test_suite"] = {
            "seconds": round(time.perf_counter() - start, 1),
            # what the run asked of the processors, whatever the order of its tests: on N cores it
            # cannot take less than processor_s / N
            "processor_s": round(machine_busy_seconds() - busy),
            "returncode": proc.returncode,
            "summary": (proc.stdout.strip().splitlines() or [""])[-1],
            # pytest's short summary (-ra): which tests failed, and why, in one line each
            "failed": [line for line in proc.stdout.splitlines() if line.startswith(("FAILED ", "ERROR "))],
        }

    report["machine"]["reference_s_after"] = processor_reference()
    fuzz = Path(args.out) / "fuzz.json"
    if fuzz.exists():  # the figures of the last `make fuzz` (run separately: it takes minutes)
        report["fuzz"] = json.loads(fuzz.read_text(encoding="utf-8"))
    report["checks"] = checks = evaluate(report)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    PAGE.parent.mkdir(parents=True, exist_ok=True)
    PAGE.write_text(render_page(report), encoding="utf-8")  # the performance page's figures (commit it)
    print_table(report)
    print(f"\nreport: {out / 'report.json'}")
    return 0 if all(c["ok"] for c in checks) else 1


PAGE = ROOT / "book" / "_bench" / "report.md"


def _fmt(value) -> str:
    if isinstance(value, list):
        return ", ".join(f"`{v}`" for v in value) or "none"
    if isinstance(value, float):
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return str(value).strip("= ")  # pytest's summary line comes framed in "="


def _runs(audit: dict) -> str:
    """Every run's performance score, e.g. " (85, 98, 96)" (nothing for a single run)."""
    runs = audit.get("runs") or []
    return f" ({', '.join(str(x) for x in runs)})" if len(runs) > 1 else ""


def render_page(r: dict) -> str:
    """The performance page's figures (included by book/performance.md), from a report of this script."""
    when = r["time"][:10]
    machine = r["machine"]
    speed = ""
    if "reference_s_before" in machine and "reference_s_after" in machine:
        speed = (
            f" The machine's speed: a fixed piece of work (a fresh Python importing pandas and matplotlib, then"
            f" a loop; `processor_reference` in `scripts/bench.py`) took {machine['reference_s_before']:.2f} s"
            f" before the run and {machine['reference_s_after']:.2f} s after it; compare runs by it."
        )
    lines = [
        f"Measured on {when} by `make bench` on a {machine['cores']}-core machine "
        f"(Python {machine['python']}).{speed} Every budget:",
        "",
        "| Measurement | Measured | Budget | Within |",
        "| --- | --- | --- | --- |",
    ]
    for c in r["checks"]:
        if c["check"].startswith(("reader: ", "notebooks/", "exercises/", "book/")):
            continue  # per page and per notebook: summarised below
        lines.append(f"| {c['check']} | {_fmt(c['value'])} | {_fmt(c['budget'])} | {'yes' if c['ok'] else '**no**'} |")
    per_page = [c for c in r["checks"] if c["check"].startswith("reader: ")]
    nb = [c for c in r["checks"] if c["check"].startswith(("notebooks/", "exercises/", "book/"))]
    lines.append(
        f"| every page: KB transferred and seconds to load ({len(per_page) // 2} pages) | "
        f"{sum(c['ok'] for c in per_page)} of {len(per_page)} within | 300 KB, 3 s | "
        f"{'yes' if all(c['ok'] for c in per_page) else '**no**'} |"
    )
    lines.append(
        f"| every notebook: runs, seconds, kernel memory ({len(r.get('notebooks', []))} notebooks) | "
        f"{sum(c['ok'] for c in nb)} of {len(nb)} within | 20 s, 500 MB | {'yes' if all(c['ok'] for c in nb) else '**no**'} |"
    )
    suite = r.get("test_suite", {})
    if suite.get("processor_s"):
        cores, work = machine["cores"], suite["processor_s"]
        lines += [
            "",
            f"The suite's work: the machine's processors were busy for {work:,} processor-seconds while it ran"
            f" (every process, browsers and kernels included, as the operating system counts them; the machine"
            f" did nothing else). On {cores} cores no order of the tests can finish that in less than"
            f" {work / cores:,.0f} s; it took {suite['seconds']:,.0f} s, so the processors were busy"
            f" {100 * work / (cores * suite['seconds']):.0f} % of the time.",
        ]
    failed = suite.get("failed") or []
    if failed:
        lines += ["", "The tests that failed in this run of the suite:", ""]
        lines += [f"- `{line}`" for line in failed]
    pages = r.get("reader_pages", [])
    if pages:
        lines += [
            "",
            "Every page as a reader on a slow mobile link loads it (1.6 Mbit/s down, 750 kbit/s up, 400 ms round "
            "trip, empty cache, served compressed):",
            "",
            "| Page | KB transferred | Requests | First contentful paint (s) | Load event (s) |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for p in sorted(pages, key=lambda p: p["page"]):
            lines.append(f"| `{p['page']}` | {p['transfer_kb']:.0f} | {p['requests']} | {p['fcp_s']} | {p['load_s']} |")
    audits = r.get("lighthouse", [])
    if audits:
        first = audits[0]
        slowdown = (first.get("calibrated") or {}).get("slowdown")
        calibration = (
            f"Lighthouse imitates the phone's processor by slowing this one down, 4× by default, which assumes "
            f"a high-end desktop. This machine's Lighthouse benchmark index was {first['benchmark_index']:.0f}, "
            f"for which Lighthouse's CPU slowdown calculator gives {slowdown:.2f}×: the last column audits the "
            "page with that slowdown, the same phone on any machine (Lighthouse's documentation asks for this "
            "calibration before reports from different machines are compared). The budget is checked on the "
            "mobile profile as it is."
            if slowdown
            else "Lighthouse's CPU slowdown could not be calibrated for this machine."
        )
        lines += [
            "",
            f"Lighthouse {first.get('lighthouse', '')} (mobile profile, the book served compressed; each page "
            f"audited {len(first.get('runs', []))} times, the run with the median performance score shown, "
            f"every run's score in brackets). {calibration}",
            "",
            "| Page | Performance | Accessibility | First contentful paint | Largest contentful paint | "
            "Total blocking time | Layout shift | Performance, calibrated |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for a in audits:
            if "error" in a:
                lines.append(f"| {a['role']} (`{a['page']}`) | failed to run | | | | | | |")
                continue
            calibrated = a.get("calibrated") or {}
            lines.append(
                f"| {a['role']} (`{a['page']}`) | {a['performance']}{_runs(a)} | {a['accessibility']} | "
                f"{a['first-contentful-paint']} | {a['largest-contentful-paint']} | {a['total-blocking-time']} | "
                f"{a['cumulative-layout-shift']} | {calibrated.get('performance', '')}{_runs(calibrated)} |"
            )
    return "\n".join(lines) + "\n"


def fuzz_summary(path: Path) -> int:
    """Per exercise set: generated answers, verdicts and checker failures of a `make fuzz` run."""
    data = json.loads(path.read_text(encoding="utf-8"))
    print(f"\n{'set':<6} {'answers':>8} {'verdicts':>9} {'checker failed':>15}")
    for sid, row in sorted(data.items()):
        print(f"{sid:<6} {row['answers']:>8} {row['verdicts']:>9} {row['checker_failed']:>15}")
    total = sum(r["checker_failed"] for r in data.values())
    print(f"\n{sum(r['answers'] for r in data.values())} generated answers; checker failures: {total}")
    return 1 if total else 0


def evaluate(r: dict) -> list[dict]:
    checks = []

    def add(name, value, budget, ok):
        checks.append({"check": name, "value": value, "budget": budget, "ok": bool(ok)})

    add("cold build succeeds", r["cold_build"]["returncode"], 0, r["cold_build"]["returncode"] == 0)
    cold = r["cold_build"]["seconds"]
    add("cold build seconds (every notebook executed)", cold, BUDGETS["cold_build_s"], cold <= BUDGETS["cold_build_s"])
    w = r["warm_rebuild"]
    add("warm rebuild seconds", w["seconds"], BUDGETS["warm_rebuild_s"], w["seconds"] < BUDGETS["warm_rebuild_s"])
    add("warm rebuild executes no notebook", len(w["executed"]), 0, not w["executed"])
    one = r["one_chapter_change"]
    add(
        "one-chapter change executes only that notebook",
        one["executed"],
        [one["changed"]],
        one["executed"] == [one["changed"]],
    )
    for nb in r["notebooks"]:
        add(f"{nb['notebook']} runs without error", nb["error"] or "ok", "ok", not nb["error"])
        add(
            f"{nb['notebook']} seconds",
            nb["seconds"],
            BUDGETS["notebook_exec_s"],
            nb["seconds"] < BUDGETS["notebook_exec_s"],
        )
        add(
            f"{nb['notebook']} kernel peak MB",
            nb["peak_rss_mb"],
            BUDGETS["notebook_peak_rss_mb"],
            0 < nb["peak_rss_mb"] < BUDGETS["notebook_peak_rss_mb"],
        )
    if "fuzz" in r:
        least = min(row["answers"] for row in r["fuzz"].values())
        failed = sum(row["checker_failed"] for row in r["fuzz"].values())
        add("make fuzz: generated answers per set (least)", least, 1000, least >= 1000)
        add("make fuzz: checker failures", failed, 0, failed == 0)
    if "test_fast" in r:
        t = r["test_fast"]
        add("make test-fast passes", t["summary"], "passed", t["returncode"] == 0)
        add("make test-fast seconds", t["seconds"], BUDGETS["test_fast_s"], t["seconds"] < BUDGETS["test_fast_s"])
    if "test_suite" in r:
        t = r["test_suite"]
        add("test suite passes", t["summary"], "passed", t["returncode"] == 0)
        add("test suite seconds", t["seconds"], BUDGETS["test_suite_s"], t["seconds"] < BUDGETS["test_suite_s"])
    for page in r.get("reader_pages", []):
        add(
            f"reader: {page['page']} KB transferred",
            page["transfer_kb"],
            BUDGETS["reader_page_kb"],
            page["transfer_kb"] <= BUDGETS["reader_page_kb"],
        )
        load = page["load_s"] if page["load_s"] is not None else float("inf")
        add(
            f"reader: {page['page']} s to load",
            page["load_s"],
            BUDGETS["reader_load_s"],
            load <= BUDGETS["reader_load_s"],
        )
    for audit in r.get("lighthouse", []):
        score = audit.get("performance", audit.get("error", "error"))
        ok = isinstance(score, int) and score >= BUDGETS["lighthouse_performance"]
        add(f"Lighthouse performance, {audit['role']}", score, BUDGETS["lighthouse_performance"], ok)
    return checks


def print_table(r: dict) -> None:
    print(f"\n{'measurement':<62} {'value':>14} {'budget':>10}  ok")
    print("-" * 94)
    print(f"{'notebooks executed in the cold build':<62} {len(r['cold_build']['executed']):>14} {'-':>10}")
    print(f"{'built site total MB':<62} {r['site']['total_mb']:>14} {'-':>10}")
    for c in r["checks"]:
        value = c["value"] if not isinstance(c["value"], list) else ",".join(c["value"]) or "none"
        budget = c["budget"] if not isinstance(c["budget"], list) else ",".join(c["budget"])
        print(f"{str(c['check'])[:62]:<62} {str(value)[:14]:>14} {str(budget)[:10]:>10}  {'yes' if c['ok'] else 'NO'}")


if __name__ == "__main__":
    sys.exit(main())
