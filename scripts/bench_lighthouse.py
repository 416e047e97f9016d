"""Lighthouse on the landing page, a chapter and an exercise page, as a phone on a slow link sees them.

    .venv/bin/python scripts/bench_lighthouse.py _build/html

Lighthouse (the npm package pinned in ``scripts/lighthouse/package.json``, installed on first use with
``npm ci``) drives Debian's Chromium with its default mobile profile (a mid-range phone, simulated
slow 4G and a four-times slower CPU). The built book is served compressed by the same small server as
``bench_readers.py``. ``scripts/bench.py`` (``make bench``) runs this and compares the performance
score with the budget (at least 90).
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


def audit(url: str, binary: Path) -> dict:
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
    binary = lighthouse()
    with serve(html_dir) as base:
        return [
            {"role": role, "page": page, **median_run([audit(base + page, binary) for _ in range(runs)])}
            for role, page in pages.items()
        ]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("html", type=Path, help="the built book (e.g. _build/html)")
    args = parser.parse_args(argv)
    json.dump(measure(args.html), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
