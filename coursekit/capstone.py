"""Tools for the capstone: compare two countries' cited stem cell rules, and profile a pairing.

The capstone asks learners to design a research collaboration between an OIC member state
and a partner. Two questions come first: *where do the two countries' rules agree, differ,
or stay unknown?* and *do the two countries already work together?* This module answers
both from the course data, without guessing::

    from coursekit.capstone import compatibility, pair_collaboration
    from coursekit.data import load

    policies = load("stem_cell_policies")
    compatibility(policies, "MYS", "GBR")                 # the dataset's coarse dimensions
    compatibility(policies, "MYS", "GBR", extra_rules=rules)   # plus rules you coded, with sources
    compatibility(policies, "JOR", "GBR", extra_rules=load("capstone_rules"))  # the chapter's rules

    pair_collaboration(load("coauthorship_pairs"), "MYS", "GBR")

The one rule of the compatibility table: a dimension is ``"unknown"`` whenever either
country's value is missing (no value, NaN or empty text), and it is never filled in by
assumption. Two unknowns do not "agree". Otherwise numbers compare as numbers (14 and 14.0
agree) and anything else as text, ignoring case and surrounding spaces. A rule you add
(``extra_rules``) must name its source, a ``references.bib`` key.

Every function takes tables returned by :func:`coursekit.data.load` (or built like them),
returns a new pandas object and never changes its inputs. A wrong argument raises a
``ValueError`` whose message says what was expected.
"""

from __future__ import annotations

import math
import numbers
import re

import pandas as pd

from .atlas import NOT_FOUND
from .data import require_columns

__all__ = [
    "STATUSES",
    "DATASET_DIMENSIONS",
    "HESC_ALLOWED",
    "RULE_COLUMNS",
    "policy_rules",
    "check_rules",
    "compatibility",
    "pair_collaboration",
]

#: The three possible verdicts for one dimension, in display order.
STATUSES = ("agree", "differ", "unknown")

#: How the coarse ``category`` of ``stem_cell_policies`` answers "may hESC research be done?".
#: ``restrictive`` and ``no-specific-law`` do not answer it, so they are left out (unknown).
#: This is the course's reading of its own category names, not a cited fact: the facts (each
#: country's category, the chapter's rules) are the curated, cited tables ``stem_cell_policies``
#: and ``capstone_rules``.
HESC_ALLOWED = {
    "permissive": "yes",
    "permissive-with-conditions": "yes",
    "prohibited-by-law": "no",
    "prohibited-by-regulation": "no",
}

#: Dimensions read from ``stem_cell_policies`` itself (the names cannot be reused in extra rules).
DATASET_DIMENSIONS = ("policy category", "hESC research allowed")

#: Columns an ``extra_rules`` table must have (``caveat`` is optional).
RULE_COLUMNS = ("iso3", "dimension", "value", "citation")

_POLICY_COLUMNS = ("iso3", "category", "citation")
_PAIR_COLUMNS = ("iso3_a", "iso3_b", "year", "coauthored_articles", "collaboration_index")
_WORLD = "WLD"
_ISO3 = re.compile(r"^[A-Z]{3}$")


# =====================================================================================
# whole columns of values: missing, as numbers, as text
# =====================================================================================
def _missing(values: pd.Series) -> pd.Series:
    """For each value of the Series *values*: is it missing (None, NaN, pandas' NA/NaT, empty or blank text),
    i.e. "the source does not say"?"""
    blank = values.map(lambda v: isinstance(v, str) and not v.strip()).astype(bool)
    return values.isna() | blank


def _as_numbers(values: pd.Series) -> pd.Series:
    """Each value of *values* as a float where it is a real number (not True/False), else NaN."""
    return values.map(lambda v: float(v) if isinstance(v, numbers.Real) and not isinstance(v, bool) else math.nan)


def _texts(values: pd.Series) -> pd.Series:
    """Each value of *values* as stripped text ("" where it is missing)."""
    return values.astype(object).where(~_missing(values), "").map(lambda v: str(v).strip())


# =====================================================================================
# rules as a long table: iso3, dimension, value, citation, caveat
# =====================================================================================
def _plain(value):
    """NumPy scalars -> Python scalars, and whole floats -> int (a column with a gap turns 5 into 5.0)."""
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _keys(citations: pd.Series) -> pd.Series:
    """Each citation 'a,b' or 'a, b' as 'a, b' (empty if missing)."""
    return _texts(citations).map(lambda text: ", ".join(k.strip() for k in text.split(",") if k.strip()))


def policy_rules(policies: pd.DataFrame) -> pd.DataFrame:
    """The dataset's own dimensions, one row per country and dimension.

    ``policy category`` is the table's ``category``; ``hESC research allowed`` is derived
    from it with :data:`HESC_ALLOWED` (missing where the category does not say).
    Columns: ``iso3``, ``dimension``, ``value``, ``citation``, ``caveat``. A ``no-rule-found`` row
    records a search, not a rule, so it gives no rows: that country's dimensions stay unknown.
    """
    require_columns(policies, _POLICY_COLUMNS, "The policies table (load('stem_cell_policies'))")
    policies = policies[_texts(policies["category"]) != NOT_FOUND]
    codes = _texts(policies["iso3"]).str.upper()
    categories = _texts(policies["category"])
    citations = _keys(policies["citation"])
    caveats = _texts(policies["caveat"]) if "caveat" in policies.columns else pd.Series("", index=policies.index)
    rows = []
    for iso3, category, citation, caveat in zip(codes, categories, citations, caveats):
        rows.append((iso3, DATASET_DIMENSIONS[0], category or pd.NA, citation, caveat))
        rows.append((iso3, DATASET_DIMENSIONS[1], HESC_ALLOWED.get(category, pd.NA), citation, caveat))
    out = pd.DataFrame(rows, columns=[*RULE_COLUMNS, "caveat"])
    out["value"] = pd.Series([r[2] for r in rows], dtype=object, index=out.index)
    return out


def check_rules(rules: pd.DataFrame) -> pd.DataFrame:
    """Validate a table of rules you coded from your sources; return a clean copy.

    Required columns: ``iso3`` (three letters), ``dimension`` (a short name such as
    ``"embryo age limit (days)"``), ``value`` (empty if your source does not say) and
    ``citation`` (the ``references.bib`` key(s) of the source; required whenever ``value``
    is filled in). Optional: ``caveat``. Rows are numbered from 1 in messages.
    """
    require_columns(rules, RULE_COLUMNS, "The extra rules table")
    gaps = _missing(rules["value"])
    values = [
        pd.NA if gap else (v.strip() if isinstance(v, str) else _plain(v)) for v, gap in zip(rules["value"], gaps)
    ]
    out = pd.DataFrame(
        {
            "iso3": list(_texts(rules["iso3"]).str.upper()),
            "dimension": list(_texts(rules["dimension"])),
            "value": pd.Series(values, dtype=object),
            "citation": list(_keys(rules["citation"])),
            "caveat": list(_texts(rules["caveat"])) if "caveat" in rules.columns else [""] * len(rules),
        }
    )
    filled = ~_missing(out["value"])
    seen: dict[tuple[str, str], int] = {}
    for n, (row, has_value) in enumerate(zip(out.itertuples(index=False), filled), start=1):
        where = f"extra rules, row {n}"
        if not _ISO3.match(row.iso3):
            raise ValueError(f"{where}: iso3 {row.iso3!r} is not a three-letter ISO code such as 'MYS'.")
        if not row.dimension:
            raise ValueError(f"{where} ({row.iso3}): the dimension is empty; give it a short name.")
        if row.dimension.casefold() in {d.casefold() for d in DATASET_DIMENSIONS}:
            raise ValueError(
                f"{where} ({row.iso3}): the dimension {row.dimension!r} comes from "
                "stem_cell_policies itself; give your rule another name."
            )
        if has_value and not row.citation:
            raise ValueError(
                f"{where} ({row.iso3}, {row.dimension!r}): a rule needs a source. Put the "
                "references.bib key of the text you read in `citation`, or leave `value` "
                "empty if no source says."
            )
        key = (row.iso3, row.dimension.casefold())
        if key in seen:
            raise ValueError(
                f"{where} ({row.iso3}, {row.dimension!r}) repeats row {seen[key]}: one value per country and dimension."
            )
        seen[key] = n
    return out


# =====================================================================================
# the compatibility table
# =====================================================================================
def _code(value, what: str) -> str:
    if not isinstance(value, str) or not _ISO3.match(value.strip().upper()):
        raise ValueError(f"{what} should be a three-letter ISO code such as 'MYS', not {value!r}.")
    return value.strip().upper()


def compatibility(policies: pd.DataFrame, a: str, b: str, extra_rules: pd.DataFrame | None = None) -> pd.DataFrame:
    """Compare two countries' cited rules, dimension by dimension.

    Returns a DataFrame indexed by ``dimension`` with columns ``<a>``, ``<b>`` (the two
    countries' values, ``<NA>`` where no source says), ``status`` (``"agree"``, ``"differ"``
    or ``"unknown"``: see the module's docstring), ``sources`` (the citation keys behind each
    value) and ``caveat`` (reliability warnings carried by the rows used).

    The dataset's dimensions (:data:`DATASET_DIMENSIONS`) come first, then every dimension of
    ``extra_rules`` (see :func:`check_rules`) in the order it first appears, even one coded
    only for other countries: the table is also a checklist of what is still to be found out.
    A dimension that either country has no value for is ``"unknown"``: nothing is filled in
    by assumption.
    """
    a, b = _code(a, "The first country"), _code(b, "The second country")
    if a == b:
        raise ValueError(f"Both countries are {a}: choose two different countries.")
    rules = policy_rules(policies)
    if extra_rules is not None:
        rules = pd.concat([rules, check_rules(extra_rules)], ignore_index=True)
    known = set(rules["iso3"])
    for code in (a, b):
        if code not in known:
            raise ValueError(
                f"{code} has no rule in stem_cell_policies or in your extra rules. Countries with rules: "
                f"{', '.join(sorted(known))}. (A country without a rule found is 'not documented here', not "
                "'without rules': to compare it, add rules you have read, with their sources, as extra_rules.)"
            )
    names = {}
    if "country" in policies.columns:
        names = dict(zip(_texts(policies["iso3"]).str.upper(), _texts(policies["country"])))
    order = list(dict.fromkeys(rules["dimension"]))
    lookup = {(r.iso3, r.dimension): r for r in rules.itertuples(index=False)}
    rows = []
    for dim in order:
        ra, rb = lookup.get((a, dim)), lookup.get((b, dim))
        va = ra.value if ra is not None else pd.NA
        vb = rb.value if rb is not None else pd.NA
        sources = "; ".join(f"{code}: {r.citation}" for code, r in ((a, ra), (b, rb)) if r is not None and r.citation)
        caveat = "; ".join(f"{code}: {r.caveat}" for code, r in ((a, ra), (b, rb)) if r is not None and r.caveat)
        rows.append({"dimension": dim, a: va, b: vb, "sources": sources, "caveat": caveat})
    index = pd.Index([r["dimension"] for r in rows], name="dimension", dtype=object)
    col_a = pd.Series([r[a] for r in rows], dtype=object, index=index)
    col_b = pd.Series([r[b] for r in rows], dtype=object, index=index)
    # the status of every dimension at once: unknown if either value is missing; else numbers compare as
    # numbers, anything else as text ignoring case and surrounding spaces
    unknown = _missing(col_a) | _missing(col_b)
    num_a, num_b = _as_numbers(col_a), _as_numbers(col_b)
    numeric = num_a.notna() & num_b.notna()
    same = (numeric & (num_a == num_b)) | (~numeric & (_texts(col_a).str.casefold() == _texts(col_b).str.casefold()))
    status = pd.Series("differ", index=index, dtype=object).mask(same, "agree").mask(unknown, "unknown")
    table = pd.DataFrame(
        {
            a: col_a,
            b: col_b,
            "status": status,
            "sources": pd.Series([r["sources"] for r in rows], dtype=object, index=index),
            "caveat": pd.Series([r["caveat"] for r in rows], dtype=object, index=index),
        }
    )
    table.attrs["countries"] = {a: names.get(a, a), b: names.get(b, b)}
    return table


# =====================================================================================
# do the two countries already co-author?
# =====================================================================================
def pair_collaboration(pairs: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """Co-authorship of two countries in the NCSES pair table, one row per year.

    Columns: ``coauthored_articles`` (articles with addresses in both countries, whole
    count), ``collaboration_index`` (1 = as much as expected from the two countries'
    international output), ``share_of_<a>`` and ``share_of_<b>``: the pair's articles as a
    percentage of each country's internationally co-authored articles that year.

    A country outside the table's 46 raises ``ValueError``: the table cannot say whether
    the two co-author, and "not in the table" must not be read as zero.
    """
    require_columns(pairs, _PAIR_COLUMNS, "The pairs table (load('coauthorship_pairs'))")
    a, b = _code(a, "The first country"), _code(b, "The second country")
    if a == b:
        raise ValueError(f"Both countries are {a}: choose two different countries.")
    covered = set(pairs["iso3_a"].dropna()) - {_WORLD}
    for code in (a, b):
        if code not in covered:
            raise ValueError(
                f"{code} is not one of the countries in the NCSES pair table (coauthorship_pairs), so the "
                f"table cannot say whether {a} and {b} co-author: treat it as unknown, not as zero. "
                f"Covered: {', '.join(sorted(covered))}."
            )
    rows = pairs[(pairs["iso3_a"] == a) & (pairs["iso3_b"].isin([b, _WORLD]))]
    out = {}
    for year, grp in rows.groupby("year"):
        pair = grp[grp["iso3_b"] == b]
        total_a = grp.loc[grp["iso3_b"] == _WORLD, "coauthored_articles"]
        total_b = pairs.loc[
            (pairs["iso3_a"] == b) & (pairs["iso3_b"] == _WORLD) & (pairs["year"] == year), "coauthored_articles"
        ]
        if len(pair) != 1 or len(total_a) != 1 or len(total_b) != 1:
            raise ValueError(
                f"The pairs table should have exactly one row for {a}-{b}, {a}-World and {b}-World "
                f"in {year}; is it the table from load('coauthorship_pairs')?"
            )
        n = float(pair["coauthored_articles"].iloc[0])
        out[int(year)] = {
            "coauthored_articles": int(n),
            "collaboration_index": float(pair["collaboration_index"].iloc[0]),
            f"share_of_{a}": 100 * n / float(total_a.iloc[0]),
            f"share_of_{b}": 100 * n / float(total_b.iloc[0]),
        }
    table = pd.DataFrame.from_dict(out, orient="index")
    table.index.name = "year"
    return table
