"""Load the course's datasets as typed, validated pandas DataFrames.

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

Nothing is coerced silently. A file that does not match its schema raises
:class:`DataError` (a subclass of :class:`ValueError`) whose message names the
file, the row and the column, for example::

    data/coauthorship.csv, row 12, column 'articles': expected an integer, got 'abc'

Row convention: "row N" is the N-th *data* row of the CSV file, counting from 1
and not counting the header (so row N is on line N + 1 of the file). Problems
with the header itself are reported as "header".

Missing values are written as empty cells. The texts ``NaN``, ``nan``, ``NA``,
``inf`` are *not* read as missing numbers: they are reported as errors, so that a
stray ``NaN`` cannot slip into a required field.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

__all__ = ["DataError", "DATA_DIR", "load", "datasets", "describe", "resource", "require_columns"]

#: The repository's ``data/`` folder (the default for every function here).
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

_INT_RE = r"[+-]?\d+"
# A plain decimal or scientific number; deliberately excludes nan/inf.
_NUM_RE = r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?"
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
        lacks a column, has a value of the wrong type, breaks a constraint
        (required, unique, enum, minimum, maximum, pattern) or repeats a
        primary key. The message names the file, the row (the N-th data row,
        header not counted) and the column.
    """
    if not isinstance(name, str):
        raise DataError(f"load() needs a dataset name as text, e.g. load('coauthorship'); got {name!r}")
    data_dir = _data_dir(data_dir)
    res = resource(name, data_dir)
    path = data_dir / res["path"]
    shown = _show(path, data_dir)
    text = _read_text(path, shown, res)
    key = (hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest(), json.dumps(res, sort_keys=True))
    table = _PARSED.get(key)
    if table is None:
        table = _parse(text, res, shown)
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


def _read_text(path: Path, shown: str, res: dict) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{shown}: file not found (dataset {res['name']!r})") from None
    if not raw.strip():
        raise DataError(f"{shown}: the file is empty (expected a header row and data rows)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise DataError(_encoding_message(raw, err, shown)) from None
    return text.removeprefix("\ufeff")


def _encoding_message(raw: bytes, err: UnicodeDecodeError, shown: str) -> str:
    line_no = raw.count(b"\n", 0, err.start) + 1
    line_start = raw.rfind(b"\n", 0, err.start) + 1
    header = raw.split(b"\n", 1)[0].decode("utf-8", "replace").strip().split(",")
    # which cell holds the bad byte: count separators before it on that line
    before = raw[line_start : err.start].decode("latin-1")
    cell = len(next(iter(_csv_rows(before)), [""])) - 1 if before else 0
    column = header[cell] if 0 <= cell < len(header) else f"#{cell + 1}"
    where = "header" if line_no == 1 else f"row {line_no - 1}"
    return (
        f"{shown}, {where}, column {column!r}: the file is not valid UTF-8 "
        f"(byte 0x{raw[err.start]:02x}); save it with UTF-8 encoding"
    )


def _csv_rows(text: str):
    return csv.reader(io.StringIO(text))


def _quote(value: str) -> str:
    value = str(value)
    return repr(value if len(value) <= _SHOWN else value[:_SHOWN] + "...")


def _fail(shown: str, row: int | None, column: str, message: str) -> DataError:
    where = "header" if row is None else f"row {row}"
    return DataError(f"{shown}, {where}, column {column!r}: {message}")


def _parse(text: str, res: dict, shown: str) -> pd.DataFrame:
    schema = res["schema"]
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    try:
        raw = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_filter=False, skip_blank_lines=False)
    except pd.errors.ParserError as err:
        msg = str(err)
        m = re.search(r"line (\d+)", msg)
        row = f"row {int(m.group(1)) - 1}" if m else "a row"
        raise DataError(f"{shown}, {row}: malformed CSV ({msg.strip()})") from None

    # ---- header --------------------------------------------------------
    header = list(raw.columns)
    for col in names:
        if col not in header:
            raise _fail(shown, None, col, f"column is missing (the header has {', '.join(map(repr, header))})")
    extra = [c for c in header if c not in names]
    if extra:
        raise _fail(shown, None, extra[0], f"unexpected column (expected only {', '.join(map(repr, names))})")
    if len(set(header)) != len(header):
        dup = next(c for c in header if header.count(c) > 1)
        raise _fail(shown, None, dup, "column appears twice in the header")
    if header != names:
        raise _fail(shown, None, header[0], f"columns are out of order (expected {', '.join(map(repr, names))})")
    if raw.empty:
        raise DataError(f"{shown}: the file has a header but no data rows")

    # ---- cells ---------------------------------------------------------
    rows = pd.RangeIndex(1, len(raw) + 1)  # 1-based data-row numbers
    out = {}
    for field in fields:
        col = field["name"]
        cells = pd.Series(raw[col].to_numpy(), index=rows)
        out[col] = _convert(cells, field, shown)

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
        bad = ~present.str.fullmatch(_INT_RE)
        if bad.any():
            row = bad.idxmax()
            kind = "a year" if ftype == "year" else "an integer"
            raise _fail(shown, row, col, f"expected {kind}, got {_quote(present[row])}")
        values = pd.array([None] * len(cells), dtype="Int64")
        series = pd.Series(values, index=cells.index)
        series[~missing] = present.astype("int64")
    elif ftype == "number":
        bad = ~present.str.fullmatch(_NUM_RE)
        if bad.any():
            row = bad.idxmax()
            hint = ""
            if present[row].strip().lower() in {"nan", "na", "n/a", "null", "none", "inf", "-inf", "+inf"}:
                hint = " (write a missing value as an empty cell)"
            raise _fail(shown, row, col, f"expected a number, got {_quote(present[row])}{hint}")
        series = pd.Series(float("nan"), index=cells.index, dtype="float64")
        series[~missing] = present.astype("float64")
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
