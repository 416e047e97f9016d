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
        "rulings",
        "ruling_permissions",
        "ruling_summaries",
        "claim_examples",
        "published_figures",
        "capstone_rules",
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
    assert load_error(tmp_path, text, name="rd_indicators") == (
        "data/rd_indicators.csv, row 2: the row has 5 fields where the header has 4 (too many); "
        "a value that holds a comma must be enclosed in double quotes"
    )


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


# --------------------------------------------------------------------------
# broken copies of data files: refused with file, row and column, never coerced
# --------------------------------------------------------------------------
RD_HEADER = "iso3,year,indicator,value\n"
OIC_HEADER = "iso3,name,joined,joined_source,oic_official_joined,region,income_group,note\n"
OIC_ROW = "AFG,Afghanistan,1969,COW IGO v3.0,1969,South Asia,Low income,\n"


def rd_value(value: str) -> str:
    return RD_HEADER + "IRN,2010,SP.POP.TOTL,1\n" + f"IRN,2011,SP.POP.TOTL,{value}\n"


@pytest.mark.parametrize(
    ("value", "becomes"),
    [("1e999", "infinity"), ("-1e999", "-infinity"), ("1" + "0" * 309, "infinity"), ("-" + "9" * 400, "-infinity")],
)
def test_number_too_large_is_refused_not_infinity(tmp_path, value, becomes):
    shown = repr(value if len(value) <= 40 else value[:40] + "...")
    assert load_error(tmp_path, rd_value(value), name="rd_indicators") == (
        f"data/rd_indicators.csv, row 2, column 'value': {shown} is too large for a number "
        f"(the limit is about ±1.8e308): it would be read as {becomes}"
    )


@pytest.mark.parametrize(("value", "becomes"), [("1e-999", "rounded to 0"), ("-1e-400", "rounded to 0")])
def test_number_too_small_is_refused_not_rounded_to_zero(tmp_path, value, becomes):
    assert load_error(tmp_path, rd_value(value), name="rd_indicators") == (
        f"data/rd_indicators.csv, row 2, column 'value': {value!r} is too small for a number "
        f"(a nonzero value below about 2.2e-308 in size): it would be {becomes}"
    )


def test_subnormal_number_is_refused(tmp_path):
    msg = load_error(tmp_path, rd_value("1e-320"), name="rd_indicators")
    assert msg.startswith("data/rd_indicators.csv, row 2, column 'value': '1e-320' is too small for a number")
    assert msg.endswith("it would be stored with lost precision")


def test_extreme_but_representable_numbers_load_exactly(tmp_path):
    values = ["0e-999", "-0.000", "1.7976931348623157e308", "2.2250738585072014e-308", "1" + "0" * 308, ".5", "7."]
    text = RD_HEADER + "".join(f"IRN,{2000 + i},SP.POP.TOTL,{v}\n" for i, v in enumerate(values))
    df = load("rd_indicators", data_dir=make_data_dir(tmp_path, "rd_indicators", text))
    assert df["value"].tolist() == [float(v) for v in values]


@pytest.mark.parametrize(
    ("value", "char", "name"),
    [
        ("١٢٣", "١", "U+0661 ARABIC-INDIC DIGIT ONE"),
        ("۱۲۳", "۱", "U+06F1 EXTENDED ARABIC-INDIC DIGIT ONE"),
        ("１２３", "１", "U+FF11 FULLWIDTH DIGIT ONE"),
        ("12٣", "٣", "U+0663 ARABIC-INDIC DIGIT THREE"),
    ],
)
def test_non_ascii_digits_are_refused_naming_the_character(tmp_path, value, char, name):
    advice = f"{char!r} ({name}) is not an ASCII digit; write numbers with the digits 0-9"
    assert load_error(tmp_path, HEADER + f"Iran,IRN,2003,total,{value}\n") == (
        f"data/coauthorship.csv, row 1, column 'articles': expected an integer, got {value!r}: {advice}"
    )
    other = tmp_path / "number"
    other.mkdir()
    assert load_error(other, rd_value(value), name="rd_indicators") == (
        f"data/rd_indicators.csv, row 2, column 'value': expected a number, got {value!r}: {advice}"
    )


@pytest.mark.parametrize("value", ["9223372036854775808", "-9223372036854775809", "9" * 30, "1" * 5000])
def test_integer_beyond_int64_is_a_data_error(tmp_path, value):
    shown = repr(value if len(value) <= 40 else value[:40] + "...")
    assert load_error(tmp_path, HEADER + f"Iran,IRN,2003,total,{value}\n") == (
        f"data/coauthorship.csv, row 1, column 'articles': {shown} is out of range: integers must lie "
        "between -9223372036854775808 and 9223372036854775807 (64 bits)"
    )


def test_int64_limit_and_leading_zeros_load_exactly(tmp_path):
    text = HEADER + "Iran,IRN,2003,total,9223372036854775807\nIran,IRN,+2004,total,007\n"
    df = load("coauthorship", data_dir=make_data_dir(tmp_path, "coauthorship", text))
    assert df["articles"].tolist() == [2**63 - 1, 7]
    assert df["year"].tolist() == [2003, 2004]


def test_row_short_of_its_optional_last_field_is_refused(tmp_path):
    text = OIC_HEADER + OIC_ROW + "IRN,Iran,1969,COW IGO v3.0,1969,Middle East & North Africa,Upper middle income\n"
    assert load_error(tmp_path, text, name="oic_members") == (
        "data/oic_members.csv, row 2: the row has 7 fields where the header has 8 (too few: no field for "
        "column 'note'); every row needs every field, even an empty one: an empty last field is written as a "
        "trailing comma"
    )


def test_short_row_says_how_many_fields(tmp_path):
    text = HEADER + GOOD_ROWS[0] + "Iran,IRN,2004\n"
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, row 2: the row has 3 fields where the header has 5 (too few: no field for "
        "column 'attribute' and the 1 after it); every row needs every field, even an empty one: an empty last "
        "field is written as a trailing comma"
    )


def test_extra_field_on_the_first_data_row(tmp_path):
    assert load_error(tmp_path, HEADER + "Iran,IRN,2003,total,9431,5\n" + GOOD_ROWS[1]) == (
        "data/coauthorship.csv, row 1: the row has 6 fields where the header has 5 (too many); "
        "a value that holds a comma must be enclosed in double quotes"
    )


def test_unclosed_quote_names_the_row_where_it_opens(tmp_path):
    text = HEADER + GOOD_ROWS[0] + 'Iran,IRN,2004,"total,5\n' + "".join(GOOD_ROWS[1:])
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, row 2, column 'attribute': the double quote that opens this value (line 3) "
        'is never closed; a double quote inside a quoted value must be doubled ("")'
    )


def test_quote_closed_by_a_later_quote_names_the_row_where_it_opens(tmp_path):
    text = (
        "iso3,name,region,income_group,is_aggregate\n"
        'IRN,"Iran,Middle East & North Africa,,false\n'
        'EGY,"Egypt, Arab Rep.",Middle East & North Africa,,false\n'
    )
    assert load_error(tmp_path, text, name="countries") == (
        "data/countries.csv, row 1, column 'name': the quoted value that opens on line 2 runs to line 3, where "
        "its closing quote is followed by 'E' instead of a comma or the end of the line; is a quote missing or "
        'not doubled ("")?'
    )


def test_stray_quote_inside_an_unquoted_value(tmp_path):
    text = 'iso3,name,region,income_group,is_aggregate\nIRN,Iran 1979",Middle East & North Africa,,false\n'
    assert load_error(tmp_path, text, name="countries") == (
        "data/countries.csv, row 1, column 'name': a double quote inside a value that does not start with one; "
        'enclose the whole value in double quotes and double the quote inside it ("")'
    )


def test_text_after_a_closing_quote(tmp_path):
    text = 'iso3,name,region,income_group,is_aggregate\nIRN,"Iran" (Islamic Rep.),x,,false\n'
    assert load_error(tmp_path, text, name="countries") == (
        "data/countries.csv, row 1, column 'name': the closing quote of a quoted value is followed by ' ' "
        'instead of a comma or the end of the line (a double quote inside a quoted value must be doubled: "")'
    )


def test_quoted_values_load_exactly_and_rows_count_records(tmp_path):
    head = "iso3,name,region,income_group,is_aggregate\n"
    text = head + 'IRN,"Iran, ""Islamic"" Rep.",Middle East & North Africa,,false\nEGY,"Egypt\nArab Rep.",,,fals\n'
    assert load_error(tmp_path, text, name="countries") == (
        "data/countries.csv, row 2, column 'is_aggregate': expected true or false, got 'fals'"
    )
    other = tmp_path / "ok"
    other.mkdir()
    data = make_data_dir(other, "countries", text.replace("fals\n", "false\r\n"))
    assert load("countries", data_dir=data)["name"].tolist() == ['Iran, "Islamic" Rep.', "Egypt\nArab Rep."]


def test_duplicated_header_name_is_named(tmp_path):
    text = "country,iso3,year,attribute,articles,year\nIran,IRN,2003,total,9431,2003\n"
    assert load_error(tmp_path, text) == (
        "data/coauthorship.csv, header, column 'year': the name appears twice in the header (fields 3 and 6)"
    )


def test_empty_header_name(tmp_path):
    assert load_error(tmp_path, HEADER.replace("\n", ",\n") + GOOD_ROWS[0].replace("\n", ",\n")) == (
        "data/coauthorship.csv, header, column '#6': the header has an empty column name here (a stray comma?)"
    )


@pytest.mark.parametrize(
    ("encoding", "looks_like"),
    [
        ("utf-16", "UTF-16 (little-endian, with a byte-order mark)"),
        ("utf-16-be", "UTF-16 (big-endian; every other byte is 0)"),
        ("utf-16-le", "UTF-16 (little-endian; every other byte is 0)"),
        ("utf-32", "UTF-32 (little-endian, with a byte-order mark)"),
    ],
)
def test_utf16_file_is_named_as_such(tmp_path, encoding, looks_like):
    assert load_error(tmp_path, (HEADER + GOOD_ROWS[0]).encode(encoding)) == (
        f"data/coauthorship.csv, header: the file is not UTF-8: it looks like {looks_like}; save it with UTF-8 encoding"
    )


def test_nul_byte(tmp_path):
    assert load_error(tmp_path, HEADER + GOOD_ROWS[0] + "Iran,IRN,2004,tot\x00al,5\n") == (
        "data/coauthorship.csv, row 2, column 'attribute': the file holds a NUL byte (0x00), which a CSV text "
        "file never does; save it as UTF-8 text"
    )


def test_wrong_encoding_after_a_multiline_value_names_the_record(tmp_path):
    head = "iso3,name,region,income_group,is_aggregate\n"
    content = (head + 'IRN,"Iran\nIslamic Rep.",,,false\n').encode() + "CIV,Côte d'Ivoire,,,false\n".encode("latin-1")
    assert load_error(tmp_path, content, name="countries") == (
        "data/countries.csv, row 2, column 'name': the file is not valid UTF-8 (byte 0xf4); save it with UTF-8 encoding"
    )


@pytest.mark.parametrize(
    "ending",
    ["", "\n", "\n\n", "\n\n\n", "\r\n", "\r\n\r\n", "\n\r\n"],
    ids=["no-final-newline", "newline", "one-blank-line", "two-blank-lines", "crlf", "crlf-blank", "mixed"],
)
@pytest.mark.parametrize("crlf", [False, True], ids=["lf", "crlf-lines"])
@pytest.mark.parametrize("bom", [False, True], ids=["plain", "bom"])
def test_line_ending_variations_load_exactly(tmp_path, ending, crlf, bom):
    body = HEADER + "".join(GOOD_ROWS)
    text = body[:-1].replace("\n", "\r\n" if crlf else "\n") + ending
    data = make_data_dir(tmp_path, "coauthorship", ("\ufeff" if bom else "") + text)
    df = load("coauthorship", data_dir=data)
    assert df["articles"].tolist() == [9431, 2000, 15000]
    assert df["country"].tolist() == ["Iran", "Iran", "Turkey"]


@pytest.mark.parametrize("blank", ["\n", "\r\n"])
def test_blank_line_in_the_middle_names_the_row(tmp_path, blank):
    assert load_error(tmp_path, HEADER + GOOD_ROWS[0] + blank + "".join(GOOD_ROWS[1:])) == (
        "data/coauthorship.csv, row 2: the line is blank (line 3); remove it (blank lines are allowed only at the end)"
    )


def test_blank_first_line(tmp_path):
    assert load_error(tmp_path, "\n" + HEADER + GOOD_ROWS[0]) == (
        "data/coauthorship.csv, header: the first line is blank; the header must be the first line"
    )


def test_line_of_spaces_at_the_end(tmp_path):
    msg = load_error(tmp_path, HEADER + GOOD_ROWS[0] + "  \n")
    assert msg.startswith("data/coauthorship.csv, row 2: the row has 1 field where the header has 5 (too few: ")
    assert "the line holds only spaces" in msg


def test_bare_carriage_return(tmp_path):
    assert load_error(tmp_path, HEADER + "Iran,IRN,2003,total,9431\rIran,IRN,2004,total,1\n") == (
        r"data/coauthorship.csv, row 1, column 'articles': a carriage return (\r) that does not end a line; "
        r"lines must end with \n or \r\n"
    )


def test_only_valid_files_are_cached(tmp_path, monkeypatch):
    import coursekit.data

    monkeypatch.setattr(coursekit.data, "_PARSED", {})
    data = make_data_dir(tmp_path, "coauthorship", HEADER + "Iran,IRN,2003,total,1e999\n")
    with pytest.raises(DataError):
        load("coauthorship", data_dir=data)
    assert coursekit.data._PARSED == {}
    (data / "coauthorship.csv").write_text(HEADER + "".join(GOOD_ROWS) + "\n", encoding="utf-8")
    first = load("coauthorship", data_dir=data)
    assert len(coursekit.data._PARSED) == 1
    first.loc[0, "articles"] = 0
    assert load("coauthorship", data_dir=data)["articles"].tolist() == [9431, 2000, 15000]


def test_file_of_only_a_byte_order_mark_is_empty(tmp_path):
    assert load_error(tmp_path, b"\xef\xbb\xbf") == (
        "data/coauthorship.csv: the file is empty (expected a header row and data rows)"
    )
