"""The generated benchmark pages (scripts/bench.py, scripts/bench_classroom.py) say what was measured."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import bench  # noqa: E402
import bench_classroom  # noqa: E402


def _report() -> dict:
    r = {
        "machine": {"cores": 2, "python": "3.11.7"},
        "time": "2026-12-03T15:00:00Z",
        "cold_build": {"seconds": 61.0, "returncode": 0, "executed": ["a.ipynb"]},
        "warm_rebuild": {"seconds": 3.0, "returncode": 0, "executed": []},
        "one_chapter_change": {"seconds": 9.0, "returncode": 0, "executed": ["a.ipynb"], "changed": "a.ipynb"},
        "site": {"total_mb": 30},
        "notebooks": [{"notebook": "notebooks/a.ipynb", "seconds": 3.0, "peak_rss_mb": 150.0, "error": ""}],
        "reader_pages": [
            {"page": "a.html", "transfer_kb": 150.0, "requests": 20, "fcp_s": 1.5, "load_s": 2.2},
            {"page": "b.html", "transfer_kb": 320.0, "requests": 20, "fcp_s": 1.5, "load_s": 3.4},
        ],
        "lighthouse": [
            {"role": "chapter", "page": "a.html", "performance": 97, "accessibility": 100, "lighthouse": "12.8.2"}
            | {"runs": [85, 97, 98], "benchmark_index": 1100.0}
            | {"calibrated": {"performance": 99, "runs": [99, 98, 100], "slowdown": 2.6}}
            | {m: "1.0 s" for m in ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time")}
            | {"cumulative-layout-shift": "0", "speed-index": "1.0 s"}
        ],
    }
    r["checks"] = bench.evaluate(r)
    return r


def test_performance_page_shows_every_budget_and_every_miss():
    page = bench.render_page(_report())
    assert "| cold build seconds (every notebook executed) | 61.0 | 60.0 | **no** |" in page
    assert "| warm rebuild seconds | 3.0 | 5.0 | yes |" in page
    assert "| every page: KB transferred and seconds to load (2 pages) | 2 of 4 within | 300 KB, 3 s | **no** |" in page
    assert "| `b.html` | 320 | 20 | 1.5 | 3.4 |" in page
    assert "| chapter (`a.html`) | 97 (85, 97, 98) | 100 |" in page
    assert "Measured on 2026-12-03" in page
    assert "speed" not in page.split("Every budget")[0], "a report without the reference work claims a speed"


def test_performance_page_gives_the_machines_speed_before_and_after():
    report = _report()
    report["machine"] |= {"reference_s_before": 1.234, "reference_s_after": 2.0}
    head = bench.render_page(report).split("Every budget")[0]
    assert "took 1.23 s before the run and 2.00 s after it" in head


def test_performance_page_gives_the_suites_work_and_the_shortest_time_it_allows():
    report = _report()
    report["test_suite"] = {"seconds": 550.0, "processor_s": 1022, "returncode": 0, "summary": "2522 passed"}
    report["checks"] = bench.evaluate(report)
    page = " ".join(bench.render_page(report).split())
    assert "busy for 1,022 processor-seconds" in page
    assert "On 2 cores no order of the tests can finish that in less than 511 s; it took 550 s" in page
    assert "busy 93 % of the time" in page
    assert "processor-seconds" not in " ".join(bench.render_page(_report()).split()), "a run that did not count"


def test_the_machines_work_is_counted_from_the_kernels_processor_times(monkeypatch):
    from types import SimpleNamespace

    times = SimpleNamespace(user=10.0, nice=1.0, system=2.0, idle=500.0, iowait=7.0, irq=0.5, softirq=0.25, steal=3.0)
    monkeypatch.setattr(bench.psutil, "cpu_times", lambda: times)
    assert bench.machine_busy_seconds() == 13.75  # idle, waiting for disks and a hypervisor's steal are not work


def test_the_reference_work_is_valid_python_and_its_fastest_run_counts(monkeypatch):
    compile(bench.REFERENCE_WORK, "reference", "exec")
    runs = iter(["0.5", "0.25", "0.75"])

    class Done:
        def __init__(self):
            self.stdout = f"loading...\n{next(runs)}\n"

    monkeypatch.setattr(bench.subprocess, "run", lambda *a, **k: Done())
    assert bench.processor_reference() == 0.25


def test_capacity_table_follows_the_record():
    record = {
        "date": "2026-12-03T15:00:00+00:00",
        "chapter": "notebooks/01-why-collaborate.ipynb",
        "students": 4,
        "cores": 2,
        "machine_memory_mib": 24105,
        "seconds_to_server": {"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0},
        "seconds_to_pull": {"a": 1.0, "b": 1.0, "c": 2.0, "d": 2.0},
        "seconds_per_student": {"a": 8.0, "b": 8.0, "c": 8.0, "d": 8.0},
        "peak_rss_mib_per_student": {"a": 300.0, "b": 310.0, "c": 320.0, "d": 400.0},
        "failures": {},
        "total_peak_rss_mib": 1330,
    }
    page = bench_classroom.table(record)
    assert "| Seconds to a running server | 25.0 | 40.0 | 40.0 |" in page
    assert "| Peak memory per student, MiB (server and kernel) | 315 | 400 | 400 |" in page
    assert "Failures: **0** of 4 students" in page
    assert "about 4.0 core-seconds per student" in page  # 2 cores x 8 s / 4 students
    assert "| 16 GiB | 30 | 2 | 7 |" in page  # (16 - 1) GiB / 512 MiB per student
    assert bench_classroom.percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 95) == 10


def test_the_page_names_the_tests_that_failed():
    r = _report()
    r["test_suite"] = {"seconds": 800.0, "returncode": 1, "summary": "1 failed, 9 passed in 800s",
                       "failed": ["FAILED tests/test_a.py::test_b - assert 1 == 2"]}  # fmt: skip
    r["checks"] = bench.evaluate(r)
    page = bench.render_page(r)
    assert "| test suite passes | 1 failed, 9 passed in 800s | passed | **no** |" in page
    assert "- `FAILED tests/test_a.py::test_b - assert 1 == 2`" in page


def test_lighthouse_is_calibrated_for_the_host_as_its_calculator_does():
    """Lighthouse's CPU slowdown calculator: 1533 is 4×, 1300 3×, 800 2×, 150 1×, straight lines
    between; a host slower than 150 cannot imitate the phone."""
    import bench_lighthouse

    slow = bench_lighthouse.calibrated_slowdown
    for index, expected in [(2000, 6.0), (1533, 4.0), (1300, 3.0), (1050, 2.5), (800, 2.0), (475, 1.5), (150, 1.0)]:
        assert slow(index) == pytest.approx(expected, abs=0.01), index
    assert slow(149) is None
    page = bench.render_page(_report())
    assert "benchmark index was 1100, for which Lighthouse's CPU slowdown calculator gives 2.60×" in page
    assert "| chapter (`a.html`) | 97 (85, 97, 98) | 100 | 1.0 s | 1.0 s | 1.0 s | 0 | 99 (99, 98, 100) |" in page


def test_lighthouse_reports_the_median_of_its_runs():
    import bench_lighthouse

    runs = [{"performance": 85, "total-blocking-time": "320 ms"}, {"performance": 98}, {"performance": 96}]
    chosen = bench_lighthouse.median_run(runs)
    assert chosen["performance"] == 96 and chosen["runs"] == [85, 98, 96]
    # a run that failed counts lowest; two failures of three make the page's result a failure
    assert bench_lighthouse.median_run([{"error": "x"}, {"performance": 91}, {"performance": 99}])["performance"] == 91
    assert "error" in bench_lighthouse.median_run([{"error": "x"}, {"error": "y"}, {"performance": 99}])
