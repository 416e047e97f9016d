"""Regenerating the exercise editions keeps every change a learner made, not only edited answers.

Cell tags, collapsed and hidden cells, pasted attachments, a cell's execution count and the
notebook's own metadata all count as changes: an edition holding any of them is never overwritten
(`make exercises` refuses, or with --beside writes <set>.new.ipynb next to it). Opening an edition
in JupyterLab and saving it unchanged is not a change: JupyterLab rewrites the kernel details
(``kernelspec``, ``language_info``) on its own, and those are left out of the fingerprint (see the
module docstring of maintainers/editions.py).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest

from maintainers import editions
from maintainers.editions import EDITIONS, beside_path, content_hash, edition_path, sets

ROOT = Path(__file__).resolve().parent.parent
NAME = sets()[0]
# a 1x1 PNG, as JupyterLab stores an image pasted into a markdown cell
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
# what ipykernel reports, and JupyterLab writes into the notebook once the kernel has started
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": "3.11.9",
}


@pytest.fixture
def course(tmp_path):
    """A scratch course with one exercise set, its editions written by the generator."""
    ex = tmp_path / "exercises"
    ex.mkdir()
    shutil.copy(ROOT / "exercises" / "nbgrader_config.py", ex)
    shutil.copytree(ROOT / "exercises" / "source" / NAME, ex / "source" / NAME)
    assert editions.generate(exercises=ex, out=lambda *_: None) == 0
    return ex


def _nbgrader(cell) -> dict:
    return cell.metadata.get("nbgrader", {})


def _answer(nb, cell_type: str):
    """The first cell a learner answers in, of *cell_type* (or, in the book editions, any such cell)."""
    cells = [c for c in nb.cells if c.cell_type == cell_type]
    return next((c for c in cells if _nbgrader(c).get("solution")), cells[-1])


def _tag(nb):
    _answer(nb, "code").metadata["tags"] = ["come-back-to-this"]


def _collapse_outputs(nb):
    _answer(nb, "code").metadata["collapsed"] = True


def _hide_input(nb):
    _answer(nb, "code").metadata["jupyter"] = {"source_hidden": True}


def _hide_outputs(nb):
    _answer(nb, "code").metadata["jupyter"] = {"outputs_hidden": True}


def _hide_markdown(nb):
    _answer(nb, "markdown").metadata["jupyter"] = {"source_hidden": True}


def _paste_image(nb):
    # only the attachment: the source is left as it was, so the attachment alone must count
    _answer(nb, "markdown")["attachments"] = {"sketch.png": {"image/png": PNG}}


def _run_silent_cell(nb):
    _answer(nb, "code").execution_count = 1


def _notebook_metadata(nb):
    nb.metadata["toc-autonumbering"] = True


CHANGES = {
    "cell tags": _tag,
    "collapsed outputs (collapsed)": _collapse_outputs,
    "hidden input (jupyter.source_hidden)": _hide_input,
    "hidden outputs (jupyter.outputs_hidden)": _hide_outputs,
    "collapsed markdown cell": _hide_markdown,
    "pasted attachment": _paste_image,
    "execution count": _run_silent_cell,
    "notebook metadata": _notebook_metadata,
}


def _change(path: Path, change) -> bytes:
    nb = nbformat.read(path, as_version=4)
    before = content_hash(nb)
    change(nb)
    assert content_hash(nb) != before, "the change must alter the fingerprint"
    nbformat.write(nb, path)
    return path.read_bytes()


def _assert_kept(course: Path, path: Path, mine: bytes):
    messages = []
    assert editions.generate(exercises=course, out=messages.append) == 1
    assert path.read_bytes() == mine, "the learner's change was overwritten"
    assert any(m.startswith("REFUSED") and "NOT overwritten" in m for m in messages), messages
    assert not beside_path(path).exists()
    assert any("edited by hand" in p for p in editions.check(exercises=course))

    assert editions.generate(exercises=course, beside=True, out=lambda *_: None) == 0
    assert path.read_bytes() == mine, "--beside overwrote the learner's change"
    new = nbformat.read(beside_path(path), as_version=4)
    assert new.metadata[editions.META_KEY]["generated_sha256"] == content_hash(new)
    edition = new.metadata[editions.META_KEY]["edition"]
    assert content_hash(new) == content_hash(editions.BUILDERS[edition](NAME, course))


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_every_kind_of_change_to_the_learner_edition_is_kept(course, change):
    path = edition_path(NAME, "learner", course)
    _assert_kept(course, path, _change(path, change))


@pytest.mark.parametrize("edition", [e for e in EDITIONS if e != "learner"])
def test_changes_to_the_book_and_classroom_editions_are_kept_too(course, edition):
    path = edition_path(NAME, edition, course)
    _assert_kept(course, path, _change(path, _tag))


def _ignored_kernel_details(nb):
    nb.metadata["kernelspec"] = {"display_name": "Python [conda env:course]", "language": "python", "name": "conda"}
    nb.metadata["language_info"] = LANGUAGE_INFO


def _ignored_transient_and_empty(nb):
    for cell in nb.cells:
        cell.id = f"x{cell.id}"  # pasting a cell back in place gives it a new id
        if cell.cell_type == "code":
            cell.metadata["trusted"] = True
        else:
            cell["attachments"] = {}
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {}, "version_major": 2}}
    nb.metadata["signature"] = "sha256:0123"


@pytest.mark.parametrize("ignored", [_ignored_kernel_details, _ignored_transient_and_empty])
def test_the_fingerprint_leaves_out_only_what_is_not_a_learners_work(ignored):
    nb = nbformat.read(edition_path(NAME, "learner"), as_version=4)
    before = content_hash(nb)
    ignored(nb)
    assert content_hash(nb) == before
    nb.metadata["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {"m": {}}, "version_major": 2}}
    assert content_hash(nb) != before, "saved widget state that holds widgets counts"


# --- opening and saving in JupyterLab is not a change ------------------------------------------------
def _open_and_save_in_jupyterlab(path: Path, kernelspec: dict | None = None, change=None) -> None:
    """What JupyterLab does to a notebook it opens and saves: through the Jupyter server's contents
    manager (which marks code cells' trust on reading, and writes with nbformat), with the kernel
    details the frontend fills in once the kernel has started."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config import Config

    config = Config()
    config.NotebookNotary.db_file = ":memory:"  # no trust database or secret in the user's data dir
    config.NotebookNotary.secret = b"test-only"
    manager = FileContentsManager(root_dir=str(path.parent), config=config)
    sent = json.loads(json.dumps(manager.get(path.name, type="notebook")["content"]))  # to the browser
    content = nbformat.from_dict(sent)
    assert all("trusted" in c.metadata for c in content.cells if c.cell_type == "code"), "the server marks trust"
    for cell in content.cells:  # JupyterLab trusts code cells without outputs, and says so in their metadata
        if cell.cell_type == "code" and not cell.outputs:
            cell.metadata["trusted"] = True
    content.metadata["kernelspec"] = kernelspec or {
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
        "name": "python3",
    }
    content.metadata["language_info"] = LANGUAGE_INFO
    if change:
        change(content)
    manager.save({"type": "notebook", "format": "json", "content": content}, path.name)


@pytest.mark.parametrize(
    "kernelspec",
    [None, {"display_name": "Python 3 (course)", "language": "python", "name": "course"}],
    ids=["same kernel", "another kernel chosen"],
)
def test_opening_and_saving_in_jupyterlab_is_not_a_change(course, kernelspec):
    path = edition_path(NAME, "learner", course)
    generated = path.read_bytes()
    _open_and_save_in_jupyterlab(path, kernelspec)
    assert path.read_bytes() != generated, "positive control: JupyterLab rewrote the kernel details"
    assert "trusted" not in path.read_text(encoding="utf-8"), "the server drops the transient trust marks"
    assert editions._state(path) == "pristine"
    messages = []
    assert editions.generate(exercises=course, out=messages.append) == 0
    assert not any(m.startswith("REFUSED") for m in messages)
    assert editions.check(exercises=course) == []
    assert not beside_path(path).exists()
    # a source change still reaches the learner: their unchanged edition is replaced
    src = editions.source_path(NAME, course)
    nb = nbformat.read(src, as_version=4)
    nb.cells[0].source += "\n\nA new sentence from the author."
    nbformat.write(nb, src)
    assert editions.generate(exercises=course, out=lambda *_: None) == 0
    assert "A new sentence" in nbformat.read(path, as_version=4).cells[0].source


def test_a_change_saved_from_jupyterlab_is_kept(course):
    path = edition_path(NAME, "learner", course)
    _open_and_save_in_jupyterlab(path, change=_tag)
    _assert_kept(course, path, path.read_bytes())


# --- editions stamped by an earlier generator -----------------------------------------------------------
def _restamp(path: Path, digest: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.metadata[editions.META_KEY]["generated_sha256"] = digest
    nbformat.write(nb, path)


def test_an_unchanged_edition_with_an_older_stamp_is_updated(course):
    """Its content is what the generator writes now, so replacing it loses nothing."""
    path = edition_path(NAME, "learner", course)
    _restamp(path, "0" * 64)
    messages = []
    assert editions.generate(exercises=course, out=messages.append) == 0
    assert any(m.startswith("written") for m in messages)
    assert editions.check(exercises=course) == []


def test_a_changed_edition_with_an_older_stamp_is_kept(course):
    path = edition_path(NAME, "learner", course)
    _restamp(path, "0" * 64)
    _assert_kept(course, path, _change(path, _hide_input))
