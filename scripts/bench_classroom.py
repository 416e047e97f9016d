"""A class of 50 on one JupyterHub: what it costs, and what it implies for a Zero to JupyterHub node.

    make bench-classroom                      # 50 students (about 15 minutes on 2 cores)
    .venv/bin/python scripts/bench_classroom.py --students 10 --chapter notebooks/03-measuring-collaboration

Runs the JupyterHub tests (``tests/test_jupyterhub.py``: the local hub on loopback, the login form,
SimpleLocalProcessSpawner, nbgitpuller, kernels driven over their websockets as JupyterLab does) with
``--students`` students who log in, start their servers, pull the course and run a chapter at the same
time. From the capacity record the test writes it makes the capacity table of the instructor guide
(``book/instructors/_capacity.md``, committed): failures, time to a running server, to a pulled course
and to an executed chapter (median and 95th percentile), peak memory per student and in total, and the
node sizes that follow. Not part of ``make test``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORD = ROOT / "test-artifacts" / "jupyterhub-capacity.json"
PAGE = ROOT / "book" / "instructors" / "_capacity.md"
#: values.yaml guarantees each student this much and caps them at twice as much.
GUARANTEE_MIB = 512
NODES_GIB = (8, 16, 32, 64)


def percentile(values: list[float], q: float) -> float:
    """The *q*-th percentile (nearest rank), e.g. 95 for the 95th."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


def run(students: int, chapter: str | None) -> int:
    env = {
        **os.environ,
        "COURSE_CAPACITY_STUDENTS": str(students),
        "COURSE_HUB_START_TIMEOUT": str(120 + 12 * students),
    }
    if chapter:
        env["COURSE_CAPACITY_CHAPTER"] = chapter
    RECORD.unlink(missing_ok=True)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:xdist",
            "-q",
            "tests/test_jupyterhub.py",
            "-k",
            "separate_home or at_the_same_time",
        ],
        cwd=ROOT,
        env=env,
    )
    return proc.returncode


def table(record: dict) -> str:
    n = record["students"]
    server = list(record["seconds_to_server"].values())
    pull = list(record["seconds_to_pull"].values())
    chapter = [v for v in record["seconds_per_student"].values() if v is not None]
    peaks = list(record["peak_rss_mib_per_student"].values())
    per_student = percentile(peaks, 95)
    cpu = record["cores"] * statistics.median(chapter) / n  # core-seconds per student for the chapter
    lines = [
        f"Measured on {record['date'][:10]} by `make bench-classroom`: {n} students on one "
        f"{record['cores']}-core machine with {record['machine_memory_mib'] / 1024:.0f} GiB, each logging in, "
        f"starting a server, pulling the course and running `{record['chapter']}` at the same time.",
        "",
        "| Measurement | Median | 95th percentile | Worst |",
        "| --- | ---: | ---: | ---: |",
        f"| Seconds to a running server | {statistics.median(server):.1f} | {percentile(server, 95):.1f} | "
        f"{max(server):.1f} |",
        f"| Seconds to pull the course | {statistics.median(pull):.1f} | {percentile(pull, 95):.1f} | {max(pull):.1f} |",
        f"| Seconds to run the chapter | {statistics.median(chapter):.1f} | {percentile(chapter, 95):.1f} | "
        f"{max(chapter):.1f} |",
        f"| Peak memory per student, MiB (server and kernel) | {statistics.median(peaks):.0f} | {per_student:.0f} | "
        f"{max(peaks):.0f} |",
        "",
        f"Failures: **{len(record['failures'])}** of {n} students. Peak memory of the whole class: "
        f"{record['total_peak_rss_mib'] / 1024:.1f} GiB (the sum of each student's peak). On two cores the "
        "waits above are mostly queueing: every student's work shares the same two cores.",
        "",
        f"Processor time: {n} students ran the chapter in {statistics.median(chapter):.0f} s on "
        f"{record['cores']} cores, about {cpu:.1f} core-seconds per student; a class of *N* starting it "
        f"together on a node with *C* cores waits roughly *N* × {cpu:.1f} / *C* seconds.",
        "",
        f"What it implies for a Zero to JupyterHub cluster: `deploy/values.yaml` guarantees each student "
        f"{GUARANTEE_MIB} MiB (above the measured 95th percentile of {per_student:.0f} MiB) and caps them at "
        f"{2 * GUARANTEE_MIB} MiB for a second kernel. Assuming about 1 GiB of each node goes to the "
        "operating system and Kubernetes:",
        "",
        "| Node memory | Students per node (guaranteed memory) | Nodes for 50 | Nodes for 200 |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for gib in NODES_GIB:
        per_node = int((gib - 1) * 1024 // GUARANTEE_MIB)
        lines.append(f"| {gib} GiB | {per_node} | {math.ceil(50 / per_node)} | {math.ceil(200 / per_node)} |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=50)
    parser.add_argument("--chapter", help="e.g. notebooks/03-measuring-collaboration (default: the first)")
    parser.add_argument("--page-only", action="store_true", help="only write the table from the last record")
    args = parser.parse_args(argv)
    code = 0 if args.page_only else run(args.students, args.chapter)
    if not RECORD.exists():
        print("no capacity record: the run did not get as far as the chapter", file=sys.stderr)
        return 1
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    PAGE.write_text(table(record), encoding="utf-8")
    print(PAGE.read_text(encoding="utf-8"))
    return code or (1 if record["failures"] else 0)


if __name__ == "__main__":
    sys.exit(main())
