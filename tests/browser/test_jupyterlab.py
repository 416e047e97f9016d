"""JupyterLab as a learner uses it: open a chapter and its exercise set, Run All Cells, read the outputs.

A real JupyterLab server runs on loopback with a random token, serving a temporary copy of the
course's notebooks (the learner's files in the repository are never touched). Chromium opens
each notebook from the file browser and runs it through the menu (Run > Run All Cells); the
test waits until every cell has run and then checks what the learner sees: the chapter's figures
and no error, and the exercise set's self-check messages.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, ROOT, chapter_files

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]
BIN = Path(sys.executable).parent
CHAPTER = chapter_files()[0]  # e.g. notebooks/01-why-collaborate
SET = CHAPTER.split("/")[-1]
EXERCISE = f"exercises/learner/{SET}/{SET}.ipynb"
RUN_TIMEOUT_MS = 240_000
#: JupyterLab settings for the test: every cell in the DOM (no virtual scrolling), start the notebook's
#: kernel without asking, no news pop-up.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none", "autoStartDefaultKernel": true}',
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": '{"fetchNews": "false", "checkForUpdates": false}',
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 serving a temporary copy of the course: {"url", "token", "root"}."""
    tmp = tmp_path_factory.mktemp("lab")
    course = tmp / "course"
    for folder in ("notebooks", "exercises/learner", "data"):
        shutil.copytree(
            ROOT / folder, course / folder, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
        )
    settings = tmp / "settings"
    for name, text in LAB_SETTINGS.items():
        (settings / name).parent.mkdir(parents=True, exist_ok=True)
        (settings / name).write_text(text, encoding="utf-8")
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        MPLBACKEND="module://matplotlib_inline.backend_inline",
    )
    log = (tmp / "lab.log").open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "jupyter-lab"),
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={course}",
            f"--LabApp.user_settings_dir={settings}",
            f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            *(["--allow-root"] if os.geteuid() == 0 else []),
        ],  # CI runs as root
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=course,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{(tmp / 'lab.log').read_text()[-3000:]}", pytrace=False)
            time.sleep(0.5)
        yield {"url": url, "token": token, "root": course, "log": tmp / "lab.log"}
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def lab_page(browser, lab):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{lab['url']}/lab?token={lab['token']}")
    page.locator(".jp-DirListing-content").wait_for()
    try:
        yield page
    finally:
        context.close()


def open_from_file_browser(page, path: str) -> None:
    """Double-click through the file browser, from its root, to open *path*."""
    page.locator(".jp-BreadCrumbs-home").click()
    for part in path.split("/"):
        item = page.locator(
            ".jp-DirListing-item",
            has=page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(part)}$")),
        )
        item.wait_for()
        item.dblclick()
    tab = page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel", has_text=path.split("/")[-1])
    tab.wait_for()


def wait_for_kernel(page, lab, path: str, timeout: float = 120) -> None:
    """Wait until the notebook's Python kernel is connected and idle (server and page agree).

    If JupyterLab asks which kernel to use (it may, when the kernel list arrives late on a busy
    machine), answer as a learner would: the preselected Python 3 kernel.
    """
    deadline = time.monotonic() + timeout
    kernel_name = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-kernelName")
    while True:
        dialog = page.locator(".jp-Dialog", has_text="Select Kernel")
        if dialog.count():
            dialog.locator("button.jp-mod-accept").click()
        with urllib.request.urlopen(f"{lab['url']}/api/sessions?token={lab['token']}", timeout=10) as r:
            sessions = [s for s in json.load(r) if s.get("path") == path]
        state = sessions[0]["kernel"].get("execution_state") if sessions and sessions[0].get("kernel") else None
        if state == "idle" and "Python" in (kernel_name.first.inner_text() if kernel_name.count() else ""):
            return
        if time.monotonic() > deadline:
            page.screenshot(path=str(ARTIFACTS / "jupyterlab-failure.png"))
            pytest.fail(
                f"{path}: no idle Python kernel after {timeout:.0f} s (server says {state!r}); "
                "screenshot: test-artifacts/jupyterlab-failure.png",
                pytrace=False,
            )
        time.sleep(0.5)


def run_all_cells(page) -> dict:
    """Run > Run All Cells, wait until every code cell has run; return what the notebook shows."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item[data-command='runmenu:run-all']").click()
    notebook = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook"
    try:
        page.wait_for_function(
            """sel => {
                 const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')];
                 return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
               }""",
            arg=notebook,
            timeout=RUN_TIMEOUT_MS,
        )
    except Exception:
        page.screenshot(path=str(ARTIFACTS / "jupyterlab-failure.png"))
        prompts = page.eval_on_selector_all(
            f"{notebook} .jp-CodeCell .jp-InputPrompt", "els => els.map(e => e.textContent)"
        )
        dialogs = page.eval_on_selector_all(".jp-Dialog", "els => els.map(e => e.innerText)")
        pytest.fail(
            f"Run All Cells did not finish in {RUN_TIMEOUT_MS // 1000} s; prompts: {prompts}; "
            f"dialogs: {dialogs}; screenshot: test-artifacts/jupyterlab-failure.png",
            pytrace=False,
        )
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(
        timeout=RUN_TIMEOUT_MS
    )
    return page.evaluate(
        """sel => {
             const nb = document.querySelector(sel);
             const text = q => [...nb.querySelectorAll(q)].map(e => e.innerText);
             return {
               cells: nb.querySelectorAll('.jp-CodeCell').length,
               images: nb.querySelectorAll('.jp-OutputArea-output img').length,
               stderr: text(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']"),
               stdout: text(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stdout']"),
             };
           }""",
        notebook,
    )


def test_chapter_runs_in_jupyterlab_and_shows_figures(lab_page, lab, artifacts):
    open_from_file_browser(lab_page, f"{CHAPTER}.ipynb")
    wait_for_kernel(lab_page, lab, f"{CHAPTER}.ipynb")
    shown = run_all_cells(lab_page)
    if shown["images"]:
        lab_page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img"
        ).first.scroll_into_view_if_needed()
    lab_page.screenshot(path=str(artifacts / f"jupyterlab-{SET}.png"))
    errors = [t for t in shown["stderr"] if re.search(r"Traceback|Error\b", t)]
    assert not errors, f"{CHAPTER}: error output after Run All Cells:\n" + "\n---\n".join(errors)[:4000]
    assert shown["images"] >= 1, f"{CHAPTER}: no figure in the outputs after Run All Cells ({shown})"


def test_exercise_set_shows_self_check_messages(lab_page, lab, artifacts):
    before = (ROOT / EXERCISE).read_bytes()
    open_from_file_browser(lab_page, EXERCISE)
    wait_for_kernel(lab_page, lab, EXERCISE)
    shown = run_all_cells(lab_page)
    message = lab_page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output", has_text="not yet right")
    if message.count():
        message.first.scroll_into_view_if_needed()
    lab_page.screenshot(path=str(artifacts / f"jupyterlab-exercise-{SET}.png"))
    feedback = "\n".join(shown["stderr"] + shown["stdout"])
    # The blank learner edition: every check answers in plain words, with a hint, never a traceback.
    assert re.search(r"Question \d+\.\d+ \(`\w+`\): not yet right\.", feedback), (
        f"{EXERCISE}: no self-check message after Run All Cells:\n{feedback[:3000]}"
    )
    assert "Hint:" in feedback
    assert "Traceback" not in feedback, f"{EXERCISE}: a traceback reached the learner:\n{feedback[:3000]}"
    assert (ROOT / EXERCISE).read_bytes() == before, "the test changed the learner's notebook in the repository"
