"""A class on a real JupyterHub, on one machine (deploy/local/jupyterhub_config.py).

The hub runs on 127.0.0.1 with configurable-http-proxy (npm) and a shared-password login;
SimpleLocalProcessSpawner gives each student a JupyterLab server in a separate home folder.
Four students log in through the login form, start their servers, pull the course with
nbgitpuller (the `/user/<name>/git-pull` link and the event stream its page opens) and run a chapter
notebook at the same time, cell by cell, in a kernel of their own server (Jupyter Server REST API +
kernel websocket, as JupyterLab does). Peak memory per student (the single-user server and its
kernels) goes to test-artifacts/jupyterhub-capacity.json. A second pull after a student has edited a
notebook must keep the edit.

What they pull is what a class gets: the *student distribution* of a class variant (branch
`student`, built by `graders.distribution` from `graders.variants`), not this repository; their
servers import the course package from that distribution, as the production image does. One exercise
set then goes the whole way: students answer it in their kernels (the self-checks answer), hand it in
through nbgrader's exchange (`nbgrader submit`, run in their own servers), and the instructor collects
and autogrades it in the variant's course. On this one-machine hub every server runs as one
operating-system user, so each student names themselves with `--student=$JUPYTERHUB_USER` (nbgrader
does that by itself in the Jupyter Docker images, whose user is `jovyan`, as in deploy/values.yaml).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import nbformat
import psutil
import pytest
import requests
import websocket

from maintainers.structure import toc_files

pytestmark = [pytest.mark.hub, pytest.mark.notebooks]
ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "test-artifacts"
HUB_CONFIG = ROOT / "deploy" / "local" / "jupyterhub_config.py"
#: Capacity planning: COURSE_CAPACITY_STUDENTS=20 COURSE_CAPACITY_CHAPTER=notebooks/06-stem-cell-science
#: measure more students, or another chapter, than the default run (see deploy/README.md).
STUDENTS = (
    ["amina", "bilal", "chen", "dalia"]
    if not os.environ.get("COURSE_CAPACITY_STUDENTS")
    else [f"student{i:02d}" for i in range(1, int(os.environ["COURSE_CAPACITY_STUDENTS"]) + 1)]
)
TARGET = "course"  # the folder nbgitpuller pulls into, as in the book's JupyterHub button
SET = "07-ethics-frameworks"  # the exercise set that goes through the exchange
VARIANT = 2  # the class's variant of it
#: Waits grow with the class: on two cores, 50 students start, pull and run one after another in effect.
CELL_TIMEOUT = 180 + 6 * len(STUDENTS)  # seconds per cell
RUN_TIMEOUT = 420 + 12 * len(STUDENTS)  # seconds for the whole concurrent run
SPAWN_TIMEOUT = 150 + 6 * len(STUDENTS)  # seconds until every server is ready
HTTP_TIMEOUT = 30 + len(STUDENTS)


def _execute(ws, session_id: str, username: str, code: str):
    """Send *code* to a kernel over its websocket (as JupyterLab does); yield (msg_type, content) of
    the replies to it until the kernel is idle again."""
    msg_id = uuid.uuid4().hex
    header = {
        "msg_id": msg_id,
        "msg_type": "execute_request",
        "session": session_id,
        "username": username,
        "version": "5.3",
        "date": datetime.now(UTC).isoformat(),
    }
    content = {
        "code": code,
        "silent": False,
        "store_history": True,
        "user_expressions": {},
        "allow_stdin": False,
        "stop_on_error": True,
    }
    ws.send(
        json.dumps(
            {
                "header": header,
                "parent_header": {},
                "metadata": {},
                "channel": "shell",
                "buffers": [],
                "content": content,
            }
        )
    )
    while True:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return
        yield msg["msg_type"], msg["content"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(*args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"git {' '.join(args)} failed:\n{done.stderr}"
    return done.stdout.strip()


class Hub:
    """A running hub: its URL, state folder and process."""

    def __init__(self, url: str, state: Path, proc: subprocess.Popen, log: Path):
        self.url, self.state, self.proc, self.log = url, state, proc, log

    def homes(self, name: str) -> Path:
        return self.state / "homes" / name

    def tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:]


@pytest.fixture(scope="module")
def upstream(tmp_path_factory) -> dict:
    """The class's course: variant VARIANT of SET (an nbgrader course root for the instructor) and the
    student distribution built from it, committed on branch `student` and reachable as a bare
    repository at file:// (the class's 'GitHub')."""
    from graders import distribution, variants

    tmp = tmp_path_factory.mktemp("upstream")
    course = tmp / "instructor-course"
    variants.write_course_root(VARIANT, course, [SET])
    tree = distribution.build(tmp / "student", variant=VARIANT, course=course, names=[SET])
    distribution.commit(tree, "The course for the class")
    bare = tmp / TARGET
    _git("clone", "--quiet", "--bare", "--branch", distribution.BRANCH, str(tree), str(bare))
    return {
        "url": f"file://{bare}",
        "bare": bare,
        "branch": distribution.BRANCH,
        "tmp": tmp,
        "tree": tree,
        "course": course,
    }


@pytest.fixture(scope="module")
def hub(tmp_path_factory, upstream):
    proxy = shutil.which("configurable-http-proxy")
    if not proxy:
        pytest.fail(
            "configurable-http-proxy not found: the JupyterHub test needs it; "
            "install it with `sudo .ci/system-deps` (CI runs it before the tests).",
            pytrace=False,
        )
    state = tmp_path_factory.mktemp("hub")
    port = _free_port()
    env = dict(
        os.environ,
        COURSE_HUB_DIR=str(state),
        COURSE_HUB_PASSWORD=secrets.token_urlsafe(12),
        COURSE_HUB_USERS=",".join(STUDENTS),
        COURSE_HUB_PORT=str(port),
        COURSE_HUB_API_PORT=str(_free_port()),
        COURSE_HUB_PROXY_PORT=str(_free_port()),
        CONFIGPROXY_AUTH_TOKEN=secrets.token_hex(16),
        COURSE_HUB_PACKAGE_DIR=str(upstream["tree"]),
    )
    log_path = state / "hub.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [str(BIN / "jupyterhub"), "-f", str(HUB_CONFIG)],
        cwd=state,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    h = Hub(f"http://127.0.0.1:{port}", state, proc, log_path)
    h.password = env["COURSE_HUB_PASSWORD"]
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(f"{h.url}/hub/api", timeout=5).status_code == 200:
                    break
            except requests.RequestException:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterHub did not start:\n{h.tail()}", pytrace=False)
            time.sleep(0.5)
        yield h
    finally:
        _stop_hub(proc)
        log.close()


def _stop_hub(proc: subprocess.Popen) -> None:
    """Stop the hub; it stops the proxy and the student servers. Kill any straggler we started."""
    try:
        family = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        family = []
    proc.terminate()
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)
    _, alive = psutil.wait_procs(family, timeout=20)
    for p in alive:
        p.kill()


class Student:
    """One student's browser session with the hub, then an API token for their own server."""

    def __init__(self, hub: Hub, name: str):
        self.hub, self.name = hub, name
        self.http = requests.Session()
        self.token = None

    def login(self, password: str) -> requests.Response:
        self.http.get(f"{self.hub.url}/hub/login", timeout=HTTP_TIMEOUT)
        return self.http.post(
            f"{self.hub.url}/hub/login",
            timeout=HTTP_TIMEOUT,
            allow_redirects=False,
            data={"username": self.name, "password": password, "_xsrf": self.http.cookies.get("_xsrf", "")},
        )

    def make_token(self) -> None:
        r = self.http.post(
            f"{self.hub.url}/hub/api/users/{self.name}/tokens",
            timeout=HTTP_TIMEOUT,
            headers={"X-XSRFToken": self.http.cookies.get("_xsrf", "")},
            json={"note": "classroom test", "expires_in": 3600},
        )
        assert r.status_code in (200, 201), f"{self.name}: token request failed: {r.status_code} {r.text}"
        self.token = r.json()["token"]
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"token {self.token}"

    def api(self, method: str, path: str, **kw) -> requests.Response:
        return self.http.request(method, f"{self.hub.url}{path}", timeout=kw.pop("timeout", HTTP_TIMEOUT), **kw)

    def server(self, method: str, path: str, **kw) -> requests.Response:
        return self.api(method, f"/user/{self.name}{path}", **kw)

    def pull(self, repo: str, branch: str, notebook: str) -> list[dict]:
        """Open the nbgitpuller link, then follow the event stream that its page opens."""
        query = {"repo": repo, "branch": branch, "targetpath": TARGET, "urlpath": f"lab/tree/{TARGET}/{notebook}"}
        page = self.server("GET", "/git-pull?" + urlencode(query))
        assert page.status_code == 200 and "nbgitpuller" in page.text.lower(), (
            f"{self.name}: the nbgitpuller link answered {page.status_code}"
        )
        events = []
        with self.server("GET", "/git-pull/api?" + urlencode(query), stream=True, timeout=(10, 120)) as r:
            assert r.status_code == 200, f"{self.name}: git-pull/api answered {r.status_code}"
            for line in r.iter_lines(decode_unicode=True):
                if line and line.startswith("data: "):
                    events.append(json.loads(line[len("data: ") :]))
                    if events[-1].get("phase") in ("finished", "error"):
                        break
        return events


def _execute_notebook(student: Student, nb_path: str, start: threading.Barrier) -> dict:
    """Run every code cell of *nb_path* in a new kernel of the student's server, like Run All."""
    model = student.server("GET", f"/api/contents/{nb_path}").json()
    nb = nbformat.from_dict(model["content"])
    session = student.server(
        "POST",
        "/api/sessions",
        json={"path": nb_path, "name": Path(nb_path).name, "type": "notebook", "kernel": {"name": "python3"}},
    ).json()
    kernel_id, session_id = session["kernel"]["id"], uuid.uuid4().hex
    ws_url = (
        student.hub.url.replace("http://", "ws://")
        + f"/user/{student.name}/api/kernels/{kernel_id}/channels?session_id={session_id}"
    )

    def connect():
        return websocket.create_connection(
            ws_url, header=[f"Authorization: token {student.token}"], timeout=CELL_TIMEOUT
        )

    ws = connect()
    result = {"cells": 0, "errors": [], "images": 0, "cwd": None, "seconds": None, "reconnects": 0}
    start.wait(timeout=120)
    t0 = time.monotonic()
    try:
        cells = [c.source for c in nb.cells if c.cell_type == "code"]
        cells.append("import os; print('CWD=' + os.getcwd())")
        for code in cells:
            try:
                replies = list(_execute(ws, session_id, student.name, code))
            except websocket.WebSocketConnectionClosedException:
                # The browser's connection dropped under load (the kernel lives on, as in JupyterLab, which
                # reconnects): reconnect once and run the cell again. A kernel that died has lost its state,
                # so the cells after it fail, and the test with them.
                if result["reconnects"]:
                    raise
                result["reconnects"] += 1
                ws.close()
                ws = connect()
                replies = list(_execute(ws, session_id, student.name, code))
            for kind, content in replies:
                if kind == "error":
                    result["errors"].append(f"{content['ename']}: {content['evalue']}")
                elif kind in ("display_data", "execute_result") and "image/png" in content.get("data", {}):
                    result["images"] += 1
                elif kind == "stream" and content["text"].startswith("CWD="):
                    result["cwd"] = content["text"][4:].strip()
            result["cells"] += 1
            if result["errors"]:
                break
    finally:
        result["seconds"] = round(time.monotonic() - t0, 1)
        ws.close()
    result["session"] = session["id"]
    return result


class MemorySampler(threading.Thread):
    """Samples the resident memory of each student's server plus its kernels; keeps the peak."""

    def __init__(self, pids: dict[str, int], interval: float = 0.25):
        super().__init__(daemon=True)
        self.pids, self.interval = pids, interval
        self.peak = {name: 0 for name in pids}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for name, pid in self.pids.items():
                try:
                    server = psutil.Process(pid)
                    rss = server.memory_info().rss
                    for child in server.children(recursive=True):
                        try:
                            rss += child.memory_info().rss
                        except psutil.NoSuchProcess:
                            pass
                except psutil.NoSuchProcess:
                    continue
                self.peak[name] = max(self.peak[name], rss)
            self.stop.wait(self.interval)


def _server_pids(hub: Hub) -> dict[str, int]:
    """The process of each student's single-user server, found among the hub's children."""
    pids = {}
    for p in psutil.Process(hub.proc.pid).children(recursive=True):
        try:
            if any("jupyterhub-singleuser" in part for part in p.cmdline()):
                user = p.environ().get("JUPYTERHUB_USER")
                if user:
                    pids[user] = p.pid
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            pass
    return pids


@pytest.fixture(scope="module")
def classroom(hub, upstream):
    """Every student logged in, with a running server and the course pulled into their home."""
    wrong = Student(hub, STUDENTS[0]).login("not-the-password")
    assert wrong.status_code != 302, "the hub let a student in with a wrong password"

    students = [Student(hub, name) for name in STUDENTS]
    for s in students:
        r = s.login(hub.password)
        assert r.status_code == 302, f"{s.name}: login failed ({r.status_code}):\n{hub.tail()}"
        s.make_token()
    spawned = {}
    for s in students:
        spawned[s.name] = time.monotonic()
        r = s.api("POST", f"/hub/api/users/{s.name}/server")
        assert r.status_code in (201, 202), f"{s.name}: spawn failed ({r.status_code} {r.text}):\n{hub.tail()}"
    deadline = time.monotonic() + SPAWN_TIMEOUT
    to_server: dict[str, float] = {}
    while len(to_server) < len(students):
        for s in students:
            if s.name not in to_server and s.api("GET", f"/hub/api/users/{s.name}").json()["servers"].get("", {}).get(
                "ready"
            ):
                to_server[s.name] = round(time.monotonic() - spawned[s.name], 1)
        missing = sorted(set(STUDENTS) - set(to_server))
        assert time.monotonic() < deadline or not missing, f"servers that did not start: {missing}:\n{hub.tail()}"
        time.sleep(0.5)

    chapter = next(f for f in toc_files(ROOT / "_toc.yml") if f.startswith("notebooks/"))
    pulls: dict[str, list] = {}
    to_pull: dict[str, float] = {}

    def pull(s: Student) -> None:
        t = time.monotonic()
        pulls[s.name] = s.pull(upstream["url"], upstream["branch"], f"{chapter}.ipynb")
        to_pull[s.name] = round(time.monotonic() - t, 1)

    threads = [threading.Thread(target=pull, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=180 + 6 * len(STUDENTS))
    for s in students:
        events = pulls.get(s.name, [])
        assert events and events[-1].get("phase") == "finished", f"{s.name}: pull did not finish: {events[-3:]}"
    pulled = sorted((hub.homes(STUDENTS[0]) / TARGET / "notebooks").glob("*.ipynb"))
    chapter = (
        os.environ.get("COURSE_CAPACITY_CHAPTER", "").removesuffix(".ipynb") or f"notebooks/{pulled[0].stem}"
    )  # the first chapter of the pulled distribution
    return {"students": students, "chapter": chapter, "seconds_to_server": to_server, "seconds_to_pull": to_pull}


def test_each_student_gets_the_course_in_a_separate_home(hub, classroom):
    chapter = classroom["chapter"]
    for s in classroom["students"]:
        home = hub.homes(s.name)
        assert (home / TARGET / f"{chapter}.ipynb").is_file(), f"{s.name}: {chapter} was not pulled"
        assert (home / TARGET / ".git").is_dir()
        # what they pulled is the student distribution: the learner edition, and no answers
        assert (home / TARGET / "exercises" / SET / f"{SET}.ipynb").is_file()
        for absent in ("graders", "exercises/source", "exercises/book", "book/instructors", "tests"):
            assert not (home / TARGET / absent).exists(), f"{s.name} received {absent}"
        assert [p.name for p in (home / TARGET / "book").iterdir()] == ["evidence.ipynb"]  # only that page
    inodes = {(hub.homes(s.name) / TARGET / f"{chapter}.ipynb").stat().st_ino for s in classroom["students"]}
    assert len(inodes) == len(STUDENTS), "students share a notebook file"


def test_students_run_a_chapter_at_the_same_time(hub, classroom):
    students, chapter = classroom["students"], classroom["chapter"]
    pids = _server_pids(hub)
    assert set(pids) == set(STUDENTS), f"student servers found: {pids}"
    sampler = MemorySampler(pids)
    sampler.start()
    start = threading.Barrier(len(students))
    results: dict[str, dict] = {}

    def run(s: Student) -> None:
        try:
            results[s.name] = _execute_notebook(s, f"{TARGET}/{chapter}.ipynb", start)
        except Exception as exc:  # reported below, with the student's name
            results[s.name] = {"exception": repr(exc)}

    t0 = time.monotonic()
    threads = [threading.Thread(target=run, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=RUN_TIMEOUT)
    wall = time.monotonic() - t0
    sampler.stop.set()
    sampler.join(timeout=5)
    for s in students:
        if "session" in results.get(s.name, {}):
            s.server("DELETE", f"/api/sessions/{results[s.name]['session']}")

    baseline = psutil.virtual_memory()
    report = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "chapter": f"{chapter}.ipynb",
        "students": len(students),
        "cores": os.cpu_count(),
        "machine_memory_mib": round(baseline.total / 2**20),
        "wall_seconds_concurrent_run": round(wall, 1),
        "peak_rss_mib_per_student": {n: round(b / 2**20, 1) for n, b in sampler.peak.items()},
        "seconds_to_server": classroom["seconds_to_server"],
        "seconds_to_pull": classroom["seconds_to_pull"],
        "seconds_per_student": {n: r.get("seconds") for n, r in results.items()},
        "failures": {
            n: (results.get(n) or {}).get("exception") or (results.get(n) or {}).get("errors") or "did not finish"
            for n in STUDENTS
            if not results.get(n) or results[n].get("exception") or results[n].get("errors")
        },
        "machine_memory_used_mib_after_run": round((baseline.total - baseline.available) / 2**20),
        "websocket_reconnects": {n: r.get("reconnects", 0) for n, r in results.items()},
        "note": "peak resident memory of each student's single-user server plus its kernels, sampled every "
        "0.25 s while all students ran the chapter at once; see deploy/README.md for sizing",
    }
    report["max_peak_rss_mib"] = max(report["peak_rss_mib_per_student"].values())
    report["total_peak_rss_mib"] = round(sum(report["peak_rss_mib_per_student"].values()))
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "jupyterhub-capacity.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    for s in students:
        r = results.get(s.name)
        assert r is not None, f"{s.name}: the run did not finish within {RUN_TIMEOUT} s"
        assert "exception" not in r, f"{s.name}: {r['exception']}"
        assert not r["errors"], f"{s.name}: {chapter} raised: {r['errors']}"
        assert r["images"] >= 1, f"{s.name}: {chapter} drew no figure"
        assert r["cwd"] == str((hub.homes(s.name) / TARGET / chapter).parent), (
            f"{s.name}'s kernel ran in {r['cwd']}, not in their own copy of the course"
        )
    assert all(v > 50 for v in report["peak_rss_mib_per_student"].values()), report


def test_pulling_again_keeps_a_students_edit(hub, upstream, classroom):
    s, chapter = classroom["students"][0], classroom["chapter"]
    path = f"{TARGET}/{chapter}.ipynb"
    # The student edits the chapter in JupyterLab (the contents API is what Lab's Save uses).
    model = s.server("GET", f"/api/contents/{path}").json()
    note = f"My own note, {secrets.token_hex(4)}."
    cell = next(c for c in model["content"]["cells"] if c["cell_type"] == "markdown")
    cell["source"] = "".join(cell["source"]) + f"\n\n{note}"
    r = s.server(
        "PUT", f"/api/contents/{path}", json={"type": "notebook", "format": "json", "content": model["content"]}
    )
    assert r.status_code == 200, r.text
    # Meanwhile the instructor updates the course: a change to the same notebook and a new file.
    work = upstream["tmp"] / "instructor"
    if not work.exists():
        _git("clone", "--quiet", "--branch", upstream["branch"], str(upstream["bare"]), str(work))
    nb = nbformat.read(work / f"{chapter}.ipynb", as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("Added by the instructor after the class started."))
    nbformat.write(nb, work / f"{chapter}.ipynb")
    (work / "ANNOUNCEMENT.md").write_text("Week 2: read chapter 2 before the seminar.\n", encoding="utf-8")
    _git("add", "-A", cwd=work)
    _git(
        "-c",
        "user.name=Instructor",
        "-c",
        "user.email=instructor@example.org",
        "commit",
        "--quiet",
        "-m",
        "Update the course",
        cwd=work,
    )
    _git("push", "--quiet", "origin", upstream["branch"], cwd=work)

    events = s.pull(upstream["url"], upstream["branch"], f"{chapter}.ipynb")
    assert events and events[-1].get("phase") == "finished", events[-3:]
    home = hub.homes(s.name) / TARGET
    mine = nbformat.read(home / f"{chapter}.ipynb", as_version=4)
    text = "\n".join(c.source for c in mine.cells)
    assert note in text, "the second pull lost the student's edit"
    assert "Added by the instructor after the class started." in text, "the instructor's change did not arrive"
    assert (home / "ANNOUNCEMENT.md").is_file(), "the new file did not arrive"
    # The other students' copies are untouched by this student's edit.
    other = hub.homes(classroom["students"][1].name) / TARGET / f"{chapter}.ipynb"
    assert note not in other.read_text(encoding="utf-8")


# --- one exercise set through nbgrader's exchange, in a class variant -------------------------------------
def _run_code(student: Student, cells: list[str], cwd: str) -> dict:
    """Run *cells* in a new kernel of the student's server started in *cwd*; collect what they print."""
    session = student.server(
        "POST",
        "/api/sessions",
        json={
            "path": f"{cwd}/scratch.ipynb",
            "name": "scratch.ipynb",
            "type": "notebook",
            "kernel": {"name": "python3"},
        },
    ).json()
    kernel_id, session_id = session["kernel"]["id"], uuid.uuid4().hex
    ws = websocket.create_connection(
        student.hub.url.replace("http://", "ws://") + f"/user/{student.name}/api/kernels/{kernel_id}/channels"
        f"?session_id={session_id}",
        header=[f"Authorization: token {student.token}"],
        timeout=CELL_TIMEOUT,
    )
    out = {"stdout": "", "stderr": "", "errors": []}
    try:
        for code in cells:
            for kind, content in _execute(ws, session_id, student.name, code):
                if kind == "stream":
                    out[content["name"]] += content["text"]
                elif kind == "error":
                    out["errors"].append(f"{content['ename']}: {content['evalue']}")
    finally:
        ws.close()
        student.server("DELETE", f"/api/sessions/{session['id']}")
    return out


def _answer_cells(nb, answers: dict[str, str]) -> list[str]:
    """The code a student runs: the learner notebook's code cells, with *answers* in the answer cells."""
    cells = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            cells.append(answers.get(gid, cell.source))
    return cells


def _solution_cells(source: Path) -> dict[str, str]:
    out = {}
    for cell in nbformat.read(source, as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            out[meta["grade_id"]] = "\n".join(x for x in cell.source.split("\n") if "SOLUTION" not in x)
    return out


def _nbgrader(course: Path, exchange: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items()}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={exchange}"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, f"nbgrader {' '.join(args)}:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout + done.stderr


#: What a student's server runs to hand the set in: `nbgrader submit` from the folder that holds the set.
_SUBMIT = """import os, subprocess, sys
done = subprocess.run([sys.executable, "-m", "nbgrader", "submit", "{set}", "--course=science-across-borders",
                       "--student=" + os.environ["JUPYTERHUB_USER"], "--Exchange.root={exchange}"],
                      cwd="..", capture_output=True, text=True, timeout=300)
print("SUBMITTED", done.returncode)
print(done.stdout[-2000:], done.stderr[-2000:])
"""


def test_a_class_variant_goes_from_pull_to_autograde(hub, upstream, classroom):
    """The instructor generates variant VARIANT of SET; three students answer the copy nbgitpuller gave
    them, in their own kernels, and hand it in: one with the variant's solution, one
    with the book's public solution, one blank. Their kernels cannot import the graders; their
    self-checks confirm the form of value answers only. The instructor autogrades."""
    course, exchange = upstream["course"], upstream["tmp"] / "exchange"
    exchange.mkdir(exist_ok=True)
    exchange.chmod(0o777)
    _nbgrader(course, exchange, "generate_assignment", SET)
    _nbgrader(course, exchange, "release_assignment", SET)  # creates the course's inbound folder too

    variant = _solution_cells(course / "source" / SET / f"{SET}.ipynb")
    public = _solution_cells(ROOT / "exercises" / "source" / SET / f"{SET}.ipynb")
    plan = dict(zip([s.name for s in classroom["students"][:3]], [variant, public, {}]))
    for s in classroom["students"][:3]:
        folder = f"{TARGET}/exercises/{SET}"
        nb = nbformat.read(hub.homes(s.name) / folder / f"{SET}.ipynb", as_version=4)
        answers = plan[s.name]
        ran = _run_code(
            s,
            [
                "try:\n    import graders\n    print('GRADERS-IMPORTED')\nexcept ImportError:\n"
                "    print('no graders here')"
            ]
            + _answer_cells(nb, answers),
            folder,
        )
        assert "no graders here" in ran["stdout"] and "GRADERS-IMPORTED" not in ran["stdout"], ran
        assert not ran["errors"], f"{s.name}: {ran['errors']}"
        if answers is variant:
            assert "answer recorded" in ran["stdout"], ran["stdout"][-2000:]  # value questions: form only
            assert "07.1 (`years_between`): well done" in ran["stdout"]  # a function: checked on inputs
            assert "The checker itself failed" not in ran["stdout"] + ran["stderr"]
        if answers:  # the student saves the answers into the notebook, as JupyterLab would
            for cell in nb.cells:
                gid = cell.metadata.get("nbgrader", {}).get("grade_id")
                if gid in answers:
                    cell.source = answers[gid]
            nbformat.write(nb, hub.homes(s.name) / folder / f"{SET}.ipynb")
        # Hand-in through the exchange, from the student's own server (as the Submit button does).
        handed = _run_code(s, [_SUBMIT.format(set=SET, exchange=str(exchange))], folder)
        assert not handed["errors"] and "SUBMITTED 0" in handed["stdout"], handed

    inbound = sorted(p.name.split("+")[0] for p in (exchange / "science-across-borders" / "inbound").iterdir())
    assert inbound == sorted(plan), inbound  # one submission per student, under their own name
    _nbgrader(course, exchange, "collect", SET)
    assert sorted(p.name for p in (course / "submitted").iterdir()) == sorted(plan)
    _nbgrader(course, exchange, "autograde", SET)
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        auto = {
            c.name: c.max_score
            for c in gb.find_assignment(SET).notebooks[0].grade_cells
            if not c.cell_type == "markdown"
        }
        scores = {name: {c: gb.find_grade(c, SET, SET, name).score for c in auto} for name in plan}
    summary = json.loads((course / "variant.json").read_text(encoding="utf-8"))["questions"][SET]
    changed = {f"q7-{qid.split('.')[1]}-tests" for qid, what in summary.items() if what.startswith("changed")}
    assert changed, summary
    names = list(plan)
    assert scores[names[0]] == auto, "the variant's solution must get every automatic point"
    assert all(v == 0 for v in scores[names[2]].values()), "a blank submission gets no point"
    for cell, points in auto.items():  # the book's public solution loses exactly what the variant changed
        assert scores[names[1]][cell] == (0 if cell in changed else points), (cell, scores[names[1]])
