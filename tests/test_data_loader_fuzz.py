"""Property-based tests of the loader (Hypothesis): a broken copy of a data file is refused clearly, or loads exactly.

Each example starts from a small valid CSV made of rows of a real dataset, written into a temporary data folder
that holds the real descriptor (as in tests/test_data_loader.py), breaks it and loads it. The outcome is compared
with an independent reference reading: a strict RFC 4180 grammar (a regular expression) in front of Python's csv
module, then int(), float() and the schema's constraints in plain Python.

* A file the reference refuses must raise DataError whose message names the file and a row (or the header) and,
  for a problem with a value, the column. No other exception may escape.
* A file the reference accepts must load with exactly the reference's values.

The default run is short and deterministic (200 examples over all tests here, derandomize=True, no example
database). A long run sets the total number of examples::

    COURSE_FUZZ_EXAMPLES=5000 .venv/bin/python -m pytest -p no:xdist -q tests/test_data_loader_fuzz.py
"""

from __future__ import annotations

import ast
import csv
import io
import json
import math
import os
import re
import sys

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from coursekit.data import DATA_DIR, DataError, load

TOTAL = int(os.environ.get("COURSE_FUZZ_EXAMPLES", "200"))


def fuzz_settings(share: float):
    """*share* of the run's examples for one test; deterministic, no example database."""
    return settings(
        max_examples=max(1, round(TOTAL * share)),
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


PACKAGE = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
RESOURCES = {r["name"]: r for r in PACKAGE["resources"]}
NAMES = ["coauthorship", "events", "stem_cell_policies", "rd_indicators"]  # integer, string, boolean, number fields


def real_rows(name: str, limit: int = 40) -> list[list[str]]:
    """The first data rows of the real file, as text cells (read with the csv module, not the loader)."""
    text = (DATA_DIR / RESOURCES[name]["path"]).read_text(encoding="utf-8")
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    return [r for r in records[1:] if r][:limit]


REAL = {name: real_rows(name) for name in NAMES}


def fields_of(name: str) -> list[dict]:
    return RESOURCES[name]["schema"]["fields"]


def names_of(name: str) -> list[str]:
    return [f["name"] for f in fields_of(name)]


# --------------------------------------------------------------------------
# writing a CSV file
# --------------------------------------------------------------------------
def cell(value: str, force_quotes: bool = False) -> str:
    if force_quotes or any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def write_csv(header: list[str], rows: list[list[str]]) -> str:
    return "".join(",".join(cell(v) for v in record) + "\n" for record in [header, *rows])


# --------------------------------------------------------------------------
# the reference reading
# --------------------------------------------------------------------------
_FIELD = r'(?:"(?:[^"]|"")*"|[^",\r\n]*)'
_RECORD = rf"{_FIELD}(?:,{_FIELD})*"
GRAMMAR = re.compile(rf"(?:{_RECORD}\r?\n)*(?:{_RECORD})?")
INT = re.compile(r"[+-]?[0-9]+")
NUM = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


class Invalid(Exception):
    pass


def typed(field: dict, text: str):
    cons = field.get("constraints", {})
    if text == "":
        if cons.get("required"):
            raise Invalid
        return None
    kind = field.get("type", "string")
    if kind in ("integer", "year"):
        if not INT.fullmatch(text) or len(text.lstrip("+-").lstrip("0")) > 19:
            raise Invalid
        value = int(text)
        if not -(2**63) <= value < 2**63:
            raise Invalid
    elif kind == "number":
        if not NUM.fullmatch(text):
            raise Invalid
        value = float(text)
        if math.isinf(value):
            raise Invalid
        if value == 0 and re.search("[1-9]", re.split("[eE]", text)[0]):
            raise Invalid  # a nonzero number that would be rounded to 0
        if value != 0 and abs(value) < sys.float_info.min:
            raise Invalid  # subnormal: precision lost
    elif kind == "boolean":
        if text not in ("true", "false"):
            raise Invalid
        value = text == "true"
    else:
        value = text
    if "enum" in cons and value not in cons["enum"]:
        raise Invalid
    if "pattern" in cons and not re.fullmatch(cons["pattern"], str(value)):
        raise Invalid
    if "minimum" in cons and value < cons["minimum"]:
        raise Invalid
    if "maximum" in cons and value > cons["maximum"]:
        raise Invalid
    return value


def reference(raw: bytes, name: str) -> list[tuple] | None:
    """The rows a correct loader returns for *raw*, or None if the file must be refused."""
    try:
        text = raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text or not GRAMMAR.fullmatch(text):
        return None
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    fields = fields_of(name)
    if not records or records[0] != names_of(name):
        return None
    body = records[1:]
    while body and body[-1] == []:  # blank lines at the end
        body.pop()
    if not body or any(len(r) != len(fields) for r in body):
        return None
    try:
        rows = [tuple(typed(f, text) for f, text in zip(fields, r)) for r in body]
    except Invalid:
        return None
    schema = RESOURCES[name]["schema"]
    for i, f in enumerate(fields):
        values = [r[i] for r in rows if r[i] is not None]
        if f.get("constraints", {}).get("unique") and len(set(values)) != len(values):
            return None
    pk = [names_of(name).index(c) for c in schema.get("primaryKey", [])]
    keys = [tuple(r[i] for i in pk) for r in rows]
    if pk and len(set(keys)) != len(keys):
        return None
    return rows


# --------------------------------------------------------------------------
# loading, and what a message must say
# --------------------------------------------------------------------------
_REPR = r"""(?:'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")"""
# problems with a value: the message must name its column
VALUE_PROBLEMS = (
    "expected ",
    "required value is missing",
    "is not one of the allowed values",
    "does not match the pattern",
    "is below the minimum",
    "is above the maximum",
    "duplicate value",
    "duplicate primary key",
    "too large for a number",
    "too small for a number",
    "is out of range",
    "not valid UTF-8",
    "NUL byte",
    "the double quote that opens this value",
    "the quoted value that opens",
    "the closing quote",
    "a double quote inside a value",
    "a carriage return",
)
FILE_LEVEL = ("the file is empty (expected a header row and data rows)", "the file has a header but no data rows")


def rows_of(df: pd.DataFrame) -> list[tuple]:
    def plain(v):
        if v is pd.NA or (isinstance(v, float) and math.isnan(v)):
            return None
        return v.item() if hasattr(v, "item") else v

    return [tuple(plain(v) for v in record) for record in df.itertuples(index=False)]


DTYPES = {"string": "string", "integer": "Int64", "year": "Int64", "number": "float64", "boolean": "boolean"}


def check(data_dir, name: str, raw: bytes) -> tuple[int | None, list[str], str] | None:
    """Load *raw* as dataset *name*; check the outcome against the reference.

    Returns None if the file loaded, else (row or None for the header, columns named, problem).
    """
    path = RESOURCES[name]["path"]
    (data_dir / path).write_bytes(raw)
    expected = reference(raw, name)
    try:
        df = load(name, data_dir=data_dir)
    except DataError as err:
        msg = str(err)
        assert expected is None, f"a valid file was refused: {msg}\n{raw!r}"
        outcome = parse_message(msg, name, raw)
        event("refused: " + re.sub(r"'[^']*'", "...", outcome[2])[:45])  # see --hypothesis-show-statistics
        return outcome
    assert expected is not None, f"a broken file loaded:\n{raw!r}\n{df}"
    event("loaded exactly")
    assert list(df.columns) == names_of(name)
    assert [str(t) for t in df.dtypes] == [DTYPES[f["type"]] for f in fields_of(name)]
    assert rows_of(df) == expected, f"values differ from those written:\n{raw!r}"
    return None


def parse_message(msg: str, name: str, raw: bytes) -> tuple[int | None, list[str], str]:
    shown = f"data/{RESOURCES[name]['path']}"
    if msg.removeprefix(f"{shown}: ") in FILE_LEVEL:
        return None, [], msg.removeprefix(f"{shown}: ")
    m = re.fullmatch(
        rf"{re.escape(shown)}, (?:header|row (?P<row>\d+))(?:, columns? (?P<cols>{_REPR}(?:, {_REPR})*))?: (?P<what>.+)",
        msg,
        re.S,
    )
    assert m, f"the message does not name the file and a row or the header: {msg!r}"
    cols = [ast.literal_eval(c) for c in re.findall(_REPR, m["cols"] or "")]
    what = m["what"]
    assert "malformed" not in what and "Error" not in what, msg
    if any(p in what for p in VALUE_PROBLEMS):
        assert cols, f"a problem with a value must name the column: {msg!r}"
    row = int(m["row"]) if m["row"] else None
    if row is not None:
        lines = raw.count(b"\n") + raw.count(b"\r") + 1
        assert 1 <= row <= lines, f"row {row} is not in the file ({lines} lines): {msg!r}"
        for c in cols:
            assert c in names_of(name) or re.fullmatch(r"#\d+", c), f"unknown column {c!r}: {msg!r}"
    return row, cols, what


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("fuzz") / "data"
    data.mkdir()
    pkg = dict(PACKAGE, resources=[RESOURCES[n] for n in NAMES])
    (data / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    return data


# --------------------------------------------------------------------------
# strategies
# --------------------------------------------------------------------------
@st.composite
def tables(draw, names=tuple(NAMES)):
    """(name, header, rows): a few rows of a real dataset, in file order."""
    name = draw(st.sampled_from(names))
    n, count = len(REAL[name]), draw(st.integers(1, 4))
    start, step = draw(st.integers(0, n - 1)), draw(st.integers(1, 9))
    picked = sorted({(start + k * step) % n for k in range(count)})
    return name, names_of(name), [list(REAL[name][i]) for i in picked]


def free_text_columns(name: str) -> list[int]:
    """Plain string fields without enum, pattern, unique or key: any text is valid there."""
    pk = set(RESOURCES[name]["schema"].get("primaryKey", []))
    return [
        i
        for i, f in enumerate(fields_of(name))
        if f["type"] == "string"
        and f["name"] not in pk
        and not {"enum", "pattern", "unique"} & set(f.get("constraints", {}))
    ]


FREE_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from([",", '"', "\n", "\r", " ", "'", "\t", "\ufeff", "é", "١", "ß", "—"]),
        st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    ),
    min_size=1,
    max_size=12,
)

NUMBER_TEXTS = st.one_of(
    st.sampled_from(
        [
            *("inf", "-inf", "+inf", "Infinity", "nan", "NaN", "NA", "null", ""),
            *("1e999", "-1e999", "1E999", "1e-999", "-1e-999", "1e-320", "4.9e-324", "0e-999", "0.0", "-0", "-0.0"),
            *("1" + "0" * 309, "-" + "9" * 400, "1" + "0" * 308, "9" * 20, "1" * 5000),
            *("9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809"),
            *("1,000", "1 000", "1_000", "1.000,5", "١٢٣", "۱۲۳", "１２３", "٣", "2٠٠٣", "２００５", "٢٠١٠"),
            *("12.5", "1e3", "+7", "007", " 12", "12 ", "0x1A", "1.5e", "e5", ".", "-", ".5", "5.", "1e+05", "٫"),
            *("2003", "2010", "2022", "1900", "2100", "0", "1"),
        ]
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.integers(1890, 2110).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet="0123456789.eE+-, _١٢٣۴۵０١٫٬", min_size=1, max_size=8),
    st.builds(lambda a, b: f"{a}e{b}", st.integers(-99, 99), st.integers(-400, 400)),
)

INSERTS = [",", '"', '""', "\n", "\r", "\r\n", " ", "x", "0", "\t", ";", "\ufeff", "\x00", "é", "١", "e", "-", "."]
TEXT_OPS = [
    "delete_char",
    "duplicate_char",
    "insert",
    "delete_line",
    "duplicate_line",
    "insert_blank_line",
    "swap_lines",
    "append_blank_lines",
    "crlf",
    "strip_final_newline",
    "delete_field",
    "duplicate_field",
    "quote_field",
    "unquote_field",
    "replace_cell",
]


def mutate(text: str, op: str, draw) -> str:
    """One mutation of the text of a CSV file (mostly of its data rows: one in twenty hits the header)."""
    lines = text.split("\n")
    li = 0 if len(lines) == 1 or draw(st.integers(0, 19)) == 0 else draw(st.integers(1, len(lines) - 1))
    start = sum(len(line) + 1 for line in lines[:li])
    pos = min(start + draw(st.integers(0, len(lines[li]))), max(0, len(text) - 1))
    if op == "delete_char":
        return text[:pos] + text[pos + 1 :]
    if op == "duplicate_char":
        return text[: pos + 1] + text[pos:]
    if op == "insert":
        return text[:pos] + draw(st.sampled_from(INSERTS)) + text[pos:]
    if op == "delete_line":
        return "\n".join(lines[:li] + lines[li + 1 :])
    if op == "duplicate_line":
        return "\n".join(lines[: li + 1] + lines[li:])
    if op == "insert_blank_line":
        return "\n".join([*lines[:li], "", *lines[li:]])
    if op == "swap_lines":
        lj = draw(st.integers(0, len(lines) - 1))
        lines[li], lines[lj] = lines[lj], lines[li]
        return "\n".join(lines)
    if op == "append_blank_lines":
        return text + draw(st.sampled_from(["\n", "\r\n"])) * draw(st.integers(1, 3))
    if op == "crlf":
        return text.replace("\n", "\r\n")
    if op == "strip_final_newline":
        return text.rstrip("\n")
    parts = lines[li].split(",")
    fi = draw(st.integers(0, len(parts) - 1))
    if op == "delete_field":
        del parts[fi]
    elif op == "duplicate_field":
        parts.insert(fi, parts[fi])
    elif op == "quote_field":
        parts[fi] = '"' + parts[fi] + '"'
    elif op == "unquote_field":
        parts[fi] = parts[fi].strip('"')
    elif op == "replace_cell":
        parts[fi] = draw(st.one_of(NUMBER_TEXTS, FREE_TEXT.map(cell)))
    lines[li] = ",".join(parts)
    return "\n".join(lines)


# --------------------------------------------------------------------------
# the properties
# --------------------------------------------------------------------------
@fuzz_settings(0.2)
@given(base=tables(), data=st.data())
def test_valid_files_in_any_layout_load_exactly(data_dir, base, data):
    """Quoting, line ends, a BOM, a missing final newline, trailing blank lines, any free text: loads exactly."""
    name, header, rows = base
    free = free_text_columns(name)
    if free and data.draw(st.booleans()):
        r, c = data.draw(st.integers(0, len(rows) - 1)), data.draw(st.sampled_from(free))
        rows[r][c] = data.draw(FREE_TEXT)
    eols = data.draw(st.lists(st.sampled_from(["\n", "\r\n"]), min_size=len(rows) + 1, max_size=len(rows) + 1))
    quote = data.draw(st.lists(st.booleans(), min_size=len(header), max_size=len(header)))
    text = "".join(
        ",".join(cell(v, q) for v, q in zip(record, quote)) + eol for record, eol in zip([header, *rows], eols)
    )
    if data.draw(st.booleans()):
        text = text.rstrip("\r\n")
    text += data.draw(st.sampled_from(["", "\n", "\r\n"])) * data.draw(st.integers(0, 3))
    if data.draw(st.booleans()):
        text = "\ufeff" + text
    raw = text.encode("utf-8")
    expected = reference(write_csv(header, rows).encode("utf-8"), name)
    assert expected is not None and reference(raw, name) == expected
    assert check(data_dir, name, raw) is None


@fuzz_settings(0.4)
@given(base=tables(), ops=st.lists(st.sampled_from(TEXT_OPS), min_size=1, max_size=3), data=st.data())
def test_broken_text_is_refused_clearly_or_loads_exactly(data_dir, base, ops, data):
    """Characters, quotes, separators, fields and lines deleted, duplicated or inserted."""
    name, header, rows = base
    text = write_csv(header, rows)
    for op in ops:
        text = mutate(text, op, data.draw)
    check(data_dir, name, text.encode("utf-8", "surrogatepass"))


#: The numbers of the reliability issue, run every time (explicit examples) in a number and in an integer column.
ISSUE_NUMBERS = ["1e999", "-1e999", "1e-999", "1" + "0" * 309, "9" * 20, "١٢٣", "۱۲۳", "１２３", "1,000", "inf", "nan"]


def issue_examples(test):
    for name, c in (("rd_indicators", 3), ("coauthorship", 4)):  # 'value' (number), 'articles' (integer)
        for value in ISSUE_NUMBERS:
            test = example(case=(name, names_of(name), REAL[name][:2], 1, c, value))(test)
    return test


@st.composite
def number_cases(draw):
    """(name, header, rows, row, column, text): a numeric cell of a valid table to replace with *text*."""
    # rd_indicators (the one with a number field) half of the time; mostly the last numeric field (the measurement)
    choice = draw(st.sampled_from(["rd_indicators", "coauthorship", "rd_indicators", "events", "rd_indicators"]))
    name, header, rows = draw(tables((choice, "stem_cell_policies") if choice == "events" else (choice,)))
    numeric = [i for i, f in enumerate(fields_of(name)) if f["type"] in ("integer", "year", "number")]
    c = numeric[-1] if draw(st.integers(0, 3)) else draw(st.sampled_from(numeric))
    return name, header, rows, draw(st.integers(0, len(rows) - 1)), c, draw(NUMBER_TEXTS)


@fuzz_settings(0.2)
@given(case=number_cases())
@issue_examples
def test_a_bad_number_is_refused_at_its_row_and_column(data_dir, case):
    """inf, nan, 1e999, 1e-999, huge integers, Arabic-Indic and full-width digits, thousands separators..."""
    name, header, rows, r, c, value = case
    rows = [list(row) for row in rows]
    rows[r][c] = value
    outcome = check(data_dir, name, write_csv(header, rows).encode("utf-8"))
    if value in ISSUE_NUMBERS and not (value == "9" * 20 and fields_of(name)[c]["type"] == "number"):  # 1e20: fine
        assert outcome is not None, f"{value!r} was accepted in column {header[c]!r}"
    if outcome is not None:
        where, cols, what = outcome
        assert header[c] in cols, (value, what)
        if "duplicate" not in what:  # a repeated key is reported at its second occurrence
            assert (where, cols) == (r + 1, [header[c]]), (value, where, cols, what)


@fuzz_settings(0.2)
@given(
    base=tables(),
    how=st.sampled_from(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "bom", "byte"]),
    data=st.data(),
)
def test_a_file_not_in_utf8_is_refused_clearly(data_dir, base, how, data):
    """UTF-16 and UTF-32 (with or without a byte-order mark), Latin-1 and cp1252 bytes, stray bytes, BOMs."""
    name, header, rows = base
    r = data.draw(st.integers(0, len(rows) - 1))
    c = data.draw(st.sampled_from([i for i, f in enumerate(fields_of(name)) if f["type"] == "string"]))
    if how in ("latin-1", "cp1252"):
        rows[r][c] += data.draw(st.sampled_from(["é", "ô", "ü", "ñ"]))
    text = write_csv(header, rows)
    if how in ("utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252"):
        raw = text.encode(how)
    elif how == "bom":
        raw = b"\xef\xbb\xbf" * data.draw(st.integers(1, 2)) + text.encode("utf-8")
    else:
        raw = text.encode("utf-8")
        pos = data.draw(st.integers(0, len(raw)))
        raw = (
            raw[:pos]
            + data.draw(st.sampled_from([b"\xff", b"\xfe", b"\x80", b"\xc3", b"\xe2\x80", b"\x00"]))
            + raw[pos:]
        )
    outcome = check(data_dir, name, raw)
    if how.startswith("utf-"):
        assert outcome is not None and outcome[0] is None and "the file is not UTF-8: it looks like UTF-" in outcome[2]
    if how in ("latin-1", "cp1252"):
        assert outcome is not None and (outcome[0], outcome[1]) == (r + 1, [header[c]]), outcome
        assert "the file is not valid UTF-8" in outcome[2]
