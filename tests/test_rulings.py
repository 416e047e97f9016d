"""The cited table of rulings on stem cell sources (coursekit.rulings): every row cited, the
vocabulary closed, and the facts the chapter relies on encoded as the sources state them."""

from __future__ import annotations

import pytest

from coursekit import rulings as R
from graders.ch08 import permitted_sources, status  # answers of set 08: on the instructor's side
from maintainers.structure import bib_keys


def test_table_is_valid_and_every_citation_resolves():
    assert R.validate(bib_keys()) == []


def test_every_row_has_a_citation():
    for df in (R.rulings(), R.permissions(), R.summaries()):
        assert df["citation"].notna().all()
        assert (df["citation"].str.strip() != "").all()


def test_validate_catches_an_uncited_row_and_an_unknown_key(monkeypatch):
    bad = R._PERMISSIONS + (("mwl-2003", "research_embryo", "prohibited", "made up", ""),)
    monkeypatch.setattr(R, "_PERMISSIONS", bad)
    problems = R.validate(bib_keys())
    assert any("no citation" in p for p in problems)
    worse = R._PERMISSIONS[:-1] + (("mwl-2003", "research_embryo", "allowed", "made up", "no_such_key"),)
    monkeypatch.setattr(R, "_PERMISSIONS", worse)
    problems = R.validate(bib_keys())
    assert any("no_such_key" in p for p in problems) and any("unknown status" in p for p in problems)


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
