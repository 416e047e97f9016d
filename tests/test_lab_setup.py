"""JupyterLab as the course ships it: the MyST extension, the settings, the start page, quiet placeholders.

Every way of opening the course (``make lab``, Binder, the class's JupyterHub, whose image repo2docker
builds from the student distribution) installs the same things; the browser test
(tests/browser/test_jupyterlab.py) checks what a learner then sees.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import nbformat
import pytest

from maintainers.editions import sets

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "deploy" / "jupyterlab" / "overrides.json"
START = ROOT / "notebooks" / "start-here.md"


def test_the_myst_extension_is_a_pinned_requirement_and_enabled():
    pins = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    assert re.search(r"^jupyterlab_myst==\d+\.\d+\.\d+$", pins, re.M), "jupyterlab_myst must be pinned exactly"
    import sys

    listed = subprocess.run(
        [str(Path(sys.executable).parent / "jupyter"), "labextension", "list"],
        capture_output=True,
        text=True,
        check=True,
    )
    text = listed.stdout + listed.stderr
    assert re.search(r"jupyterlab-myst v[\d.]+ \S*enabled", text), text[-2000:]


def test_the_settings_turn_off_the_news_prompt_and_open_markdown_rendered():
    settings = json.loads(SETTINGS.read_text(encoding="utf-8"))
    news = settings["@jupyterlab/apputils-extension:notification"]
    assert news["fetchNews"] == "false" and news["checkForUpdates"] is False
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == "Markdown Preview"


def test_every_way_of_opening_the_course_installs_the_settings(tmp_path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "share/jupyter/lab/settings/overrides.json" in makefile
    assert re.search(r"^lab: .*\$\(LAB_SETTINGS\)", makefile, re.M)
    assert re.search(r"^test: .*\$\(LAB_SETTINGS\)", makefile, re.M)
    assert "notebooks/start-here.md" in makefile, "make lab must open the start page"
    post_build = (ROOT / "postBuild").read_text(encoding="utf-8")
    assert "cp deploy/jupyterlab/overrides.json" in post_build and "share/jupyter/lab/settings" in post_build
    # The hub's image is built from the student distribution: it must carry the file postBuild copies.
    from graders.distribution import build

    tree = build(tmp_path / "course", names=sets()[:1])
    assert (tree / "deploy" / "jupyterlab" / "overrides.json").read_bytes() == SETTINGS.read_bytes()
    assert (tree / "postBuild").read_bytes() == (ROOT / "postBuild").read_bytes()
    assert "/lab/tree/course/README.md" in (ROOT / "deploy" / "values.yaml").read_text(encoding="utf-8")


def test_the_environment_this_suite_runs_in_has_the_settings():
    """`make test` installs them first, as `make lab` does (a stale copy would hide a change)."""
    import sys

    installed = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not installed.exists():
        pytest.fail(f"{installed} is missing: run `make env` (make test installs it)", pytrace=False)
    assert json.loads(installed.read_text(encoding="utf-8")) == json.loads(SETTINGS.read_text(encoding="utf-8"))


def test_the_start_page_leads_to_every_chapter_and_exercise_set():
    text = START.read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#\s]+)\)", text)
    for link in links:
        assert (START.parent / link).exists(), f"start-here.md links to {link}, which does not exist"
    chapters = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    for name in chapters:
        assert name in links, f"start-here.md does not link the chapter {name}"
        title = nbformat.read(ROOT / "notebooks" / name, as_version=4).cells[0].source.splitlines()[0]
        assert f"[{title.lstrip('# ')}]({name})" in text, f"start-here.md names {name} differently from its title"
    for name in sets():
        assert f"../exercises/learner/{name}/{name}.ipynb" in links, f"start-here.md does not link exercise set {name}"
    for path in sorted((ROOT / "ar" / "notebooks").glob("*.ipynb")):  # the chapters in Arabic, by their titles
        title = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0]
        assert f"[{title.lstrip('# ')}](../ar/notebooks/{path.name})" in text, (
            f"start-here.md does not link ar/{path.name}"
        )


@pytest.mark.parametrize("name", sets())
def test_answer_placeholders_print_nothing(name):
    """A bare `...` as a cell's last line shows "Ellipsis" under the cell when it runs; `pass` shows nothing."""
    nb = nbformat.read(ROOT / "exercises" / "learner" / name / f"{name}.ipynb", as_version=4)
    stubs = [c.source for c in nb.cells if c.cell_type == "code" and "# YOUR CODE HERE" in c.source]
    assert stubs, f"{name}: no answer cell"
    for source in stubs:
        after = source.split("# YOUR CODE HERE", 1)[1].strip().splitlines()
        assert after and after[0].strip() == "pass", f"{name}: a placeholder that is not `pass`:\n{source}"
        last = source.rstrip().splitlines()[-1].strip()
        assert last != "...", f"{name}: an answer cell ends in a bare `...`, which prints Ellipsis:\n{source}"
