"""Refresh the World Bank extracts from the World Bank Indicators API (v2).

Usage (instructors, once a year or so; needs network access)::

    python -m maintainers.refresh              # fetch, validate, then replace the files
    python -m maintainers.refresh --dry-run    # fetch and validate only; change nothing

What it does

1. Downloads the four WDI indicators of ``rd_indicators`` for every economy and
   aggregate (``/v2/country/all/indicator/<code>``, all pages) and the country
   list with regions and income groups (``/v2/country``).
2. Checks every page (JSON shape, indicator code, page count) and that the number
   of records received equals the ``total`` the API announced.
3. Rebuilds ``rd_indicators``, ``countries`` and the region / income-group columns
   of ``oic_members``; records the API as their source with today's retrieval
   date and the API's ``lastupdated`` date in ``data/datapackage.json``; and
   regenerates ``book/data.md``.
4. Validates the new files with :func:`coursekit.data.load`, and only then moves
   them into place, one atomic :func:`os.replace` per file.

If anything fails (no network, an HTTP error, a malformed or partial answer, a
file that does not validate), nothing in ``data/`` or ``book/`` changes and the
command says why and exits with status 1.

After a refresh, ``rd_indicators``/``countries``/``oic_members`` no longer come
from the raw bulk files, so ``python -m maintainers.derive`` would revert them; the
data package marks them with ``"x_origin": "worldbank-api"`` and the
re-derivation test skips them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pandas as pd
import requests

from coursekit.data import DATA_DIR, DataError, load
from maintainers import datapage, derive

API = "https://api.worldbank.org/v2"
PER_PAGE = 1000
TIMEOUT = 60  # seconds per request
MAX_PAGES = 500  # guard against a server that never stops paging
REFRESHED = ("countries", "rd_indicators", "oic_members")


class RefreshError(RuntimeError):
    """The download or the rebuild failed; data/ was not changed."""


# --------------------------------------------------------------------------
# download
# --------------------------------------------------------------------------
def _check_header(payload, what: str, page: int) -> tuple[dict, list]:
    """Return ``(header, records)`` of one API page, or raise RefreshError."""
    if isinstance(payload, list) and payload and isinstance(payload[0], dict) and "message" in payload[0]:
        msgs = "; ".join(f"{m.get('key', '')}: {m.get('value', '')}" for m in payload[0]["message"])
        raise RefreshError(f"{what}, page {page}: the API answered with an error ({msgs})")
    if not (isinstance(payload, list) and len(payload) == 2 and isinstance(payload[0], dict)):
        raise RefreshError(f"{what}, page {page}: unexpected answer (not a [header, records] pair)")
    header, records = payload
    for key in ("page", "pages", "total"):
        try:
            header[key] = int(header[key])
        except (KeyError, TypeError, ValueError):
            raise RefreshError(f"{what}, page {page}: the page header lacks a valid {key!r}") from None
    if header["page"] != page:
        raise RefreshError(f"{what}: asked for page {page}, got page {header['page']}")
    if records is None:
        records = []
    if not isinstance(records, list):
        raise RefreshError(f"{what}, page {page}: records are not a list")
    return header, records


def fetch_all(session, url: str, params: dict, what: str) -> tuple[list[dict], str | None]:
    """Every record of a paged API v2 query, plus the ``lastupdated`` date of the answer."""
    records: list[dict] = []
    page, pages, header = 1, 1, {}
    while page <= pages:
        try:
            resp = session.get(url, params={**params, "page": page}, timeout=TIMEOUT)
        except requests.RequestException as err:
            raise RefreshError(f"{what}, page {page}: network error ({type(err).__name__}: {err})") from None
        if resp.status_code != 200:
            raise RefreshError(f"{what}, page {page}: HTTP status {resp.status_code}")
        try:
            payload = resp.json()
        except ValueError:
            raise RefreshError(f"{what}, page {page}: the answer is not valid JSON (truncated download?)") from None
        header, rows = _check_header(payload, what, page)
        records.extend(rows)
        pages = header["pages"]
        if pages > MAX_PAGES:
            raise RefreshError(f"{what}: the API announced {pages} pages; refusing more than {MAX_PAGES}")
        page += 1
    if len(records) != header.get("total", len(records)):
        raise RefreshError(
            f"{what}: received {len(records)} records but the API announced {header['total']} (partial download)"
        )
    return records, header.get("lastupdated")


def fetch_indicator(session, code: str, first_year: int, last_year: int) -> tuple[pd.DataFrame, str | None]:
    """Long table (iso3, year, indicator, value) of one indicator; rows without a value are dropped."""
    url = f"{API}/country/all/indicator/{code}"
    params = {"format": "json", "per_page": PER_PAGE, "date": f"{first_year}:{last_year}"}
    records, updated = fetch_all(session, url, params, f"indicator {code}")
    rows = []
    for i, rec in enumerate(records, start=1):
        try:
            rec_code = rec["indicator"]["id"]
            iso3 = rec["countryiso3code"]
            year = int(rec["date"])
            value = rec["value"]
        except (KeyError, TypeError, ValueError):
            raise RefreshError(f"indicator {code}: record {i} is malformed: {str(rec)[:120]}") from None
        if rec_code != code:
            raise RefreshError(f"indicator {code}: record {i} is for indicator {rec_code!r}")
        if value is None or not iso3:
            continue
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise RefreshError(f"indicator {code}: record {i} ({iso3} {year}) has a non-numeric value {value!r}")
        rows.append({"iso3": iso3, "year": year, "indicator": code, "value": float(value)})
    if not rows:
        raise RefreshError(f"indicator {code}: the API returned no values")
    return pd.DataFrame(rows), updated


def fetch_countries(session) -> pd.DataFrame:
    """The API's country list as the ``countries`` table (iso3, name, region, income_group, is_aggregate)."""
    records, _ = fetch_all(session, f"{API}/country", {"format": "json", "per_page": PER_PAGE}, "country list")
    rows = []
    for i, rec in enumerate(records, start=1):
        try:
            iso3 = rec["id"]
            name = rec["name"].strip()
            region = (rec["region"]["value"] or "").strip()
            income = (rec["incomeLevel"]["value"] or "").strip()
        except (KeyError, TypeError, AttributeError):
            raise RefreshError(f"country list: record {i} is malformed: {str(rec)[:120]}") from None
        aggregate = region == "Aggregates"
        rows.append(
            {
                "iso3": iso3,
                "name": name,
                "region": None if aggregate or not region else region,
                "income_group": None if aggregate or income in ("", "Not classified", "Aggregates") else income,
                "is_aggregate": aggregate,
            }
        )
    if not rows:
        raise RefreshError("country list: the API returned no countries")
    return pd.DataFrame(rows).sort_values("iso3").reset_index(drop=True)


# --------------------------------------------------------------------------
# rebuild
# --------------------------------------------------------------------------
def _api_source(code: str | None, today: str, updated: str | None) -> dict:
    if code is None:
        return {
            "title": "World Bank Indicators API v2, country list (region, income group)",
            "path": f"{API}/country?format=json",
            "retrieved": today,
        }
    title = derive.INDICATORS[code][0]
    return {
        "title": f"World Bank, World Development Indicators via the Indicators API v2: {title} ({code}); "
        f"World Bank 'lastupdated' {updated or 'not given'}",
        "path": f"{API}/country/all/indicator/{code}?format=json",
        "retrieved": today,
    }


def rebuild(session, data_dir: Path, today: str, first_year: int = derive.FIRST_YEAR_WDI) -> dict[str, str]:
    """Download and rebuild; return ``{file name: new text}`` (nothing is written here)."""
    last_year = int(today[:4])
    countries = fetch_countries(session)
    frames, updated = [], {}
    for code in derive.INDICATORS:
        df, updated[code] = fetch_indicator(session, code, first_year, last_year)
        frames.append(df)
    rd = pd.concat(frames)
    rd = rd[rd["year"] >= first_year].sort_values(["indicator", "iso3", "year"]).reset_index(drop=True)
    if rd.duplicated(["iso3", "year", "indicator"]).any():
        raise RefreshError("the API returned the same (country, year, indicator) twice")

    members = load("oic_members", data_dir)
    meta = countries.set_index("iso3")
    missing = sorted(set(members["iso3"]) - set(meta.index))
    if missing:
        raise RefreshError(f"country list: OIC members missing from the API's country list: {', '.join(missing)}")
    members = members.astype(object).where(members.notna(), None)
    members["region"] = [meta.at[c, "region"] for c in members["iso3"]]
    members["income_group"] = [meta.at[c, "income_group"] for c in members["iso3"]]

    frames_by_name = {"countries": countries, "rd_indicators": rd, "oic_members": members}
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r.name: r for r in derive.RESOURCES}
    lastupdated = max((u for u in updated.values() if u), default=None)
    overrides = {
        "rd_indicators": {
            "sources": [_api_source(c, today, updated[c]) for c in derive.INDICATORS],
            "x_origin": "worldbank-api",
            "x_api_lastupdated": lastupdated,
        },
        "countries": {
            "sources": [_api_source(None, today, None)],
            "x_origin": "worldbank-api",
            "x_api_lastupdated": lastupdated,
        },
    }
    member_sources = [s for s in resources["oic_members"].sources if s is not derive.SRC_WDI_META]
    overrides["oic_members"] = {
        "sources": member_sources + [_api_source(None, today, None)],
        "x_origin": "worldbank-api",
        "x_api_lastupdated": lastupdated,
    }
    new = derive.assemble_package(frames_by_name, [resources[n] for n in REFRESHED], overrides)
    new_by_name = {d["name"]: d for d in new["resources"]}
    package["resources"] = [new_by_name.get(r["name"], r) for r in package["resources"]]
    texts = {f"{n}.csv": derive.csv_text(frames_by_name[n], resources[n].fields) for n in REFRESHED}
    texts["datapackage.json"] = derive.package_json(package)
    return texts


def refresh(
    data_dir: str | Path | None = None,
    page: str | Path | None = None,
    session=None,
    today: str | None = None,
    dry_run: bool = False,
) -> dict[str, str]:
    """Fetch, rebuild, validate and (unless ``dry_run``) install the new files.

    Raises :class:`RefreshError` (data unchanged) on any failure.
    Returns ``{path: new text}`` of the files written (or that would be written).
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    page = Path(page) if page is not None else datapage.PAGE
    session = session or requests.Session()
    today = today or dt.date.today().isoformat()
    texts = rebuild(session, data_dir, today)

    staging = Path(tempfile.mkdtemp(prefix=".refresh-", dir=data_dir))
    try:
        # a full copy of the package with the new files, to validate it as a whole
        for f in data_dir.iterdir():
            if f.is_file():
                shutil.copy2(f, staging / f.name)
        for name, text in texts.items():
            (staging / name).write_bytes(text.encode("utf-8"))
        try:
            for name in REFRESHED:
                load(name, staging)
            page_text = datapage.render(staging)
        except DataError as err:
            msg = str(err).replace(f"{staging.name}/", f"{data_dir.name}/")  # name the real file, not the staging copy
            raise RefreshError(f"the rebuilt files do not validate: {msg}") from None
        if not dry_run:
            page_tmp = page.with_name(f".{page.name}.refresh-tmp")  # same folder, so os.replace is atomic
            page_tmp.write_bytes(page_text.encode("utf-8"))
            for name in texts:
                os.replace(staging / name, data_dir / name)
            os.replace(page_tmp, page)
        result = {str(data_dir / n): t for n, t in texts.items()}
        result[str(page)] = page_text
        return result
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintainers.refresh", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", default=None, help="data folder (default: the repository's data/)")
    parser.add_argument("--page", default=None, help="generated book page (default: book/data.md)")
    parser.add_argument("--dry-run", action="store_true", help="download and validate, but change nothing")
    args = parser.parse_args(argv)
    try:
        written = refresh(args.data_dir, args.page, dry_run=args.dry_run)
    except RefreshError as err:
        print(f"maintainers.refresh: refresh failed: {err}\nNothing was changed in data/ or book/.", file=sys.stderr)
        return 1
    verb = "would update" if args.dry_run else "updated"
    for path in written:
        print(f"{verb} {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
