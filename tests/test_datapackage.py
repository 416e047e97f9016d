"""The data package: valid, fully described, small, cited, and matching the book page.

Also checks the committed extracts against the check values given in
../shared/data-sources/PROVENANCE.md (these need only the committed data).
"""

import ast
import json
import re

import pytest

from coursekit.data import DATA_DIR, load
from maintainers import datapage
from maintainers.derive import ctgov_countries
from maintainers.structure import bib_keys

REPO = DATA_DIR.parent
PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# --------------------------------------------------------------------------
# package-level checks
# --------------------------------------------------------------------------
def test_frictionless_validates_the_package():
    import frictionless

    report = frictionless.validate(str(DATA_DIR / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]


def test_every_resource_is_fully_described():
    for res in PACKAGE["resources"]:
        name = res["name"]
        assert res["path"] == f"{name}.csv" and (DATA_DIR / res["path"]).is_file(), name
        assert res["format"] == "csv" and res["encoding"] == "utf-8", name
        assert res["title"] and len(res["description"]) > 80, name
        assert res["schema"]["primaryKey"], name
        for field in res["schema"]["fields"]:
            assert field["type"] in {"string", "integer", "number", "boolean"}, (name, field)
            assert field.get("description"), (name, field["name"])
        assert res["sources"] and res["licenses"], name
        for src in res["sources"]:
            assert src["title"] and src["path"], (name, src)
            assert DATE.match(src["retrieved"]), (name, src)
        for lic in res["licenses"]:
            assert lic["name"] and lic["path"].startswith("https://"), (name, lic)


def test_extracts_are_small():
    for res in PACKAGE["resources"]:
        assert (DATA_DIR / res["path"]).stat().st_size < 2_000_000, res["name"]


def test_files_in_data_are_all_described():
    described = {r["path"] for r in PACKAGE["resources"]} | {"datapackage.json"}
    present = {p.name for p in DATA_DIR.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert present == described


def test_book_page_matches_generator():
    page = REPO / "book" / "data.md"
    assert page.read_text(encoding="utf-8") == datapage.render(), (
        "book/data.md is out of date: run `python -m maintainers.datapage`"
    )


def test_book_page_content():
    text = datapage.render()
    assert text.startswith("# Data used in this course\n")
    for name in RESOURCES:
        assert f"## `{name}`" in text
    assert "Known gaps for the OIC member states" in text
    # a member with no R&D expenditure data at all is named in the gaps list
    gaps = RESOURCES["rd_indicators"]["x_oic_gaps"]["GB.XPD.RSDV.GD.ZS"]
    assert "AFG" in gaps["no_data"] and "Afghanistan (AFG)" in text


# --------------------------------------------------------------------------
# oic_members
# --------------------------------------------------------------------------
def test_oic_members():
    m = load("oic_members")
    assert len(m) == 57 and m["iso3"].is_unique
    joined = dict(zip(m["iso3"], m["joined"]))
    # COW-derived years quoted in PROVENANCE.md
    assert joined["ALB"] == 1992 and joined["GUY"] == 1998 and joined["CIV"] == 2001 and joined["SYR"] == 1970
    assert joined["SAU"] == 1969 and joined["YEM"] == 1969
    pse = m.set_index("iso3").loc["PSE"]
    assert pse["name"] == "Palestine"
    assert "COW" not in pse["joined_source"] and "http" in pse["joined_source"]
    assert (m.loc[m["iso3"] != "PSE", "joined_source"] == "COW IGO v3.0").all()
    assert m["region"].notna().all()
    # disagreements between COW and the OIC's own year are noted
    differ = m["oic_official_joined"].notna() & (m["oic_official_joined"] != m["joined"])
    assert differ.any()
    assert m.loc[differ, "note"].str.contains("differs from the OIC's own year").all()


def test_countries_table():
    c = load("countries")
    assert (~c["is_aggregate"]).sum() == 217
    assert set(load("rd_indicators")["iso3"]) <= set(c["iso3"])
    assert set(load("oic_members")["iso3"]) <= set(c.loc[~c["is_aggregate"], "iso3"])


# --------------------------------------------------------------------------
# PROVENANCE.md check values, on the committed extracts
# --------------------------------------------------------------------------
def test_publications_world_check_values():
    p = load("publications")
    world = p[(p["country"] == "World") & (p["field"] == "all_se")].set_index("year")["articles"]
    assert world[2003] == 1236106 and world[2022] == 3344037
    assert len(p[p["field"] == "biological_biomedical"]) == 217 * 20
    assert len(p[p["field"] == "all_se"]) == 217 * 20


def test_coauthorship_world_total_matches_table_9970():
    c = load("coauthorship")
    p = load("publications")
    total = c[(c["country"] == "World") & (c["attribute"] == "total")].set_index("year")["articles"]
    world = p[(p["country"] == "World") & (p["field"] == "all_se")].set_index("year")["articles"]
    assert (total.astype(float) == world).all()
    assert sorted(c["country"].unique()) == sorted(set(load("coauthorship_pairs")["country_a"]))
    assert c["country"].nunique() == 47


def test_pairs_are_symmetric_with_46_countries():
    p = load("coauthorship_pairs")
    assert set(p["year"]) == {2003, 2022}
    countries = set(p["country_a"]) - {"World"}
    assert len(countries) == 46
    assert not (p["country_a"] == p["country_b"]).drop(p.index[p["country_a"] == "World"]).any()
    key = p.set_index(["year", "country_a", "country_b"])["coauthored_articles"]
    swapped = p.set_index(["year", "country_b", "country_a"])["coauthored_articles"]
    swapped.index.names = key.index.names
    assert key.sort_index().equals(swapped.sort_index())


def test_collaboration_index_recomputes_from_counts():
    """IC_xy = (C_xy / C_x) / (C_y / C_w): the repaired labels of 10003 and 10006 must agree to rounding."""
    p = load("coauthorship_pairs")
    for year in (2003, 2022):
        d = p[p["year"] == year]
        total = d[d["country_b"] == "World"].set_index("country_a")["coauthored_articles"].astype(float)
        pairs = d.dropna(subset=["collaboration_index"])
        assert len(pairs) == 46 * 45
        ic = (pairs["coauthored_articles"] / pairs["country_a"].map(total)) / (
            pairs["country_b"].map(total) / total["World"]
        )
        assert (ic.astype(float) - pairs["collaboration_index"]).abs().max() <= 0.005 + 1e-9


# --------------------------------------------------------------------------
# stem cell trials
# --------------------------------------------------------------------------
def test_trial_country_names_with_commas():
    t = load("stem_cell_trials")
    names = set(t["country"])
    assert "Iran, Islamic Republic of" in names and "Korea, Republic of" in names
    assert not names & {"Islamic Republic of", "Republic of", "Iran", "Korea"}
    assert set(t.loc[t["country"] == "Iran, Islamic Republic of", "iso3"]) == {"IRN"}
    assert set(t.loc[t["country"] == "Korea, Republic of", "iso3"]) == {"KOR"}


def test_ctgov_location_parsing():
    locs = (
        "Royan Institute, Tehran, Iran, Islamic Republic of|"
        "Shariati Hospital, Tehran, Iran, Islamic Republic of|"
        "Seoul National University, Seoul, Korea, Republic of|"
        "Mayo Clinic, Rochester, Minnesota, United States"
    )
    assert ctgov_countries(locs) == ["Iran, Islamic Republic of", "Korea, Republic of", "United States"]
    assert ctgov_countries("") == []


# --------------------------------------------------------------------------
# curated tables
# --------------------------------------------------------------------------
#: Every curated, cited table (x_curated in the package): cited facts live here, not in Python literals.
CURATED = [
    "stem_cell_policies",
    "events",
    "rulings",
    "ruling_permissions",
    "ruling_summaries",
    "claim_examples",
    "published_figures",
    "capstone_rules",
    "terms",
    "evidence",
]
#: The category of a policy-atlas row that records a search which found no rule (no citation, a search instead).
NOT_FOUND = "no-rule-found"


def test_every_curated_table_is_tested_here():
    assert [r["name"] for r in PACKAGE["resources"] if r.get("x_curated")] == CURATED


@pytest.mark.parametrize("name", CURATED)
def test_curated_rows_all_cite_known_keys(name):
    keys = bib_keys()
    df = load(name)
    assert len(df) > 0
    if name == "stem_cell_policies":  # a row that records a search cites nothing, and says what was searched
        searched = df[df["category"] == NOT_FOUND]
        assert searched["citation"].isna().all() and searched["searched"].notna().all()
        assert searched["searched_on"].notna().all() and searched["passage"].isna().all()
        df = df[df["category"] != NOT_FOUND]
        assert df["passage"].notna().all() and df["read_at"].notna().all()
    if (
        name == "terms"
    ):  # a term the course defines itself (a method, a network measure) cites nothing, in either language
        own = df[df["citation"].isna()]
        assert (
            not own["definition"].str.contains("{cite:").any() and not own["definition_ar"].str.contains("{cite:").any()
        )
        assert len(own) < len(df) / 4
        df = df[df["citation"].notna()]
    for i, cell in enumerate(df["citation"], start=1):
        cited = [k.strip() for k in cell.split(",")]
        assert cited and all(k in keys for k in cited), f"{name} row {i}: {cell}"
    assert RESOURCES[name].get("x_curated") is True


def test_the_policy_atlas_has_a_row_for_every_member():
    policies = load("stem_cell_policies")
    members = set(load("oic_members")["iso3"])
    assert members <= set(policies["iso3"])
    assert set(policies.loc[policies["oic_member"], "iso3"]) == members


@pytest.mark.parametrize(
    "change, column",
    [
        ({"citation": "", "searched": "sources searched"}, "citation"),  # a rule without a source
        ({"category": NOT_FOUND, "searched": ""}, "searched"),  # a search without a record (after clearing the rule)
    ],
)
def test_a_malformed_atlas_row_names_its_row_and_column(tmp_path, monkeypatch, change, column):
    import pandas as pd

    from maintainers import derive

    df = pd.read_csv(DATA_DIR / "stem_cell_policies.csv", dtype=str, keep_default_na=False)
    i = int(df.index[df["iso3"] == "JOR"][0])
    if change.get("category") == NOT_FOUND:
        df.loc[i, ["citation", "instrument", "year", "passage"]] = ""
    for col, value in change.items():
        df.loc[i, col] = value
    df.to_csv(tmp_path / "stem_cell_policies.csv", index=False)
    monkeypatch.setattr(derive, "CURATED_DIR", tmp_path)

    class Ctx:
        def get(self, name, builder):
            return load("oic_members")

    with pytest.raises(ValueError, match=rf"row {i + 1}, column '{column}'"):
        derive.build_stem_cell_policies(Ctx())


def cited_literals(source: str) -> list[str]:
    """Where a Python module writes a cited fact itself: a string holding a references.bib key, or a
    literal row (dict display or ``dict(...)`` call) whose ``citation`` or ``source_key`` is a constant."""
    keys = bib_keys()
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            cited = set(re.split(r"[^A-Za-z0-9_\-.:]+", node.value)) & keys
            found += [f"line {node.lineno}: key {k!r}" for k in sorted(cited)]
        pairs = []
        if isinstance(node, ast.Dict):
            pairs = [(k.value, v) for k, v in zip(node.keys, node.values) if isinstance(k, ast.Constant)]
        elif isinstance(node, ast.Call):
            pairs = [(kw.arg, kw.value) for kw in node.keywords]
        found += [
            f"line {node.lineno}: {name}={value.value!r}"
            for name, value in pairs
            if name in ("citation", "source_key")
            and isinstance(value, ast.Constant)
            and value.value not in ("citation", "source_key")  # renaming the column is not a row
        ]
    return found


@pytest.mark.parametrize("module", ["rulings", "claims", "capstone"])
def test_no_cited_fact_is_left_in_a_python_literal(module):
    """The modules that once held cited tables as literals now read them with load()."""
    source = (REPO / "coursekit" / f"{module}.py").read_text(encoding="utf-8")
    assert cited_literals(source) == []
    assert "load(" in source


def test_the_literal_check_finds_a_cited_row():
    planted = 'ROWS = (dict(ruling="x", citation="mwl2003stemcells"), {"citation": "someone"})\n'
    assert sorted(cited_literals(planted)) == [
        "line 1: citation='mwl2003stemcells'",
        "line 1: citation='someone'",
        "line 1: key 'mwl2003stemcells'",
    ]
    assert cited_literals('df = df.rename(columns={"citation": "source_key"})\n') == []


def test_curated_tables_exist_once():
    """The curated tables are edited in data/ (their one copy); the derivation's cited input of
    oic_members sits with the maintainers' tools; no CSV file in the repository is a copy of another."""
    import hashlib

    assert (REPO / "maintainers" / "oic_official_joined.csv").is_file()
    seen = {}
    for path in sorted(REPO.rglob("*.csv")):
        if {".venv", "_build", ".git", "fixtures"} & set(path.relative_to(REPO).parts):
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert digest not in seen, f"{path.relative_to(REPO)} is a copy of {seen[digest]}"
        seen[digest] = path.relative_to(REPO)


def test_policy_rows_mark_oic_membership_consistently():
    pol = load("stem_cell_policies")
    members = set(load("oic_members")["iso3"])
    assert (pol["oic_member"] == pol["iso3"].isin(members)).all()
    assert pol["oic_member"].any() and (~pol["oic_member"]).any()  # members and comparison countries


def test_a_fields_schema_is_written_once(tmp_path):
    """A dataset's fields are declared once, in maintainers/derive.py: changing a description and a
    constraint there changes the data package, what load() checks and describe() says, and the book's
    data page, with nothing else edited."""
    import copy

    from coursekit.data import DataError, describe, load
    from maintainers import derive

    res = copy.deepcopy(derive.EVENTS)
    year = next(f for f in res.fields if f["name"] == "year")
    year["description"] = "PLANTED: the year, as the one declaration says"
    year.setdefault("constraints", {})["maximum"] = 2100
    out = tmp_path / "data"
    derive.build_all(tmp_path, out, resources=[res])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "year")
    assert field["description"].startswith("PLANTED") and field["constraints"]["maximum"] == 2100
    assert describe("events", data_dir=out).loc["year", "description"].startswith("PLANTED")
    assert "PLANTED: the year" in datapage.render(out)
    # load() enforces what the declaration says
    text = (out / "events.csv").read_text(encoding="utf-8")
    first_year = str(load("events", data_dir=out)["year"].iloc[0])
    (out / "events.csv").write_text(text.replace(f",{first_year},", ",2200,", 1), encoding="utf-8")
    with pytest.raises(DataError, match=r"events.csv, row \d+, column 'year'"):
        load("events", data_dir=out)


def test_the_data_page_reports_the_atlas_coverage():
    atlas = RESOURCES["stem_cell_policies"]["x_atlas"]
    policies = load("stem_cell_policies")
    members = load("oic_members")
    found = set(policies.loc[policies["category"] != NOT_FOUND, "iso3"]) & set(members["iso3"])
    assert atlas["members"] == len(members) == atlas["rule_found"] + atlas["no_rule_found"]
    assert atlas["rule_found"] == len(found)
    assert sum(f for f, _ in atlas["by_region"].values()) == len(found)
    page = (DATA_DIR.parent / "book" / "data.md").read_text(encoding="utf-8")
    assert f"a cited rule for {len(found)} of the {len(members)} OIC members" in page
