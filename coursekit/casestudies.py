"""Small helpers shared by the case-study chapters (Part III).

The case-study chapters keep asking the same few questions of the course data: which
countries are OIC members, how many registered trials or articles a country has over a
span of years, and how that compares per million people. The answers are computed here
once, so that the chapters and their checks cannot drift apart::

    from coursekit.casestudies import trial_totals, per_million
    totals = trial_totals(load("stem_cell_trials"), 2004, 2022)
    totals["per_million"] = per_million(totals["trials"], load("rd_indicators"), 2004, 2022)

Every function takes the tables returned by :func:`coursekit.data.load` and returns a new
pandas object; none of them changes its inputs. A wrong argument (a start year after
the end year, a table without the expected columns) raises a ``ValueError`` that says
what was expected.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .data import require_columns
from .indicators import POPULATION

__all__ = [
    "POPULATION",
    "oic_codes",
    "population",
    "per_million",
    "trial_totals",
    "biomedical_articles",
    "group_summary",
]


def _need(df: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    require_columns(df, columns, what, "Load it with coursekit.data.load.")


def _span(start: int, end: int) -> range:
    if int(start) != start or int(end) != end:
        raise ValueError(f"start and end must be whole years, got {start!r} and {end!r}.")
    if start > end:
        raise ValueError(f"start ({start}) is after end ({end}).")
    return range(int(start), int(end) + 1)


def oic_codes(members: pd.DataFrame | None = None) -> frozenset[str]:
    """The ISO3 codes of the 57 OIC member states (from ``load("oic_members")``)."""
    if members is None:
        from coursekit.data import load

        members = load("oic_members")
    _need(members, ["iso3"], "The OIC members table")
    return frozenset(members["iso3"].astype(str))


def population(rd: pd.DataFrame, start: int, end: int | None = None) -> pd.Series:
    """Mean population (people) of each economy over the years ``start``..``end``.

    ``rd`` is ``load("rd_indicators")``; the population is its ``SP.POP.TOTL`` rows.
    With one year, this is simply that year's population. Economies with no value in
    the span are absent from the result.
    """
    _need(rd, ["iso3", "year", "indicator", "value"], "The R&D indicators table")
    years = _span(start, start if end is None else end)
    rows = rd[(rd["indicator"] == POPULATION) & rd["year"].isin(years)]
    return rows.groupby("iso3")["value"].mean().astype(float).rename("population")


def per_million(values: pd.Series, rd: pd.DataFrame, start: int, end: int | None = None) -> pd.Series:
    """``values`` (indexed by ISO3 code) per million people.

    The denominator is the mean population over ``start``..``end`` (``SP.POP.TOTL`` from
    the World Development Indicators), which suits totals added up over those years.
    Economies without a population figure (e.g. Taiwan, which the World Bank does not
    list) get NaN, so a caller sees the gap instead of a silent zero.
    """
    if not isinstance(values, pd.Series):
        raise ValueError(f"values should be a pandas Series indexed by ISO3 code, not {type(values).__name__}.")
    pop = population(rd, start, end)
    out = values.astype(float) / pop.reindex(values.index) * 1e6
    return out.rename("per_million")


def trial_totals(trials: pd.DataFrame, start: int, end: int, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """Registered trials per country, added up over the years first posted ``start``..``end``.

    ``trials`` is ``load("stem_cell_trials")``. The result has one row per country with
    at least one trial in the span, indexed by ISO3 code, with the columns ``country``,
    ``trials`` and ``oic_member``, sorted by ``trials`` (largest first, then by name).

    Remember the count's meaning: a trial with sites in several countries counts once in
    each of them, so the column does not add up to a number of distinct trials.
    """
    _need(trials, ["country", "iso3", "year", "trials"], "The trials table")
    rows = trials[trials["year"].isin(_span(start, end))]
    out = rows.groupby("iso3").agg(country=("country", "first"), trials=("trials", "sum"))
    out["trials"] = out["trials"].astype(int)
    out["oic_member"] = out.index.isin(oic_codes(members))
    out.index.name = "iso3"
    return out.sort_values(["trials", "country"], ascending=[False, True])


def biomedical_articles(
    publications: pd.DataFrame, start: int, end: int, field: str = "biological_biomedical"
) -> pd.Series:
    """Articles (fractional count) of each economy in ``field``, added up over ``start``..``end``.

    ``publications`` is ``load("publications")``. Only rows of kind ``economy`` with an
    ISO3 code are used, so regions, the World and the unassigned rows never enter a
    country total.
    """
    _need(publications, ["iso3", "kind", "year", "field", "articles"], "The publications table")
    if field not in set(publications["field"]):
        raise ValueError(f"field {field!r} is not in the table; it has {sorted(set(publications['field']))}.")
    rows = publications[
        (publications["kind"] == "economy")
        & publications["iso3"].notna()
        & (publications["field"] == field)
        & publications["year"].isin(_span(start, end))
    ]
    return rows.groupby("iso3")["articles"].sum().astype(float).rename("articles")


def group_summary(values: pd.Series, members: pd.DataFrame | None = None) -> pd.DataFrame:
    """OIC members against all other countries: how many, total, median and largest value.

    ``values`` is indexed by ISO3 code (for example trials per million people); missing
    values are left out and counted in ``n_missing``.
    """
    if not isinstance(values, pd.Series):
        raise ValueError(f"values should be a pandas Series indexed by ISO3 code, not {type(values).__name__}.")
    member = values.index.isin(oic_codes(members))
    rows = {}
    for label, mask in (("OIC members", member), ("Other countries", ~member)):
        part = values[mask]
        known = part.dropna().astype(float)
        rows[label] = {
            "n": int(known.size),
            "n_missing": int(part.isna().sum()),
            "total": float(known.sum()),
            "median": float(known.median()) if known.size else float("nan"),
            "max": float(known.max()) if known.size else float("nan"),
        }
    return pd.DataFrame.from_dict(rows, orient="index")
