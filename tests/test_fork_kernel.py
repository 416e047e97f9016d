"""Kernels forked from a warm process (``maintainers/fork_kernel.py``), which ``make book`` uses to
execute the notebooks: each must be, for anything a notebook can see, a kernel started the usual way,
and it must end, be interrupted and be cleaned up as one.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from maintainers import fork_kernel  # noqa: E402
from maintainers.fork_kernel import fork_kernels  # noqa: E402

pytestmark = pytest.mark.notebooks  # starts kernels

#: what a notebook can observe of its kernel that could change what it shows
PROBE = r"""
import json, os, sys, warnings
warnings.simplefilter("ignore")  # some options are deprecated: reading them warns
import matplotlib, pandas as pd
from IPython import get_ipython
from pandas._config import config as _pd_config
shell = get_ipython()
print(json.dumps({
    "cwd": os.getcwd(),
    "path": sys.path,
    "argv0": sys.argv[0],
    "env": os.environ.get("COURSE_PROBE"),
    "mplbackend": os.environ.get("MPLBACKEND"),
    "backend": matplotlib.get_backend(),
    "rc": {k: repr(v) for k, v in matplotlib.rcParams.items()},
    "pandas": {k: repr(pd.get_option(k)) for k in _pd_config._registered_options},
    "pandas_defaults": {k: repr(o.defval) for k, o in _pd_config._registered_options.items()},
    "formatters": {m: sorted(map(repr, f.type_printers)) for m, f in shell.display_formatter.formatters.items()},
    "kernel": type(shell.kernel).__name__,
    "main": sys.modules["__main__"] is shell.user_module,
}))
"""


def _run(kc, code: str, timeout: float = 60) -> tuple[str, dict]:
    """Execute *code*; its printed text and the reply's content."""
    msg_id = kc.execute(code)
    text = ""
    while True:
        msg = kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream" and msg["content"]["name"] == "stdout":
            text += msg["content"]["text"]
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    return text, kc.get_shell_msg(timeout=timeout)["content"]


def _start(cwd: Path):
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    km.start_kernel(cwd=str(cwd))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def _stop(km, kc) -> None:
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=False)


def _gone(pid: int, within: float = 10) -> bool:
    end = time.monotonic() + within
    while time.monotonic() < end:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        try:  # a child of this process that ended is a zombie until it is reaped
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:
            pass
        time.sleep(0.05)
    return False


@pytest.fixture(scope="module")
def server():
    """One server for the tests of this file (each start imports pandas, matplotlib and more)."""
    with fork_kernels() as env:
        yield env


@pytest.fixture
def forked(server, monkeypatch):
    """This process starts its ``python3`` kernels forked from the server, for the test."""
    monkeypatch.setenv("JUPYTER_PATH", server["JUPYTER_PATH"])
    return server


def _probe(tmp_path: Path, monkeypatch) -> dict:
    monkeypatch.setenv("COURSE_PROBE", "set by the test")
    km, kc = _start(tmp_path)
    try:
        text, reply = _run(kc, PROBE)
        assert reply["status"] == "ok", reply
        return json.loads(text)
    finally:
        _stop(km, kc)


def test_a_forked_kernel_sees_what_a_fresh_kernel_sees(server, tmp_path, monkeypatch):
    """Directory, import path, environment, matplotlib's backend and settings, pandas' options and
    their defaults (pandas decides two when imported, by looking at where it runs), the display
    formatters: the same in a forked kernel as in one started as a new Python."""
    fresh = _probe(tmp_path, monkeypatch)
    monkeypatch.setenv("JUPYTER_PATH", server["JUPYTER_PATH"])
    forked = _probe(tmp_path, monkeypatch)
    assert fresh["cwd"] == str(tmp_path) and fresh["env"] == "set by the test"
    for key in fresh:
        assert forked[key] == fresh[key], f"{key}: forked {forked[key]!r}, fresh {fresh[key]!r}"


def test_a_kernel_asked_for_with_another_pythonpath_starts_as_a_new_python(forked, tmp_path, monkeypatch):
    """PYTHONPATH acts when Python starts (nbgrader's configuration sets it for the graders): the
    server cannot give it to a fork, so the stand-in becomes an ordinary kernel, and sees the path."""
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "course_probe_module.py").write_text("ANSWER = 42\n")
    monkeypatch.setenv("PYTHONPATH", str(extra))
    km, kc = _start(tmp_path)
    try:
        text, reply = _run(kc, "import os, course_probe_module; print(course_probe_module.ANSWER, os.getpid())")
        assert reply["status"] == "ok", reply
        answer, pid = text.split()
        assert answer == "42"
        assert int(pid) == km.provisioner.process.pid, "the stand-in itself became the kernel"
    finally:
        _stop(km, kc)


def test_a_chapter_runs_to_the_same_outputs_in_both(server, monkeypatch):
    """A whole chapter (tables with their Markdown form, figures, printed text): the same outputs,
    byte for byte, apart from what differs between any two runs: where a Python object sits in
    memory, and the random id pandas gives a styled table (``T_`` and five hex digits)."""
    import re

    from nbclient import NotebookClient

    chapter = ROOT / "notebooks" / "01-why-collaborate.ipynb"

    def outputs() -> list:
        nb = nbformat.read(chapter, as_version=4)
        NotebookClient(nb, timeout=120, resources={"metadata": {"path": str(chapter.parent)}}).execute()
        text = json.dumps([c.get("outputs", []) for c in nb.cells if c.cell_type == "code"], sort_keys=True)
        return json.loads(re.sub(r"T_[0-9a-f]{5}", "T_…", re.sub(r" at 0x[0-9a-f]+", " at 0x…", text)))

    fresh = outputs()
    monkeypatch.setenv("JUPYTER_PATH", server["JUPYTER_PATH"])
    forked = outputs()
    assert any(o.get("data", {}).get("image/png") for cell in fresh for o in cell), "the chapter draws figures"
    assert any(o.get("data", {}).get("text/markdown") for cell in fresh for o in cell), "and shows tables"
    assert forked == fresh


def test_an_interrupt_reaches_the_kernel(forked, tmp_path):
    """The stand-in passes the interrupt on: the running cell stops with KeyboardInterrupt, and the
    kernel lives on to run the next one. (The cell is sent with ``stop_on_error=False``: with the
    default, ipykernel discards requests that reach it just after an error, which made the next cell
    come back "aborted" now and then under load: ipykernel's policy, not what this test is about.)"""
    km, kc = _start(tmp_path)
    try:
        msg_id = kc.execute("import time\ntime.sleep(60)", stop_on_error=False)
        while True:  # wait until the cell runs
            msg = kc.get_iopub_msg(timeout=30)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
                break
        time.sleep(0.3)
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)["content"]
        assert reply["status"] == "error" and reply["ename"] == "KeyboardInterrupt"
        text, reply = _run(kc, "print('still here')")
        assert reply["status"] == "ok", reply
        assert text == "still here\n"
    finally:
        _stop(km, kc)


def test_shutting_down_ends_the_kernel_and_its_stand_in(forked, tmp_path):
    km, kc = _start(tmp_path)
    text, _ = _run(kc, "import os; print(os.getpid())")
    pid, stand_in = int(text), km.provisioner.process
    assert pid != stand_in.pid, "the kernel is the server's child, not jupyter_client's"
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    assert _gone(pid)
    assert stand_in.poll() == 0


def test_a_dead_stand_in_takes_its_kernel_with_it(forked, tmp_path):
    km, kc = _start(tmp_path)
    text, _ = _run(kc, "import os; print(os.getpid())")
    pid = int(text)
    kc.stop_channels()
    km.provisioner.process.send_signal(signal.SIGKILL)  # as the OOM killer or a crash would
    try:
        assert _gone(pid), "the server kills a kernel whose stand-in has died"
    finally:
        km.cleanup_resources()


def test_a_kernel_dying_ends_its_stand_in_with_the_same_signal(forked, tmp_path):
    km, kc = _start(tmp_path)
    text, _ = _run(kc, "import os; print(os.getpid())")
    kc.stop_channels()
    os.kill(int(text), signal.SIGKILL)
    stand_in = km.provisioner.process
    stand_in.wait(timeout=10)
    assert stand_in.returncode == -signal.SIGKILL  # jupyter_client sees the kernel die as it died
    km.cleanup_resources()


def test_ending_the_server_ends_its_kernels(tmp_path, monkeypatch):
    with fork_kernels() as env:
        monkeypatch.setenv("JUPYTER_PATH", env["JUPYTER_PATH"])
        folder = Path(env["JUPYTER_PATH"].split(os.pathsep)[0])
        km, kc = _start(tmp_path)
        text, _ = _run(kc, "import os; print(os.getpid())")
        kc.stop_channels()
    assert _gone(int(text))
    km.provisioner.process.wait(timeout=10)
    assert km.provisioner.process.returncode != 0, "its stand-in says the kernel did not end normally"
    assert not folder.exists(), "the socket and the kernel spec are removed"
    km.cleanup_resources()


def test_a_bad_request_is_refused_and_the_server_goes_on(forked, tmp_path):
    server = json.loads((Path(forked["JUPYTER_PATH"].split(os.pathsep)[0]) / "kernels/python3/kernel.json").read_text())
    path = server["argv"][server["argv"].index("--server") + 1]
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:  # no streams, no request
        sock.connect(path)
        sock.sendall(b"\x00\x00\x00\x05hello")
        assert sock.recv(200).startswith(b"error ")
    km, kc = _start(tmp_path)  # and the next kernel still starts
    try:
        text, reply = _run(kc, "print(6 * 7)")
        assert text == "42\n"
    finally:
        _stop(km, kc)


def test_a_kernel_that_cannot_start_says_why(forked, tmp_path):
    spec = json.loads((Path(forked["JUPYTER_PATH"].split(os.pathsep)[0]) / "kernels/python3/kernel.json").read_text())
    bad = tmp_path / "connection.json"
    bad.write_text("{not json")
    argv = [a.replace("{connection_file}", str(bad)) for a in spec["argv"]]
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert proc.returncode == 1
    assert "JSONDecodeError" in proc.stderr or "Expecting" in proc.stderr, proc.stderr[-2000:]


def test_the_stand_in_imports_nothing_heavy():
    """It is started once per notebook, so it must stay a few milliseconds of the standard library."""
    code = (
        f"import sys; sys.argv = ['x']; sys.path.insert(0, {str(ROOT / 'maintainers')!r}); "
        "import fork_kernel; print(sorted(m for m in ('ipykernel', 'pandas', 'numpy', 'matplotlib', 'zmq') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert fork_kernel.main(["nonsense"]) == 2
