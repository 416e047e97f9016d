"""Generate the book page ``book/data.md`` ("Data used in this course") from ``data/datapackage.json``.

Usage::

    python -m maintainers.datapage           # (re)write book/data.md
    python -m maintainers.datapage --check   # exit 1 if book/data.md is out of date

The page is generated, never edited by hand: ``tests/test_datapackage.py`` fails
if the committed page differs from what this module renders. ``maintainers.derive``
and ``maintainers.refresh`` leave the page to this command (the refresh runs it
for you).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from coursekit.data import DATA_DIR, load

REPO = Path(__file__).resolve().parent.parent
PAGE = REPO / "book" / "data.md"

INTRO = """\
# Data used in this course

Every number, table and chart in this course comes from one of the datasets below. They are small
extracts, derived by a script in the course repository (`python -m maintainers.derive`) from raw files whose
origin is recorded byte for byte (the raw files themselves are not part of the repository). Each dataset is
described in the Frictionless Data Package `data/datapackage.json`; this page is generated from it
(`python -m maintainers.datapage`), so it always matches the data.

Load any dataset in one line. The loader checks the file against its schema and returns typed columns:

```python
from coursekit.data import load

coauthorship = load("coauthorship")
```

Curated tables (CURATED) were written by the course authors; every row carries a citation key from
the course bibliography, and rows without a source are left out rather than guessed.
The World Bank indicators can be refreshed by an instructor with `python -m maintainers.refresh`.
"""


def _esc(text) -> str:
    """Make text safe inside a Markdown table cell."""
    return _text(text).replace("|", "\\|").replace("\n", " ")


def _text(text) -> str:
    """Escape ``$`` so that MyST's dollar-math extension leaves prices like 'US$' alone."""
    return str(text).replace("$", "\\$")


def _constraints(field: dict) -> str:
    cons = field.get("constraints", {})
    parts = []
    if cons.get("required"):
        parts.append("required")
    if cons.get("unique"):
        parts.append("unique")
    if "enum" in cons:
        parts.append("one of " + ", ".join(f"`{v}`" for v in cons["enum"]))
    if "minimum" in cons and "maximum" in cons:
        parts.append(f"{cons['minimum']}–{cons['maximum']}")
    elif "minimum" in cons:
        parts.append(f"≥ {cons['minimum']}")
    elif "maximum" in cons:
        parts.append(f"≤ {cons['maximum']}")
    return "; ".join(parts)


def _coverage(cov: dict, aggregate: str = "World") -> str:
    """The coverage line; *aggregate* names the one aggregate when there is exactly one."""
    bits = [f"{cov['rows']:,} rows"]
    if "years" in cov:
        first, last = cov["years"]
        if cov.get("n_years") == 2:
            bits.append(f"years {first} and {last}")
        else:
            bits.append(
                f"years {first}–{last}"
                + (f" ({cov['n_years']} distinct)" if cov.get("n_years", last - first + 1) < last - first + 1 else "")
            )
    if "economies" in cov:
        bits.append(f"{cov['economies']} economies")
    if cov.get("aggregates"):
        n = cov["aggregates"]
        bits.append(f"1 aggregate ({aggregate})" if n == 1 else f"{n} aggregates incl. World")
    return ", ".join(bits)


def _single_aggregate(res: dict, data_dir: Path) -> str:
    """The name of a resource's only aggregate (World in most tables, the Arab World in published_figures)."""
    if res["coverage"].get("aggregates") != 1:
        return "World"
    countries = load("countries", data_dir)
    names = dict(
        zip(countries.loc[countries["is_aggregate"], "iso3"], countries.loc[countries["is_aggregate"], "name"])
    )
    df = load(res["name"], data_dir)
    column = next(c for c in ("iso3", "iso3_a") if c in df.columns)
    found = sorted(set(df[column].dropna()) & set(names))
    return names[found[0]] if len(found) == 1 else "World"


def _sources(res: dict) -> list[str]:
    lines = []
    for src in res.get("sources", []):
        line = (
            f"- {_text(src['title'])}. <{src['path']}>"
            if src.get("path", "").startswith("http")
            else f"- {_text(src['title'])} (`{src.get('path', '')}`)"
        )
        if src.get("retrieved"):
            line += f" Retrieved {src['retrieved']}."
        if src.get("snapshot"):
            line += f" Snapshot: {src['snapshot']}."
        lines.append(line)
    return lines


def _gaps(res: dict, data_dir: Path) -> list[str]:
    gaps = res.get("x_oic_gaps")
    if not gaps:
        return []
    members = load("oic_members", data_dir)
    names = dict(zip(members["iso3"], members["name"]))
    titles = res.get("indicators", {})
    first = res["coverage"].get("years", [None])[0]
    out = ["", "### Known gaps for the OIC member states", ""]
    for code, g in gaps.items():
        title = titles.get(code, {}).get("title", code)
        none = [f"{names.get(c, c)} ({c})" for c in sorted(g["no_data"], key=lambda c: names.get(c, c))]
        out.append(
            f"- **{title}** (`{code}`): {len(none)} of {len(names)} members have no value at all since {first}: "
            + (", ".join(none) if none else "none")
            + "."
        )
    out += ["", "Latest year with a value, by member (— = no value since " + str(first) + "):", ""]
    codes = list(gaps)
    header = "| Member | ISO3 | " + " | ".join(titles.get(c, {}).get("title", c) for c in codes) + " |"
    out += [header, "|" + " --- |" * (2 + len(codes))]
    for iso3 in sorted(names, key=lambda c: names[c]):
        cells = []
        for c in codes:
            year = gaps[c]["latest_year"].get(iso3)
            n = gaps[c].get("years_with_data", {}).get(iso3)
            cells.append("—" if year is None else f"{year} ({n} yrs)")
        out.append(f"| {_esc(names[iso3])} | {iso3} | " + " | ".join(cells) + " |")
    out += ["", "(n yrs) = number of years with a value since " + str(first) + "."]
    return out


def render(data_dir: str | Path | None = None) -> str:
    """The Markdown text of the page for the data package in ``data_dir``."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    pkg = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    curated = ", ".join(f"`{res['name']}`" for res in pkg["resources"] if res.get("x_curated"))
    lines = [
        INTRO.replace("CURATED", curated),
        "## Overview",
        "",
        "| Dataset | What it holds | Coverage | Licence |",
        "| --- | --- | --- | --- |",
    ]
    aggregate = {res["name"]: _single_aggregate(res, data_dir) for res in pkg["resources"]}
    for res in pkg["resources"]:
        lic = "; ".join(dict.fromkeys(lic["name"] for lic in res.get("licenses", [])))
        lines.append(
            f"| {{ref}}`{res['name']} <data-{res['name']}>` | {_esc(res['title'])} | {_esc(_coverage(res['coverage'], aggregate[res['name']]))} | {_esc(lic)} |"
        )
    for res in pkg["resources"]:
        lines += [
            "",
            f"(data-{res['name']})=",
            f"## `{res['name']}`: {_text(res['title'])}",
            "",
            _text(res["description"]),
            "",
        ]
        lines += [f'**Load:** `load("{res["name"]}")`  ', f"**File:** `data/{res['path']}`  "]
        pk = res["schema"].get("primaryKey", [])
        lines += [
            f"**One row per:** {', '.join(f'`{k}`' for k in pk)}  ",
            f"**Coverage:** {_coverage(res['coverage'], aggregate[res['name']])}",
            "",
        ]
        if res.get("x_curated"):
            lines += ["*Curated table:* written by the course authors from cited sources.", ""]
        if res.get("x_origin") == "worldbank-api":
            lines += [
                f"*Refreshed from the World Bank API* (data last updated by the World Bank: {res.get('x_api_lastupdated', 'unknown')}).",
                "",
            ]
        lines += ["| Field | Type | Unit | Description | Constraints |", "| --- | --- | --- | --- | --- |"]
        for f in res["schema"]["fields"]:
            lines.append(
                f"| `{f['name']}` | {f['type']} | {_esc(f.get('unit', ''))} | {_esc(f.get('description', ''))} | {_esc(_constraints(f))} |"
            )
        lines += ["", "**Sources**", ""] + _sources(res)
        lines += [
            "",
            "**Licence:** " + "; ".join(f"{lic['title']} (<{lic['path']}>)" for lic in res.get("licenses", [])),
        ]
        lines += _gaps(res, data_dir)
        lines += _atlas(res)
    return "\n".join(lines) + "\n"


def _atlas(res: dict) -> list[str]:
    """The policy atlas's coverage of the OIC, overall and by region."""
    atlas = res.get("x_atlas")
    if not atlas:
        return []
    regions = "; ".join(f"{region} {found} of {size}" for region, (found, size) in atlas["by_region"].items())
    return [
        "",
        f"**Atlas coverage:** a cited rule for {atlas['rule_found']} of the {atlas['members']} OIC members; no "
        f"specific rule found for {atlas['no_rule_found']} (searched on {', '.join(atlas['searched_on'])}; each of "
        f"those rows records the sources searched). By World Bank region, members with a rule found: {regions}.",
    ]


def write(data_dir: str | Path | None = None, page: str | Path = PAGE) -> Path:
    page = Path(page)
    page.parent.mkdir(parents=True, exist_ok=True)
    tmp = page.with_suffix(".md.tmp")
    tmp.write_text(render(data_dir), encoding="utf-8")
    tmp.replace(page)
    return page


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintainers.datapage", description="Generate book/data.md.")
    parser.add_argument("--check", action="store_true", help="exit 1 if book/data.md is out of date")
    args = parser.parse_args(argv)
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != render():
            print(f"{PAGE} is out of date; run: python -m maintainers.datapage", file=sys.stderr)
            return 1
        print(f"{PAGE} is up to date")
        return 0
    print(f"wrote {write()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
