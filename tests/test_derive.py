"""Derivation from the raw files in ../shared/data-sources.

The byte-for-byte test needs the raw folder; without it (e.g. a learner's clone)
it is skipped with a reason, and the committed extracts still serve the course.
"""

import json
import shutil

import pytest

from coursekit.data import DATA_DIR
from maintainers import derive

SOURCES = derive.sources_dir()
HAVE_SOURCES = (SOURCES / "PROVENANCE.md").is_file()
needs_sources = pytest.mark.skipif(
    not HAVE_SOURCES,
    reason=f"raw data folder {SOURCES} is absent (set {derive.ENV_VAR}); the committed extracts are used as they are",
)
PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
#: resources replaced by `maintainers.refresh` no longer come from the raw files
REFRESHED = {r["name"] for r in PACKAGE["resources"] if r.get("x_origin") == "worldbank-api"}


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    out = tmp_path_factory.mktemp("derived")
    texts = derive.build_all(SOURCES, out)
    return out, texts


@needs_sources
def test_rederivation_is_byte_for_byte_identical(rebuilt):
    out, texts = rebuilt
    assert set(texts) == {f"{r['name']}.csv" for r in PACKAGE["resources"]} | {"datapackage.json"}
    compared = 0
    for name in texts:
        if name.removesuffix(".csv") in REFRESHED or (name == "datapackage.json" and REFRESHED):
            continue
        assert (out / name).read_bytes() == (DATA_DIR / name).read_bytes(), f"data/{name} differs from its derivation"
        compared += 1
    assert compared >= 8
    if REFRESHED:  # the package must still agree for the resources that come from raw files
        new = {r["name"]: r for r in json.loads(texts["datapackage.json"])["resources"]}
        for res in PACKAGE["resources"]:
            if res["name"] not in REFRESHED:
                assert res == new[res["name"]], res["name"]


@needs_sources
def test_derivation_is_deterministic(rebuilt, tmp_path):
    _, first = rebuilt
    second = derive.build_all(SOURCES, tmp_path)
    assert first == second


@needs_sources
def test_raw_check_values_from_provenance():
    groups = dict(derive.read_ncses_groups(SOURCES, "9970"))
    world = groups["World"]
    assert world[0] == "na"  # first row of each group: income group ('na' for regions)
    assert float(world[1]) == 1236106 and float(world[-1]) == 3344037
    for table, with_world in (("10003", True), ("10006", False)):
        names, cells = derive.pair_matrix(SOURCES, table, with_world)
        start = 1 if with_world else 0
        for year in derive.PAIR_YEARS:
            rows = cells[year]
            assert sum(rows[i][i] == "na" for i in range(start, len(rows))) == 46
        assert names[start:] == derive.build_coauthorship_order(derive.Context(SOURCES))


def copy_sources(tmp_path):
    dst = tmp_path / "sources"
    shutil.copytree(SOURCES, dst)
    for p in dst.rglob("*"):
        p.chmod(0o644 if p.is_file() else 0o755)
    return dst


@needs_sources
def test_label_repair_check_fails_on_shifted_columns(tmp_path):
    """If a value goes missing in a 10003 block, the diagonal check catches it."""
    src = copy_sources(tmp_path)
    path = src / "ncses" / "ncses_10003_data.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # drop the first data row of the 'World -> Canada -> 2003' block and renumber nothing
    idx = next(i for i, line in enumerate(lines) if ",World -> Canada -> 2003," in line)
    del lines[idx]
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match=r"table 10003, 2003: matrix is not 47 x 47"):
        derive.pair_matrix(src, "10003", True)


@needs_sources
def test_curated_row_without_known_citation_is_rejected(tmp_path, monkeypatch):
    curated = tmp_path / "curated"
    curated.mkdir()
    shutil.copy(derive.CURATED_DIR / "events.csv", curated / "events.csv")
    path = curated / "events.csv"
    text = path.read_text(encoding="utf-8").replace(",thomson1998embryonic\n", ",nosuchkey2099\n")
    path.write_text(text, encoding="utf-8")
    monkeypatch.setattr(derive, "CURATED_DIR", curated)
    with pytest.raises(ValueError) as info:
        derive.build_df(derive.EVENTS, derive.Context(SOURCES))
    assert "curated/events.csv, row " in str(info.value)
    assert "column 'citation': keys not in references.bib: nosuchkey2099" in str(info.value)


def test_missing_sources_folder_gives_clear_message(tmp_path, capsys):
    missing = tmp_path / "no-such-folder"
    before = {p.name: p.read_bytes() for p in DATA_DIR.iterdir() if p.is_file()}
    assert derive.main(["--sources", str(missing), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"the raw data folder {missing} does not exist" in err
    assert derive.ENV_VAR in err and "PROVENANCE.md" in err
    assert not (tmp_path / "out").exists()
    assert before == {p.name: p.read_bytes() for p in DATA_DIR.iterdir() if p.is_file()}


def test_env_var_selects_the_sources_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv(derive.ENV_VAR, str(tmp_path / "elsewhere"))
    assert derive.sources_dir() == tmp_path / "elsewhere"
    assert derive.main(["--out", str(tmp_path / "out")]) == 2
    assert str(tmp_path / "elsewhere") in capsys.readouterr().err


def test_missing_raw_file_names_it(tmp_path, capsys):
    (tmp_path / "empty-sources").mkdir()
    assert derive.main(["--sources", str(tmp_path / "empty-sources"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "raw file ncses/ncses_10001_data.csv not found in" in err


def test_format_cell():
    assert derive.format_cell(float("nan"), "number") == ""
    assert derive.format_cell(None, "string") == ""
    assert derive.format_cell(1236106.0, "number") == "1236106.0"
    assert derive.format_cell(0.1 + 0.2, "number") == "0.30000000000000004"  # shortest round-trip repr
    assert derive.format_cell(2003.0, "integer") == "2003"
    assert derive.format_cell(True, "boolean") == "true"
    with pytest.raises(ValueError):
        derive.format_cell(2.5, "integer")


def test_clean_label():
    assert derive.clean_label("C&#244;te d&#8217;Ivoire") == "Côte d'Ivoire"
    assert derive.clean_label("EU-27<sup>b</sup>") == "EU-27"
