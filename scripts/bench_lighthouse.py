"""Lighthouse on the landing page, a chapter and an exercise page, as a phone on a slow link sees them.

    .venv/bin/python scripts/bench_lighthouse.py _build/html

Lighthouse (the npm package pinned in ``scripts/lighthouse/package.json``, installed on first use with
``npm ci``) drives Debian's Chromium with its mobile profile (a mid-range phone on simulated slow 4G).
The built book is served compressed by the same small server as ``bench_readers.py``.
``scripts/bench.py`` (``make bench``) runs this and compares the performance score with the budget
(at least 90).

The phone's processor is imitated by slowing the host's down, and Lighthouse's default slowdown (4×)
assumes a high-end desktop host. Lighthouse's documentation ("CPU Throttling" in its
``docs/throttling.md``) says to calibrate it, from the ``benchmarkIndex`` it reports, with its CPU
slowdown calculator, before comparing reports made on different hosts. Each page is therefore audited
twice over: with the mobile profile as it is (4×: the budget is checked on these audits, as the issue
"Performance" defines it), and with the slowdown the calculator gives for this host
(``calibrated_slowdown``), which imitates the same phone on any host and makes runs on different
days comparable. Both are reported.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from bench_readers import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

PAGES = {
    "landing page": "book/intro.html",
    "chapter": "notebooks/08-islamic-bioethics.html",
    "exercise page": "exercises/book/04-collaboration-in-practice.html",
}
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
PACKAGE = HERE / "lighthouse"


def lighthouse() -> Path:
    """The pinned Lighthouse, installed from the lock file on first use."""
    binary = PACKAGE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent"], cwd=PACKAGE, check=True)
    return binary


def calibrated_slowdown(benchmark_index: float) -> float | None:
    """The CPU slowdown that makes a host with Lighthouse's *benchmark_index* imitate Lighthouse's
    mid-tier phone: the mapping of the Lighthouse CPU throttling calculator, to which Lighthouse's
    docs/throttling.md sends a reader (1533 is 4×, 1300 3×, 800 2×, 150 1×; straight lines between;
    a host below 150 is too slow to imitate the phone, None)."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    if benchmark_index >= 150:
        return 1 + (benchmark_index - 150) / 650
    return None


def audit(url: str, binary: Path, slowdown: float | None = None) -> dict:
    """One Lighthouse run on *url*: scores and metrics; *slowdown* overrides the CPU's 4×."""
    throttling = [f"--throttling.cpuSlowdownMultiplier={slowdown:.2f}"] if slowdown else []
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        proc = subprocess.run(
            [
                str(binary),
                url,
                "--output=json",
                f"--output-path={out}",
                "--quiet",
                "--only-categories=performance,accessibility",
                "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS),
                *throttling,
            ],
            env={**os.environ, "CHROME_PATH": CHROMIUM, "HOME": tmp},
            capture_output=True,
            text=True,
        )
        if proc.returncode or not out.exists():
            return {"error": (proc.stderr or proc.stdout)[-1500:]}
        report = json.loads(out.read_text(encoding="utf-8"))
    audits = report["audits"]
    return {
        "performance": round(report["categories"]["performance"]["score"] * 100),
        "accessibility": round(report["categories"]["accessibility"]["score"] * 100),
        **{m: audits[m]["displayValue"].replace("\xa0", " ") for m in METRICS},
        "lighthouse": report["lighthouseVersion"],
        "benchmark_index": report.get("environment", {}).get("benchmarkIndex"),
        "slowdown": report.get("configSettings", {}).get("throttling", {}).get("cpuSlowdownMultiplier"),
    }


#: Lighthouse's scores vary from run to run (its own guidance: run several times, report the median).
RUNS = 5


def median_run(runs: list[dict]) -> dict:
    """The run with the median performance score (an errored run counts lowest), and every run's score."""
    ranked = sorted(runs, key=lambda r: r.get("performance", -1))
    chosen = dict(ranked[(len(ranked) - 1) // 2])  # the lower of the two middle runs, if even
    chosen["runs"] = [r.get("performance") for r in runs]
    return chosen


def measure(html_dir: Path, pages: dict[str, str] = PAGES, runs: int = RUNS) -> list[dict]:
    """Each page's median run with the mobile profile as it is; under ``"calibrated"`` its median run
    with the CPU slowdown calibrated for this host (``"slowdown"``), from the median
    ``benchmark_index`` of the first runs (None if the host cannot be calibrated)."""
    binary = lighthouse()
    with serve(html_dir) as base:
        default = {page: [audit(base + page, binary) for _ in range(runs)] for page in pages.values()}
        indices = sorted(r["benchmark_index"] for rs in default.values() for r in rs if r.get("benchmark_index"))
        index = indices[(len(indices) - 1) // 2] if indices else None
        slowdown = calibrated_slowdown(index) if index else None
        out = []
        for role, page in pages.items():
            calibrated = None
            if slowdown:
                calibrated = median_run([audit(base + page, binary, slowdown) for _ in range(runs)])
                calibrated["slowdown"] = round(slowdown, 2)
            out.append(
                {
                    "role": role,
                    "page": page,
                    **median_run(default[page]),
                    "benchmark_index": index,
                    "calibrated": calibrated,
                }
            )
        return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the built book (e.g. _build/html)")
    args = parser.parse_args(argv)
    json.dump(measure(args.html), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
