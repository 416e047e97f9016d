"""The cited table of rulings on stem cell sources (coursekit.rulings): every row cited, the
vocabulary closed, and the facts the chapter relies on encoded as the sources state them."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from coursekit import data
from coursekit import rulings as R
from coursekit.data import load
from graders.ch08 import permitted_sources, status  # answers of set 08: on the instructor's side
from maintainers.structure import bib_keys


def test_table_is_valid_and_every_citation_resolves():
    assert R.validate(bib_keys()) == []


def test_every_row_has_a_citation():
    for df in (R.rulings(), R.permissions(), R.summaries()):
        assert df["citation"].notna().all()
        assert (df["citation"].str.strip() != "").all()


# --- the tables live in data/; a broken one is refused, never coerced ------------------------------
TABLES = ("rulings", "ruling_permissions", "ruling_summaries")


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A copy of the three tables (and the data package) that the module reads instead of data/."""
    for name in ("datapackage.json", *(f"{t}.csv" for t in TABLES)):
        shutil.copy(data.DATA_DIR / name, tmp_path / name)
    monkeypatch.setattr(data, "DATA_DIR", tmp_path)
    R._tables.cache_clear()
    yield tmp_path
    R._tables.cache_clear()


def add_row(folder, table: str, row: str) -> None:
    with open(folder / f"{table}.csv", "a", encoding="utf-8") as fh:
        fh.write(row + "\n")


def test_the_functions_read_the_curated_tables_in_display_order():
    for name, df in zip(TABLES, (R.rulings(), R.permissions(), R.summaries())):
        table = load(name).sort_values("order").drop(columns="order").reset_index(drop=True)
        pd.testing.assert_frame_equal(df, table.astype({"religious": bool}) if name == "rulings" else table)
    assert list(R.rulings()["religious"]) == sorted(R.rulings()["religious"], reverse=True)  # religious first


@pytest.mark.parametrize(
    "row, message",
    [
        ("99,mwl-2003,research_embryo,allowed,made up,mwl2003stemcells", "is not one of the allowed values"),
        ("99,mwl-2003,embryo,prohibited,made up,mwl2003stemcells", "column 'source'"),
        ("99,mwl-2003,research_embryo,prohibited,made up,", "column 'citation': required value is missing"),
        ("99,mwl-2003,research_embryo,prohibited, ,mwl2003stemcells", "column 'condition'"),
        ("99,mwl-2003,adult,prohibited,made up,mwl2003stemcells", "duplicate primary key ('mwl-2003', 'adult')"),
    ],
)
def test_the_schema_refuses_unknown_words_uncited_rows_and_repeated_pairs(data_copy, row, message):
    add_row(data_copy, "ruling_permissions", row)
    with pytest.raises(data.DataError, match=re.escape(message)):
        R.permissions()


def test_a_permission_or_summary_of_an_unknown_ruling_is_refused_at_load(data_copy):
    add_row(data_copy, "ruling_permissions", "99,mwl2003,research_embryo,prohibited,made up,mwl2003stemcells")
    add_row(data_copy, "ruling_summaries", "99,other-summary,nobody,A page,adult,,cellquest2011halal")
    with pytest.raises(data.DataError) as info:
        R.rulings()
    assert "permission row 27 (mwl2003, research_embryo): unknown ruling" in str(info.value)
    assert "summary other-summary: unknown ruling 'nobody'" in str(info.value)


def test_validate_catches_a_citation_key_missing_from_references_bib(data_copy):
    add_row(data_copy, "ruling_permissions", "99,mwl-2003,research_embryo,prohibited,made up,no_such_key")
    assert R.validate() == []  # a key is there: the bibliography is checked only when given
    assert R.validate(bib_keys()) == [
        "permission row 27 (mwl-2003, research_embryo): citation key 'no_such_key' is not in references.bib"
    ]


def test_the_rows_of_one_summary_must_agree(data_copy):
    add_row(
        data_copy,
        "ruling_summaries",
        "99,cellquest-2011,mwl-2003,Another publisher,research_embryo,,cellquest2011halal",
    )
    with pytest.raises(data.DataError, match="summary cellquest-2011: its rows differ in publisher"):
        R.summaries()


def test_vocabulary_is_closed():
    perm = R.permissions()
    assert set(perm["source"]) <= set(R.SOURCES)
    assert set(perm["status"]) <= set(R.STATUSES)
    assert not perm.duplicated(["ruling", "source"]).any()
    assert set(perm["ruling"]) <= set(R.rulings()["ruling"])


def test_mwl_2003_permits_exactly_the_five_sources_including_surplus_ivf():
    """facts.md no. 53: the Arabic text lists five permissible sources, the fifth being surplus IVF zygotes."""
    assert permitted_sources("mwl-2003") == ["adult", "child", "cord_placenta", "fetal_tissue", "surplus_ivf_embryo"]


def test_the_widely_copied_summary_omits_only_the_surplus_ivf_clause():
    """facts.md no. 54."""
    summ = R.summaries()
    listed = set(summ.loc[summ["summary"] == "cellquest-2011", "source"])
    assert set(permitted_sources("mwl-2003")) - listed == {"surplus_ivf_embryo"}
    assert listed <= set(permitted_sources("mwl-2003"))


@pytest.mark.parametrize(
    "ruling, source, expected",
    [
        ("jordan-2013", "surplus_ivf_embryo", "permitted"),  # facts.md no. 69
        ("saudi-law", "surplus_ivf_embryo", "prohibited"),  # no. 68: stricter than MWL 2003
        ("saudi-law", "cord_placenta", "permitted"),
        ("algeria-2018", "research_embryo", "prohibited"),  # no. 77
        ("qatar", "research_embryo", "prohibited"),  # no. 75
        ("iran", "surplus_ivf_embryo", "permitted"),  # no. 73
        ("turkey", "surplus_ivf_embryo", "prohibited"),  # no. 73
        ("malaysia-2005", "cloned_embryo", "reports differ"),  # no. 71
        ("mwl-2003", "cloned_embryo", R.NOT_ADDRESSED),  # not in the part of the text we cite
    ],
)
def test_status_of_selected_pairs(ruling, source, expected):
    assert status(ruling, source) == expected


def test_matrix_shape_and_not_addressed():
    m = R.matrix()
    assert list(m.columns) == list(R.SOURCES)
    assert list(m.index) == list(R.rulings()["ruling"])
    assert set(m.to_numpy().ravel()) <= set(R.STATUSES) | {R.NOT_ADDRESSED}
    assert (m != R.NOT_ADDRESSED).sum().sum() == len(R.permissions())


def test_weak_or_secondary_rows_carry_a_caveat():
    r = R.rulings().set_index("ruling")
    for ruling in ("malaysia-2005", "qatar", "saudi-law", "egypt-syndicate"):
        assert isinstance(r.loc[ruling, "caveat"], str) and r.loc[ruling, "caveat"]


def test_years_are_not_guessed():
    r = R.rulings().set_index("ruling")
    assert r["year"].isna().sum() >= 1  # some sources give no year, and none is invented
    assert r.loc["mwl-2003", "year"] == 2003


def test_unknown_names_get_a_clear_message():
    with pytest.raises(ValueError, match="Unknown ruling 'mwl2003'. Known rulings: mwl-2003"):
        status("mwl2003", "adult")
    with pytest.raises(ValueError, match="Unknown source 'embryo'"):
        permitted_sources("jordan-2013") and status("jordan-2013", "embryo")
    with pytest.raises(TypeError, match="must be text"):
        status(3, "adult")


def test_functions_return_fresh_copies():
    a = R.permissions()
    a.loc[0, "status"] = "prohibited"
    assert R.permissions().loc[0, "status"] == "permitted"


def test_compare_finds_common_ground_conflicts_and_unknowns():
    c = R.compare("jordan-2013", "saudi-law")
    assert list(c.index) == list(R.SOURCES)
    assert c.loc["adult", "verdict"] == "both permit"
    assert c.loc["surplus_ivf_embryo", "verdict"] == "conflict"  # Jordan permits, Saudi law prohibits
    assert c.loc["child", "verdict"] == "unknown"  # the Saudi report does not address it
    assert R.compare("algeria-2018", "egypt-syndicate").loc["cloned_embryo", "verdict"] == "both prohibit"
    assert R.compare("malaysia-2005", "saudi-law").loc["cloned_embryo", "verdict"] == "unknown"  # reports differ
    with pytest.raises(ValueError, match="Unknown ruling"):
        R.compare("jordan", "saudi-law")
