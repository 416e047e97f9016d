r"""Load the course's datasets as typed, validated pandas DataFrames.

Every dataset in ``data/`` is a resource of the Frictionless Data Package
``data/datapackage.json``. :func:`load` reads one resource, checks it against
the schema recorded there and returns a DataFrame with proper dtypes::

    >>> from coursekit.data import load
    >>> df = load("coauthorship")
    >>> df.dtypes["articles"]
    Int64Dtype()

Type mapping (schema type -> pandas dtype)

=========  ===============================================
string     ``string`` (missing values are ``<NA>``)
integer    ``Int64`` (nullable integer)
year       ``Int64``
number     ``float64`` (missing values are ``NaN``)
boolean    ``boolean`` (cells must be ``true`` or ``false``)
=========  ===============================================

Nothing is coerced silently: a file either loads exactly (every value equals what
is written in it) or is refused. A file that does not match its schema raises
:class:`DataError` (a subclass of :class:`ValueError`) whose message names the
file, the row and, where one applies, the column, for example::

    data/coauthorship.csv, row 12, column 'articles': expected an integer, got 'abc'

Row convention: "row N" is the N-th *data* row (record) of the CSV file, counting
from 1 and not counting the header (so row N is on line N + 1 of the file, unless
an earlier quoted value holds a line break). Problems with the header itself are
reported as "header".

The CSV format read (RFC 4180, strictly):

* The file is UTF-8 (a UTF-8 byte-order mark is allowed and dropped). Any other
  encoding is refused; a UTF-16 or UTF-32 file is recognised as such. NUL bytes
  are refused.
* Fields are separated by commas. A value holding a comma, a double quote or a
  line break is enclosed in double quotes, and a double quote inside it is
  doubled (``""``). A quote inside an unquoted value, text after a closing quote
  and a quote that is never closed are errors (the last one names the row where
  the quote opens).
* Every row has exactly as many fields as the header, empty ones included: an
  empty last field is written as a trailing comma. A row with too few or too
  many fields is refused ("the row has N fields where the header has M").
* Lines end with ``\n`` or ``\r\n`` (they may be mixed); any other carriage
  return outside a quoted value is refused (inside one, line breaks are part of
  the value, as written). The final line ending is optional, and blank lines at
  the end of the file are ignored; a blank line anywhere else is an error.
* The header names each schema field once, in schema order: a missing, an
  unexpected, an empty or a repeated name is refused.

Missing values are written as empty cells. The texts ``NaN``, ``nan``, ``NA``,
``inf`` are *not* read as missing numbers: they are reported as errors, so that a
stray ``NaN`` cannot slip into a required field.

Numbers (integer, year and number fields) are written with the ASCII digits
``0``-``9``, an optional sign, and for numbers an optional ``.`` decimal point
and ``e`` exponent. Other digits are refused, deliberately: the course's data
come from Arabic-script countries, but the files are machine-written with ASCII
digits, so an Arabic-Indic (``١٢٣``), Persian (``۱۲۳``) or full-width
digit is a sign of a hand-edited or mis-exported file, and the message names the
character and asks for ASCII digits. Thousands separators, spaces, ``inf`` and
``nan`` are refused too. Integers must fit in 64 bits (-9223372036854775808 to
9223372036854775807). A number is read as the nearest 64-bit float; a number too
large for one (beyond about 1.8e308, which would become infinity, e.g. ``1e999``
or a 400-digit integer) or too small (a nonzero value below about 2.2e-308 in
size, e.g. ``1e-999``, which would be rounded towards 0) is refused.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from coursekit.display import install as _install_table_form

_install_table_form()  # in a notebook, DataFrames also print as Markdown tables (the PDF's form)

__all__ = ["DataError", "DATA_DIR", "load", "datasets", "describe", "resource", "require_columns"]

#: The repository's ``data/`` folder (the default for every function here).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# ASCII digits only ([0-9], not \d, which also matches Arabic-Indic, Persian, full-width... digits).
_INT_RE = r"[+-]?[0-9]+"
# A plain decimal or scientific number; deliberately excludes nan/inf.
_NUM_RE = r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
_INT_MIN, _INT_MAX = -(2**63), 2**63 - 1  # the range of Int64
_FLOAT_TINY = sys.float_info.min  # smallest normal float64: below it a value loses precision or becomes 0
_BOOL_VALUES = {"true": True, "false": False}
_SHOWN = 40  # longest offending value quoted in a message


class DataError(ValueError):
    """A data file does not match its schema (or cannot be read at all)."""


def require_columns(df, columns, what: str, advice: str = "") -> None:
    """Raise ValueError unless *df* is a DataFrame with all *columns* (for functions that take a loaded table).

    *what* names the table in the message (e.g. "The trials table"); *advice* is added to the
    message about missing columns.
    """
    if not isinstance(df, pd.DataFrame):
        raise ValueError(f"{what} should be a pandas DataFrame, not {type(df).__name__}.")
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise ValueError(
            f"{what} has no column(s) {', '.join(missing)}; its columns are "
            f"{', '.join(map(str, df.columns))}." + (f" {advice}" if advice else "")
        )


# --------------------------------------------------------------------------
# the data package
# --------------------------------------------------------------------------
def _package(data_dir: Path) -> dict:
    path = data_dir / "datapackage.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(f"{_show(path, data_dir)}: file not found; is {data_dir} the course's data folder?") from None
    return _read_package(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read_package(path: str, _mtime: int, _size: int) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataError(f"{path}: not a valid JSON data package ({err})") from None


def _data_dir(data_dir) -> Path:
    return Path(data_dir) if data_dir is not None else DATA_DIR


def datasets(data_dir: str | Path | None = None) -> list[str]:
    """Names of all datasets in the data package, in package order."""
    return [r["name"] for r in _package(_data_dir(data_dir))["resources"]]


def resource(name: str, data_dir: str | Path | None = None) -> dict:
    """The data-package entry (path, schema, sources, licences...) of one dataset."""
    pkg = _package(_data_dir(data_dir))
    for res in pkg["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(sorted(r["name"] for r in pkg["resources"]))
    raise DataError(f"no dataset called {name!r}; available datasets: {known}")


def describe(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """A small table of the fields of dataset ``name``: type, unit and meaning."""
    res = resource(name, data_dir)
    rows = [
        {
            "field": f["name"],
            "type": f["type"],
            "unit": f.get("unit", ""),
            "description": f.get("description", ""),
        }
        for f in res["schema"]["fields"]
    ]
    return pd.DataFrame(rows).set_index("field")


# --------------------------------------------------------------------------
# load
# --------------------------------------------------------------------------
def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Read dataset ``name`` from the data folder as a typed, validated DataFrame.

    Parameters
    ----------
    name:
        A resource name from ``data/datapackage.json``, e.g. ``"coauthorship"``.
        :func:`datasets` lists them.
    data_dir:
        The folder holding ``datapackage.json`` and the CSV files. Defaults to
        the repository's ``data/`` folder; tests pass a temporary folder.

    Returns
    -------
    pandas.DataFrame
        Columns in schema order with the dtypes listed in the module docstring,
        rows in file order, a fresh ``RangeIndex``.

    Raises
    ------
    DataError
        If the dataset is unknown, or the file is missing, empty, not UTF-8,
        not well-formed CSV (quotes, a row with too few or too many fields, a
        blank line), lacks a column, has a value of the wrong type or out of
        range, breaks a constraint (required, unique, enum, minimum, maximum,
        pattern) or repeats a primary key. The message names the file, the row
        (the N-th data row, header not counted) or the header, and the column
        where one applies.
    """
    if not isinstance(name, str):
        raise DataError(f"load() needs a dataset name as text, e.g. load('coauthorship'); got {name!r}")
    data_dir = _data_dir(data_dir)
    res = resource(name, data_dir)
    path = data_dir / res["path"]
    shown = _show(path, data_dir)
    raw = _read_bytes(path, shown, res)
    key = (hashlib.blake2b(raw, digest_size=16).hexdigest(), json.dumps(res, sort_keys=True))
    table = _PARSED.get(key)
    if table is None:
        table = _parse(*_decode(raw, shown), res, shown)
        if len(_PARSED) >= 32:
            _PARSED.pop(next(iter(_PARSED)))
        _PARSED[key] = table
    return table.copy()


#: Parsed tables by (content hash, schema): a second load of an unchanged file skips the parsing and
#: validation, and still returns a fresh copy (a caller may change it freely). Only valid files are kept.
_PARSED: dict[tuple[str, str], pd.DataFrame] = {}


def _show(path: Path, data_dir: Path) -> str:
    """How a file is named in messages: ``<data folder name>/<relative path>``."""
    try:
        return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
    except ValueError:
        return str(path)


def _read_bytes(path: Path, shown: str, res: dict) -> bytes:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{shown}: file not found (dataset {res['name']!r})") from None
    if not raw.strip():
        raise DataError(f"{shown}: the file is empty (expected a header row and data rows)")
    return raw


def _decode(raw: bytes, shown: str) -> tuple[str, bool]:
    """The file's text, and whether it holds characters to report (undecodable bytes, NUL).

    A file in UTF-16 or UTF-32 is refused here. Otherwise undecodable bytes are kept as lone
    surrogates (``surrogateescape``) so that the reader can name the row and column that holds
    the first of them (see :data:`_BAD_CHAR`).
    """
    other = _other_encoding(raw)
    if other:
        raise DataError(f"{shown}, header: the file is not UTF-8: it looks like {other}; save it with UTF-8 encoding")
    try:
        text, flagged = raw.decode("utf-8"), b"\x00" in raw
    except UnicodeDecodeError:
        text, flagged = raw.decode("utf-8", "surrogateescape"), True
    return text.removeprefix("\ufeff"), flagged


def _other_encoding(raw: bytes) -> str:
    """'UTF-16 ...' or 'UTF-32 ...' if *raw* looks like text in one of those encodings, else ''."""
    for bom, name in (
        (b"\xff\xfe\x00\x00", "UTF-32 (little-endian, with a byte-order mark)"),
        (b"\x00\x00\xfe\xff", "UTF-32 (big-endian, with a byte-order mark)"),
        (b"\xff\xfe", "UTF-16 (little-endian, with a byte-order mark)"),
        (b"\xfe\xff", "UTF-16 (big-endian, with a byte-order mark)"),
    ):
        if raw.startswith(bom):
            return name
    head = raw[:1000]
    if len(head) >= 4 and b"\x00" in head:
        # ASCII text in UTF-16 has a NUL byte in every other position
        odd, even = head[1::2], head[0::2]
        if odd.count(0) >= 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
            return "UTF-16 (little-endian; every other byte is 0)"
        if even.count(0) >= 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
            return "UTF-16 (big-endian; every other byte is 0)"
    return ""


#: Characters a text CSV file in UTF-8 never holds: NUL, and the lone surrogates that stand for the
#: bytes that are not valid UTF-8 (``surrogateescape``).
_BAD_CHAR = re.compile("[\x00\udc80-\udcff]")
_PLAIN = re.compile(r'[^,"\r\n]*')


class _CsvProblem(Exception):
    """A record that breaks the CSV format: the 0-based field at fault and what is wrong; the reader adds file and row."""

    def __init__(self, field: int, what: str):
        super().__init__(field, what)
        self.field, self.what = field, what


def _records(text: str):
    """Yield ``(first line, last line, fields)`` for each record of *text* (RFC 4180, strictly).

    A blank line gives an empty list of fields. A record that breaks the format raises
    :class:`_CsvProblem` naming the field at fault.
    """
    n, pos, line = len(text), 0, 1
    find = text.find
    while pos < n:
        first = line
        eol = find("\n", pos)
        if eol < 0:
            eol = n
        end = eol - 1 if pos < eol < n and text[eol - 1] == "\r" else eol  # a \r at the very end is no line end
        chunk = text[pos:end]
        if '"' not in chunk and "\r" not in chunk:  # the common case: no quotes on the line
            yield first, first, chunk.split(",") if chunk else []
            pos, line = eol + 1, line + 1
            continue
        fields: list[str] = []
        while True:
            quoted = pos < n and text[pos] == '"'
            if quoted:
                opened, parts, i = line, [], pos + 1
                while True:
                    j = find('"', i)
                    if j < 0:
                        raise _CsvProblem(
                            len(fields),
                            f"the double quote that opens this value (line {opened}) is never closed; "
                            'a double quote inside a quoted value must be doubled ("")',
                        )
                    parts.append(text[i:j])
                    if text.startswith('"', j + 1):
                        parts.append('"')
                        i = j + 2
                        continue
                    break
                value = "".join(parts)
                line += value.count("\n")
                pos = j + 1
            else:
                value = _PLAIN.match(text, pos).group()
                pos += len(value)
            fields.append(value)
            c = text[pos] if pos < n else ""
            if c == ",":
                pos += 1
                continue
            if c == "\n" or (c == "\r" and text.startswith("\n", pos + 1)):
                pos += 1 if c == "\n" else 2
                line += 1
                break
            if not c:
                break
            field = len(fields) - 1
            if quoted and line > opened:
                raise _CsvProblem(
                    field,
                    f"the quoted value that opens on line {opened} runs to line {line}, where its closing quote "
                    f"is followed by {c!r} instead of a comma or the end of the line; is a quote missing or not "
                    'doubled ("")?',
                )
            if quoted:
                raise _CsvProblem(
                    field,
                    f"the closing quote of a quoted value is followed by {c!r} instead of a comma or the end of "
                    'the line (a double quote inside a quoted value must be doubled: "")',
                )
            if c == '"':
                raise _CsvProblem(
                    field,
                    "a double quote inside a value that does not start with one; enclose the whole value in "
                    'double quotes and double the quote inside it ("")',
                )
            raise _CsvProblem(field, r"a carriage return (\r) that does not end a line; lines must end with \n or \r\n")
        yield first, line - 1 if text[pos - 1 : pos] == "\n" else line, fields


def _quote(value: str) -> str:
    value = str(value)
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "...")


def _fail(shown: str, row: int | None, column: str, message: str) -> DataError:
    where = "header" if row is None else f"row {row}"
    return DataError(f"{shown}, {where}, column {column!r}: {message}")


def _column(header: list[str], field: int) -> str:
    """How field number *field* (0-based) of a row is named: its header name, or ``#N`` beyond the header."""
    return header[field] if 0 <= field < len(header) else f"#{field + 1}"


def _bad_char_message(fields: list[str]) -> tuple[int, str]:
    """The first field holding a :data:`_BAD_CHAR`, and what to say about it."""
    for i, value in enumerate(fields):
        m = _BAD_CHAR.search(value)
        if m:
            if m.group() == "\x00":
                return i, "the file holds a NUL byte (0x00), which a CSV text file never does; save it as UTF-8 text"
            byte = ord(m.group()) - 0xDC00
            return i, f"the file is not valid UTF-8 (byte 0x{byte:02x}); save it with UTF-8 encoding"
    raise AssertionError("no bad character")  # pragma: no cover - only called for a field that has one


def _read_rows(text: str, flagged: bool, names: list[str], shown: str) -> tuple[list[str], list[list[str]]]:
    """The header and the data rows of *text*, each data row with exactly ``len(header)`` fields.

    Every record is checked in file order, so the first problem in the file is the one reported.
    """
    header: list[str] | None = None
    rows: list[list[str]] = []
    blank: tuple[int, int] | None = None  # (row, line) of the first blank line not yet known to be trailing
    records = _records(text)
    while True:
        try:
            first, last, fields = next(records)
        except StopIteration:
            break
        except _CsvProblem as err:
            if header is None:
                raise _fail(shown, None, f"#{err.field + 1}", err.what) from None
            if blank is not None:
                raise DataError(_blank_message(shown, *blank)) from None
            raise _fail(shown, len(rows) + 1, _column(header, err.field), err.what) from None
        if header is None:
            if flagged and any(_BAD_CHAR.search(f) for f in fields):
                i, what = _bad_char_message(fields)
                shown_name = _BAD_CHAR.sub("\ufffd", fields[i])
                raise _fail(shown, None, shown_name, what)
            if not fields:
                raise DataError(f"{shown}, header: the first line is blank; the header must be the first line")
            header = _check_header(fields, names, shown)
            continue
        if not fields:
            if blank is None:
                blank = (len(rows) + 1, first)
            rows.append(fields)
            continue
        if blank is not None:
            raise DataError(_blank_message(shown, *blank))
        row = len(rows) + 1
        if flagged and any(_BAD_CHAR.search(f) for f in fields):
            i, what = _bad_char_message(fields)
            raise _fail(shown, row, _column(header, i), what)
        if len(fields) != len(header):
            raise DataError(_count_message(shown, row, fields, header, first, last))
        rows.append(fields)
    if header is None:  # a file of nothing but a byte-order mark
        raise DataError(f"{shown}: the file is empty (expected a header row and data rows)")
    while rows and not rows[-1]:  # blank lines at the end of the file
        rows.pop()
    if not rows:
        raise DataError(f"{shown}: the file has a header but no data rows")
    return header, rows


def _blank_message(shown: str, row: int, line: int) -> str:
    return f"{shown}, row {row}: the line is blank (line {line}); remove it (blank lines are allowed only at the end)"


def _count_message(shown: str, row: int, fields: list[str], header: list[str], first: int, last: int) -> str:
    k, m = len(fields), len(header)
    said = f"{shown}, row {row}: the row has {k} field{'s' if k != 1 else ''} where the header has {m}"
    if k < m:
        missing = f"column {header[k]!r}" + (f" and the {m - k - 1} after it" if m - k > 1 else "")
        said += f" (too few: no field for {missing})"
        if k == 1 and fields[0].strip() == "":
            said += "; the line holds only spaces"
        said += "; every row needs every field, even an empty one: an empty last field is written as a trailing comma"
    else:
        said += " (too many); a value that holds a comma must be enclosed in double quotes"
    if last > first:
        said += f"; this row runs from line {first} to line {last} because a quoted value holds a line break"
    return said


def _check_header(header: list[str], names: list[str], shown: str) -> list[str]:
    seen: dict[str, int] = {}
    for i, col in enumerate(header):
        if col in seen and col != "":
            raise _fail(shown, None, col, f"the name appears twice in the header (fields {seen[col] + 1} and {i + 1})")
        seen[col] = i
    for col in names:
        if col not in seen:
            raise _fail(shown, None, col, f"column is missing (the header has {', '.join(map(repr, header))})")
    for i, col in enumerate(header):
        if col not in names:
            if col == "":
                raise _fail(shown, None, f"#{i + 1}", "the header has an empty column name here (a stray comma?)")
            raise _fail(shown, None, col, f"unexpected column (expected only {', '.join(map(repr, names))})")
    if header != names:
        raise _fail(shown, None, header[0], f"columns are out of order (expected {', '.join(map(repr, names))})")
    return header


def _parse(text: str, flagged: bool, res: dict, shown: str) -> pd.DataFrame:
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    header, records = _read_rows(text, flagged, names, shown)

    # ---- cells ---------------------------------------------------------
    rows = pd.RangeIndex(1, len(records) + 1)  # 1-based data-row numbers
    columns = list(zip(*records))
    out = {}
    for i, field in enumerate(fields):
        cells = pd.Series(pd.array(columns[i], dtype=object), index=rows, dtype=object)
        out[field["name"]] = _convert(cells, field, shown)

    df = pd.DataFrame(out, index=rows)

    # ---- primary key ----------------------------------------------------
    pk = schema.get("primaryKey")
    if pk:
        pk = [pk] if isinstance(pk, str) else list(pk)
        dup = df.duplicated(subset=pk, keep=False)
        if dup.any():
            first_rows = df.index[dup]
            key = tuple(df.loc[first_rows[0], pk].tolist())
            same = df.loc[first_rows, pk].apply(tuple, axis=1) == key
            first, second = first_rows[same][:2]
            cols = ", ".join(map(repr, pk))
            label = "column" if len(pk) == 1 else "columns"
            shown_key = key[0] if len(key) == 1 else key
            raise DataError(
                f"{shown}, row {second}, {label} {cols}: duplicate primary key "
                f"{_plain(shown_key)} (first seen in row {first})"
            )
    return df.reset_index(drop=True)


def _plain(value):
    """Render a key for messages without numpy/pandas scalar reprs."""
    if isinstance(value, tuple):
        return "(" + ", ".join(repr(_py(v)) for v in value) + ")"
    return repr(_py(value))


def _py(v):
    return v.item() if hasattr(v, "item") else v


def _convert(cells: pd.Series, field: dict, shown: str) -> pd.Series:
    """Check one column of text cells against ``field`` and return it typed."""
    col = field["name"]
    ftype = field.get("type", "string")
    cons = field.get("constraints", {})
    missing = cells == ""

    if cons.get("required") and missing.any():
        row = missing.idxmax()
        raise _fail(shown, row, col, "required value is missing (empty cell)")

    present = cells[~missing]
    if ftype in ("integer", "year"):
        kind = "a year" if ftype == "year" else "an integer"
        bad = ~present.str.fullmatch(_INT_RE)
        if bad.any():
            row = bad.idxmax()
            raise _fail(shown, row, col, f"expected {kind}, got {_quote(present[row])}{_digit_hint(present[row])}")
        try:
            ints = present.to_numpy().astype("int64")  # int() of each text: exact, or an error
        except (OverflowError, ValueError):  # beyond 64 bits (ValueError: beyond int()'s digit limit)
            row = next(r for r, v in present.items() if _to_int(v) is None)
            raise _fail(
                shown,
                row,
                col,
                f"{_quote(present[row])} is out of range: {'years' if ftype == 'year' else 'integers'} must lie "
                f"between {_INT_MIN} and {_INT_MAX} (64 bits)",
            ) from None
        series = pd.Series(pd.array([None] * len(cells), dtype="Int64"), index=cells.index)
        series[~missing] = ints
    elif ftype == "number":
        bad = ~present.str.fullmatch(_NUM_RE)
        if bad.any():
            row = bad.idxmax()
            hint = _digit_hint(present[row])
            if present[row].strip().lower() in {
                *("nan", "na", "n/a", "null", "none"),
                *("inf", "-inf", "+inf", "infinity", "-infinity", "+infinity"),
            }:
                hint = " (write a missing value as an empty cell)"
            raise _fail(shown, row, col, f"expected a number, got {_quote(present[row])}{hint}")
        floats = present.to_numpy().astype("float64")  # float() of each text: the nearest float64
        huge = np.isinf(floats)
        # too small: below the smallest normal float64 in size, and not written as an exact zero
        tiny = np.abs(floats) < _FLOAT_TINY
        if tiny.any():
            tiny &= (floats != 0) | present.str.replace(r"[eE].*", "", regex=True).str.contains("[1-9]").to_numpy()
        if huge.any() or tiny.any():
            i = int(np.argmax(huge | tiny))
            row, value = present.index[i], _quote(present.iloc[i])
            if huge[i]:
                sign = "-" if floats[i] < 0 else ""
                why = f"{value} is too large for a number (the limit is about ±1.8e308): it would be read as {sign}infinity"
            else:
                becomes = "rounded to 0" if floats[i] == 0 else "stored with lost precision"
                why = f"{value} is too small for a number (a nonzero value below about 2.2e-308 in size): it would be {becomes}"
            raise _fail(shown, row, col, why)
        series = pd.Series(float("nan"), index=cells.index, dtype="float64")
        series[~missing] = floats
    elif ftype == "boolean":
        bad = ~present.isin(list(_BOOL_VALUES))
        if bad.any():
            row = bad.idxmax()
            raise _fail(shown, row, col, f"expected true or false, got {_quote(present[row])}")
        series = pd.Series(pd.array([None] * len(cells), dtype="boolean"), index=cells.index)
        series[~missing] = present.map(_BOOL_VALUES).astype(bool)
    elif ftype == "string":
        series = cells.astype("string")
        series[missing] = pd.NA
    else:  # pragma: no cover - the package only uses the types above
        raise _fail(shown, None, col, f"unsupported field type {ftype!r} in datapackage.json")

    _check_constraints(series, present, field, shown)
    return series


def _to_int(text: str) -> int | None:
    """The value of an ASCII integer text, or None if it lies outside the Int64 range."""
    digits = text.lstrip("+-").lstrip("0")
    if len(digits) > 19:  # also keeps int() away from its limit on very long digit strings
        return None
    value = int(text)
    return value if _INT_MIN <= value <= _INT_MAX else None


def _digit_hint(value: str) -> str:
    """A note naming the first non-ASCII digit of *value* (Arabic-Indic, Persian, full-width...), or ''."""
    for ch in value:
        if ch > "\x7f" and unicodedata.category(ch) == "Nd":
            name = unicodedata.name(ch, "a digit")
            return f": {ch!r} (U+{ord(ch):04X} {name}) is not an ASCII digit; write numbers with the digits 0-9"
    return ""


def _check_constraints(series: pd.Series, present: pd.Series, field: dict, shown: str) -> None:
    col = field["name"]
    cons = field.get("constraints", {})
    values = series.dropna()
    if "enum" in cons:
        allowed = cons["enum"]
        bad = ~values.isin(allowed)
        if bad.any():
            row = bad.idxmax()
            listed = ", ".join(map(repr, allowed))
            raise _fail(shown, row, col, f"{_quote(values[row])} is not one of the allowed values: {listed}")
    if "pattern" in cons:
        bad = ~values.astype(str).str.fullmatch(cons["pattern"])
        if bad.any():
            row = bad.idxmax()
            raise _fail(shown, row, col, f"{_quote(values[row])} does not match the pattern {cons['pattern']!r}")
    if "minimum" in cons:
        bad = values < cons["minimum"]
        if bad.any():
            row = bad.idxmax()
            raise _fail(shown, row, col, f"{present[row]} is below the minimum {cons['minimum']}")
    if "maximum" in cons:
        bad = values > cons["maximum"]
        if bad.any():
            row = bad.idxmax()
            raise _fail(shown, row, col, f"{present[row]} is above the maximum {cons['maximum']}")
    if cons.get("unique"):
        dup = values.duplicated()
        if dup.any():
            row = dup.idxmax()
            first = values.index[(values == values[row]).to_numpy()][0]
            raise _fail(
                shown,
                row,
                col,
                f"duplicate value {_quote(present[row])} (first seen in row {first}); values must be unique",
            )
