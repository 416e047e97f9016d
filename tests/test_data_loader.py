"""The loader: typed results for every dataset, and an exact, helpful error for each kind of bad file.

Malformed files are written into a temporary ``data/`` folder together with a
data package holding the real schema of the resource, so the checks exercise
exactly what a learner's broken file would hit.
"""

import json
from pathlib import Path

import pandas as pd
import pytest

from coursekit.data import DATA_DIR, DataError, datasets, describe, load

PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}

HEADER = "country,iso3,year,attribute,articles\n"
GOOD_ROWS = [
    "Iran,IRN,2003,total,9431\n",
    "Iran,IRN,2003,international,2000\n",
    "Turkey,TUR,2003,total,15000\n",
]


def make_data_dir(tmp_path: Path, name: str, content: bytes | str | None) -> Path:
    """A data folder with the real descriptor of ``name`` and the given CSV content."""
    data = tmp_path / "data"
    data.mkdir()
    pkg = dict(PACKAGE, resources=[RESOURCES[name]])
    (data / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    if content is not None:
        raw = content.encode("utf-8") if isinstance(content, str) else content
        (data / RESOURCES[name]["path"]).write_bytes(raw)
    return data


def load_error(tmp_path, content, name="coauthorship") -> str:
    data = make_data_dir(tmp_path, name, content)
    with pytest.raises(DataError) as info:
        load(name, data_dir=data)
    return str(info.value)


# --------------------------------------------------------------------------
# the committed data
# --------------------------------------------------------------------------
def test_every_dataset_loads_with_schema_columns():
    assert set(datasets()) >= {
        "coauthorship",
        "oic_members",
        "countries",
        "rd_indicators",
        "publications",
        "coauthorship_pairs",
        "scimago",
        "stem_cell_trials",
        "stem_cell_policies",
        "events",
    }
    for name in datasets():
        df = load(name)
        assert list(df.columns) == [f["name"] for f in RESOURCES[name]["schema"]["fields"]], name
        assert len(df) == RESOURCES[name]["coverage"]["rows"], name


def test_coauthorship_schema_and_dtypes():
    df = load("coauthorship")
    assert list(df.columns) == ["country", "iso3", "year", "attribute", "articles"]
    assert str(df["country"].dtype) == "string"
    assert str(df["iso3"].dtype) == "string"
    assert df["year"].dtype == "Int64"
    assert df["articles"].dtype == "Int64"
    assert set(df["attribute"]) == {"total", "multiple_institutions", "domestic_only", "international"}
    assert df["year"].min() == 2003 and df["year"].max() == 2022
    assert not df.duplicated(["country", "year", "attribute"]).any()
    assert (
        df.loc[(df["country"] == "World") & (df["year"] == 2003) & (df["attribute"] == "total"), "iso3"].item() == "WLD"
    )
    iran = df[(df["country"] == "Iran") & (df["attribute"] == "total")]
    assert len(iran) == 20 and set(iran["iso3"]) == {"IRN"}


def test_dtypes_of_other_types():
    rd = load("rd_indicators")
    assert rd["value"].dtype == "float64"
    countries = load("countries")
    assert str(countries["is_aggregate"].dtype) == "boolean"
    members = load("oic_members")
    assert members["oic_official_joined"].dtype == "Int64"
    assert members["oic_official_joined"].isna().any()  # missing values stay <NA>, not 0


def test_load_returns_an_independent_copy():
    a = load("oic_members")
    a.loc[0, "name"] = "changed"
    assert load("oic_members").loc[0, "name"] != "changed"


def test_describe_lists_fields():
    d = describe("coauthorship")
    assert list(d.index) == ["country", "iso3", "year", "attribute", "articles"]
    assert d.loc["articles", "type"] == "integer"


def test_unknown_dataset_lists_available_ones():
    with pytest.raises(DataError) as info:
        load("coauthorshp")
    msg = str(info.value)
    assert msg.startswith("no dataset called 'coauthorshp'; available datasets: ")
    assert "coauthorship" in msg and "oic_members" in msg


def test_name_must_be_text():
    with pytest.raises(DataError, match=r"^load\(\) needs a dataset name as text, e.g. load\('coauthorship'\); got 3$"):
        load(3)


def test_dataerror_is_a_valueerror():
    assert issubclass(DataError, ValueError)


# --------------------------------------------------------------------------
# malformed files: exact messages
# --------------------------------------------------------------------------
def test_good_minimal_file_loads(tmp_path):
    data = make_data_dir(tmp_path, "coauthorship", HEADER + "".join(GOOD_ROWS))
    df = load("coauthorship", data_dir=data)
    assert df["articles"].tolist() == [9431, 2000, 15000]
    assert df["articles"].dtype == "Int64"


def test_a_file_changed_on_disk_is_read_again_even_with_the_same_size_and_time(tmp_path):
    """load() keeps parsed tables by their content, not by file name or time stamp."""
    import os

    data = make_data_dir(tmp_path, "coauthorship", HEADER + "".join(GOOD_ROWS))
    path = data / RESOURCES["coauthorship"]["path"]
    stamp = path.stat()
    assert load("coauthorship", data_dir=data)["articles"].tolist() == [9431, 2000, 15000]
    path.write_text(HEADER + "".join(GOOD_ROWS).replace("9431", "9432"), encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert load("coauthorship", data_dir=data)["articles"].tolist() == [9432, 2000, 15000]
    path.write_text(HEADER + "".join(GOOD_ROWS).replace("9431", "94x1"), encoding="utf-8")
    with pytest.raises(DataError, match="row 1"):  # a broken file is refused, not served from memory
        load("coauthorship", data_dir=data)


def test_missing_column(tmp_path):
    text = "country,iso3,year,attribute\nIran,IRN,2003,total\n"
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, header, column 'articles': column is missing "
        "(the header has 'country', 'iso3', 'year', 'attribute')"
    )


def test_unexpected_column(tmp_path):
    text = "country,iso3,year,attribute,articles,oic\nIran,IRN,2003,total,1,true\n"
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, header, column 'oic': unexpected column "
        "(expected only 'country', 'iso3', 'year', 'attribute', 'articles')"
    )


def test_wrong_type_integer(tmp_path):
    text = HEADER + GOOD_ROWS[0] + "Iran,IRN,2004,total,abc\n"
    assert (
        load_error(tmp_path, text) == "data/coauthorship.csv, row 2, column 'articles': expected an integer, got 'abc'"
    )


def test_decimal_in_integer_column_is_not_truncated(tmp_path):
    text = HEADER + "Iran,IRN,2003,total,12.5\n"
    assert (
        load_error(tmp_path, text) == "data/coauthorship.csv, row 1, column 'articles': expected an integer, got '12.5'"
    )


def test_nan_text_in_required_integer(tmp_path):
    text = HEADER + GOOD_ROWS[0] + GOOD_ROWS[1] + "Iran,IRN,2005,total,NaN\n"
    assert (
        load_error(tmp_path, text) == "data/coauthorship.csv, row 3, column 'articles': expected an integer, got 'NaN'"
    )


def test_empty_cell_in_required_field(tmp_path):
    text = HEADER + GOOD_ROWS[0] + ",IRN,2004,total,5\n"
    assert (
        load_error(tmp_path, text)
        == "data/coauthorship.csv, row 2, column 'country': required value is missing (empty cell)"
    )


def test_nan_in_required_number(tmp_path):
    text = "iso3,year,indicator,value\nIRN,2010,GB.XPD.RSDV.GD.ZS,0.75\nIRN,2011,GB.XPD.RSDV.GD.ZS,NaN\n"
    assert load_error(tmp_path, text, name="rd_indicators") == (
        "data/rd_indicators.csv, row 2, column 'value': expected a number, got 'NaN' "
        "(write a missing value as an empty cell)"
    )


def test_empty_required_number(tmp_path):
    text = "iso3,year,indicator,value\nIRN,2010,GB.XPD.RSDV.GD.ZS,\n"
    assert load_error(tmp_path, text, name="rd_indicators") == (
        "data/rd_indicators.csv, row 1, column 'value': required value is missing (empty cell)"
    )


def test_wrong_type_number(tmp_path):
    text = 'iso3,year,indicator,value\nIRN,2010,GB.XPD.RSDV.GD.ZS,"0,75"\n'
    assert load_error(tmp_path, text, name="rd_indicators") == (
        "data/rd_indicators.csv, row 1, column 'value': expected a number, got '0,75'"
    )


def test_row_with_too_many_cells(tmp_path):
    text = "iso3,year,indicator,value\nIRN,2010,GB.XPD.RSDV.GD.ZS,0.7\nIRN,2011,GB.XPD.RSDV.GD.ZS,0,75\n"
    msg = load_error(tmp_path, text, name="rd_indicators")
    assert msg.startswith("data/rd_indicators.csv, row 2: malformed CSV (")


def test_duplicate_primary_key(tmp_path):
    text = HEADER + GOOD_ROWS[0] + GOOD_ROWS[1] + "Iran,IRN,2003,total,9432\n"
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, row 3, columns 'country', 'year', 'attribute': "
        "duplicate primary key ('Iran', 2003, 'total') (first seen in row 1)"
    )


def test_duplicate_unique_value(tmp_path):
    rows = [
        "iso3,name,joined,joined_source,oic_official_joined,region,income_group,note",
        "AFG,Afghanistan,1969,COW IGO v3.0,1969,South Asia,Low income,",
        "AFG,Afghanistan again,1969,COW IGO v3.0,,South Asia,Low income,",
    ]
    assert load_error(tmp_path, "\n".join(rows) + "\n", name="oic_members") == (
        "data/oic_members.csv, row 2, column 'iso3': duplicate value 'AFG' (first seen in row 1); values must be unique"
    )


def test_empty_file(tmp_path):
    assert load_error(tmp_path, b"") == "data/coauthorship.csv: the file is empty (expected a header row and data rows)"


def test_header_only(tmp_path):
    assert load_error(tmp_path, HEADER) == "data/coauthorship.csv: the file has a header but no data rows"


def test_wrong_encoding(tmp_path):
    content = (HEADER + GOOD_ROWS[0]).encode("utf-8") + "Côte d'Ivoire,CIV,2003,total,10\n".encode("cp1252")
    assert load_error(tmp_path, content) == (
        "data/coauthorship.csv, row 2, column 'country': the file is not valid UTF-8 (byte 0xf4); "
        "save it with UTF-8 encoding"
    )


def test_wrong_encoding_in_a_later_column(tmp_path):
    content = b"iso3,name,region,income_group,is_aggregate\n" + "CIV,Côte d'Ivoire,,,false\n".encode("latin-1")
    assert load_error(tmp_path, content, name="countries") == (
        "data/countries.csv, row 1, column 'name': the file is not valid UTF-8 (byte 0xf4); save it with UTF-8 encoding"
    )


def test_enum_violation(tmp_path):
    text = HEADER + "Iran,IRN,2003,foreign,12\n"
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, row 1, column 'attribute': 'foreign' is not one of the allowed values: "
        "'total', 'multiple_institutions', 'domestic_only', 'international'"
    )


def test_minimum_and_maximum(tmp_path):
    assert load_error(tmp_path, HEADER + "Iran,IRN,1999,total,12\n") == (
        "data/coauthorship.csv, row 1, column 'year': 1999 is below the minimum 2003"
    )
    other = tmp_path / "other"
    other.mkdir()
    assert load_error(other, HEADER + "Iran,IRN,2003,total,-1\n") == (
        "data/coauthorship.csv, row 1, column 'articles': -1 is below the minimum 0"
    )


def test_bad_boolean(tmp_path):
    text = "iso3,name,region,income_group,is_aggregate\nIRN,Iran,Middle East & North Africa,Upper middle income,yes\n"
    assert load_error(tmp_path, text, name="countries") == (
        "data/countries.csv, row 1, column 'is_aggregate': expected true or false, got 'yes'"
    )


def test_missing_file(tmp_path):
    assert load_error(tmp_path, None) == "data/coauthorship.csv: file not found (dataset 'coauthorship')"


def test_missing_datapackage(tmp_path):
    with pytest.raises(DataError, match=r"datapackage\.json: file not found"):
        load("coauthorship", data_dir=tmp_path)


def test_errors_are_not_tracebacks_from_pandas(tmp_path):
    """Every bad-file error is a DataError; none leaks as a pandas/numpy exception."""
    for i, content in enumerate([b"\x00\x01\x02", "a\n1\n", HEADER + "x,y\n", HEADER + '"unterminated\n']):
        sub = tmp_path / str(i)
        sub.mkdir()
        data = make_data_dir(sub, "coauthorship", content)
        with pytest.raises(DataError):
            load("coauthorship", data_dir=data)


def test_result_matches_frictionless_reading():
    """Cross-check the loader against the frictionless library on one resource."""
    import frictionless

    pkg = frictionless.Package(str(DATA_DIR / "datapackage.json"))
    rows = pkg.get_resource("oic_members").read_rows()
    ours = load("oic_members")
    assert [r["iso3"] for r in rows] == ours["iso3"].tolist()
    assert [r["joined"] for r in rows] == [None if pd.isna(v) else int(v) for v in ours["joined"]]
