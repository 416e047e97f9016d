"""Country-group indicators done honestly: latest values, data coverage, weighted aggregates.

The World Development Indicators in ``load("rd_indicators")`` are sparse: many countries
report R&D data only in some years, and some never. Three questions come up whenever a
course page summarises such data for a group of countries (here, the OIC member states),
and each has a function:

* *What is each country's most recent value, and from which year?* :func:`latest_values`
* *How complete are the data?* :func:`coverage`
* *What is the group's value, and how much of the group does it cover?* :func:`group_aggregate`

A group value is a **weighted mean over the members that report**, with the weight that
makes it a ratio of totals (R&D spending / GDP uses GDP; researchers / population uses
population), the same rule the World Bank uses for its own aggregates of ratios. It is
always returned together with its coverage, so that a page can never quote an "OIC
average" without saying how much of the OIC it rests on::

    >>> from coursekit.data import load
    >>> from coursekit import indicators as ind
    >>> rd, oic = load("rd_indicators"), load("oic_members")
    >>> latest = ind.latest_values(rd, ind.RD_GDP, oic["iso3"])     # one row per member
    >>> agg = ind.group_aggregate(rd, oic["iso3"], ind.RD_GDP)      # one row per year
    >>> agg.loc[2021, ["value", "n_reporting", "weight_coverage"]]  # doctest: +SKIP

Every function takes the long table ``rd`` (columns ``iso3``, ``year``, ``indicator``,
``value``) and never modifies it. Bad input (a missing column, an unknown indicator, a
country code that is nowhere in the table) raises :class:`ValueError` with a message
that says what is wrong.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

__all__ = [
    "RD_GDP",
    "RESEARCHERS",
    "GDP_PER_CAPITA",
    "POPULATION",
    "NAMES",
    "DEFAULT_WEIGHT",
    "indicator_table",
    "latest_values",
    "coverage",
    "gdp",
    "weights",
    "group_aggregate",
]

#: Research and development expenditure (% of GDP).
RD_GDP = "GB.XPD.RSDV.GD.ZS"
#: Researchers in R&D (per million people).
RESEARCHERS = "SP.POP.SCIE.RD.P6"
#: GDP per capita (current US$).
GDP_PER_CAPITA = "NY.GDP.PCAP.CD"
#: Population, total.
POPULATION = "SP.POP.TOTL"

#: Readable names of the indicators.
NAMES = {
    RD_GDP: "R&D expenditure (% of GDP)",
    RESEARCHERS: "Researchers in R&D (per million people)",
    GDP_PER_CAPITA: "GDP per capita (current US$)",
    POPULATION: "Population",
}
#: Short names used in column labels by :func:`coverage`.
SHORT = {RD_GDP: "rd", RESEARCHERS: "researchers", GDP_PER_CAPITA: "gdp_pc", POPULATION: "population"}
#: The weight that turns a group's mean of a ratio into a ratio of totals.
DEFAULT_WEIGHT = {RD_GDP: "gdp", RESEARCHERS: "population"}

_COLUMNS = ("iso3", "year", "indicator", "value")


# --------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------
def _check_table(rd: pd.DataFrame) -> None:
    if not isinstance(rd, pd.DataFrame):
        raise ValueError(f"expected the rd_indicators table (a DataFrame), got {type(rd).__name__}")
    missing = [c for c in _COLUMNS if c not in rd.columns]
    if missing:
        raise ValueError(
            f"the table has no column(s) {', '.join(missing)}; expected the columns of "
            f"load('rd_indicators'): {', '.join(_COLUMNS)}"
        )


def _check_indicator(rd: pd.DataFrame, indicator: str) -> None:
    if indicator not in set(rd["indicator"].dropna()):
        known = ", ".join(sorted(set(rd["indicator"].dropna())))
        raise ValueError(f"indicator {indicator!r} is not in the table; it holds: {known}")


def _codes(rd: pd.DataFrame, codes: Iterable[str] | None) -> list[str] | None:
    if codes is None:
        return None
    if isinstance(codes, str):
        raise ValueError(f"codes should be a list of ISO3 codes, not the single text {codes!r}")
    out = [str(c) for c in codes]
    if len(set(out)) != len(out):
        dup = next(c for c in out if out.count(c) > 1)
        raise ValueError(f"the country code {dup!r} is listed more than once")
    unknown = sorted(set(out) - set(rd["iso3"].dropna().astype(str)))
    if unknown:
        raise ValueError(
            f"country code(s) not found for any indicator in the table: {', '.join(unknown)} "
            "(the table uses World Bank ISO3 codes, e.g. 'TUR', 'PSE')"
        )
    return out


def _one(rd: pd.DataFrame, indicator: str) -> pd.DataFrame:
    """The rows of one indicator, as plain columns iso3 (str), year (int), value (float)."""
    part = rd.loc[rd["indicator"] == indicator, ["iso3", "year", "value"]].dropna()
    return pd.DataFrame(
        {
            "iso3": part["iso3"].astype(str).to_numpy(),
            "year": part["year"].astype(int).to_numpy(),
            "value": part["value"].astype(float).to_numpy(),
        }
    )


# --------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------
def indicator_table(rd: pd.DataFrame, indicator: str, codes: Iterable[str] | None = None) -> pd.DataFrame:
    """One indicator as a wide table: one row per country code, one column per year.

    With *codes*, the rows are exactly those codes in that order (all-missing rows for
    countries without any value). Missing values are NaN.
    """
    _check_table(rd)
    _check_indicator(rd, indicator)
    codes = _codes(rd, codes)
    wide = _one(rd, indicator).pivot_table(index="iso3", columns="year", values="value", aggfunc="first")
    if codes is not None:
        wide = wide.reindex(codes)
    wide.index.name, wide.columns.name = "iso3", "year"
    return wide


def latest_values(
    rd: pd.DataFrame,
    indicator: str,
    codes: Iterable[str] | None = None,
    *,
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """The most recent value of *indicator* for each country, with its year.

    Returns a DataFrame indexed by ``iso3`` with the columns ``year`` (nullable integer)
    and ``value``. Only years from *start* to *end* (inclusive, if given) are considered.
    Without *codes*: one row per code that has a value. With *codes*: exactly those codes,
    in that order; a country without a value gets ``<NA>`` and ``NaN``. The result does not
    depend on the order of the rows of *rd*.
    """
    _check_table(rd)
    _check_indicator(rd, indicator)
    codes = _codes(rd, codes)
    part = _one(rd, indicator)
    if start is not None:
        part = part[part["year"] >= start]
    if end is not None:
        part = part[part["year"] <= end]
    part = part.sort_values(["iso3", "year"], kind="mergesort")
    latest = part.groupby("iso3").tail(1).set_index("iso3")[["year", "value"]]
    if codes is not None:
        latest = latest.reindex(codes)
    latest["year"] = latest["year"].astype("Int64")
    latest.index.name = "iso3"
    return latest


def coverage(
    rd: pd.DataFrame,
    codes: Iterable[str],
    indicators: Iterable[str] = (RD_GDP, RESEARCHERS),
    *,
    start: int | None = None,
    reference_year: int | None = None,
) -> pd.DataFrame:
    """How complete the data are: one row per code, three columns per indicator.

    For each indicator (short name ``s``, e.g. ``rd``): ``s_latest`` (year of the latest
    value, ``<NA>`` if none), ``s_years`` (number of years with a value) and ``s_age``
    (years between the latest value and *reference_year*). *reference_year* defaults, for
    each indicator, to the latest year in which any economy or aggregate in *rd* has a
    value of it, so an age of 0 means "as recent as this file gets". Only years from
    *start* on are counted, if given.
    """
    _check_table(rd)
    codes = _codes(rd, codes)
    if codes is None:
        raise ValueError("coverage needs the list of country codes of the group")
    out = pd.DataFrame(index=pd.Index(codes, name="iso3"))
    for indicator in indicators:
        _check_indicator(rd, indicator)
        short = SHORT.get(indicator, indicator)
        part = _one(rd, indicator)
        if start is not None:
            part = part[part["year"] >= start]
        ref = reference_year if reference_year is not None else int(part["year"].max())
        latest = part.groupby("iso3")["year"].max().reindex(codes)
        out[f"{short}_latest"] = latest.astype("Int64")
        out[f"{short}_years"] = part.groupby("iso3")["year"].nunique().reindex(codes).fillna(0).astype(int)
        out[f"{short}_age"] = (ref - latest).astype("Int64")
    return out


def gdp(rd: pd.DataFrame) -> pd.Series:
    """GDP in current US$ by (iso3, year): GDP per capita times population, where both exist."""
    _check_table(rd)
    per_capita = _one(rd, GDP_PER_CAPITA).set_index(["iso3", "year"])["value"]
    population = _one(rd, POPULATION).set_index(["iso3", "year"])["value"]
    both = pd.concat([per_capita.rename("pc"), population.rename("pop")], axis=1, join="inner")
    return (both["pc"] * both["pop"]).rename("gdp").sort_index()


def weights(rd: pd.DataFrame, kind: str) -> pd.Series:
    """Weights by (iso3, year): ``"gdp"`` (current US$) or ``"population"``."""
    _check_table(rd)
    if kind == "gdp":
        return gdp(rd)
    if kind == "population":
        return _one(rd, POPULATION).set_index(["iso3", "year"])["value"].rename("population").sort_index()
    raise ValueError(f"unknown weight {kind!r}: use 'gdp' or 'population'")


def group_aggregate(
    rd: pd.DataFrame,
    codes: Iterable[str],
    indicator: str,
    *,
    weight: str | None = None,
    years: Iterable[int] | None = None,
) -> pd.DataFrame:
    """A group's weighted mean of *indicator*, year by year, with its coverage.

    For each year: ``value`` = sum(value x weight) / sum(weight) over the members that have
    both a value and a weight that year (for R&D % of GDP with GDP weights this is the
    members' total R&D spending divided by their total GDP); ``n_reporting`` = the number of
    those members; ``n_members`` = the size of the group; ``n_weighted`` = members with a
    weight that year; ``weight_coverage`` = the reporting members' share (0 to 1) of the
    weight of all members with a weight. No value is imputed for missing members: the
    coverage says how much of the group the value rests on, and the set of reporting
    members changes from year to year, so differences between years mix real change with
    changes in who reports.

    *weight* is ``"gdp"`` or ``"population"``; the default is GDP for R&D % of GDP and
    population for researchers per million (see :data:`DEFAULT_WEIGHT`). *years* defaults
    to every year with a weight for some member.
    """
    _check_table(rd)
    _check_indicator(rd, indicator)
    codes = _codes(rd, codes)
    if not codes:
        raise ValueError("the group has no members")
    if weight is None:
        if indicator not in DEFAULT_WEIGHT:
            raise ValueError(f"no default weight for {indicator!r}: pass weight='gdp' or weight='population'")
        weight = DEFAULT_WEIGHT[indicator]
    w = weights(rd, weight)
    w = w[w.index.get_level_values("iso3").isin(codes)]
    values = _one(rd, indicator).set_index(["iso3", "year"])["value"]
    values = values[values.index.get_level_values("iso3").isin(codes)]
    both = pd.concat([values.rename("value"), w.rename("weight")], axis=1, join="outer")
    if years is None:
        years = sorted(set(w.index.get_level_values("year")))
    rows = []
    for year in years:
        at = both.xs(year, level="year") if year in both.index.get_level_values("year") else both.iloc[0:0]
        with_weight = at[at["weight"].notna()]
        reporting = with_weight[with_weight["value"].notna()]
        total_w = with_weight["weight"].sum()
        rep_w = reporting["weight"].sum()
        rows.append(
            {
                "year": int(year),
                "value": (reporting["value"] * reporting["weight"]).sum() / rep_w if len(reporting) else float("nan"),
                "n_reporting": len(reporting),
                "n_members": len(codes),
                "n_weighted": len(with_weight),
                "weight_coverage": rep_w / total_w if total_w > 0 else float("nan"),
            }
        )
    return pd.DataFrame(rows).set_index("year")
