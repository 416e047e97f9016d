"""Every chapter has the course's required shape; the checker catches what a chapter loses."""

from __future__ import annotations

import copy

import nbformat
import pytest

from maintainers.structure import bib_keys, chapter_paths, check_chapter, cited_keys, toc_files

CHAPTERS = chapter_paths()


def test_there_is_at_least_one_chapter():
    assert CHAPTERS, "no chapter notebooks listed in _toc.yml"


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_chapter_has_required_structure(path):
    assert check_chapter(path) == []


def test_every_toc_entry_exists(root):
    for f in toc_files(root / "_toc.yml"):
        assert (root / f"{f}.md").exists() or (root / f"{f}.ipynb").exists(), f"_toc.yml lists missing {f}"


def test_every_citation_in_the_book_pages_resolves(root):
    known = bib_keys(root / "references.bib")
    for page in (root / "book").rglob("*.md"):
        unknown = [k for k in cited_keys(page.read_text(encoding="utf-8")) if k not in known]
        assert not unknown, f"{page.name} cites keys not in references.bib: {unknown}"


def test_bibliography_has_no_duplicate_keys(root):
    import re

    keys = re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", (root / "references.bib").read_text(), re.MULTILINE)
    dupes = {k for k in keys if keys.count(k) > 1}
    assert not dupes, f"duplicate BibTeX keys: {sorted(dupes)}"


# --- the checker itself must fail on broken chapters -------------------------------------------


@pytest.fixture
def model(tmp_path):
    """A writable copy of the model chapter and a function to save a mutated version of it."""
    nb = nbformat.read(CHAPTERS[0], as_version=4)

    def save(mutated) -> str:
        path = tmp_path / CHAPTERS[0].name
        nbformat.write(mutated, path)
        return path

    return nb, save


def _replace_in_markdown(nb, old, new):
    nb = copy.deepcopy(nb)
    hits = 0
    for cell in nb.cells:
        if cell.cell_type == "markdown" and old in cell.source:
            cell.source = cell.source.replace(old, new)
            hits += 1
    assert hits, f"mutation target {old!r} not found"
    return nb


def test_checker_flags_missing_objectives(model):
    nb, save = model
    broken = _replace_in_markdown(nb, "Learning objectives", "Some thoughts")
    assert any("Learning objectives" in p for p in check_chapter(save(broken)))


def test_checker_flags_missing_summary(model):
    nb, save = model
    broken = _replace_in_markdown(nb, "## Summary", "## Wrap-up")
    assert any("Summary" in p for p in check_chapter(save(broken)))


def test_checker_flags_missing_time_estimate(model):
    nb, save = model
    broken = _replace_in_markdown(nb, "Estimated time", "Time")
    assert any("Estimated time" in p for p in check_chapter(save(broken)))


def test_checker_flags_figure_without_alt_text(model):
    nb, save = model
    broken = copy.deepcopy(nb)
    figure_cells = [c for c in broken.cells if "image" in c.metadata.get("mystnb", {})]
    assert figure_cells, "the model chapter should have figures with alt text"
    del figure_cells[0].metadata["mystnb"]["image"]
    assert any("alt text" in p for p in check_chapter(save(broken)))


def test_checker_flags_figure_without_caption(model):
    nb, save = model
    broken = copy.deepcopy(nb)
    caption = next(c for c in broken.cells if c.cell_type == "markdown" and c.source.startswith(":::{figure}"))
    broken.cells.remove(caption)  # the caption cell after the figure's code cell (maintainers.markup)
    assert any("caption" in p for p in check_chapter(save(broken)))


def test_checker_flags_unknown_citation_key(model):
    nb, save = model
    broken = _replace_in_markdown(nb, "(#ref-adams2013fourth)", "(#ref-nobody2099invented)")
    assert any("nobody2099invented" in p for p in check_chapter(save(broken)))


# --- notebooks read data only through the loader ------------------------------------------------

RAW_ACCESS = [
    (r"\bpd\.read_(csv|excel|parquet|json|table)\(", "reads a file with pandas"),
    (r"\bopen\(", "opens a file"),
    (r"shared/data-sources|\.\./data/|data/[a-z_]+\.csv", "names a data path"),
    (r"\brequests\.|urllib|https?://\S+\.(csv|json|xlsx)", "downloads data"),
]


def _all_notebooks(root):
    for folder in ("notebooks", "exercises"):
        yield from sorted((root / folder).rglob("*.ipynb"))


def test_notebooks_load_data_only_through_the_loader(root):
    import re

    offences = []
    for path in _all_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            for pattern, what in RAW_ACCESS:
                if re.search(pattern, cell.source):
                    offences.append(f"{path.relative_to(root)}, cell {i}: {what}")
    assert not offences, "use coursekit.data.load(name) instead:\n" + "\n".join(offences)


def test_notebooks_are_committed_without_outputs(root):
    with_outputs = []
    for path in _all_notebooks(root):
        nb = nbformat.read(path, as_version=4)
        if any(c.get("outputs") or c.get("execution_count") for c in nb.cells if c.cell_type == "code"):
            with_outputs.append(str(path.relative_to(root)))
        # jupyterlab-myst stores the values of a markdown cell's {eval} expressions in its metadata
        if any("user_expressions" in c.get("metadata", {}) for c in nb.cells if c.cell_type == "markdown"):
            with_outputs.append(f"{path.relative_to(root)} (user_expressions: evaluated {{eval}} values)")
    assert not with_outputs, f"clear the outputs before committing: {with_outputs}"
