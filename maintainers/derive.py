"""Derive the course's small data extracts from the raw source files.

Usage::

    python -m maintainers.derive            # rebuild every file in data/
    python -m maintainers.derive --check    # rebuild into a temporary folder and
                                          # report files that differ from data/

The raw files are NOT part of the repository. They live in
``../shared/data-sources/`` next to the repository (see the PROVENANCE.md there);
set the environment variable ``COURSE_DATA_SOURCES`` (or pass ``--sources``) to
use another folder. Without them this command stops with a clear message; the
committed extracts in ``data/`` are all the book and the tests need.

The output is deterministic: rows are sorted, numbers are written in Python's
shortest round-trip form (``repr``), missing values are empty cells, lines end
with ``\\n``. Re-running the derivation therefore reproduces ``data/`` byte for
byte (``tests/test_derive.py`` checks this).

Curated, hand-written tables (stem cell policies, events, the rulings of chapter 8 and their
permissions and summaries, the claims and published figures of chapter 12, the capstone's rules) are
edited where they are published, in ``data/``: this script validates them (each row carries a citation
key from ``references.bib``) and writes them back in canonical order, so ``--check`` fails on an edit
that breaks them. Cited facts live in these tables, never in Python literals. The OIC's official joining years, an input of ``oic_members`` and not a dataset,
are ``maintainers/oic_official_joined.csv``. No curated file exists twice.
"""

from __future__ import annotations

import argparse
import csv
import html
import io
import json
import math
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from coursekit.atlas import CATEGORY_ORDER, NOT_FOUND
from coursekit.claims import POINTS
from coursekit.rulings import SOURCES, STATUSES
from maintainers.structure import bib_keys

REPO = Path(__file__).resolve().parent.parent
DATA_DIR = REPO / "data"
#: Where the curated, cited tables are edited: data/ itself (see the module docstring).
CURATED_DIR = DATA_DIR
#: The OIC's official joining years (cited), an input of oic_members.
OFFICIAL_JOINED = Path(__file__).resolve().parent / "oic_official_joined.csv"
ENV_VAR = "COURSE_DATA_SOURCES"
DEFAULT_SOURCES = REPO.parent / "shared" / "data-sources"

#: Date on which the raw snapshots in ../shared/data-sources were fetched from
#: their GitHub repositories (see PROVENANCE.md there).
SNAPSHOT_DATE = "2026-11-21"
WDI_RELEASE = "2026-07-13"
FIRST_YEAR_WDI = 2000

WDI_FILES = {
    "GB.XPD.RSDV.GD.ZS": "API_GB.XPD.RSDV.GD.ZS_DS2_en_csv_v2_232.csv",
    "SP.POP.SCIE.RD.P6": "API_SP.POP.SCIE.RD.P6_DS2_en_csv_v2_37695.csv",
    "NY.GDP.PCAP.CD": "API_NY.GDP.PCAP.CD_DS2_en_csv_v2_33610.csv",
    "SP.POP.TOTL": "API_SP.POP.TOTL_DS2_en_csv_v2_33112.csv",
}
WDI_METADATA = "Metadata_Country_API_SP.POP.TOTL_DS2_en_csv_v2_33112.csv"
INDICATORS = {
    # code: (short description, unit)
    "GB.XPD.RSDV.GD.ZS": ("Research and development expenditure (% of GDP)", "% of GDP"),
    "SP.POP.SCIE.RD.P6": ("Researchers in R&D (per million people)", "per million people"),
    "NY.GDP.PCAP.CD": ("GDP per capita (current US$)", "current US$"),
    "SP.POP.TOTL": ("Population, total", "people"),
}


class SourcesMissing(RuntimeError):
    """The raw data-sources folder (or a file in it) is not available."""


# ==========================================================================
# helpers
# ==========================================================================
def sources_dir(path: str | Path | None = None) -> Path:
    """The raw data folder: ``path``, else $COURSE_DATA_SOURCES, else ../shared/data-sources."""
    if path is None:
        path = os.environ.get(ENV_VAR) or DEFAULT_SOURCES
    return Path(path)


def _need(src: Path, rel: str) -> Path:
    p = src / rel
    if not p.is_file():
        raise SourcesMissing(
            f"raw file {rel} not found in {src}. The derivation needs the raw data folder "
            f"described in PROVENANCE.md (default {DEFAULT_SOURCES}; set {ENV_VAR} to use another "
            "folder). The committed extracts in data/ do not need it."
        )
    return p


def format_cell(value, ftype: str) -> str:
    """Text of one CSV cell: empty for missing, ``repr`` for floats, ``true``/``false``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    if ftype in ("integer", "year"):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"non-integer value {value!r} in an integer column")
        return str(int(value))
    if ftype == "number":
        return repr(float(value))
    if ftype == "boolean":
        return "true" if bool(value) else "false"
    return str(value)


def csv_text(df: pd.DataFrame, fields: list[dict]) -> str:
    """Deterministic CSV text for ``df`` with the columns and types of ``fields``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    names = [f["name"] for f in fields]
    writer.writerow(names)
    types = [f["type"] for f in fields]
    for row in df[names].itertuples(index=False, name=None):
        writer.writerow([format_cell(v, t) for v, t in zip(row, types)])
    return buf.getvalue()


def clean_label(label: str) -> str:
    """NCSES labels: decode HTML entities and drop footnote markers like ``<sup>a</sup>``."""
    label = re.sub(r"<sup>.*?</sup>", "", label)
    return html.unescape(label).replace("\u2019", "'").strip()


def F(name, ftype, description, unit=None, **constraints) -> dict:
    """A Table Schema field."""
    out = {"name": name, "type": ftype, "description": description}
    if unit:
        out["unit"] = unit
    if constraints:
        out["constraints"] = constraints
    return out


# ==========================================================================
# licences and sources
# ==========================================================================
LIC_CCBY = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 (World Bank data)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
LIC_US_PD = {
    "name": "US-Gov-Work",
    "title": "US federal government work (NSF/NCSES), public domain in the US; the GitHub repackaging has no licence file",
    "path": "https://www.nsf.gov/policies/site-policies",
}
LIC_COW = {
    "name": "COW-terms",
    "title": "Correlates of War data: free to use with citation (Pevehouse et al. 2020); igoR package GPL-3",
    "path": "https://correlatesofwar.org/data-sets/igos/",
}
LIC_SCIMAGO = {
    "name": "SCImago-terms",
    "title": "SCImago Journal & Country Rank: free to use with attribution to SCImago (sjrdata package MIT)",
    "path": "https://www.scimagojr.com/aboutus.php",
}
LIC_NLM = {
    "name": "NLM-terms",
    "title": "ClinicalTrials.gov content provided by the US National Library of Medicine for public use (NLM terms); source repository GPL-3.0",
    "path": "https://clinicaltrials.gov/about-site/terms-conditions",
}
LIC_CURATED = {
    "name": "CC-BY-4.0",
    "title": "Curated by the course authors from the cited sources; CC BY 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


def _wdi_source(code: str) -> dict:
    return {
        "title": f"World Bank, World Development Indicators, {code} (release 'Last Updated Date' {WDI_RELEASE})",
        "path": f"https://data.worldbank.org/indicator/{code}",
        "retrieved": SNAPSHOT_DATE,
        "snapshot": (
            f"data-sources/wdi/{WDI_FILES[code]}; byte copy of a blob in "
            + (
                "github.com/Likhi-tha1505/SCT_DS_Task01 commit 4a4ebbfb55aa7b6ef9483e61f09afcdb37cb6fc9"
                if code == "SP.POP.TOTL"
                else "github.com/Zavvnr/Zavier-ISS-Presentation-Data commit 9a5363315fc6a11d498114dd639bc3ddbe6fd0d5"
            )
        ),
    }


SRC_WDI_META = {
    "title": f"World Bank, WDI country metadata (region, income group), release {WDI_RELEASE}",
    "path": "https://datahelpdesk.worldbank.org/knowledgebase/articles/906519-world-bank-country-and-lending-groups",
    "retrieved": SNAPSHOT_DATE,
    "snapshot": f"data-sources/wdi/{WDI_METADATA}; github.com/Likhi-tha1505/SCT_DS_Task01 commit 4a4ebbfb55aa7b6ef9483e61f09afcdb37cb6fc9 (blob 6d20ec6f)",
}


def _ncses_source(table: str, number: str, title: str, blob_note: str = "") -> dict:
    return {
        "title": f"NSF/NCSES, Science & Engineering Indicators 2024, Publications Output, table {number} (modal ID {table}): {title}; Scopus data via Science-Metrix, accessed April 2023",
        "path": "https://ncses.nsf.gov/pubs/nsb202333",
        "retrieved": SNAPSHOT_DATE,
        "snapshot": f"data-sources/ncses/ncses_{table}_data.csv; github.com/bq-org/ncses_stats_explorer_placeholder commit 1f879ab65ed260668840db406611ddc10e8455bc, path output/tables/{table}/data.csv{blob_note}",
    }


SRC_COW = {
    "title": "Correlates of War IGO data v3.0 (Pevehouse, Nordstrom, McManus & Jamison 2020, Journal of Peace Research, doi:10.1177/0022343319881175), OIC rows 1969-2014, via the R package igoR",
    "path": "https://correlatesofwar.org/data-sets/igos/",
    "retrieved": SNAPSHOT_DATE,
    "snapshot": "data-sources/cow_igo/igo_year_format3_OIC_rows.csv (the OIC rows of igo_year_format3.rda); github.com/dieghernan/igoR commit c9936cac3f0fc117520e89f9a232e62dde1ce3e9, path data/igo_year_format3.rda (blob 5ab986cd)",
}
SRC_OIC_PAGE = {
    "title": "Organisation of Islamic Cooperation, 'États Membres' (member states page, French edition), 'Membre depuis' years as shown in the stored corpus excerpt (curated: maintainers/oic_official_joined.csv)",
    "path": "https://oic-oci.org/states/?lan=fr",
    "retrieved": SNAPSHOT_DATE,
}
SRC_SIS_EGYPT = {
    "title": "Egypt State Information Service (2023-03-18), 'The Organization of Islamic Cooperation', table 'Date of Joining' (used only for Palestine, which COW omits; curated: maintainers/oic_official_joined.csv)",
    "path": "https://us.sis.gov.eg/Story/178316/The-Organization-of-Islamic-Cooperation?lang=en-us",
    "retrieved": SNAPSHOT_DATE,
}
SRC_SCIMAGO = {
    "title": "SCImago Journal & Country Rank (Scopus data), country tables 1999-2024, retrieved 2025-07-04 per the sjrdata package documentation",
    "path": "https://www.scimagojr.com/countryrank.php",
    "retrieved": SNAPSHOT_DATE,
    "snapshot": "data-sources/scimago/sjr_countries.csv (plain-CSV conversion of data/sjr_countries.rda); github.com/ikashnitsky/sjrdata commit fe0250a8220ede09d1176af1cedd9486d74861e0 (blob c76b13aa)",
}
SRC_CTGOV = {
    "title": "ClinicalTrials.gov legacy CSV export of the search 'mesenchymal stem OR mesenchymal stromal' (1389 trials, First Posted 2004-2022), file added 2022-10-09",
    "path": "https://clinicaltrials.gov",
    "retrieved": SNAPSHOT_DATE,
    "snapshot": "data-sources/clinicaltrials/ctgov_mesenchymal_stem_OR_stromal_2022.csv; github.com/jesnyder/mapClinical commit 9be4b641ed11ab91345fa6e847107bc183f46bd5, path 'user_provided/clinicalTrialsDownload/mesenchymal stem OR mesenchymal stromal.csv'",
}


# ==========================================================================
# resources
# ==========================================================================
@dataclass
class Resource:
    name: str
    title: str
    description: str
    fields: list[dict]
    primary_key: list[str]
    sources: list[dict]
    licenses: list[dict]
    build: Callable[[Context], pd.DataFrame]
    extra: dict = field(default_factory=dict)

    def descriptor(self, coverage: dict) -> dict:
        d = {
            "name": self.name,
            "path": f"{self.name}.csv",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "profile": "tabular-data-resource",
            "schema": {"fields": self.fields, "primaryKey": self.primary_key, "missingValues": [""]},
            "sources": self.sources,
            "licenses": self.licenses,
        }
        d.update(self.extra)
        d["coverage"] = coverage
        return d


class Context:
    """Holds the raw-data folder and caches intermediate tables shared by builders."""

    def __init__(self, src: Path):
        self.src = src
        self._cache: dict[str, pd.DataFrame] = {}

    def get(self, name: str, builder: Callable[[Context], pd.DataFrame]) -> pd.DataFrame:
        if name not in self._cache:
            self._cache[name] = builder(self)
        return self._cache[name]


# --------------------------------------------------------------------------
# countries (WDI metadata)
# --------------------------------------------------------------------------
def read_wdi_metadata(src: Path) -> pd.DataFrame:
    meta = pd.read_csv(_need(src, f"wdi/{WDI_METADATA}"), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return meta[["Country Code", "TableName", "Region", "IncomeGroup"]].rename(
        columns={"Country Code": "iso3", "TableName": "name", "Region": "region", "IncomeGroup": "income_group"}
    )


def build_countries(ctx: Context) -> pd.DataFrame:
    meta = read_wdi_metadata(ctx.src)
    # economies present in the indicator files but missing from the metadata (e.g. INX "Not classified")
    names = {}
    for code in WDI_FILES:
        wide = read_wdi_wide(ctx.src, code)
        names.update(dict(zip(wide["Country Code"], wide["Country Name"])))
    extra = sorted(set(names) - set(meta["iso3"]))
    if extra:
        meta = pd.concat(
            [meta, pd.DataFrame({"iso3": extra, "name": [names[c] for c in extra], "region": "", "income_group": ""})]
        )
    meta = meta.replace({"": None})
    meta["is_aggregate"] = meta["region"].isna()
    return meta.sort_values("iso3").reset_index(drop=True)


COUNTRIES = Resource(
    name="countries",
    title="Economies and aggregates of the World Bank (WDI)",
    description=(
        "Every code used in rd_indicators: the 217 World Bank economies with their region and income group "
        "(World Bank classification in the WDI release of " + WDI_RELEASE + ") and the aggregates (regions, income "
        "groups, World), marked is_aggregate. Derived from the WDI country metadata file. Codes present in the "
        "indicator files but absent from the metadata (INX, 'Not classified') are kept as aggregates with no region."
    ),
    fields=[
        F(
            "iso3",
            "string",
            "World Bank code: ISO 3166-1 alpha-3 for economies (XKX for Kosovo), a World Bank code for aggregates (e.g. WLD, MEA)",
            required=True,
            unique=True,
            pattern="[A-Z0-9]{3}",
        ),
        F("name", "string", "World Bank short name of the economy or aggregate", required=True),
        F("region", "string", "World Bank region (economies only)"),
        F(
            "income_group",
            "string",
            "World Bank income group (economies only; empty where unclassified)",
            enum=["Low income", "Lower middle income", "Upper middle income", "High income"],
        ),
        F(
            "is_aggregate",
            "boolean",
            "true for regional, income and other aggregates; false for economies",
            required=True,
        ),
    ],
    primary_key=["iso3"],
    sources=[SRC_WDI_META],
    licenses=[LIC_CCBY],
    build=build_countries,
)


# --------------------------------------------------------------------------
# rd_indicators (WDI)
# --------------------------------------------------------------------------
def read_wdi_wide(src: Path, code: str) -> pd.DataFrame:
    path = _need(src, f"wdi/{WDI_FILES[code]}")
    wide = pd.read_csv(path, skiprows=4, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    if set(wide["Indicator Code"]) != {code}:
        raise ValueError(f"{path}: expected only indicator {code}")
    return wide


def build_rd_indicators(ctx: Context) -> pd.DataFrame:
    frames = []
    for code in WDI_FILES:
        wide = read_wdi_wide(ctx.src, code)
        years = [c for c in wide.columns if c.isdigit() and int(c) >= FIRST_YEAR_WDI]
        long = wide.melt(id_vars=["Country Code"], value_vars=years, var_name="year", value_name="value")
        long = long[long["value"] != ""]
        frames.append(
            pd.DataFrame(
                {
                    "iso3": long["Country Code"],
                    "year": long["year"].astype(int),
                    "indicator": code,
                    "value": long["value"].astype(float),
                }
            )
        )
    out = pd.concat(frames)
    return out.sort_values(["indicator", "iso3", "year"]).reset_index(drop=True)


RD_INDICATORS = Resource(
    name="rd_indicators",
    title="R&D expenditure, researchers, GDP per capita and population (WDI), 2000 onward",
    description=(
        "Tidy long table of four World Development Indicators for every economy and World Bank aggregate, "
        f"years {FIRST_YEAR_WDI} onward; one row per (iso3, year, indicator) that has a value (missing values are "
        "simply absent). The R&D series reach the World Bank from the UNESCO Institute for Statistics (UIS) and "
        "are sparse for many economies. Join with the countries table for names, regions and income groups. "
        "Refresh from the World Bank API with `python -m maintainers.refresh`."
    ),
    fields=[
        F(
            "iso3",
            "string",
            "World Bank code of the economy or aggregate (see the countries table)",
            required=True,
            pattern="[A-Z0-9]{3}",
        ),
        F("year", "integer", "Calendar year", required=True, minimum=FIRST_YEAR_WDI, maximum=2100),
        F(
            "indicator",
            "string",
            "WDI indicator code: GB.XPD.RSDV.GD.ZS = R&D expenditure (% of GDP); SP.POP.SCIE.RD.P6 = researchers in R&D per million people; NY.GDP.PCAP.CD = GDP per capita (current US$); SP.POP.TOTL = population",
            required=True,
            enum=list(INDICATORS),
        ),
        F(
            "value",
            "number",
            "Indicator value; the unit depends on the indicator (% of GDP, per million people, current US$, people)",
            required=True,
        ),
    ],
    primary_key=["iso3", "year", "indicator"],
    sources=[_wdi_source(c) for c in WDI_FILES],
    licenses=[LIC_CCBY],
    build=build_rd_indicators,
    extra={"indicators": {c: {"title": t, "unit": u} for c, (t, u) in INDICATORS.items()}, "x_origin": "wdi-bulk"},
)


# --------------------------------------------------------------------------
# oic_members (COW IGO + curated official years)
# --------------------------------------------------------------------------
#: COW state-column name -> ISO3, for the 56 states coded as full OIC members in 2014.
COW_ISO3 = {
    "afghanistan": "AFG",
    "albania": "ALB",
    "algeria": "DZA",
    "azerbaijan": "AZE",
    "bahrain": "BHR",
    "bangladesh": "BGD",
    "benin": "BEN",
    "brunei": "BRN",
    "burkinafaso": "BFA",
    "cameroon": "CMR",
    "chad": "TCD",
    "comoros": "COM",
    "djibouti": "DJI",
    "egypt": "EGY",
    "gabon": "GAB",
    "gambia": "GMB",
    "guinea": "GIN",
    "guineabissau": "GNB",
    "guyana": "GUY",
    "indonesia": "IDN",
    "iran": "IRN",
    "iraq": "IRQ",
    "ivorycoast": "CIV",
    "jordan": "JOR",
    "kazakhstan": "KAZ",
    "kuwait": "KWT",
    "kyrgyzstan": "KGZ",
    "lebanon": "LBN",
    "libya": "LBY",
    "malaysia": "MYS",
    "maldives": "MDV",
    "mali": "MLI",
    "mauritania": "MRT",
    "morocco": "MAR",
    "mozambique": "MOZ",
    "niger": "NER",
    "nigeria": "NGA",
    "oman": "OMN",
    "pakistan": "PAK",
    "qatar": "QAT",
    "saudiarabia": "SAU",
    "senegal": "SEN",
    "sierraleone": "SLE",
    "somalia": "SOM",
    "sudan": "SDN",
    "suriname": "SUR",
    "syria": "SYR",
    "tajikistan": "TJK",
    "togo": "TGO",
    "tunisia": "TUN",
    "turkey": "TUR",
    "turkmenistan": "TKM",
    "uae": "ARE",
    "uganda": "UGA",
    "uzbekistan": "UZB",
    "yemen": "YEM",
}
#: COW codes unified Yemen (679) only from 1990; its predecessor the Yemen Arab Republic
#: (North Yemen, COW column "nyemen") was a full member from 1969.
COW_PREDECESSORS = {"yemen": {"nyemen": "the Yemen Arab Republic (COW column 'nyemen')"}}
COW_FULL = 1


def read_cow_oic(src: Path) -> pd.DataFrame:
    cow = pd.read_csv(_need(src, "cow_igo/igo_year_format3_OIC_rows.csv"))
    cow = cow[cow["ioname"] == "OIC"].copy()
    cow["year"] = cow["year"].astype(int)
    cols = list(cow.columns)
    states = cols[cols.index("year") + 1 : cols.index("sdate")]
    return cow.set_index("year")[states].sort_index()


def read_curated(name: str) -> pd.DataFrame:
    path = OFFICIAL_JOINED if name == OFFICIAL_JOINED.stem else CURATED_DIR / f"{name}.csv"
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _shown(path: Path) -> str:
    """A path as messages name it: relative to the repository where it can be."""
    try:
        return path.resolve().relative_to(REPO).as_posix()
    except ValueError:
        return f"{path.parent.name}/{path.name}"


def build_oic_members(ctx: Context) -> pd.DataFrame:
    cow = read_cow_oic(ctx.src)
    last = cow.index.max()
    members = sorted(c for c in cow.columns if cow.at[last, c] == COW_FULL)
    if set(members) != set(COW_ISO3):
        raise ValueError(
            f"COW full OIC members in {last} differ from the mapping: {sorted(set(members) ^ set(COW_ISO3))}"
        )
    official = read_curated("oic_official_joined").set_index("iso3")
    meta = read_wdi_metadata(ctx.src).set_index("iso3")

    rows = []
    for col in members:
        iso3 = COW_ISO3[col]
        years = {c: cow.index[cow[c] == COW_FULL] for c in [col, *COW_PREDECESSORS.get(col, [])]}
        joined = int(min(y.min() for y in years.values()))
        notes = []
        if col in COW_PREDECESSORS:
            own = int(years[col].min())
            notes.append(
                f"COW codes the unified state only from {own}; joined = first year of its predecessor "
                f"{', '.join(COW_PREDECESSORS[col].values())} as a full member"
            )
        first = int(years[col].min())
        after = cow.loc[first:, col]
        if (after != COW_FULL).any():
            gaps = [int(y) for y in after.index[after != COW_FULL]]
            notes.append(f"COW codes no full membership in {gaps[0]}-{gaps[-1]}")
        rows.append({"iso3": iso3, "joined": joined, "joined_source": "COW IGO v3.0", "notes": notes})

    # Palestine: not in the COW state system, taken from the curated (cited) table
    for iso3, rec in official.iterrows():
        if iso3 in {r["iso3"] for r in rows}:
            continue
        joined = int(rec["joined_if_not_in_cow"]) if rec["joined_if_not_in_cow"] else None
        rows.append(
            {
                "iso3": iso3,
                "joined": joined,
                "joined_source": rec["source"],
                "notes": [rec["note"]] if rec["note"] else [],
            }
        )

    out = []
    for r in rows:
        iso3 = r["iso3"]
        off = official.loc[iso3] if iso3 in official.index else None
        off_year = int(off["oic_official_joined"]) if off is not None and off["oic_official_joined"] else None
        notes = list(r["notes"])
        if off_year is not None and r["joined_source"] == "COW IGO v3.0" and off_year != r["joined"]:
            notes.append(f"COW year {r['joined']} differs from the OIC's own year {off_year}")
        if off is not None and off["note"] and r["joined_source"] == "COW IGO v3.0":
            notes.append(off["note"])
        m = meta.loc[iso3]
        name = off["name"] if off is not None and off["name"] else m["name"]
        out.append(
            {
                "iso3": iso3,
                "name": name,
                "joined": r["joined"],
                "joined_source": r["joined_source"],
                "oic_official_joined": off_year,
                "region": m["region"] or None,
                "income_group": m["income_group"] or None,
                "note": "; ".join(notes) or None,
            }
        )
    df = pd.DataFrame(out).sort_values("iso3").reset_index(drop=True)
    if len(df) != 57:
        raise ValueError(f"expected 57 OIC member states, got {len(df)}")
    return df


OIC_MEMBERS = Resource(
    name="oic_members",
    title="The 57 member states of the Organisation of Islamic Cooperation",
    description=(
        "One row per OIC member state. `joined` is derived from the Correlates of War IGO data v3.0 (OIC rows "
        "1969-2014): the first year a state is coded as a full member (code 1). For Yemen the first year of its "
        "predecessor, the Yemen Arab Republic, is used. Palestine is not in the COW state system; its year comes "
        "from a cited source (see joined_source). `oic_official_joined` is the year on the OIC's own member-states "
        "page where that page (as seen) gives one; where it differs from COW, `note` says so. Region and income "
        "group: World Bank classification (WDI release " + WDI_RELEASE + "); Palestine is 'West Bank and Gaza' (PSE) "
        "in World Bank data."
    ),
    fields=[
        F(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code as used by the World Bank (PSE = West Bank and Gaza for Palestine)",
            required=True,
            unique=True,
            pattern="[A-Z]{3}",
        ),
        F("name", "string", "Short name (World Bank name; 'Palestine' for PSE)", required=True),
        F(
            "joined",
            "integer",
            "Year of joining as a full member (COW IGO v3.0 unless joined_source says otherwise)",
            minimum=1969,
            maximum=2100,
        ),
        F("joined_source", "string", "Source of `joined`", required=True),
        F(
            "oic_official_joined",
            "integer",
            "Year of joining given on the OIC's member-states page (empty where not seen)",
            minimum=1969,
            maximum=2100,
        ),
        F("region", "string", "World Bank region", required=True),
        F(
            "income_group",
            "string",
            "World Bank income group (empty if unclassified)",
            enum=["Low income", "Lower middle income", "Upper middle income", "High income"],
        ),
        F("note", "string", "Remarks: source disagreements, predecessor states"),
    ],
    primary_key=["iso3"],
    sources=[SRC_COW, SRC_OIC_PAGE, SRC_SIS_EGYPT, SRC_WDI_META],
    licenses=[LIC_COW, LIC_CCBY, LIC_CURATED],
    build=build_oic_members,
)


# --------------------------------------------------------------------------
# NCSES: country labels -> ISO3
# --------------------------------------------------------------------------
#: NCSES country labels that differ from the World Bank's names, with their ISO 3166-1 alpha-3 codes.
#: Economies the World Bank does not list (Taiwan, Cook Islands, Niue, Holy See) get their ISO code.
NCSES_ISO3 = {
    "World": "WLD",
    "EU-27": "EUU",
    "Bahamas, The": "BHS",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Russia": "RUS",
    "Turkey": "TUR",
    "Iran": "IRN",
    "Egypt": "EGY",
    "Syria": "SYR",
    "Yemen": "YEM",
    "Gambia, The": "GMB",
    "Congo, Democratic Republic of the": "COD",
    "Congo, Republic of the": "COG",
    "Côte d'Ivoire": "CIV",
    "São Tomé and Príncipe": "STP",
    "Tanzania": "TZA",
    "Brunei": "BRN",
    "Burma": "MMR",
    "Kyrgyzstan": "KGZ",
    "Laos": "LAO",
    "North Korea": "PRK",
    "South Korea": "KOR",
    "Taiwan": "TWN",
    "Vietnam": "VNM",
    "Micronesia, Federated States of": "FSM",
    "Cook Islands": "COK",
    "Niue": "NIU",
    "Holy See (Vatican City)": "VAT",
    "Kosovo": "XKX",
    "Slovakia": "SVK",
    "Czechia": "CZE",
    "Saint Kitts and Nevis": "KNA",
    "Saint Lucia": "LCA",
    "Saint Vincent and the Grenadines": "VCT",
    "Moldova": "MDA",
    "Greenland": "GRL",
    "Puerto Rico": "PRI",
    "United States": "USA",
    "Cabo Verde": "CPV",
    "Eswatini": "SWZ",
    "Montenegro": "MNE",
    "Serbia": "SRB",
    "North Macedonia": "MKD",
}
#: NCSES rows that are not single economies (regions, groupings, parts of an economy): no ISO3.
NCSES_NO_ISO3 = {
    "North America",
    "Central America and Caribbean",
    "South America",
    "Europe",
    "EU-27 and United Kingdom",
    "Other Europe",
    "Other Europe, 2020",
    "Middle East",
    "Africa",
    "Asia",
    "Australia and Oceania",
    "Unassigned",
    "Serbia and Montenegro",
    "Gaza Strip",
    "West Bank",
}


def ncses_iso3(labels, ctx: Context) -> dict[str, str | None]:
    """Map cleaned NCSES labels to ISO3 (regions and parts of economies get None)."""
    regions = {label: None for label in labels if label in NCSES_NO_ISO3}
    explicit = {label: NCSES_ISO3[label] for label in labels if label in NCSES_ISO3}
    rest = set(labels) - set(regions) - set(explicit)
    return {**regions, **explicit, **iso3_for_names(rest, ctx, "NCSES")}


# --------------------------------------------------------------------------
# coauthorship (NCSES table 10001)
# --------------------------------------------------------------------------
COAUTH_ATTRS = {
    "Total articles": "total",
    "With multiple institutions": "multiple_institutions",
    "With domestic institutions only": "domestic_only",
    "With international institutions": "international",
}


def build_coauthorship(ctx: Context) -> pd.DataFrame:
    raw = pd.read_csv(_need(ctx.src, "ncses/ncses_10001_data.csv"), dtype=str, keep_default_na=False)
    parts = raw["region_country_or_economy_full_path"].str.split(" -> ")
    raw = raw.assign(country=parts.str[1].fillna(""), attr=parts.str[-1])
    # World rows: "World -> Total articles -> ..."; countries: "World -> X -> Total articles -> ..."
    raw.loc[raw["country"] == "Total articles", "country"] = "World"
    raw = raw[raw["attr"].isin(list(COAUTH_ATTRS))]
    years = [c for c in raw.columns if c.startswith("field_")]
    long = raw.melt(id_vars=["country", "attr"], value_vars=years, var_name="year", value_name="articles")
    if not long["articles"].str.fullmatch(r"\d+").all():
        bad = long.loc[~long["articles"].str.fullmatch(r"\d+"), "articles"].unique()
        raise ValueError(f"table 10001: non-integer article counts {bad[:5]}")
    labels = [clean_label(c) for c in long["country"]]
    codes = ncses_iso3(set(labels), ctx)
    out = pd.DataFrame(
        {
            "country": labels,
            "iso3": [codes[c] for c in labels],
            "year": long["year"].str.removeprefix("field_").astype(int),
            "attribute": long["attr"].map(COAUTH_ATTRS),
            "articles": long["articles"].astype(int),
        }
    )
    order = {a: i for i, a in enumerate(COAUTH_ATTRS.values())}
    out = out.assign(_o=out["attribute"].map(order)).sort_values(["country", "year", "_o"]).drop(columns="_o")
    return out.reset_index(drop=True)


COAUTHORSHIP = Resource(
    name="coauthorship",
    title="S&E articles by coauthorship attribute, 46 countries and the world, 2003-2022 (NCSES table 10001)",
    description=(
        "Articles in all S&E fields by coauthorship attribute, whole counts (each collaborating country is "
        "credited with one count), Scopus data, by year of publication. `total` = all articles; "
        "`multiple_institutions` = two or more institutional addresses; `domestic_only` = all addresses within one "
        "country (includes single-author articles); `international` = addresses in more than one country. "
        "domestic_only + international may be less than total because some addresses are incomplete. Countries "
        "contributing less than 1% of internationally coauthored articles in 2022 are omitted by NCSES. "
        "Reshaped from wide to long; labels were intact in the source."
    ),
    fields=[
        F("country", "string", "NCSES country label (e.g. 'Iran', 'South Korea'), or 'World'", required=True),
        F("iso3", "string", "ISO 3166-1 alpha-3 code; WLD for World", required=True, pattern="[A-Z]{3}"),
        F("year", "integer", "Year of publication", required=True, minimum=2003, maximum=2022),
        F("attribute", "string", "Coauthorship attribute", required=True, enum=list(COAUTH_ATTRS.values())),
        F("articles", "integer", "Number of articles, whole count", "articles", required=True, minimum=0),
    ],
    primary_key=["country", "year", "attribute"],
    sources=[
        _ncses_source(
            "10001",
            "SPBS-33",
            "S&E articles in all fields combined, by coauthorship attribute and selected region, country, or economy: 2003-22",
        )
    ],
    licenses=[LIC_US_PD],
    build=build_coauthorship,
)


# --------------------------------------------------------------------------
# publications (NCSES tables 9970 and 9973)
# --------------------------------------------------------------------------
PUB_TABLES = {
    # table id: (field code, rows per group, has income-group row first)
    "9970": ("all_se", 21, True),
    "9973": ("biological_biomedical", 20, False),
}
NCSES_INCOME = {"High", "Upper-middle", "Lower-middle", "Low", "Not classified", "na"}


def read_ncses_groups(src: Path, table: str) -> list[tuple[str, list[str]]]:
    """``[(time_period path, [values in row_id order]), ...]`` in file order."""
    raw = pd.read_csv(_need(src, f"ncses/ncses_{table}_data.csv"), dtype=str, keep_default_na=False)
    raw = raw.assign(_n=raw["row_id"].str[1:].astype(int)).sort_values("_n", kind="stable")
    groups = []
    for path, grp in raw.groupby("time_period", sort=False):
        groups.append((path, grp["value"].tolist()))
    return groups


def ncses_kind(label: str) -> str:
    if label == "World":
        return "world"
    if label == "Unassigned":
        return "unassigned"
    if label in NCSES_NO_ISO3 - {"Serbia and Montenegro", "Gaza Strip", "West Bank"} or label == "EU-27":
        return "region"
    return "economy"


def build_publications(ctx: Context) -> pd.DataFrame:
    frames = []
    for table, (fcode, size, income_first) in PUB_TABLES.items():
        groups = read_ncses_groups(ctx.src, table)
        if len(groups) != 217:
            raise ValueError(f"table {table}: expected 217 row groups, got {len(groups)}")
        for path, values in groups:
            if len(values) != size:
                raise ValueError(f"table {table}: group {path!r} has {len(values)} rows, expected {size}")
            if income_first:
                if values[0] not in NCSES_INCOME:
                    raise ValueError(
                        f"table {table}: group {path!r} does not start with an income group ({values[0]!r})"
                    )
                values = values[1:]
            parts = [clean_label(p) for p in path.split(" -> ")]
            frames.append(
                pd.DataFrame(
                    {
                        "country": parts[-1],
                        "parent": parts[-2] if len(parts) > 1 else None,
                        "year": range(2003, 2023),
                        "field": fcode,
                        "articles": [float(v) for v in values],
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    codes = ncses_iso3(set(out["country"]), ctx)
    out["iso3"] = out["country"].map(codes)
    out["kind"] = [ncses_kind(c) for c in out["country"]]
    return out.sort_values(["field", "country", "year"]).reset_index(drop=True)


PUBLICATIONS = Resource(
    name="publications",
    title="S&E articles by country and year, fractional counts, 2003-2022 (NCSES tables 9970 and 9973)",
    description=(
        "Science & engineering articles (Scopus, via Science-Metrix) by region, country or economy and year of "
        "publication, fractional count (each country gets the share of its authors' addresses). field = all_se "
        "(all S&E fields, table 9970 / SPBS-2) or biological_biomedical (biological and biomedical sciences, table "
        "9973 / SPBS-5, the closest proxy for stem cell research). kind distinguishes the world total, NCSES regions "
        "(which need not match World Bank regions), economies and unassigned articles. Label repair: in table "
        "9970 each row group starts with the World Bank income group (dropped here; use the countries table); "
        "HTML entities and footnote markers in labels are removed. NCSES reports Gaza Strip and West Bank "
        "separately; both have an empty iso3 (World Bank: PSE, West Bank and Gaza). Regions have an empty iso3 "
        "except World (WLD) and EU-27 (EUU). Sums of fractional counts may not add to the world total because of "
        "rounding."
    ),
    fields=[
        F(
            "country",
            "string",
            "NCSES label of the region, country or economy (cleaned of footnote markers)",
            required=True,
        ),
        F(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code (World Bank code for World = WLD, EU-27 = EUU); empty for other regions and for Gaza Strip / West Bank",
            pattern="[A-Z]{3}",
        ),
        F("parent", "string", "NCSES parent region in the table's hierarchy (empty for World)"),
        F(
            "kind",
            "string",
            "world, region, economy or unassigned",
            required=True,
            enum=["world", "region", "economy", "unassigned"],
        ),
        F("year", "integer", "Year of publication", required=True, minimum=2003, maximum=2022),
        F(
            "field",
            "string",
            "all_se = all S&E fields (table 9970); biological_biomedical = biological and biomedical sciences (table 9973)",
            required=True,
            enum=["all_se", "biological_biomedical"],
        ),
        F("articles", "number", "Articles, fractional count", "articles (fractional count)", required=True, minimum=0),
    ],
    primary_key=["country", "year", "field"],
    sources=[
        _ncses_source(
            "9970",
            "SPBS-2",
            "S&E articles in all S&E fields, fractional count, by region, country, or economy: 2003-22",
        ),
        _ncses_source(
            "9973",
            "SPBS-5",
            "S&E articles in biological and biomedical sciences, fractional count, by region, country, or economy: 2003-22",
        ),
    ],
    licenses=[LIC_US_PD],
    build=build_publications,
)


# --------------------------------------------------------------------------
# coauthorship_pairs (NCSES tables 10003 and 10006)
# --------------------------------------------------------------------------
PAIR_YEARS = ("2003", "2022")


def pair_matrix(src: Path, table: str, with_world: bool) -> tuple[list[str], dict[str, list[list[str]]]]:
    """Rebuild the country-pair matrix of table 10003 or 10006.

    The converter lost the column labels; PROVENANCE.md documents the repair: the
    values of each ``time_period`` block (one row country) are in the same order
    as the row blocks themselves. Returns ``(labels, {year: rows of cells})``.
    """
    groups = read_ncses_groups(src, table)
    labels: list[str] = []
    cells: dict[str, list[list[str]]] = {y: [] for y in PAIR_YEARS}
    for path, values in groups:
        parts = path.split(" -> ")
        year = parts[-1]
        name = parts[-2] if (len(parts) > 2 or not with_world) else "World"
        if name not in labels:
            labels.append(name)
        cells[year].append(values)
    n = len(labels)
    for year, rows in cells.items():
        if len(rows) != n or any(len(r) != n for r in rows):
            raise ValueError(f"table {table}, {year}: matrix is not {n} x {n}")
        start = 1 if with_world else 0
        diag_na = sum(rows[i][i] == "na" for i in range(start, n))
        if diag_na != n - start:
            raise ValueError(f"table {table}, {year}: diagonal 'na' in {diag_na} of {n - start} country blocks")
        off = [v for i, r in enumerate(rows) for j, v in enumerate(r) if i != j or (with_world and i == 0)]
        if "na" in off:
            raise ValueError(f"table {table}, {year}: 'na' off the diagonal")
    return [clean_label(x) for x in labels], cells


def build_coauthorship_pairs(ctx: Context) -> pd.DataFrame:
    names, counts = pair_matrix(ctx.src, "10003", with_world=True)
    inames, index = pair_matrix(ctx.src, "10006", with_world=False)
    if inames != names[1:]:
        raise ValueError("tables 10003 and 10006 list different countries")
    if build_coauthorship_order(ctx) != names[1:]:
        raise ValueError("table 10003 block order differs from the country order of table 10001")
    codes = ncses_iso3(set(names), ctx)
    rows = []
    for year in PAIR_YEARS:
        for i, a in enumerate(names):
            for j, b in enumerate(names):
                if i == j and i > 0:
                    continue
                ci = index[year][i - 1][j - 1] if i > 0 and j > 0 else ""
                rows.append(
                    {
                        "country_a": a,
                        "iso3_a": codes[a],
                        "country_b": b,
                        "iso3_b": codes[b],
                        "year": int(year),
                        "coauthored_articles": int(counts[year][i][j]),
                        "collaboration_index": float(ci) if ci else None,
                    }
                )
    out = pd.DataFrame(rows)
    return out.sort_values(["year", "country_a", "country_b"]).reset_index(drop=True)


def build_coauthorship_order(ctx: Context) -> list[str]:
    raw = pd.read_csv(_need(ctx.src, "ncses/ncses_10001_data.csv"), dtype=str, keep_default_na=False)
    depth2 = raw[raw["region_country_or_economy_hierarchy_depth"] == "2"]["region_country_or_economy_level_2"]
    return [c for c in depth2 if c != "Total articles"]


COAUTHORSHIP_PAIRS = Resource(
    name="coauthorship_pairs",
    title="Internationally coauthored articles and index of collaboration by country pair, 2003 and 2022 (NCSES tables 10003 and 10006)",
    description=(
        "Country-pair matrix of the 46 countries of table 10001 for 2003 and 2022, in long form (both (a, b) and "
        "(b, a) are present; the matrix is symmetric). coauthored_articles: internationally coauthored S&E "
        "articles with at least one address in each country, whole count (table 10003 / SPBS-35). The pseudo-partner "
        "'World' gives a country's total internationally coauthored articles (country_b = World), and "
        "(World, World) the world total. collaboration_index: IC_xy = (C_xy / C_x) / (C_y / C_w) from table "
        "10006 / SPBS-38; 1 = the pair collaborates as much as expected from their overall international output "
        "(empty for pairs with World). Label repair (PROVENANCE.md): the converter lost the column labels; each "
        "row block's values are in the same order as the row blocks (World, Canada, Mexico, United States, ..., "
        "New Zealand). Checked at derivation: the diagonal is 'na' in 46 of 46 country blocks in both tables, "
        "both matrices are exactly symmetric, and the country order equals that of table 10001."
    ),
    fields=[
        F("country_a", "string", "NCSES country label, or 'World'", required=True),
        F(
            "iso3_a",
            "string",
            "ISO 3166-1 alpha-3 code of country_a (WLD for World)",
            required=True,
            pattern="[A-Z]{3}",
        ),
        F("country_b", "string", "NCSES label of the partner country, or 'World' (= all partners)", required=True),
        F(
            "iso3_b",
            "string",
            "ISO 3166-1 alpha-3 code of country_b (WLD for World)",
            required=True,
            pattern="[A-Z]{3}",
        ),
        F("year", "integer", "Year of publication (2003 or 2022)", required=True, enum=[2003, 2022]),
        F(
            "coauthored_articles",
            "integer",
            "Internationally coauthored articles, whole count",
            "articles",
            required=True,
            minimum=0,
        ),
        F(
            "collaboration_index",
            "number",
            "Index of international collaboration (1 = as expected); empty for pairs with World",
            "index",
            minimum=0,
        ),
    ],
    primary_key=["country_a", "country_b", "year"],
    sources=[
        _ncses_source(
            "10003",
            "SPBS-35",
            "Internationally coauthored S&E publications, by selected region, country, or economy pairs: 2003 and 2022",
        ),
        _ncses_source(
            "10006",
            "SPBS-38",
            "Index of international collaboration on S&E articles, by selected region, country, or economy pair: 2003 and 2022",
        ),
    ],
    licenses=[LIC_US_PD],
    build=build_coauthorship_pairs,
)


# --------------------------------------------------------------------------
# scimago
# --------------------------------------------------------------------------
#: Names used by SCImago, NCSES or ClinicalTrials.gov that differ from the World Bank's short names,
#: with their ISO 3166-1 alpha-3 codes (Kosovo: World Bank code XKX). None = no current code.
ISO3_BY_NAME = {
    "Anguilla": "AIA",
    "Bahamas": "BHS",
    "Bouvet Island": "BVT",
    "British Indian Ocean Territory": "IOT",
    "Cape Verde": "CPV",
    "Christmas Island": "CXR",
    "Cocos (Keeling) Islands": "CCK",
    "Congo": "COG",
    "Cook Islands": "COK",
    "Czech Republic": "CZE",
    "Côte d’Ivoire": "CIV",
    "Democratic Republic Congo": "COD",
    "Egypt": "EGY",
    "Falkland Islands (Malvinas)": "FLK",
    "Federated States of Micronesia": "FSM",
    "French Guiana": "GUF",
    "French Southern Territories": "ATF",
    "Gambia": "GMB",
    "Guadeloupe": "GLP",
    "Haïti": "HTI",
    "Heard Island and McDonald Islands": "HMD",
    "Hong Kong": "HKG",
    "Iran": "IRN",
    "Kyrgyzstan": "KGZ",
    "Laos": "LAO",
    "Macao": "MAC",
    "Macedonia": "MKD",
    "Martinique": "MTQ",
    "Mayotte": "MYT",
    "Montserrat": "MSR",
    "Nauru": "NRU",
    "Netherlands Antilles": None,
    "Niue": "NIU",
    "Norfolk Island": "NFK",
    "North Korea": "PRK",
    "Palestine": "PSE",
    "Pitcairn": "PCN",
    "Puerto Rico": "PRI",
    "Republic of South Sudan": "SSD",
    "Reunion": "REU",
    "Saint Helena": "SHN",
    "Saint Kitts and Nevis": "KNA",
    "Saint Lucia": "LCA",
    "Saint Martin (Dutch)": "SXM",
    "Saint Martin (French)": "MAF",
    "Saint Pierre and Miquelon": "SPM",
    "Saint Vincent and the Grenadines": "VCT",
    "Sao Tome and Principe": "STP",
    "Slovakia": "SVK",
    "Somalia": "SOM",
    "South Georgia and the South Sandwich Islands": "SGS",
    "South Korea": "KOR",
    "Svalbard and Jan Mayen": "SJM",
    "Taiwan": "TWN",
    "Tokelau": "TKL",
    "Turkey": "TUR",
    "United States Minor Outlying Islands": "UMI",
    "Vatican City State": "VAT",
    "Venezuela": "VEN",
    "Virgin Islands (British)": "VGB",
    "Virgin Islands (U.S.)": "VIR",
    "Wallis and Futuna": "WLF",
    "Western Sahara": "ESH",
    "Yemen": "YEM",
    # ClinicalTrials.gov
    "Iran, Islamic Republic of": "IRN",
    "Korea, Republic of": "KOR",
    "Vietnam": "VNM",
}


def iso3_for_names(names, ctx: Context, source: str) -> dict[str, str | None]:
    meta = read_wdi_metadata(ctx.src)
    by_name = dict(zip(meta["name"], meta["iso3"]))
    out = {}
    for name in names:
        if name in ISO3_BY_NAME:
            out[name] = ISO3_BY_NAME[name]
        elif name in by_name:
            out[name] = by_name[name]
        else:
            raise ValueError(f"{source}: country name {name!r} has no ISO3 mapping; add it to ISO3_BY_NAME")
    return out


SCIMAGO_INT = ["rank", "documents", "citable_documents", "citations", "self_citations", "h_index"]


def build_scimago(ctx: Context) -> pd.DataFrame:
    raw = pd.read_csv(
        _need(ctx.src, "scimago/sjr_countries.csv"), keep_default_na=False, dtype={"country": str, "region": str}
    )
    for col in ["year", *SCIMAGO_INT]:
        vals = raw[col].astype(float)
        if not (vals == vals.round()).all():
            raise ValueError(f"scimago: non-integer values in {col}")
        raw[col] = vals.astype(int)
    codes = iso3_for_names(set(raw["country"]), ctx, "SCImago")
    raw["iso3"] = raw["country"].map(codes)
    raw["citations_per_document"] = raw["citations_per_document"].astype(float)
    return raw.sort_values(["country", "year"]).reset_index(drop=True)


SCIMAGO = Resource(
    name="scimago",
    title="SCImago country indicators (Scopus): documents, citations, h-index, 1999-2024",
    description=(
        "SCImago Journal & Country Rank country table, all subject areas, one row per country and year "
        "(as packaged by the R package sjrdata; the package docs say 1996 but the data start in 1999). "
        "Citation counts refer to the documents of that year and grow as they are cited, so recent years are not "
        "comparable with older ones. iso3 was added from the country name (empty for 'Netherlands Antilles', which "
        "no longer has a code). Check SCImago's terms before redistributing."
    ),
    fields=[
        F("country", "string", "SCImago country name", required=True),
        F(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code added from the name (World Bank code where one exists)",
            pattern="[A-Z]{3}",
        ),
        F("region", "string", "SCImago world region", required=True),
        F("year", "integer", "Publication year", required=True, minimum=1996, maximum=2100),
        F("rank", "integer", "Rank by documents within the year", required=True, minimum=1),
        F(
            "documents",
            "integer",
            "Documents (articles, reviews, conference papers, ...) in Scopus",
            "documents",
            required=True,
            minimum=0,
        ),
        F("citable_documents", "integer", "Citable documents", "documents", required=True, minimum=0),
        F("citations", "integer", "Citations received by the year's documents", "citations", required=True, minimum=0),
        F(
            "self_citations",
            "integer",
            "Self-citations (citations from the same country)",
            "citations",
            required=True,
            minimum=0,
        ),
        F(
            "citations_per_document",
            "number",
            "Citations per document",
            "citations per document",
            required=True,
            minimum=0,
        ),
        F("h_index", "integer", "Country h-index", required=True, minimum=0),
    ],
    primary_key=["country", "year"],
    sources=[SRC_SCIMAGO],
    licenses=[LIC_SCIMAGO],
    build=build_scimago,
)


# --------------------------------------------------------------------------
# stem_cell_trials (ClinicalTrials.gov)
# --------------------------------------------------------------------------
#: Endings of ClinicalTrials.gov country names that contain a comma ("Korea, Republic of").
CTGOV_COMMA_SUFFIXES = (
    "Islamic Republic of",
    "Republic of",
    "Democratic People's Republic of",
    "The Democratic Republic of the",
    "Province of China",
    "United Republic of",
    "Plurinational State of",
    "Bolivarian Republic of",
    "Federated States of",
    "The Former Yugoslav Republic of",
    "U.S.",
    "British",
    "State of",
)


def ctgov_countries(locations: str) -> list[str]:
    """Countries of one trial's ``Locations`` cell, in order of first appearance, each once.

    Each site is "facility, city, [state,] country"; sites are separated by "|".
    Country names that contain a comma ("Iran, Islamic Republic of") are re-joined.
    """
    out: list[str] = []
    for site in filter(None, (s.strip() for s in locations.split("|"))):
        parts = [p.strip() for p in site.split(",")]
        country = parts[-1]
        if len(parts) >= 2 and country in CTGOV_COMMA_SUFFIXES:
            country = f"{parts[-2]}, {country}"
        if country not in out:
            out.append(country)
    return out


def build_stem_cell_trials(ctx: Context) -> pd.DataFrame:
    raw = pd.read_csv(
        _need(ctx.src, "clinicaltrials/ctgov_mesenchymal_stem_OR_stromal_2022.csv"), dtype=str, keep_default_na=False
    )
    if not raw["NCT Number"].is_unique:
        raise ValueError("ClinicalTrials.gov export: duplicate NCT numbers")
    posted = pd.to_datetime(raw["First Posted"], format="%B %d, %Y")
    rows = [
        {"country": c, "year": y} for locs, y in zip(raw["Locations"], posted.dt.year) for c in ctgov_countries(locs)
    ]
    long = pd.DataFrame(rows)
    counts = long.groupby(["country", "year"]).size().rename("trials").reset_index()
    codes = iso3_for_names(set(counts["country"]), ctx, "ClinicalTrials.gov")
    counts["iso3"] = counts["country"].map(codes)
    return counts.sort_values(["country", "year"]).reset_index(drop=True)


STEM_CELL_TRIALS = Resource(
    name="stem_cell_trials",
    title="Registered mesenchymal stem/stromal cell (MSC) trials by country and year, 2004-2022 (ClinicalTrials.gov)",
    description=(
        "Number of trials in a ClinicalTrials.gov export of the search 'mesenchymal stem OR mesenchymal stromal' "
        "(1389 trials, First Posted 2004 to October 2022) that list at least one site in the country, by year "
        "first posted. A trial with sites in several countries counts once in each; a trial with several sites in "
        "one country counts once there. 139 trials list no location and are not counted. 2022 is a partial year "
        "(export of October 2022). Country names are ClinicalTrials.gov's, parsed from the last element of each "
        "site ('Iran, Islamic Republic of' and 'Korea, Republic of' kept whole). ClinicalTrials.gov is a US "
        "registry, so countries whose trials are registered elsewhere (e.g. national or WHO primary registries) "
        "are under-represented."
    ),
    fields=[
        F("country", "string", "Country name as written by ClinicalTrials.gov", required=True),
        F(
            "iso3",
            "string",
            "ISO 3166-1 alpha-3 code (World Bank code where one exists)",
            required=True,
            pattern="[A-Z]{3}",
        ),
        F("year", "integer", "Year the trial was first posted", required=True, minimum=2004, maximum=2022),
        F(
            "trials",
            "integer",
            "Number of MSC trials first posted that year listing a site in the country",
            "trials",
            required=True,
            minimum=1,
        ),
    ],
    primary_key=["country", "year"],
    sources=[SRC_CTGOV],
    licenses=[LIC_NLM],
    build=build_stem_cell_trials,
)


# --------------------------------------------------------------------------
# curated, cited tables
# --------------------------------------------------------------------------
#: The policy categories, in the order of coursekit.atlas (most to least restrictive, then "no rule found").
POLICY_CATEGORIES = list(CATEGORY_ORDER)
EVENT_CATEGORIES = ["science", "ethics", "institution", "law-and-policy", "religious-ruling"]


def curated_sources(name: str) -> list[dict]:
    """The ``sources`` of a curated table: the course authors, from the sources each row cites."""
    return [
        {
            "title": "Curated by the course authors from cited sources (the course fact base, shared/references/facts.md); each row names its source in the citation column",
            "path": f"data/{name}.csv",
            "retrieved": SNAPSHOT_DATE,
        }
    ]


def build_curated(name: str, sort: list[str], int_cols=("year",), bool_cols=()) -> Callable[[Context], pd.DataFrame]:
    def build(ctx: Context) -> pd.DataFrame:
        df = read_curated(name)
        keys = bib_keys()
        for i, cell in enumerate(df["citation"], start=1):
            cited = [k.strip() for k in cell.split(",") if k.strip()]
            missing = [k for k in cited if k not in keys]
            if not cited or missing:
                raise ValueError(
                    f"{_shown(CURATED_DIR / f'{name}.csv')}, row {i}, column 'citation': "
                    f"{'no citation' if not cited else 'keys not in references.bib: ' + ', '.join(missing)}"
                )
        df = df.replace({"": None})
        for col in int_cols:
            df[col] = df[col].map(lambda v: None if v is None else int(v)).astype("Int64")
        for col in bool_cols:
            df[col] = df[col].map({"true": True, "false": False})
        return df.sort_values(sort).reset_index(drop=True)

    return build


def build_stem_cell_policies(ctx: Context) -> pd.DataFrame:
    """The curated policy atlas: a cited row, or a recorded search, for every member state."""
    df = read_curated("stem_cell_policies")
    shown = _shown(CURATED_DIR / "stem_cell_policies.csv")
    members = set(ctx.get("oic_members", build_oic_members)["iso3"])
    for i, row in enumerate(df.to_dict("records"), start=1):
        found = row["category"] != NOT_FOUND
        need = ("citation", "instrument", "passage", "read_at") if found else ("searched", "searched_on")
        must_be_empty = ("searched",) if found else ("citation", "instrument", "year", "passage")
        for col in need:
            if not row[col].strip():
                raise ValueError(
                    f"{shown}, row {i}, column '{col}': empty, but a row of category '{row['category']}' needs it"
                )
        for col in must_be_empty:
            if row[col].strip():
                raise ValueError(
                    f"{shown}, row {i}, column '{col}': must be empty in a row of category '{row['category']}'"
                )
    missing = sorted(members - set(df["iso3"]))
    if missing:
        raise ValueError(
            f"{shown}: no row for the OIC members {', '.join(missing)} (add a cited row or a recorded search)"
        )
    cited = df[df["category"] != NOT_FOUND]
    keys = bib_keys()
    for i, cell in zip(cited.index + 1, cited["citation"]):
        unknown = [k.strip() for k in cell.split(",") if k.strip() and k.strip() not in keys]
        if unknown:
            raise ValueError(f"{shown}, row {i}, column 'citation': keys not in references.bib: {', '.join(unknown)}")
    df = df.replace({"": None})
    df["year"] = df["year"].map(lambda v: None if v is None else int(v)).astype("Int64")
    df["oic_member"] = df["oic_member"].map({"true": True, "false": False})
    return df.sort_values(["iso3"]).reset_index(drop=True)


STEM_CELL_POLICIES = Resource(
    name="stem_cell_policies",
    title="Policy atlas: rules on human embryonic stem cell research in every OIC member state and comparison countries (curated, cited)",
    description=(
        "Hand-curated: one row per OIC member state (all 57) and per comparison country. Where a specific rule was "
        "found, the row names the instrument, the course's coarse category (permissive; permissive-with-conditions; "
        "restrictive; prohibited-by-regulation; prohibited-by-law; no-specific-law, where a source states that there "
        "is no specific law), the citation keys from references.bib, and the passage of the source that supports it, "
        "quoted verbatim, with where it was read. Where none was found, the category is no-rule-found and the row "
        "records the date of the search and the sources searched instead of a citation: 'no rule found' is a "
        "statement about the course's search, not a finding that the country has no rule. Religious rulings "
        "(fatwas) are recorded as instruments but are not statutes. caveat flags weak, secondary, partial or old "
        "sources and sources that disagree. Edited in place: data/stem_cell_policies.csv."
    ),
    fields=[
        F("iso3", "string", "ISO 3166-1 alpha-3 code", required=True, unique=True, pattern="[A-Z]{3}"),
        F("country", "string", "Country name", required=True),
        F("oic_member", "boolean", "true if an OIC member state", required=True),
        F(
            "category",
            "string",
            "Coarse policy category for human embryonic stem cell (hESC) research; no-rule-found if none was found",
            required=True,
            enum=POLICY_CATEGORIES,
        ),
        F("instrument", "string", "Governing instrument(s) as named in the cited source; empty if no rule was found"),
        F(
            "year",
            "integer",
            "Year of the instrument, or the year the source describes (see notes); empty if not seen",
            minimum=1900,
            maximum=2100,
        ),
        F("notes", "string", "What the cited source says, briefly (or that no rule was found)", required=True),
        F("caveat", "string", "Weak, secondary, partial or old sources; sources that disagree"),
        F(
            "citation",
            "string",
            "references.bib key(s), comma-separated (usable directly in a cite role); empty if no rule was found",
        ),
        F("passage", "string", "Words of the (first) source that support the row, quoted verbatim"),
        F("passage_location", "string", "Where in the source the passage is"),
        F("read_at", "string", "Where the passage was read (URL; several separated by ' ; ')"),
        F("searched_on", "string", "Date of the search (YYYY-MM-DD)", pattern=r"\d{4}-\d{2}-\d{2}"),
        F("searched", "string", "For no-rule-found: the sources and queries searched"),
    ],
    primary_key=["iso3"],
    sources=curated_sources("stem_cell_policies"),
    licenses=[LIC_CURATED],
    build=build_stem_cell_policies,
    extra={"x_curated": True},
)

EVENTS = Resource(
    name="events",
    title="Timeline of scientific, ethical and institutional milestones (curated, cited)",
    description=(
        "Hand-curated timeline used by the chapters: one row per event with a references.bib key. Only events "
        "with a source in the course's vetted fact base are included. Edited in place: data/events.csv."
    ),
    fields=[
        F("event_id", "string", "Short stable identifier", required=True, unique=True, pattern="[a-z0-9-]+"),
        F("year", "integer", "Year of the event", required=True, minimum=1900, maximum=2100),
        F(
            "date",
            "string",
            "Exact date (YYYY-MM-DD, or YYYY-MM) where the source gives it",
            pattern=r"\d{4}-\d{2}(-\d{2})?",
        ),
        F("category", "string", "Kind of milestone", required=True, enum=EVENT_CATEGORIES),
        F("event", "string", "What happened", required=True),
        F("place", "string", "Where (city, country), if given by the source"),
        F("iso3", "string", "Country most concerned (empty for international events)", pattern="[A-Z]{3}"),
        F("caveat", "string", "Reliability caveat for sources tagged weak/secondary in the fact base"),
        F("citation", "string", "references.bib key(s), comma-separated", required=True),
    ],
    primary_key=["event_id"],
    sources=curated_sources("events"),
    licenses=[LIC_CURATED],
    build=build_curated("events", ["year", "event_id"]),
    extra={"x_curated": True},
)


#: Fields shared by the curated tables whose row order is part of the data (the order in which chapters
#: show the rows): ``order`` comes first and the file is sorted by it.
def _order(what: str) -> dict:
    return F("order", "integer", f"Display order: {what}", required=True, unique=True, minimum=1)


_ID = "[a-z0-9-]+"
_CITATION = F("citation", "string", "references.bib key(s), comma-separated", required=True)

RULINGS = Resource(
    name="rulings",
    title="Religious rulings and national rules on the sources of stem cells (curated, cited)",
    description=(
        "Hand-curated for chapter 8 (coursekit.rulings.rulings()): one row per religious ruling (fatwa, council "
        "resolution) or state, institutional or professional rule whose text on the sources of stem cells the "
        "course has read, with who issued it, the instrument, its year where the source gives one (never "
        "guessed) and a citation key from references.bib. caveat flags rows resting on sources tagged weak or "
        "secondary. The table records what each body holds; it is not the course's own ruling. What each "
        "ruling says about each source is in ruling_permissions. Edited in place: data/rulings.csv."
    ),
    fields=[
        _order("religious rulings first, then state, institutional and professional rules (the rows of the matrix)"),
        F("ruling", "string", "Short stable identifier of the ruling or rule", required=True, unique=True, pattern=_ID),
        F("label", "string", "Short name for tables and figures", required=True),
        F("body", "string", "Who issued the ruling or rule", required=True),
        F("instrument", "string", "The instrument as named in the cited source", required=True),
        F("year", "integer", "Year of the instrument; empty if the source gives none", minimum=1900, maximum=2100),
        F("iso3", "string", "Country (ISO 3166-1 alpha-3); empty for international bodies", pattern="[A-Z]{3}"),
        F(
            "religious",
            "boolean",
            "true for a religious ruling, false for a state, institutional or professional rule",
            required=True,
        ),
        F("caveat", "string", "Reliability caveat for sources tagged weak/secondary in the fact base"),
        _CITATION,
    ],
    primary_key=["ruling"],
    sources=curated_sources("rulings"),
    licenses=[LIC_CURATED],
    build=build_curated("rulings", ["order"], int_cols=("order", "year"), bool_cols=("religious",)),
    extra={"x_curated": True},
)

RULING_PERMISSIONS = Resource(
    name="ruling_permissions",
    title="What each ruling or rule says about each source of stem cells (curated, cited)",
    description=(
        "Hand-curated for chapter 8 (coursekit.rulings.permissions()): one row per (ruling, source of stem cells) "
        "pair that the cited text addresses, with the status it gives (permitted, prohibited, or reports differ), "
        "the condition as the cited text states it, and a citation key from references.bib. A source the cited "
        "text does not mention has no row: absence means 'the source we cite does not say', never 'allowed' or "
        "'forbidden'. Every ruling is a row of rulings (checked when coursekit.rulings loads the tables). Edited "
        "in place: data/ruling_permissions.csv."
    ),
    fields=[
        _order("the rows of one ruling together, in the order of rulings"),
        F(
            "ruling",
            "string",
            "Identifier of the ruling or rule (a ruling of the rulings table)",
            required=True,
            pattern=_ID,
        ),
        F("source", "string", "Source of stem cells (coursekit.rulings.SOURCES)", required=True, enum=list(SOURCES)),
        F("status", "string", "What the cited text says about the source", required=True, enum=list(STATUSES)),
        F("condition", "string", "The condition, as the cited text gives it", required=True, pattern=r".*\S.*"),
        _CITATION,
    ],
    primary_key=["ruling", "source"],
    sources=curated_sources("ruling_permissions"),
    licenses=[LIC_CURATED],
    build=build_curated("ruling_permissions", ["order"], int_cols=("order",)),
    extra={"x_curated": True},
)

RULING_SUMMARIES = Resource(
    name="ruling_summaries",
    title="Secondary summaries of rulings and the sources they list (curated, cited)",
    description=(
        "Hand-curated for chapter 8 (coursekit.rulings.summaries()): one row per (summary, source of stem cells it "
        "lists), so that a secondary summary can be checked against the ruling it summarises (exercise 8.3). "
        "summarises names a ruling of the rulings table; the rows of one summary share its publisher, caveat and "
        "citation (both checked when coursekit.rulings loads the tables). Edited in place: "
        "data/ruling_summaries.csv."
    ),
    fields=[
        _order("the rows of one summary together, in the order the summary lists its sources"),
        F("summary", "string", "Short stable identifier of the summary", required=True, pattern=_ID),
        F(
            "summarises",
            "string",
            "The ruling it summarises (a ruling of the rulings table)",
            required=True,
            pattern=_ID,
        ),
        F("publisher", "string", "Who published the summary, where and when", required=True),
        F(
            "source",
            "string",
            "A source of stem cells the summary lists as permitted",
            required=True,
            enum=list(SOURCES),
        ),
        F("caveat", "string", "Reliability caveat for sources tagged weak/secondary in the fact base"),
        _CITATION,
    ],
    primary_key=["summary", "source"],
    sources=curated_sources("ruling_summaries"),
    licenses=[LIC_CURATED],
    build=build_curated("ruling_summaries", ["order"], int_cols=("order",)),
    extra={"x_curated": True},
)

CLAIM_EXAMPLES = Resource(
    name="claim_examples",
    title="Claims graded with the course rubric in chapter 12 (curated, cited)",
    description=(
        "Hand-curated for chapter 12 (coursekit.claims.examples()): one row per claim from the course's source "
        "essays, the news or the literature, with who makes it, the references.bib key of the best source found "
        "for or against it (citation), the course authors' answers to the five questions of the rubric "
        "(coursekit.claims) and a note on what the sources show. The answers are judgements, not facts: two "
        "careful readers can answer differently. Where chapter 12 checks a claim's numbers against the course "
        "data itself, numbers_checked is 'not_checked' here. Edited in place: data/claim_examples.csv."
    ),
    fields=[
        _order("the order in which chapter 12 grades the claims"),
        F("id", "string", "Short stable identifier of the claim", required=True, unique=True, pattern="[a-z0-9_]+"),
        F("claim", "string", "The claim, quoted or closely paraphrased", required=True),
        F("said_by", "string", "Who makes the claim", required=True),
        F("citation", "string", "references.bib key of the best source found for the claim", required=True),
        F(
            "source_type",
            "string",
            "Rubric: the best source found that states the claim",
            required=True,
            enum=list(POINTS["source_type"]),
        ),
        F(
            "evidence",
            "string",
            "Rubric: the strongest evidence offered or found",
            required=True,
            enum=list(POINTS["evidence"]),
        ),
        F(
            "numbers_checked",
            "string",
            "Rubric: do the claim's numbers agree with a dataset or the original?",
            required=True,
            enum=list(POINTS["numbers_checked"]),
        ),
        F(
            "independent",
            "integer",
            "Rubric: how many sources independent of the first support the claim",
            "sources",
            required=True,
            minimum=0,
        ),
        F(
            "fit",
            "string",
            "Rubric: does the evidence support the claim as worded?",
            required=True,
            enum=list(POINTS["fit"]),
        ),
        F("note", "string", "What the sources show, briefly", required=True),
    ],
    primary_key=["id"],
    sources=curated_sources("claim_examples"),
    licenses=[LIC_CURATED],
    build=build_curated("claim_examples", ["order"], int_cols=("order", "independent")),
    extra={"x_curated": True},
)

PUBLISHED_FIGURES = Resource(
    name="published_figures",
    title="Published figures that chapter 12 checks against the World Bank data (curated, cited)",
    description=(
        "Hand-curated for chapter 12 (coursekit.claims.published_figures()): one row per figure as a cited source "
        "publishes it: R&D expenditure as a share of GDP (indicator GB.XPD.RSDV.GD.ZS, the WDI series it is "
        "checked against) or a share of the world's population (population_share_of_world, computed in the "
        "chapter from SP.POP.TOTL), with the country or aggregate, the year where the source gives one (never "
        "guessed) and the source's wording, quoted or closely paraphrased where only a summary was read. "
        "Edited in place: data/published_figures.csv."
    ),
    fields=[
        _order("the order in which chapter 12 lists the figures"),
        F("citation", "string", "references.bib key of the source that publishes the figure", required=True),
        F(
            "indicator",
            "string",
            "WDI code of the matching series, or population_share_of_world",
            required=True,
            enum=[*INDICATORS, "population_share_of_world"],
        ),
        F(
            "iso3",
            "string",
            "Country or aggregate (World Bank code, e.g. ARB for the Arab World)",
            required=True,
            pattern="[A-Z]{3}",
        ),
        F("year", "integer", "Year the figure refers to; empty if the source gives none", minimum=1900, maximum=2100),
        F("published", "number", "The figure as published", "%", required=True, minimum=0, maximum=100),
        F("wording", "string", "The source's wording", required=True),
    ],
    primary_key=["citation", "wording"],
    sources=curated_sources("published_figures"),
    licenses=[LIC_CURATED],
    build=build_curated("published_figures", ["order"], int_cols=("order", "year")),
    extra={"x_curated": True},
)

CAPSTONE_RULES = Resource(
    name="capstone_rules",
    title="Rules that matter to a stem cell collaboration, country by country (curated, cited)",
    description=(
        "Hand-curated for the capstone (chapter 13), the extra_rules of coursekit.capstone.compatibility(): one "
        "row per claim from one source about one country's rule on one dimension of a collaboration (embryo age "
        "limit, which embryos may be used or created, banking and shipping of lines, transfers of personal data), "
        "with a references.bib key. A value is written only where the source states it: a country or dimension "
        "without a row is not documented here, not 'no rule'. value is text as the source states it (a number of "
        "days, or yes/no). caveat flags weak or secondary sources. Dimensions appear in compatibility tables in "
        "the order of their first row. Edited in place: data/capstone_rules.csv."
    ),
    fields=[
        _order("the order of the chapter's table (a dimension first appears where its first row is)"),
        F("iso3", "string", "ISO 3166-1 alpha-3 code", required=True, pattern="[A-Z]{3}"),
        F("dimension", "string", "Short name of the dimension of the rules", required=True),
        F("value", "string", "The rule's value as the source states it (a number of days, or yes/no)", required=True),
        _CITATION,
        F("caveat", "string", "Reliability caveat for sources tagged weak/secondary in the fact base"),
    ],
    primary_key=["iso3", "dimension"],
    sources=curated_sources("capstone_rules"),
    licenses=[LIC_CURATED],
    build=build_curated("capstone_rules", ["order"], int_cols=("order",)),
    extra={"x_curated": True},
)

EVIDENCE = Resource(
    name="evidence",
    title="Evidence ledger: the passage of its source that each cited sentence of the course rests on (curated)",
    description=(
        "One row per cited sentence and citation key in the chapters, in their concept checks (notebooks/checks/) and in the book pages that state facts "
        "(python -m maintainers.evidence lists them): the sentence as written, a stable identifier of it (the "
        "document's short name and a hash of the sentence, so an edited sentence loses its row and must be checked "
        "again), the references.bib key, the passage of the source that supports the sentence (quoted verbatim and "
        "short, ' … ' joining two quoted pieces), where and when it was read, and a verdict. A verdict other than "
        "'supports' is visible in the text: caveat quotes the words of the sentence's paragraph that show the limit, "
        "and a 'sources-disagree' row names the other source(s), cited in the same paragraph. working_note keeps the "
        "maintainers' record (the fact-base entry and reliability tag the citation came from, mirrors, changes made). "
        "Each chapter's 'Evidence for this chapter' section is generated from this table. Edited in place: "
        "data/evidence.csv."
    ),
    fields=[
        F(
            "claim_id",
            "string",
            "Stable identifier of the sentence: document short name and the first 8 hex digits of the SHA-1 of its text",
            required=True,
            pattern="[a-z0-9-]+-[0-9a-f]{8}",
        ),
        F("document", "string", "The page the sentence is in (path in the repository)", required=True),
        F("sentence", "string", "The sentence as written (MyST markup), on one line", required=True),
        F("citation", "string", "The references.bib key this row is about (one key)", required=True),
        F("passage", "string", "The words of the source that support the sentence, quoted verbatim", required=True),
        F("location", "string", "Where in the source: section, article, page or paragraph", required=True),
        F("url", "string", "Where the passage was read", pattern="https?://.+"),
        F(
            "read_on",
            "string",
            "The date the passage was read (YYYY-MM-DD)",
            required=True,
            pattern=r"\d{4}-\d{2}-\d{2}",
        ),
        F(
            "source_kind",
            "string",
            "The kind of source, as its references.bib note states it (the rubric's first question)",
            required=True,
            enum=["primary", "peer-reviewed", "secondary", "weak"],
        ),
        F(
            "verdict",
            "string",
            "Does the passage support the sentence?",
            required=True,
            enum=["supports", "supports-in-part", "sources-disagree"],
        ),
        F("caveat", "string", "For a verdict other than supports: the words of the text that make the limit visible"),
        F("disagrees_with", "string", "For sources-disagree: the other references.bib key(s), comma-separated"),
        F("working_note", "string", "Maintainers' record: fact-base entry, reliability tag, mirror read, changes made"),
    ],
    primary_key=["claim_id", "citation"],
    sources=curated_sources("evidence"),
    licenses=[LIC_CURATED],
    build=build_curated("evidence", ["document", "claim_id", "citation"], int_cols=()),
    extra={"x_curated": True},
)


_CITE_ROLE = re.compile(r"\{cite:p\}`([^`]*)`")
_TERM_ROLE = re.compile(r"\{term\}`([^`<]*?)(?:\s*<([^>]*)>)?`")


def build_terms(ctx: Context) -> pd.DataFrame:
    """The term table, refused with file, row and column where the two languages do not keep the same
    citations, where the citation column does not list them, or where a {term} link has no entry."""
    shown = _shown(CURATED_DIR / "terms.csv")
    df = read_curated("terms")
    keys = bib_keys()
    english, arabic = set(df["term"]), set(df["term_ar"])
    for i, row in enumerate(df.to_dict("records"), start=1):
        cited = {col: [k.strip() for g in _CITE_ROLE.findall(row[col]) for k in g.split(",")]
                 for col in ("definition", "definition_ar")}  # fmt: skip
        listed = [k.strip() for k in row["citation"].split(",") if k.strip()]
        if cited["definition"] != cited["definition_ar"]:
            raise ValueError(
                f"{shown}, row {i}, column 'definition_ar': cites {cited['definition_ar']}, but the English "
                f"definition cites {cited['definition']} (a translation keeps every citation, in order)"
            )
        if listed != cited["definition"]:
            raise ValueError(
                f"{shown}, row {i}, column 'citation': {listed}, but the definitions cite {cited['definition']}"
            )
        missing = [k for k in listed if k not in keys]
        if missing:
            raise ValueError(f"{shown}, row {i}, column 'citation': keys not in references.bib: {', '.join(missing)}")
        for col, known in (("definition", english), ("definition_ar", arabic)):
            for text, target in _TERM_ROLE.findall(row[col]):
                name = (target or text).strip()
                if name.lower() not in {t.lower() for t in known}:
                    raise ValueError(
                        f"{shown}, row {i}, column '{col}': links to the term {name!r}, which has no entry"
                    )
    return df.replace({"": None}).sort_values("term", key=lambda s: s.str.lower()).reset_index(drop=True)


TERMS = Resource(
    name="terms",
    title="Bilingual term table: every glossary term in English and Arabic, with its definition in each (curated, cited)",
    description=(
        "The course's one term table (issue 18): each row is a glossary entry, with the English term, its "
        "established Arabic form, a transliteration, and a short definition in each language carrying the same "
        "citations (a translation keeps every citation). The glossaries of both editions (book/glossary.md and "
        "ar/book/glossary.md) are generated from it by python -m maintainers.glossary, which make data runs. "
        "Definitions are MyST text: {cite:p} cites references.bib, {term} links to another entry. Edited in "
        "place: data/terms.csv."
    ),
    fields=[
        F(
            "term",
            "string",
            "The term in English, as the English glossary and {term} links name it",
            required=True,
            unique=True,
        ),
        F(
            "term_ar",
            "string",
            "The term in Arabic, as the Arabic glossary and {term} links name it",
            required=True,
            unique=True,
        ),
        F("transliteration", "string", "The Arabic term in Latin letters", required=True),
        F("definition", "string", "Short definition in English (MyST text)", required=True),
        F(
            "definition_ar",
            "string",
            "The same definition in Arabic, with the same citations (MyST text)",
            required=True,
        ),
        F("citation", "string", "references.bib keys the definitions cite, comma-separated, in order; empty if none"),
    ],
    primary_key=["term"],
    sources=curated_sources("terms"),
    licenses=[LIC_CURATED],
    build=build_terms,
    extra={"x_curated": True},
)

# ==========================================================================
# package assembly
# ==========================================================================
RESOURCES: list[Resource] = [
    COAUTHORSHIP,
    OIC_MEMBERS,
    COUNTRIES,
    RD_INDICATORS,
    PUBLICATIONS,
    COAUTHORSHIP_PAIRS,
    SCIMAGO,
    STEM_CELL_TRIALS,
    STEM_CELL_POLICIES,
    EVENTS,
    RULINGS,
    RULING_PERMISSIONS,
    RULING_SUMMARIES,
    CLAIM_EXAMPLES,
    PUBLISHED_FIGURES,
    CAPSTONE_RULES,
    TERMS,
    EVIDENCE,
]

PACKAGE_META = {
    "profile": "tabular-data-package",
    "name": "science-across-borders-course-data",
    "title": "Data used in the course 'Science Across Borders: Research Cooperation and Stem Cell Ethics in the Islamic World'",
    "description": (
        "Small extracts derived by `python -m maintainers.derive` from raw files kept outside the repository "
        "(../shared/data-sources, see its PROVENANCE.md). Each resource records its sources, licences and the "
        "retrieval date of the raw snapshot. Load a resource with `coursekit.data.load(name)`."
    ),
    "homepage": "https://github.com/science-across-borders/course",
    "version": "1.0.0",
}


#: Codes that stand for groups of economies in extracts outside the countries table.
EXTRA_AGGREGATES = {"WLD", "EUU"}


def coverage(df: pd.DataFrame, aggregates: set[str]) -> dict:
    """Small summary recorded in datapackage.json: rows, year range, economies, aggregates."""
    cov: dict = {"rows": int(len(df))}
    if "year" in df.columns and df["year"].notna().any():
        cov["years"] = [int(df["year"].min()), int(df["year"].max())]
        cov["n_years"] = int(df["year"].nunique())
    for ccol in ("iso3", "iso3_a"):
        if ccol in df.columns:
            codes = set(df[ccol].dropna())
            cov["economies"] = len(codes - aggregates)
            cov["aggregates"] = len(codes & aggregates)
            break
    return cov


def aggregate_codes(countries: pd.DataFrame) -> set[str]:
    return set(countries.loc[countries["is_aggregate"].astype(bool), "iso3"]) | EXTRA_AGGREGATES


RD_CODE = "GB.XPD.RSDV.GD.ZS"
RESEARCHERS_CODE = "SP.POP.SCIE.RD.P6"


def oic_rd_gaps(rd: pd.DataFrame, members: pd.DataFrame) -> dict:
    """Known gaps of the R&D series for OIC members, recorded in datapackage.json.

    For each of the two R&D indicators: members with no value at all since 2000,
    and the latest year with a value for every other member.
    """
    out = {}
    names = dict(zip(members["iso3"], members["name"]))
    for code in (RD_CODE, RESEARCHERS_CODE):
        sub = rd[(rd["indicator"] == code) & rd["iso3"].isin(list(names))]
        latest = sub.groupby("iso3")["year"].max()
        counts = sub.groupby("iso3").size()
        out[code] = {
            "no_data": sorted(set(names) - set(latest.index)),
            "latest_year": {k: int(v) for k, v in sorted(latest.items())},
            "years_with_data": {k: int(v) for k, v in sorted(counts.items())},
        }
    return out


def atlas_coverage(policies: pd.DataFrame, members: pd.DataFrame) -> dict:
    """How much of the OIC the policy atlas covers with a cited rule, recorded in datapackage.json."""
    category = dict(zip(policies["iso3"], policies["category"]))
    found = members["iso3"].map(lambda c: category.get(c, NOT_FOUND) != NOT_FOUND)
    searched = policies.loc[policies["category"] == NOT_FOUND, "searched_on"].dropna()
    return {
        "members": int(len(members)),
        "rule_found": int(found.sum()),
        "no_rule_found": int((~found).sum()),
        "searched_on": sorted(set(searched)),
        "by_region": {
            str(region): [int(f.sum()), int(len(f))] for region, f in found.groupby(members["region"], sort=True)
        },
    }


def assemble_package(frames: dict[str, pd.DataFrame], resources: list[Resource], overrides: dict | None = None) -> dict:
    """The datapackage.json dictionary for built ``frames`` (name -> DataFrame)."""
    aggregates = aggregate_codes(frames["countries"]) if "countries" in frames else set(EXTRA_AGGREGATES)
    descriptors = []
    for res in resources:
        d = res.descriptor(coverage(frames[res.name], aggregates))
        if res.name == "rd_indicators" and "oic_members" in frames:
            d["x_oic_gaps"] = oic_rd_gaps(frames["rd_indicators"], frames["oic_members"])
        if res.name == "stem_cell_policies" and "oic_members" in frames:
            d["x_atlas"] = atlas_coverage(frames["stem_cell_policies"], frames["oic_members"])
        if overrides and res.name in overrides:
            d.update(overrides[res.name])
        descriptors.append(d)
    return dict(PACKAGE_META, resources=descriptors)


def package_json(package: dict) -> str:
    return json.dumps(package, indent=2, ensure_ascii=False) + "\n"


def build_all(src: Path, out_dir: Path, resources: list[Resource] | None = None) -> dict[str, str]:
    """Build every resource from ``src`` and write CSVs + datapackage.json to ``out_dir``.

    Returns ``{file name: text}`` of what was written.
    """
    resources = resources or RESOURCES
    ctx = Context(src)
    frames = {res.name: build_df(res, ctx) for res in resources}
    texts = {f"{res.name}.csv": csv_text(frames[res.name], res.fields) for res in resources}
    texts["datapackage.json"] = package_json(assemble_package(frames, resources))
    write_atomically(out_dir, texts)
    return texts


def build_df(res: Resource, ctx: Context) -> pd.DataFrame:
    df = ctx.get(res.name, res.build)
    names = [f["name"] for f in res.fields]
    missing = [n for n in names if n not in df.columns]
    if missing:
        raise ValueError(f"builder for {res.name} did not produce columns {missing}")
    if df.duplicated(subset=res.primary_key).any():
        raise ValueError(f"{res.name}: duplicate primary key rows")
    return df[names]


def write_atomically(out_dir: Path, texts: dict[str, str]) -> None:
    """Write all files to a temporary folder next to ``out_dir``, then move each into place.

    Nothing in ``out_dir`` changes unless every file was produced; each file is
    replaced with :func:`os.replace` (atomic on POSIX and Windows).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=out_dir))
    try:
        for name, text in texts.items():
            (tmp / name).write_bytes(text.encode("utf-8"))
        for name in texts:
            os.replace(tmp / name, out_dir / name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintainers.derive", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", help=f"raw data folder (default: ${ENV_VAR} or {DEFAULT_SOURCES})")
    parser.add_argument("--out", default=str(DATA_DIR), help="output folder (default: the repository's data/)")
    parser.add_argument("--check", action="store_true", help="build into a temporary folder and compare with --out")
    args = parser.parse_args(argv)
    src = sources_dir(args.sources)
    if not src.is_dir():
        print(
            f"maintainers.derive: the raw data folder {src} does not exist.\n"
            f"The derivation needs the raw files described in PROVENANCE.md; put them in {DEFAULT_SOURCES} "
            f"or set {ENV_VAR}=/path/to/data-sources. The committed extracts in data/ are unchanged.",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out)
    try:
        if args.check:
            with tempfile.TemporaryDirectory() as tmp:
                texts = build_all(src, Path(tmp))
                differ = [
                    n for n, t in texts.items() if not (out / n).is_file() or (out / n).read_bytes() != t.encode()
                ]
            if differ:
                print("differs from the derivation: " + ", ".join(differ), file=sys.stderr)
                return 1
            print(f"all {len(texts)} files in {out} match the derivation")
            return 0
        texts = build_all(src, out)
    except SourcesMissing as err:
        print(f"maintainers.derive: {err}", file=sys.stderr)
        return 2
    for name, text in texts.items():
        print(f"wrote {out / name} ({len(text.encode()):,} bytes)")
    if out.resolve() == DATA_DIR.resolve():
        from maintainers import datapage

        print(f"wrote {datapage.write(out)}")
        from maintainers import glossary

        glossary.main([])  # both editions' glossaries, from the term table
    return 0


if __name__ == "__main__":
    sys.exit(main())
