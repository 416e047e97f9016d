"""Checkers for exercise set 12, "Evaluating claims".

Every expected value is computed at check time, from ``data/`` and from ``coursekit.claims``. A class
variant (see ``variant_params``) asks 12.2 for the relative difference, 12.3 for the closest year up to the
year of the report SolarQuarter summarises, 12.4 with another tolerance, 12.6 about another country's lead
on another co-authorship attribute and 12.7 about another kind of source.
"""

from __future__ import annotations

import math
import numbers
from functools import lru_cache

import numpy as np
import pandas as pd

from coursekit.checks import toolkit as tk
from coursekit.claims import AGREEMENT_TOL, MEANINGS

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    params,
    per_data,
    question,
    shuffled,
    table,
)

GERD = "GB.XPD.RSDV.GD.ZS"
USR = "unesco2015sciencereport"
SQ = "solarquarter2024unesco"
VALUE_TOL = 5e-4  # data values and differences: learners may round to 3 decimals
#: SolarQuarter's two figures as 12.4 names them.
SQ_NAMES = {"ARE": "the UAE", "EGY": "Egypt"}
#: What each co-authorship attribute of `co` counts (from the table's description in data/datapackage.json).
ATTRIBUTE_TEXT = {
    "international": "internationally co-authored articles",
    "total": "articles",
    "multiple_institutions": "articles with two or more institutional addresses",
    "domestic_only": "articles with all addresses within one country",
}
#: Tolerances (percentage points) a class variant may ask 12.4 with.
TOLERANCES = (0.001, 0.002, 0.003, 0.004, 0.05, 0.1)
#: 12.3 in a class variant: the last year a figure of SolarQuarter's summary of the UNESCO Science Report 2021
#: can be for (a report of 2021 gives no figure for a later year).
SQ_REPORT_YEAR = 2021
#: 12.2 in a class variant: the relative difference, as the question and the solution state it.
RELATIVE_TEXT = (
    "the **relative** difference, `100 * (wdi - published) / published`, that is, by how many\n"
    "  percent of the published figure the World Bank value differs from it (not percentage points)"
)
RELATIVE_CODE = '100 * (usr_check["wdi"] - usr_check["published"]) / usr_check["published"]'


#: The public edition's parameters (a class variant draws others: see `variant_params`).
PARAMS = {
    "TOL": AGREEMENT_TOL,
    "TOL_TEXT": "`AGREEMENT_TOL`",  # 12.4
    "COUNTRY": "Saudi Arabia",
    "ATTRIBUTE": "international",  # 12.6
    "ATTRIBUTE_TEXT": ATTRIBUTE_TEXT["international"],
    "SOURCE": "primary",
    "SOURCE_MEANING": MEANINGS["source_type"]["primary"],  # 12.7
}


def _p(name: str):
    """One parameter of the active variant (the public edition's by default)."""
    return params("12")[name]


# =====================================================================================
# data used by the checkers (computed at check time)
# =====================================================================================
@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return table("rd_indicators"), table("coauthorship"), table("oic_members")


def _rd_copy() -> pd.DataFrame:
    return _tables()[0].copy()


def _gerd() -> pd.DataFrame:
    rd = _tables()[0]
    return rd.loc[rd["indicator"] == GERD, ["iso3", "year", "value"]]


def _published(source: str) -> pd.DataFrame:
    from coursekit.claims import published_rd

    pub = published_rd()
    return pub[pub["source_key"] == source].reset_index(drop=True)


def _relative() -> bool:
    """12.2 asks for the relative difference (in percent of the published figure) in a class variant."""
    return params("12").get("DIFFERENCE", "points") == "relative"


def _usr_expected(relative: bool | None = None) -> pd.DataFrame:
    usr = _published(USR)
    out = usr.merge(_gerd().rename(columns={"value": "wdi"}), on=["iso3", "year"], how="left")
    out["difference"] = out["wdi"] - out["published"]
    if _relative() if relative is None else relative:
        out["difference"] = 100 * out["difference"] / out["published"]
    return out


def _latest() -> int | None:
    """12.3: the last year the closest year may be (the active variant's; None: any year)."""
    latest = params("12").get("LATEST_YEAR")
    return None if latest is None else int(latest)


@per_data()
def _closest_years(
    iso3: str, published: float, indicator: str = GERD, latest: int | None = None
) -> tuple[frozenset[int], float]:
    """Years whose value is closest to *published* (all of them, in case of a tie), and that distance;
    with *latest*, among the years up to *latest*."""
    rd = _tables()[0]
    s = rd[(rd["iso3"] == iso3) & (rd["indicator"] == indicator)]
    if latest is not None:
        s = s[s["year"] <= latest]
    dist = (s["value"] - published).abs()
    best = dist.min()
    return frozenset(int(y) for y in s.loc[np.isclose(dist, best, rtol=0, atol=1e-12), "year"]), float(best)


def _solarquarter_distances(latest: int | None = None) -> dict[str, float]:
    """iso3 -> the distance of SolarQuarter's figure from its closest World Bank value (up to *latest*, the
    year up to which 12.3's function looks)."""
    return {
        str(row["iso3"]): _closest_years(row["iso3"], float(row["published"]), latest=latest)[1]
        for _, row in _published(SQ).iterrows()
    }


def _status_for(tol: float, latest: int | None = None) -> str:
    from coursekit.claims import numbers_status

    return numbers_status(list(_solarquarter_distances(latest).values()), tol=tol)


def _solarquarter_status() -> str:
    return _status_for(_p("TOL"), _latest())


def _lead_years(
    measure: str = "articles", oic_only: bool = True, country: str | None = None, attribute: str | None = None
) -> list[int]:
    """The years in which *country* had the most articles of *attribute* (the active variant's by default);
    with ``measure="share"``, the largest share of its articles."""
    country = country or _p("COUNTRY")
    attribute = attribute or _p("ATTRIBUTE")
    co, oic = _tables()[1], _tables()[2]
    rows = co[co["iso3"].isin(set(oic["iso3"]))] if oic_only else co[co["iso3"] != "WLD"]
    wide = rows.pivot_table(index=["year", "country"], columns="attribute", values="articles")
    value = wide[attribute] if measure == "articles" else wide[attribute] / wide["total"]
    leader = value.unstack("country").idxmax(axis=1)
    return sorted(int(y) for y in leader.index if leader[y] == country)


def _n_changed(**changes) -> int:
    from coursekit.claims import examples, grade_table

    ex = examples()
    base = grade_table(ex)
    other = grade_table(ex.assign(**changes))
    return int((base["band"] != other["band"]).sum())


# =====================================================================================
# 12.2: usr_check
# =====================================================================================
@question("12.2", "usr_check", "value")
def _grade_usr_check(table, fb: Feedback, thorough: bool) -> None:
    want = _usr_expected()
    if not isinstance(table, pd.DataFrame):
        raise Stop(
            f"`usr_check` is {tk.describe(table)}; it should be a pandas DataFrame.",
            "Start from `usr` and merge the World Bank values onto it.",
        )
    df = table.reset_index() if "iso3" not in table.columns and "iso3" in (table.index.names or []) else table
    fb.ok("It is a DataFrame.")
    needed = ["iso3", "year", "published", "wdi", "difference"]
    missing = [c for c in needed if c not in df.columns]
    if missing:
        hint = "Keep the columns of `usr` and add `wdi` and `difference`."
        if "wdi" in missing and "value" in df.columns:
            hint = "Rename the World Bank column `value` to `wdi`, e.g. `.rename(columns={'value': 'wdi'})`."
        raise Stop(f"The column(s) {', '.join(missing)} are missing.", hint)
    if "indicator" in df.columns and df["indicator"].nunique() > 1 or len(df) > len(want):
        raise Stop(
            f"`usr_check` has {len(df)} rows; it should have {len(want)}, one for each figure in `usr`.",
            f"Keep only the rows of `rd` whose indicator is {GERD!r} (R&D, % of GDP) before merging.",
        )
    if len(df) < len(want):
        raise Stop(
            f"`usr_check` has {len(df)} rows; it should have {len(want)}, one for each figure in `usr`.",
            "Use a merge that keeps every row of `usr` (`how='left'`), on both iso3 and year.",
        )
    try:
        keys = [(str(i), int(y)) for i, y in zip(df["iso3"], df["year"])]
    except (TypeError, ValueError, OverflowError):
        raise Stop("Some iso3 or year values are missing or not whole numbers.") from None
    if len(set(keys)) != len(keys):
        raise Stop("A country and year appear more than once.", "Merge on both `iso3` and `year`.")
    rows = dict(zip(keys, range(len(df))))
    fb.ok(f"It has one row for each of the {len(want)} figures.")
    for col in ("published", "wdi", "difference"):
        values = tk.as_floats(df[col]).to_numpy()
        for _, w in want.iterrows():
            key = (str(w["iso3"]), int(w["year"]))
            if key not in rows:
                raise Stop(f"The row for {key[0]} in {key[1]} is missing.")
            got = values[rows[key]]
            if math.isnan(got):
                raise Stop(
                    f"The {col} value for {key[0]} in {key[1]} is missing (NaN).",
                    "The merge found no World Bank value: merge on both iso3 and year, and check that you "
                    f"kept the {GERD!r} rows of `rd`.",
                )
            if abs(got - w[col]) <= VALUE_TOL:
                continue
            if col == "difference" and _relative():
                hint = _diagnose_relative(got, key)
            elif col == "difference" and abs(got + w[col]) <= VALUE_TOL:
                hint = "The sign is reversed: compute wdi − published."
            elif col == "difference":
                hint = "difference = wdi − published, in percentage points."
            elif col == "published":
                hint = "Keep the `published` column of `usr` as it is: it is the figure being checked."
            else:
                hint = f"Take the value of indicator {GERD!r} for the same country and year."
            raise Stop(f"{col} for {key[0]} in {key[1]} is {got:.4g}, which is not right.", hint)
        fb.ok(f"The {col} values are right.")


_RELATIVE_HINT = (
    "difference = 100 × (wdi − published) / published: the relative difference, in percent of the published figure."
)


def _relative_alternatives() -> list[tuple[pd.Series, str]]:
    """12.2 in a class variant (the relative difference): the difference columns of the typical mistakes,
    each with its hint. The first is the public edition's answer, in percentage points."""
    points = _usr_expected(relative=False)
    right = _usr_expected(relative=True)["difference"]
    return [
        (
            points["difference"],
            "That is the difference in percentage points (wdi − published); this version asks "
            "for the relative difference, 100 × (wdi − published) / published.",
        ),
        (-right, "The sign is reversed: compute wdi − published, then divide by published."),
        (100 * points["difference"] / points["wdi"], "Divide by the published figure, not by the World Bank value."),
        (right / 100, "That is a fraction; multiply by 100 to get percent."),
    ]


def _diagnose_relative(got: float, key: tuple[str, int]) -> str:
    want = _usr_expected()
    i = next(k for k, (iso3, year) in enumerate(zip(want["iso3"], want["year"])) if (str(iso3), int(year)) == key)
    for values, hint in _relative_alternatives():
        if abs(got - float(values.iloc[i])) <= VALUE_TOL:
            return hint
    return _RELATIVE_HINT


# =====================================================================================
# 12.3: closest_year
# =====================================================================================
def _cases_12_3(thorough: bool) -> list[tuple[str, float]]:
    return _cases_up_to(thorough, _latest())


def _cases_up_to(thorough: bool, latest: int | None) -> list[tuple[str, float]]:
    """The (iso3, published) on which 12.3 calls the learner's function, when it looks for the closest year
    up to *latest* (None: any year)."""
    cases = [("ARE", 1.50), ("EGY", 0.96), ("TUR", 0.86)]
    if not thorough:
        return cases
    gerd = _gerd()
    for iso3, grp in gerd.groupby("iso3"):
        if latest is not None:  # a class variant: values of every year, for countries with values up to latest
            if (grp["year"] <= latest).sum() < 3 or not str(iso3).isalpha():
                continue
        elif len(grp) < 3 or not str(iso3).isalpha():
            continue
        values = grp["value"].sort_values().to_numpy()
        for v in (values[0], values[len(values) // 2], values[-1]):
            cases.append((str(iso3), round(float(v) + 0.003, 3)))
    return cases[:150]


@question("12.3", "closest_year", "function")
def _grade_closest_year(fn, fb: Feedback, thorough: bool) -> None:
    if thorough:
        df = shuffled(_rd_copy(), 20240512, offset=100_000)
    else:
        df = None
    cases = _cases_12_3(thorough)
    for iso3, published in cases:
        data = df if df is not None else _rd_copy()
        label = f"closest_year(rd, {iso3!r}, {published})"
        raw = tk.call(fn, label, data, iso3, published)
        got_f = tk.number(raw, f"`{label}`")
        years, _ = _closest_years(iso3, published, latest=_latest())
        if got_f == int(got_f) and int(got_f) in years:
            continue
        raise Stop(
            f"{label} returned {got_f:.6g}, which is not the year we expect.",
            _diagnose_closest(got_f, data, iso3, published),
        )
    fb.ok("It returns a year.")
    checked = (
        f"{len(cases)} countries and values, on shuffled rows" if thorough else "; ".join(f"{i} {p}" for i, p in cases)
    )
    fb.ok(f"The years are right for {checked}.")


def _diagnose_closest(got: float, data: pd.DataFrame, iso3: str, published: float) -> str:
    rd = data
    gerd = rd[(rd["iso3"] == iso3) & (rd["indicator"] == GERD)]
    latest = _latest()
    if latest is not None:
        if got == int(got) and got > latest and int(got) in _closest_years(iso3, published)[0]:
            return (
                f"{int(got)} is after {latest}: a figure of the {SQ_REPORT_YEAR} report cannot be for a later "
                f"year. Keep only the years up to {latest} (`rd['year'] <= {latest}`)."
            )
        rd = rd[rd["year"] <= latest]
        gerd = gerd[gerd["year"] <= latest]
    dist = (gerd["value"] - published).abs()
    if len(gerd):
        best_label = dist.idxmin()
        if got == best_label:
            return (
                "That is the row label that `idxmin()` returns, not the year. Take the year of that row, "
                "e.g. `rows.loc[rows['diff'].idxmin(), 'year']`."
            )
        if math.isclose(got, float(gerd.loc[best_label, "value"]), abs_tol=1e-9):
            return "That is the closest *value*; the question asks for its year."
        hints = []
        if got == float(gerd.loc[dist.idxmax(), "year"]) and dist.max() > dist.min():
            hints.append(
                "That is the year *farthest* from the published value: take the smallest distance "
                "(`idxmin`), not the largest."
            )
        signed = gerd["value"] - published
        if got in (float(gerd.loc[signed.idxmin(), "year"]), float(gerd.loc[signed.idxmax(), "year"])):
            hints.append(
                "Compare the *absolute* differences (`.abs()`), so that values above and below the "
                "published figure count alike."
            )
        if hints:
            return " ".join(hints)
    allrows = rd[rd["iso3"] == iso3]
    if len(allrows):
        any_best = allrows.loc[(allrows["value"] - published).abs().idxmin()]
        if got == float(any_best["year"]) and any_best["indicator"] != GERD:
            return f"Keep only the rows of the indicator {GERD!r} (R&D, % of GDP): that year comes from another one."
    if latest is not None:
        return (
            f"Keep the rows of `rd` for this country, the indicator {GERD!r} and the years up to {latest}, "
            "compute the absolute difference between each value and the published figure, and return the year "
            "of the smallest."
        )
    return (
        f"Keep the rows of `rd` for this country and the indicator {GERD!r}, compute the absolute difference "
        "between each value and the published figure, and return the year of the smallest."
    )


# =====================================================================================
# 12.4: solarquarter_numbers
# =====================================================================================
_STATUSES = ("match", "partly", "differ", "not_checked", "no_numbers")


def _status_feedback(status: str) -> str:
    """The hint for the rubric answer *status* when it is not what the check finds (active variant)."""
    tol = _p("TOL")
    figures = {iso3: float(v) for iso3, v in zip(_published(SQ)["iso3"], _published(SQ)["published"])}
    agree = {iso3: d < tol for iso3, d in _solarquarter_distances(_latest()).items()}
    if status == "match":
        off = [iso3 for iso3, ok in agree.items() if not ok]
        return (
            f"Not quite: check {SQ_NAMES[off[0]]}. Its closest World Bank value is farther from "
            f"{figures[off[0]]:.2f} than the tolerance."
        )
    if status == "differ":
        on = [iso3 for iso3, ok in agree.items() if ok]
        return (
            f"Not quite: check {SQ_NAMES[on[0]]}. Its closest World Bank value is within the tolerance of "
            f"{figures[on[0]]:.2f}."
        )
    if status == "partly":
        return f"Not quite: compare each figure's distance to its closest value with {_p('TOL_TEXT')}."
    if status == "not_checked":
        return "You have checked them, in 12.3: the answer is about what that check found."
    return "The claim has numbers (" + " and ".join(f"{v:.2f}%" for v in figures.values()) + "), so they count."


@question("12.4", "solarquarter_numbers", "value")
def _grade_solarquarter(answer, fb: Feedback, thorough: bool) -> None:
    text = tk.text(answer, "`solarquarter_numbers`").lower().replace(" ", "_").replace("-", "_")
    if text not in _STATUSES:
        raise Stop(f"{answer!r} is not one of the answers.", 'Answer "match", "partly" or "differ".')
    fb.ok("It is one of the rubric's answers.")
    want = _solarquarter_status()
    if text == want:
        fb.ok(
            f"Yes: {want}. One figure agrees with a World Bank value within the tolerance and one does not."
            if want == "partly"
            else f"Yes: {want}."
        )
        return
    raise Stop(f"{text!r} is not what the check finds.", _status_feedback(text))


# =====================================================================================
# 12.5: multiple choice
# =====================================================================================
_MC_12_5 = {
    "a": "Not this one: the repost and the copy repeat the Nature report; they add no evidence of their own.",
    "b": "Not this one: the newsroom repost is the Nature report on another site, not a second report.",
    "c": "Yes: one. The repost and the blog's copy repeat Nature's reporting; only a source that found "
    "its facts separately would count as a second.",
    "d": "Not this one: the Nature report is a source (a secondary one); the copies add nothing to it.",
}


multiple_choice_question("12.5", _MC_12_5, "c", "Ask of each page: did it find its facts itself?")


# =====================================================================================
# 12.6: lead_years
# =====================================================================================
@question("12.6", "lead_years", "value")
def _grade_lead_years(answer, fb: Feedback, thorough: bool) -> None:
    country, what = _p("COUNTRY"), _p("ATTRIBUTE_TEXT")
    if isinstance(answer, (str, bytes)) or isinstance(answer, numbers.Number):
        raise Stop(
            f"`lead_years` is {tk.describe(answer)}; it should be a list of years.", "For example [2015, 2016, 2017]."
        )
    if isinstance(answer, pd.DataFrame):
        raise Stop(
            "`lead_years` is a DataFrame; it should be a list of years.",
            f"Take the years (the index) where the leader is {country}: `list(leader.index[...])`.",
        )
    if isinstance(answer, pd.Series):
        if answer.dtype == bool:
            items = list(answer.index[answer.to_numpy()])
        elif len(answer) and all(isinstance(x, str) for x in answer):
            raise Stop("`lead_years` is a Series of country names.", "The years are its index: `list(s.index)`.")
        else:
            items = list(answer)
    elif isinstance(answer, (pd.Index, np.ndarray, list, tuple, set, frozenset, range)):
        items = tk.listed(answer, "`lead_years`")
    else:
        raise Stop(f"`lead_years` is {tk.describe(answer)}; it should be a list of years.")
    if any(isinstance(x, str) for x in items):
        raise Stop(
            "`lead_years` holds text, e.g. country names or '2015'.",
            "It should hold the years as numbers, e.g. [2015, 2016].",
        )
    years = {tk.count(x, "each year in `lead_years`") for x in items}
    fb.ok("It holds whole numbers.")
    want = set(_lead_years())
    if years == want:
        fb.ok(f"These are the years in which {country} had the most {what} among the OIC members in the table.")
        return
    if not years:
        raise Stop(
            "`lead_years` is empty.",
            "Keep only the OIC members (iso3 in `oic['iso3']`): among all countries, others lead.",
        )
    if _p("ATTRIBUTE") != "total" and years == set(_lead_years(measure="share")):
        raise Stop(
            f"Those are the years in which {country} had the highest *share* of {what}.",
            f"The question is about the number of articles with the attribute {_p('ATTRIBUTE')!r}.",
        )
    extra, missing = sorted(years - want), sorted(want - years)
    if extra:
        raise Stop(
            f"In {extra[0]} {country} did not have the most {what} among the OIC members in the table.",
            f"For each year, find the OIC member with the largest {_p('ATTRIBUTE')!r} count (`idxmax`).",
        )
    raise Stop(f"{len(missing)} year(s) are missing, e.g. {missing[0]}.", "Check every year from 2003 to 2022.")


# =====================================================================================
# 12.7: n_changed_by_source
# =====================================================================================
@question("12.7", "n_changed_by_source", "value")
def _grade_n_changed(answer, fb: Feedback, thorough: bool) -> None:
    n = tk.count(answer, "`n_changed_by_source`")
    fb.ok("It is a whole number.")
    source = _p("SOURCE")
    want = _n_changed(source_type=source)
    if n == want:
        fb.ok(
            f"That many claims change band when only their source becomes {source!r}: the source alone "
            "rarely decides a claim's band."
            if source == "primary"
            else f"That many claims change band when only their source becomes {source!r}."
        )
        return
    raise Stop(
        f"{n} is not the number of claims whose band changes.",
        _n_changed_hint(n)
        or f"Grade `examples()` and `examples().assign(source_type={source!r})` with "
        "`grade_table` and count the rows whose band differs.",
    )


def _n_changed_alternatives() -> list[int]:
    """The counts that typical mistakes give: changed scores, claims with another source, every claim."""
    from coursekit.claims import examples, grade_table

    source = _p("SOURCE")
    ex = examples()
    scores_changed = int((grade_table(ex)["score"] != grade_table(ex.assign(source_type=source))["score"]).sum())
    return [scores_changed, int((ex["source_type"] != source).sum()), len(ex)]


def _n_changed_hint(n: int) -> str:
    """The hint for the count *n* if a typical mistake gives it, else ""."""
    scores_changed, other_source, every = _n_changed_alternatives()
    hints = []
    if n == scores_changed:
        hints.append("That counts the claims whose *score* changes; the question asks about the *band*.")
    if n == other_source and not hints:
        hints.append(f"That counts the claims whose source is not {_p('SOURCE')!r}; some of them keep their band.")
    if n == every:
        hints.append("That is every claim; compare the band before and after for each one.")
    return " ".join(hints)


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _usr_mistakes(ns) -> list:
    right = ns["usr_check"]
    gerd = _gerd()
    latest = gerd.sort_values("year").groupby("iso3")["value"].last()
    other_year = right.assign(wdi=right["iso3"].map(latest))
    other_year["difference"] = other_year["wdi"] - other_year["published"]
    if _relative():
        other_year["difference"] = 100 * other_year["difference"] / other_year["published"]
        return [(right.assign(difference=values.to_numpy()), hint) for values, hint in _relative_alternatives()] + [
            (other_year, f"Take the value of indicator {GERD!r} for the same country and year.")
        ]
    return [
        (right.assign(difference=-right["difference"]), "The sign is reversed: compute wdi − published."),
        (
            right.assign(difference=100 * right["difference"] / right["published"]),
            "difference = wdi − published, in percentage points.",
        ),
        (other_year, f"Take the value of indicator {GERD!r} for the same country and year."),
    ]


def _closest_mistakes(ns) -> list:
    latest = _latest()

    def rows(rd, iso3):
        if latest is not None:
            rd = rd[rd["year"] <= latest]
        return rd[(rd["iso3"] == iso3) & (rd["indicator"] == GERD)]

    def value_not_year(rd, iso3, published):
        r = rows(rd, iso3)
        return float(r.loc[(r["value"] - published).abs().idxmin(), "value"])

    def row_label(rd, iso3, published):
        r = rows(rd, iso3)
        return int((r["value"] - published).abs().idxmin())

    def farthest(rd, iso3, published):
        r = rows(rd, iso3)
        return int(r.loc[(r["value"] - published).abs().idxmax(), "year"])

    def signed_min(rd, iso3, published):
        r = rows(rd, iso3)
        return int(r.loc[(r["value"] - published).idxmin(), "year"])

    def signed_max(rd, iso3, published):
        r = rows(rd, iso3)
        return int(r.loc[(r["value"] - published).idxmax(), "year"])

    absolute = (
        "Compare the *absolute* differences (`.abs()`), so that values above and below the published figure "
        "count alike."
    )
    if latest is not None:  # a class variant: the public edition's rule, any year (if the visible inputs tell)

        def any_year(rd, iso3, published):
            r = rd[(rd["iso3"] == iso3) & (rd["indicator"] == GERD)]
            return int(r.loc[(r["value"] - published).abs().idxmin(), "year"])

        right = ns["closest_year"]
        rd = _rd_copy()
        if any(any_year(rd, i, v) != right(rd, i, v) for i, v in _cases_12_3(False)):
            return [
                (any_year, f"That year is after {latest}: keep only the years up to {latest}.")
            ] + _closest_mistakes_base(value_not_year, row_label, farthest, signed_min, signed_max, absolute)
    return _closest_mistakes_base(value_not_year, row_label, farthest, signed_min, signed_max, absolute)


def _closest_mistakes_base(value_not_year, row_label, farthest, signed_min, signed_max, absolute) -> list:
    return [
        (value_not_year, "That is the closest *value*; the question asks for its year."),
        (
            row_label,
            "That is the row label that `idxmin()` returns, not the year. Take the year of that row, "
            "e.g. `rows.loc[rows['diff'].idxmin(), 'year']`.",
        ),
        (
            farthest,
            "That is the year *farthest* from the published value: take the smallest distance (`idxmin`), "
            "not the largest.",
        ),
        (signed_min, absolute),
        (signed_max, absolute),
    ]  # the "another indicator" hint needs a non-R&D value closest to the figure: none on the visible inputs


def _lead_mistakes(ns) -> list:
    """12.6: the years of the largest *share* (a year that should not be there gets this hint first)."""
    if _p("ATTRIBUTE") == "total":
        return []
    share = _lead_years(measure="share")
    if not share or set(share) == set(ns["lead_years"]):
        return []
    return [(share, "The question is about the number of {ATTRIBUTE_TEXT}, not their share of all articles.")]


MISTAKES = {
    "12.2": _usr_mistakes,
    "12.3": _closest_mistakes,
    "12.4": lambda ns: [
        (status, _status_feedback(status)) for status in _STATUSES if status != ns["solarquarter_numbers"]
    ],
    "12.6": _lead_mistakes,  # any other wrong list is told per year (one that should not be there, some missing)
    "12.7": lambda ns: [
        (n, _n_changed_hint(n)) for n in dict.fromkeys(_n_changed_alternatives()) if n != ns["n_changed_by_source"]
    ],
}


# =====================================================================================
# class variants: other parameters drawn from the data
# =====================================================================================
def _tolerance_choices(latest: int | None = None) -> list[float]:
    """12.4: round tolerances under which the check of SolarQuarter's figures (with the closest years up to
    *latest*, as 12.3 asks) gives another answer than the chapter's, none within 0.001 (or a tenth of itself)
    of a figure's distance, so that rounding cannot tip the answer."""
    public = _status_for(AGREEMENT_TOL)
    dists = list(_solarquarter_distances(latest).values())
    return [
        t
        for t in TOLERANCES
        if _status_for(t, latest) != public and all(abs(t - d) >= max(0.001, t / 10) for d in dists)
    ]


def _leader_choices() -> list[tuple[str, str]]:
    """12.6: (country, attribute) pairs where the country had the most articles of that attribute among the
    OIC members in `co` in at least one year; not the public edition's pair, nor its years."""
    public = set(_lead_years(country=PARAMS["COUNTRY"], attribute=PARAMS["ATTRIBUTE"]))
    co, oic = _tables()[1], _tables()[2]
    rows = co[co["iso3"].isin(set(oic["iso3"]))]
    out = []
    for attribute in ATTRIBUTE_TEXT:
        leader = (
            rows[rows["attribute"] == attribute]
            .pivot_table(index="year", columns="country", values="articles")
            .idxmax(axis=1)
        )
        for country in sorted(set(leader)):
            years = set(_lead_years(country=country, attribute=attribute))
            if (country, attribute) != (PARAMS["COUNTRY"], PARAMS["ATTRIBUTE"]) and years and years != public:
                out.append((country, attribute))
    return out


def _source_choices() -> list[str]:
    """12.7: other answers to `source_type` for which some band changes, and not as many as the public one."""
    from coursekit.claims import POINTS

    public = _n_changed(source_type=PARAMS["SOURCE"])
    return [s for s in POINTS["source_type"] if s != PARAMS["SOURCE"] and _n_changed(source_type=s) not in (0, public)]


def _latest_changes(latest: int) -> bool:
    """12.3: whether looking only at the years up to *latest* changes the closest year of some thorough case
    (so that the public solution fails the variant)."""
    return any(
        not _closest_years(iso3, published)[0] & _closest_years(iso3, published, latest=latest)[0]
        for iso3, published in _cases_up_to(True, latest)
    )


def variant_params(rng) -> dict:
    """12.4 with another tolerance, 12.6 about another OIC member's lead on a co-authorship attribute and
    12.7 with another kind of source, each drawn from values for which the answer changes; 12.2 asks for the
    relative difference (in percent of the published figure) instead of percentage points, and 12.3 for the
    closest year up to 2021, the year of the report SolarQuarter summarises (no figure in it can be for a
    later year)."""
    latest = SQ_REPORT_YEAR
    assert _latest_changes(latest), "12.3: no year after the report's has a closest value"
    tol = rng.choice(_tolerance_choices(latest))
    country, attribute = rng.choice(_leader_choices())
    source = rng.choice(_source_choices())
    return {
        "TOL": tol,
        "TOL_TEXT": f"a tolerance of {tol:g} percentage points",
        "COUNTRY": country,
        "ATTRIBUTE": attribute,
        "ATTRIBUTE_TEXT": ATTRIBUTE_TEXT[attribute],
        "SOURCE": source,
        "SOURCE_MEANING": MEANINGS["source_type"][source],
        "DIFFERENCE": "relative",
        "DIFFERENCE_TEXT": RELATIVE_TEXT,
        "DIFFERENCE_CODE": RELATIVE_CODE,
        "LATEST_YEAR": latest,
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q12-2-question": [
        ("- `difference`: `wdi - published`, in percentage points.", "- `difference`: {DIFFERENCE_TEXT}."),
    ],
    "q12-2-answer": [
        (
            'usr_check["difference"] = usr_check["wdi"] - usr_check["published"]',
            'usr_check["difference"] = {DIFFERENCE_CODE}',
        ),
    ],
    "q12-3-question": [
        (
            "SolarQuarter dates its figures to 2021, the year the report was published, so the year of the data behind them\n"
            "is uncertain.",
            "SolarQuarter dates its figures to 2021, the year the report was published, so the year of the data behind them\n"
            "is uncertain; but none of them can be for a year after {LATEST_YEAR}.",
        ),
        (
            "that\nis, with the smallest absolute difference. Return the year as a whole number.",
            "that\nis, with the smallest absolute difference, **among the years up to {LATEST_YEAR}** (`year <= "
            "{LATEST_YEAR}`).\nReturn the year as a whole number.",
        ),
    ],
    "q12-3-answer": [
        (
            '"""The year whose R&D value (% of GDP) for `iso3` is closest to `published`."""',
            '"""The year, up to {LATEST_YEAR}, whose R&D value (% of GDP) for `iso3` is closest to `published`."""',
        ),
        (
            'rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS")]',
            'rows = rd[(rd["iso3"] == iso3) & (rd["indicator"] == "GB.XPD.RSDV.GD.ZS") & (rd["year"] <= {LATEST_YEAR})]',
        ),
    ],
    "q12-4-question": [
        (
            "compare its distance from the published figure with `AGREEMENT_TOL`.",
            "compare its distance from the published figure with a tolerance of {TOL} percentage points instead of\n"
            "the chapter's `AGREEMENT_TOL`: a figure agrees when that distance is less than {TOL}.",
        ),
        (
            "You may use `numbers_status(list_of_differences)`, which applies the same rule.",
            "You may use `numbers_status(list_of_differences, tol={TOL})`, which applies the same rule.",
        ),
    ],
    "q12-4-answer": [
        (
            "solarquarter_numbers = numbers_status(differences)",
            "solarquarter_numbers = numbers_status(differences, tol={TOL})",
        ),
    ],
    "q12-6-question": [
        (
            "Check this with the NCSES table `co`, which is built from Scopus: among the OIC\n"
            "member states in `co`, in which years did Saudi Arabia have the **largest number of internationally\n"
            'co-authored articles** (attribute `"international"`)?',
            "The NCSES table `co`, which is built from Scopus, puts such a ranking in context: among the OIC\n"
            "member states in `co`, in which years did {COUNTRY} have the **largest number of {ATTRIBUTE_TEXT}**\n"
            '(attribute `"{ATTRIBUTE}"`)?',
        ),
    ],
    "q12-6-answer": [
        (
            'intl = co[(co["attribute"] == "international") & co["iso3"].isin(oic["iso3"])]',
            'intl = co[(co["attribute"] == "{ATTRIBUTE}") & co["iso3"].isin(oic["iso3"])]',
        ),
        (
            'lead_years = [int(y) for y in leader.index[leader == "Saudi Arabia"]]',
            'lead_years = [int(y) for y in leader.index[leader == "{COUNTRY}"]]',
        ),
    ],
    "q12-7-question": [
        (
            "## 12.7 Is a better source enough? (code, 2 points)",
            "## 12.7 How much does the source decide? (code, 2 points)",
        ),
        (
            "you had found a **primary** source, and nothing else changed.",
            'the source were rated **`"{SOURCE}"`**, that is, {SOURCE_MEANING}, and nothing else changed.',
        ),
        ('whose `source_type` is `"primary"` in every', 'whose `source_type` is `"{SOURCE}"` in every'),
    ],
    "q12-7-answer": [
        ('ex.assign(source_type="primary")', 'ex.assign(source_type="{SOURCE}")'),
    ],
}
