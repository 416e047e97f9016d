"""JupyterLab as a learner uses it: every chapter and every exercise set, Run All Cells, read the page.

A real JupyterLab server runs on loopback with a random token, serving a temporary copy of the
course (the learner's files in the repository are never touched), with the settings the course
ships (deploy/jupyterlab/overrides.json, installed into the environment by `make env`/`make test`).
Chromium opens each notebook from the file browser and runs it through the menu (Run > Run All
Cells); the test waits until every cell has run and then reads what the learner sees:

* the prose rendered by jupyterlab-myst: no raw role or directive fence left, the objectives in a box,
  citations linked to a references section that is not empty, every number the prose quotes shown as
  its value, and the same value the book shows (read back from the saved notebook);
* the outputs: the chapter's figures and no error; the exercise set's self-check messages and no
  traceback; no "Ellipsis" under an answer cell; no news prompt over the notebook.
"""

from __future__ import annotations

import ast
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

import nbformat
import pytest

from maintainers.editions import sets
from maintainers.structure import FIGURE_CALL, WORDS

from .conftest import ARTIFACTS, ROOT, chapter_files

pytestmark = [pytest.mark.browser, pytest.mark.notebooks]
BIN = Path(sys.executable).parent
CHAPTERS = [f"{f}.ipynb" for f in chapter_files()]  # e.g. notebooks/01-why-collaborate.ipynb
EXERCISES = [f"exercises/learner/{name}/{name}.ipynb" for name in sets()]
RUN_TIMEOUT_MS = 240_000
#: The one setting the test adds to the course's own: every cell in the DOM (no virtual scrolling),
#: so that the whole notebook can be read at once. The news prompt, Markdown viewer and kernel start
#: are the course's settings, as a learner gets them.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": '{"windowingMode": "none"}',
}
#: Book-only markup that must never reach the learner's JupyterLab as text.
RAW_MARKUP = (
    "{footcite",
    "{glue",
    "{doc}",
    "{term}",
    "{numref}",
    "{ref}",
    "{eval}",
    "{footbibliography}",
    "```",
    ":::",
)
SCREENSHOTS = {
    "notebooks/08-islamic-bioethics.ipynb",
    "exercises/learner/07-ethics-frameworks/07-ethics-frameworks.ipynb",
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
def _lab_tab(browser, lab):
    """The module's one tab on the lab, held between tests: {"context", "page"} (None until opened)."""
    held = {"context": None, "page": None}
    try:
        yield held
    finally:
        if held["context"] is not None:
            held["context"].close()


def _left_behind(page) -> list[str]:
    """What a test left over the lab: an open dialog or notebook (a test that passes closes them all)."""
    if page.is_closed():
        return ["the tab was closed"]
    left = [f"a dialog: {' '.join(t.split())[:120]!r}" for t in page.locator(".jp-Dialog").all_inner_texts()]
    notebooks = page.locator(".jp-NotebookPanel").count()
    if notebooks:
        left.append(f"{notebooks} open notebook(s)")
    return left


def ready_lab_page(held: dict, browser, lab):
    """The lab's tab, ready for a test: the one the previous test used if it left the lab clean, else
    a new tab on a freshly loaded lab with every kernel shut down, so that one failing test (which may
    leave a dialog open) does not make the next ones fail."""
    if held["page"] is not None and not _left_behind(held["page"]):
        return held["page"]
    if held["context"] is not None:
        held["context"].close()
        _shut_down_kernels(lab)
    held["context"] = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = held["page"] = held["context"].new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{lab['url']}/lab?reset&token={lab['token']}")  # reset: reopen nothing the last tab had open
    page.locator(".jp-DirListing-content").wait_for()
    return page


@pytest.fixture()
def lab_page(_lab_tab, browser, lab):
    """JupyterLab in a browser tab, as a learner has it open (see :func:`ready_lab_page`)."""
    return ready_lab_page(_lab_tab, browser, lab)


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
                 // a cell whose source is hidden (a concept check) shows no prompt: its output is checked later
                 const prompts = [...document.querySelectorAll(sel + ' .jp-CodeCell .jp-InputPrompt')]
                   .filter(p => { const e = p.closest('.jp-Cell').querySelector('.jp-InputArea-editor');
                                  return e && e.offsetParent !== null; });
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


_READ_PAGE = """sel => {
  const nb = document.querySelector(sel);
  const md = [...nb.querySelectorAll('.jp-MarkdownCell')].filter(c => !c.classList.contains('jp-mod-editMode'));
  const rendered = md.map(c => c.querySelector('.myst') || c.querySelector('.jp-RenderedMarkdown'));
  const box = [...nb.querySelectorAll('.jp-MarkdownCell [class*="admonition"]')]
    .filter(e => /Learning objectives/.test(e.innerText))
    .map(e => { const s = getComputedStyle(e); return {border: parseFloat(s.borderLeftWidth) + parseFloat(s.borderTopWidth),
                                                       shadow: s.boxShadow !== 'none', bg: s.backgroundColor}; });
  return {
    markdown: rendered.map(r => r ? r.innerText : ''),
    unrendered: md.filter(c => !c.querySelector('.myst') && !c.querySelector('.jp-RenderedMarkdown')).length,
    evalErrors: [...nb.querySelectorAll('.jp-MarkdownCell [data-mime-type="application/vnd.jupyter.stderr"]')].map(e => e.innerText),
    unresolved: [...nb.querySelectorAll('.jp-MarkdownCell [title="Cross Reference Not Found"]')].map(e => e.innerText),
    citations: [...nb.querySelectorAll('.jp-MarkdownCell a[href^="#ref-"]')].length,
    boxes: box,
    outputs: [...nb.querySelectorAll('.jp-OutputArea-output')].map(e => e.innerText),
    news: /official Jupyter news/.test(document.body.innerText),
  };
}"""


def _read_page(page) -> dict:
    return page.evaluate(_READ_PAGE, ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")


def _save_and_close(page, lab, path: str) -> nbformat.NotebookNode:
    """Save the notebook (the copy's, which jupyterlab-myst has given its evaluated expressions), close
    every tab and shut the kernel down; return the saved notebook."""
    saved = lab["root"] / path
    before = saved.stat().st_mtime_ns
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook").click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    deadline = time.monotonic() + 30
    while saved.stat().st_mtime_ns == before and time.monotonic() < deadline:
        time.sleep(0.25)
    _close_all(page)
    _shut_down_kernels(lab)
    return nbformat.read(saved, as_version=4)


def _shut_down_kernels(lab) -> None:
    """End every session of the lab, and its kernel."""
    with urllib.request.urlopen(f"{lab['url']}/api/sessions?token={lab['token']}", timeout=10) as r:
        for session in json.load(r):
            req = urllib.request.Request(
                f"{lab['url']}/api/sessions/{session['id']}?token={lab['token']}", method="DELETE"
            )
            urllib.request.urlopen(req, timeout=10).close()


def _close_all(page) -> None:
    """File > Close All Tabs. On a busy machine an output can arrive after the save, and JupyterLab
    then asks whether to save again before closing; answer as a learner would, Save (it is the lab's
    copy, never the repository's). The dialog has two accepting buttons, Discard and Save."""
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^File$")).click()
    page.locator(".lm-Menu-item[data-command='application:close-all']").click()
    page.wait_for_function("() => document.querySelector('.jp-Dialog') || !document.querySelector('.jp-NotebookPanel')")
    ask = page.locator(".jp-Dialog", has_text="Save changes")
    if ask.count():
        ask.get_by_role("button", name="Save", exact=True).click()
        ask.wait_for(state="detached")
    page.wait_for_function("() => !document.querySelector('.jp-NotebookPanel')")


def _markup_problems(path: str, shown: dict) -> list[str]:
    problems = []
    if shown["news"]:
        problems.append("the news prompt covers the notebook (deploy/jupyterlab/overrides.json not in effect?)")
    if shown["unrendered"]:
        problems.append(f"{shown['unrendered']} markdown cell(s) not rendered")
    for i, text in enumerate(shown["markdown"]):
        for raw in RAW_MARKUP:
            if raw in text:
                problems.append(f"markdown cell {i} shows raw {raw!r}: …{text[max(0, text.find(raw) - 60) :][:160]}…")
        if "Unknown Directive" in text:
            problems.append(f"markdown cell {i} shows an unknown directive: {text[:200]}")
    problems += [f"a number in the prose failed to evaluate: {e[:200]}" for e in shown["evalErrors"]]
    problems += [f"a cross-reference did not resolve: {u!r}" for u in shown["unresolved"]]
    problems += [
        f"an output shows Ellipsis: {o[:200]!r}" for o in shown["outputs"] if re.search(r"^Ellipsis$", o, re.M)
    ]
    headings = tuple(words["References"] for words in WORDS.values())  # "References", "المراجع"
    refs = [t for t in shown["markdown"] if t.strip().startswith(headings)]
    if shown["citations"]:
        if not refs:
            problems.append("citations, but no References section")
        elif len(refs[0].strip()) < 60:
            problems.append(f"the References section is empty: {refs[0]!r}")
    return problems


def _glued(built_book, path: str) -> dict:
    """The values the book build glued for the chapter *path* (from its execution cache)."""
    from execution_support import executed

    nb = executed(built_book["html"].parent / ".jupyter_cache", ROOT / path)
    assert nb is not None, f"{path} was never executed by the book build"
    out = {}
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            meta = o.get("metadata", {}).get("scrapbook", {})
            if meta.get("name"):
                text = next(v for k, v in o["data"].items() if k.endswith("text/plain"))
                out[meta["name"]] = ast.literal_eval(text)
    return out


@pytest.mark.build
@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: Path(p).stem)
def test_a_chapter_reads_in_jupyterlab_as_in_the_book(lab_page, lab, artifacts, built_book, path):
    from course_markup import evaluate

    open_from_file_browser(lab_page, path)
    wait_for_kernel(lab_page, lab, path)
    run_all_cells(lab_page)
    shown = _read_page(lab_page)
    if path in SCREENSHOTS:
        lab_page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell", has_text="The table has a cited row"
        ).first.scroll_into_view_if_needed()
        lab_page.screenshot(path=str(artifacts / f"jupyterlab-{Path(path).stem}.png"))
    problems = _markup_problems(path, shown)
    if not shown["boxes"] or not any(b["border"] > 0 or b["shadow"] for b in shown["boxes"]):
        problems.append(f"the learning objectives are not rendered as a box: {shown['boxes']}")
    if not shown["citations"]:
        problems.append("no citation links (author-year links to the References)")
    errors = [o for o in shown["outputs"] if re.search(r"Traceback|Error\b", o)]
    problems += [f"error output: {e[:500]}" for e in errors]
    source = nbformat.read(ROOT / path, as_version=4)
    draws = any(c.cell_type == "code" and FIGURE_CALL.search(c.source) for c in source.cells)
    images = lab_page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output img").count()
    if draws and not images:
        problems.append("no figure in the outputs after Run All Cells")
    problems += _concept_check_problems(lab_page, path, artifacts)
    saved = _save_and_close(lab_page, lab, path)
    # Every number the prose quotes: what JupyterLab evaluated in the learner's kernel is what the book shows.
    glued = _glued(built_book, path)
    compared = 0
    for i, cell in enumerate(saved.cells):
        for item in cell.metadata.get("user_expressions", []):
            expression, result = item["expression"], item["result"]
            if result.get("status") != "ok":
                problems.append(f"cell {i}: {{eval}}`{expression}` failed in JupyterLab: {result.get('ename')}")
                continue
            lab_text = re.sub(r"^([\"'])(.*)\1$", r"\2", result["data"]["text/plain"])
            book_text = evaluate(expression, glued.__getitem__)
            compared += 1
            if lab_text != book_text:
                problems.append(
                    f"cell {i}: {{eval}}`{expression}` is {lab_text!r} in JupyterLab, {book_text!r} in the book"
                )
    # jupyterlab-myst evaluates each distinct expression of a cell once
    expected = sum(
        len(set(re.findall(r"\{eval\}`([^`]+)`", c.source))) for c in source.cells if c.cell_type == "markdown"
    )
    if compared < expected:
        problems.append(f"JupyterLab evaluated {compared} of the prose's {expected} numbers")
    if path == "notebooks/08-islamic-bioethics.ipynb":
        want = f"cited row for {glued['n_oic_documented']} of the {glued['n_oic']} OIC member states"
        if not any(want in " ".join(t.split()) for t in shown["markdown"]):
            problems.append(f"chapter 8 does not show {want!r}")
    assert not problems, f"{path} in JupyterLab:\n" + "\n".join(problems)


def _concept_check_problems(page, path: str, artifacts) -> list[str]:
    """The chapter's concept checks are shown where the cells put them, and answer in JupyterLab: the
    first question of each chapter answered with the keyboard, wrongly (chapter 8) and rightly."""
    from coursekit.concepts import load_checks

    chapter = Path(path).stem
    checks = load_checks(chapter)
    panel = ".jp-NotebookPanel:not(.lm-mod-hidden)"
    shown = page.eval_on_selector_all(f"{panel} .jp-OutputArea-output section.cc", "els => els.map(e => e.id)")
    want = [f"cc-{chapter[:2]}-{c.id}" for c in checks]
    if shown != want:
        return [f"concept checks shown {shown}, expected {want}"]
    first = checks[0]
    qid = want[0]
    q = page.locator(f"{panel} #{qid}")
    q.scroll_into_view_if_needed()

    def answer(right: bool) -> str:
        if first.kind == "match":
            for i, a in enumerate(first.answers):
                n = first.choices.index(a) if right or i else (first.choices.index(a) + 1) % len(first.choices)
                q.locator(f"select >> nth={i}").focus()
                now = q.locator(f"select >> nth={i}").evaluate("s => s.selectedIndex")
                for _ in range(abs(n + 1 - now)):
                    page.keyboard.press("ArrowDown" if n + 1 > now else "ArrowUp")
        else:
            groups = (
                [(qid, first.options)]
                if first.kind == "choice"
                else [(f"{qid}-tf", None), (f"{qid}-why", first.options)]
            )
            for name, options in groups:
                if options is None:
                    target = 0 if first.verdict == right else 1
                else:
                    c = next(i for i, o in enumerate(options) if o.correct)
                    target = c if right else (c + 1) % len(options)
                radios = q.locator(f"input[name='{name}']")
                radios.first.focus()
                page.keyboard.press("Space")
                now = radios.evaluate_all("rs => rs.findIndex(r => r.checked)")
                for _ in range(abs(target - now)):
                    page.keyboard.press("ArrowDown" if target > now else "ArrowUp")
        q.locator(".cc-check").focus()
        page.keyboard.press("Enter")
        return " ".join(q.locator(".cc-feedback").inner_text().split())

    problems = []
    if chapter.startswith("08"):
        wrong = answer(False)
        if not wrong.startswith("✗ Not quite."):
            problems.append(f"concept check {first.id}: a wrong answer gave {wrong[:150]!r}")
        q.screenshot(path=str(artifacts / "jupyterlab-concept-check-wrong.png"))
    right = answer(True)
    if not right.startswith("✓ Correct."):
        problems.append(f"concept check {first.id}: the right answer gave {right[:150]!r}")
    return problems


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: Path(p).stem)
def test_an_exercise_set_reads_in_jupyterlab_and_gives_feedback(lab_page, lab, artifacts, path):
    before = (ROOT / path).read_bytes()
    open_from_file_browser(lab_page, path)
    wait_for_kernel(lab_page, lab, path)
    shown = run_all_cells(lab_page)
    page = _read_page(lab_page)
    if path in SCREENSHOTS:
        message = lab_page.locator(
            ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output", has_text="not yet right"
        )
        if message.count():
            message.first.scroll_into_view_if_needed()
        lab_page.screenshot(path=str(artifacts / f"jupyterlab-exercise-{Path(path).stem}.png"))
    _save_and_close(lab_page, lab, path)
    problems = _markup_problems(path, page)
    feedback = "\n".join(shown["stderr"] + shown["stdout"])
    # The blank learner edition: every check answers in plain words, with a hint, never a traceback; an
    # Arabic set (<set>-ar, which calls language("ar")) answers in Arabic.
    if path.endswith("-ar.ipynb"):
        said, hint = r"السؤال \d+\.\d+ \(`\w+`\): الإجابة ليست صحيحة بعد\.", "تلميح:"
    else:
        said, hint = r"Question \d+\.\d+ \(`\w+`\): not yet right\.", "Hint:"
    if not re.search(said, feedback) or hint not in feedback:
        problems.append(f"no self-check message with a hint after Run All Cells:\n{feedback[:2000]}")
    if "Traceback" in feedback:
        problems.append(f"a traceback reached the learner:\n{feedback[:3000]}")
    assert not problems, f"{path} in JupyterLab:\n" + "\n".join(problems)
    assert (ROOT / path).read_bytes() == before, "the test changed the learner's notebook in the repository"


def _open_with_an_unsaved_change(page, lab, path: str, line: str) -> None:
    """Open a copy of the first exercise set at *path* (in the lab's copy of the course) and add a cell
    with *line* below its first: a change the file does not have yet."""
    (lab["root"] / path).parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(lab["root"] / EXERCISES[0], lab["root"] / path)
    open_from_file_browser(page, path)
    page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Cell").first.click(position={"x": 5, "y": 5})
    for key in ("Escape", "b", "Enter"):
        page.keyboard.press(key)
    page.keyboard.type(line)
    page.keyboard.press("Escape")
    page.locator(".lm-TabBar-tab.lm-mod-current.jp-mod-dirty").wait_for()


def test_a_notebook_changed_after_its_save_is_saved_when_the_tabs_close(lab_page, lab):
    """The tests close each notebook with File > Close All Tabs (``_close_all``). If something changed
    it after the save (an output that arrived late), JupyterLab asks first; the answer is Save, and
    the change reaches the file. (A notebook of its own, in the lab's copy: no other test opens it.)"""
    path = "scratch/changed-after-save.ipynb"
    _open_with_an_unsaved_change(lab_page, lab, path, "# changed after the save")
    try:
        _close_all(lab_page)
        assert not lab_page.locator(".jp-Dialog").count(), "a dialog is still open after closing the tabs"
        assert "# changed after the save" in (lab["root"] / path).read_text(encoding="utf-8")
    finally:
        _shut_down_kernels(lab)


def test_a_test_that_leaves_a_dialog_open_does_not_fail_the_next(_lab_tab, browser, lab):
    """A failing test can leave a dialog over the lab (JupyterLab asking whether to save). The next
    test then gets a fresh tab on the lab instead, with no dialog, no notebook open and no kernel
    running; after a test that left the lab clean, the same tab is kept."""
    page = ready_lab_page(_lab_tab, browser, lab)
    assert ready_lab_page(_lab_tab, browser, lab) is page, "a clean lab was loaded again"
    _open_with_an_unsaved_change(page, lab, "scratch/left-open.ipynb", "# never saved")
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^File$")).click()
    page.locator(".lm-Menu-item[data-command='application:close-all']").click()
    page.locator(".jp-Dialog", has_text="Save changes").wait_for()  # left unanswered, as by a failing test
    fresh = ready_lab_page(_lab_tab, browser, lab)
    assert fresh is not page and page.is_closed()
    assert _left_behind(fresh) == [], _left_behind(fresh)
    with urllib.request.urlopen(f"{lab['url']}/api/sessions?token={lab['token']}", timeout=10) as r:
        assert json.load(r) == [], "a kernel of the closed tab is still running"


def test_the_start_page_opens_rendered_and_links_every_chapter(lab_page, lab, artifacts):
    """`make lab` opens notebooks/start-here.md; the course's settings open Markdown as a rendered preview."""
    lab_page.goto(f"{lab['url']}/lab/tree/notebooks/start-here.md?token={lab['token']}")
    page = lab_page.locator(
        ".jp-MainAreaWidget:not(.lm-mod-hidden)", has=lab_page.locator("h1", has_text="Start here")
    )  # rendered: the heading is an <h1>, not a line of text in an editor
    page.wait_for(timeout=60_000)
    assert not lab_page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden) .jp-FileEditor").count(), (
        "start-here.md opened in the text editor, not rendered"
    )
    hrefs = page.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href') || '')")
    for path in CHAPTERS + EXERCISES:
        assert any(Path(path).name in h for h in hrefs), f"the start page has no link to {path}"
    lab_page.screenshot(path=str(artifacts / "jupyterlab-start-page.png"))
