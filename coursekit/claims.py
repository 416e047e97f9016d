"""A small, transparent rubric for checking claims (chapter 12, "Evaluating claims").

The rubric asks five questions of a claim and gives points for each answer:

=====================  =======================================================  ==========
criterion              question                                                 points
=====================  =======================================================  ==========
``source_type``        Who states it? The best source found that states it.     0 to 3
``evidence``           What kind of evidence is offered or found for it?        0 to 2
``numbers_checked``    Do its numbers agree with a dataset or the original?     0 to 2, or
                                                                                not counted
``independent``        How many independent sources support it?                 0 to 2
``fit``                Does the evidence support the claim *as worded*?         0 to 2
=====================  =======================================================  ==========

::

    >>> from coursekit.claims import grade_claim
    >>> g = grade_claim("weak", "report", "partly", 0, "partly")
    >>> g.band, g.score, g.max_score
    ('weakly supported', 4, 11)
    >>> print(g)                      # every point with its reason, and the cautions

The total is an aid to judgement, **not a verdict**. The points are the course's
choices (change them and some bands change: see :func:`grade_claim`'s ``points``),
the answers are judgements that two careful readers can make differently, and a
claim can score well and still be false (or poorly and still be true). Two rules
override the arithmetic, because no total can make up for them: a claim whose
evidence does not support it *as worded* is "not supported as worded", and a
claim with neither a source nor evidence is "unsupported".

:func:`grade_table` grades every row of a DataFrame, :func:`rubric_table` shows the
rubric, :func:`examples` returns the claims graded in chapter 12, and
:func:`published_figures` the published figures (R&D spending, a population share) that the
chapter checks against the World Bank data; both read curated, cited tables of the course data
(``load("claim_examples")``, ``load("published_figures")``). Bad input raises
:class:`ClaimInputError` (a ``ValueError``) whose message names the argument, the value and the
allowed answers.
"""

from __future__ import annotations

import difflib
import math
import numbers
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

from .data import load

__all__ = [
    "ClaimInputError",
    "ClaimGrade",
    "grade_claim",
    "grade_table",
    "rubric_table",
    "numbers_status",
    "examples",
    "published_figures",
    "published_rd",
    "CRITERIA",
    "POINTS",
    "BANDS",
    "AGREEMENT_TOL",
    "DISCLAIMER",
]

#: The five criteria, in the order they are asked.
CRITERIA = ("source_type", "evidence", "numbers_checked", "independent", "fit")

#: Points for each answer. ``None`` means "not applicable": the criterion is left out of the total.
POINTS: dict[str, dict[str, int | None]] = {
    "source_type": {"primary": 3, "secondary": 2, "weak": 1, "none": 0},
    "evidence": {"data": 2, "document": 2, "study": 2, "report": 1, "assertion": 0},
    "numbers_checked": {"match": 2, "partly": 1, "differ": 0, "not_checked": 0, "no_numbers": None},
    "fit": {"as_worded": 2, "partly": 1, "no": 0},
}
#: Independent supporting sources: 0 -> 0 points, 1 -> 1, 2 or more -> 2.
INDEPENDENT_MAX = 2

#: What each answer means (shown by :func:`rubric_table` and in every grade's reasons).
MEANINGS: dict[str, dict[str, str]] = {
    "source_type": {
        "primary": "the organisation's own document, the original paper or dataset, the text of a law or resolution",
        "secondary": "a reputable news outlet, a scholarly summary or a repository record",
        "weak": "an aggregator, blog, commercial or advocacy page",
        "none": "no source states it (an unsourced essay, a rumour)",
    },
    "evidence": {
        "data": "numbers from a named dataset with a defined indicator",
        "document": "the text of a law, resolution, agreement or official record",
        "study": "a peer-reviewed or methodologically explicit analysis",
        "report": "a news or institutional report, without the underlying data or text",
        "assertion": "nothing but the claim itself",
    },
    "numbers_checked": {
        "match": "every number checked agrees with the data or the original",
        "partly": "some numbers agree and some do not",
        "differ": "the numbers checked do not agree",
        "not_checked": "the claim has numbers that were not (or could not be) checked",
        "no_numbers": "the claim has no numbers to check (not counted)",
    },
    "independent": {
        "0": "no source independent of the first supports it",
        "1": "one independent source supports it",
        "2+": "two or more independent sources support it",
    },
    "fit": {
        "as_worded": "the evidence supports the claim as it is worded",
        "partly": "the evidence supports part of it, or a narrower version",
        "no": "the evidence does not support the claim as worded (wrong scope, wrong actor, wrong thing)",
    },
}
LABELS = {
    "source_type": "Source",
    "evidence": "Evidence",
    "numbers_checked": "Numbers",
    "independent": "Independent support",
    "fit": "Fit",
}

#: The bands, from best to worst. The last two are set by rules, not by the total.
BANDS = ("well supported", "partly supported", "weakly supported", "unsupported", "not supported as worded")
#: Thresholds on the share of available points.
WELL, PARTLY = 0.75, 0.5
#: A published figure "agrees" with a data value when they differ by less than this (chapter 12).
AGREEMENT_TOL = 0.01
DISCLAIMER = "A score is an aid to judgement, not a verdict: read the reasons, then decide."


class ClaimInputError(ValueError):
    """An answer given to the rubric is not one it knows (the message says which and why)."""


# =====================================================================================
# one claim
# =====================================================================================
@dataclass(frozen=True)
class ClaimGrade:
    """The rubric's result for one claim. ``str(grade)`` explains every point."""

    inputs: dict[str, Any]
    points: dict[str, int | None]  # criterion -> points earned (None: not counted)
    maxima: dict[str, int | None]  # criterion -> points available (None: not counted)
    band: str
    reasons: tuple[str, ...]
    cautions: tuple[str, ...] = field(default_factory=tuple)

    @property
    def score(self) -> int:
        return sum(p for p in self.points.values() if p is not None)

    @property
    def max_score(self) -> int:
        return sum(m for m in self.maxima.values() if m is not None)

    @property
    def fraction(self) -> float:
        return self.score / self.max_score

    def as_dict(self) -> dict[str, Any]:
        """Score, maximum, fraction and band (for a table row)."""
        return {"score": self.score, "max_score": self.max_score, "fraction": self.fraction, "band": self.band}

    def __str__(self) -> str:
        lines = [f"Band: {self.band} (score {self.score} of {self.max_score}, {self.fraction:.0%})"]
        lines += [f"  {r}" for r in self.reasons]
        lines += [f"  Caution: {c}" for c in self.cautions]
        lines.append(DISCLAIMER)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"ClaimGrade(band={self.band!r}, score={self.score}, max_score={self.max_score})"


def _choice(criterion: str, value: Any) -> str:
    allowed = list(POINTS[criterion])
    shown = ", ".join(repr(a) for a in allowed)
    if value is None:
        raise ClaimInputError(f"{criterion} is missing (None); choose one of {shown}.")
    if not isinstance(value, str):
        raise ClaimInputError(f"{criterion} should be text, one of {shown}; got {value!r} (a {type(value).__name__}).")
    key = value.strip().lower().replace("-", "_").replace(" ", "_")
    if key in allowed:
        return key
    guess = difflib.get_close_matches(key, allowed, n=1, cutoff=0.5)
    hint = f" Did you mean {guess[0]!r}?" if guess else ""
    raise ClaimInputError(f"{criterion}={value!r} is not an answer the rubric knows; choose one of {shown}.{hint}")


def _count(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if value is None or not isinstance(value, numbers.Real) or (isinstance(value, float) and math.isnan(value)):
        raise ClaimInputError(
            f"independent should be a whole number of independent sources (0, 1, 2, ...); got {value!r}."
        )
    if value < 0 or value != int(value):
        raise ClaimInputError(f"independent should be a whole number, 0 or more; got {value!r}.")
    return int(value)


def grade_claim(
    source_type: str,
    evidence: str,
    numbers_checked: str,
    independent: int,
    fit: str,
    *,
    interested: bool = False,
    points: Mapping[str, Mapping[str, int | None]] | None = None,
) -> ClaimGrade:
    """Grade one claim with the course rubric; see the module docstring for the answers.

    Parameters
    ----------
    source_type : "primary", "secondary", "weak" or "none": the best source found that states the claim.
    evidence : "data", "document", "study", "report" or "assertion": the strongest evidence offered or found.
    numbers_checked : "match", "partly", "differ", "not_checked" or "no_numbers" (the last is not counted).
    independent : how many sources independent of the first support the claim (0, 1, 2, ...). A repost,
        a copy, or a report built on the same data is *not* independent.
    fit : "as_worded", "partly" or "no": does the evidence support the claim as it is worded?
    interested : the source speaks about itself (an institution's own success, a vendor's product):
        one point less for the source, and a caution.
    points : optional replacement points for some answers, e.g. ``{"source_type": {"weak": 0}}``, to see
        how much a band depends on the course's choice of weights.
    """
    table = {c: dict(v) for c, v in POINTS.items()}
    for criterion, changes in (points or {}).items():
        if criterion not in table:
            raise ClaimInputError(f"points: unknown criterion {criterion!r}; choose from {', '.join(table)}.")
        for answer, value in changes.items():
            if answer not in table[criterion]:
                raise ClaimInputError(
                    f"points: {criterion} has no answer {answer!r}; choose from {', '.join(table[criterion])}."
                )
            table[criterion][answer] = value
    if not isinstance(interested, bool):
        raise ClaimInputError(f"interested should be True or False; got {interested!r}.")

    answers = {
        c: _choice(c, v)
        for c, v in (
            ("source_type", source_type),
            ("evidence", evidence),
            ("numbers_checked", numbers_checked),
            ("fit", fit),
        )
    }
    n_independent = _count(independent)
    earned: dict[str, int | None] = {}
    maxima: dict[str, int | None] = {}
    reasons: list[str] = []
    cautions: list[str] = []

    def top(criterion):
        values = [v for v in table[criterion].values() if v is not None]
        return max(values)

    for criterion in CRITERIA:
        if criterion == "independent":
            got, best = min(n_independent, INDEPENDENT_MAX), INDEPENDENT_MAX
            meaning = MEANINGS["independent"][str(n_independent) if n_independent < INDEPENDENT_MAX else "2+"]
            earned[criterion], maxima[criterion] = got, best
            reasons.append(f"{LABELS[criterion]} ({n_independent}): {got} of {best}: {meaning}.")
            continue
        answer = answers[criterion]
        got = table[criterion][answer]
        meaning = MEANINGS[criterion][answer]
        if got is None:
            earned[criterion], maxima[criterion] = None, None
            reasons.append(f"{LABELS[criterion]} ({answer}): not counted: {meaning}.")
            continue
        best = top(criterion)
        if criterion == "source_type" and interested and got > 0:
            got -= 1
            meaning += "; one point less because the source speaks about itself"
        earned[criterion], maxima[criterion] = got, best
        reasons.append(f"{LABELS[criterion]} ({answer}): {got} of {best}: {meaning}.")

    if answers["source_type"] == "none":
        cautions.append("No source states this claim: ask for one before anything else.")
    elif answers["source_type"] == "weak":
        cautions.append("The source is weak: find the original (the report, the text, the dataset) and cite that.")
    if interested:
        cautions.append("The source speaks about itself: look for an independent confirmation.")
    if answers["numbers_checked"] == "not_checked":
        cautions.append("The numbers have not been checked: the score says nothing about whether they are right.")
    if answers["numbers_checked"] in ("differ", "partly"):
        cautions.append(
            "Some numbers do not agree with the data: find out whether the data were revised, the "
            "year or the definition differs, or the claim is wrong."
        )
    if n_independent == 0 and answers["source_type"] != "none":
        cautions.append("Only one source: a repost or a copy of it would not count as a second.")

    score = sum(p for p in earned.values() if p is not None)
    max_score = sum(m for m in maxima.values() if m is not None)
    fraction = score / max_score if max_score else 0.0
    if answers["fit"] == "no":
        band = "not supported as worded"
        cautions.insert(
            0,
            "The evidence does not support the claim as worded: no total can make up for that. "
            "Rewrite the claim so that it says what the evidence shows, or drop it.",
        )
    elif answers["source_type"] == "none" and answers["evidence"] == "assertion":
        band = "unsupported"
    elif fraction >= WELL and answers["fit"] == "as_worded" and answers["numbers_checked"] not in ("differ", "partly"):
        band = "well supported"
    elif fraction >= PARTLY:
        band = "partly supported"
    else:
        band = "weakly supported"
    inputs = {**answers, "independent": n_independent, "interested": interested}
    return ClaimGrade(
        inputs=inputs, points=earned, maxima=maxima, band=band, reasons=tuple(reasons), cautions=tuple(cautions)
    )


# =====================================================================================
# many claims
# =====================================================================================
def grade_table(claims: pd.DataFrame, **kwargs) -> pd.DataFrame:
    """Grade every row of *claims* (columns: the five criteria, optionally ``interested``).

    Returns a copy with the columns ``score``, ``max_score``, ``fraction`` and ``band`` added.
    Extra keyword arguments (e.g. ``points=...``) are passed to :func:`grade_claim`.
    """
    if not isinstance(claims, pd.DataFrame):
        raise ClaimInputError(
            f"grade_table needs a pandas DataFrame with the columns {', '.join(CRITERIA)}; "
            f"got a {type(claims).__name__}."
        )
    missing = [c for c in CRITERIA if c not in claims.columns]
    if missing:
        raise ClaimInputError(
            f"grade_table: the table has no column {', '.join(repr(m) for m in missing)} "
            f"(it needs {', '.join(CRITERIA)})."
        )
    rows = []
    for label, row in claims.iterrows():
        args = {c: _plain(row[c]) for c in CRITERIA}
        interested = _plain(row["interested"]) if "interested" in claims.columns else False
        try:
            grade = grade_claim(**args, interested=bool(interested) if interested is not None else False, **kwargs)
        except ClaimInputError as err:
            raise ClaimInputError(f"row {label!r}: {err}") from None
        rows.append(grade.as_dict())
    out = claims.copy()
    graded = pd.DataFrame(rows, index=claims.index)
    for col in graded.columns:
        out[col] = graded[col]
    return out


def _plain(value: Any) -> Any:
    """A pandas/NumPy scalar as a plain Python value (pd.NA and NaN become None for strings)."""
    if value is pd.NA:
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, AttributeError):
            return value
    return value


def rubric_table() -> pd.DataFrame:
    """The rubric as a table: criterion, answer, points, meaning."""
    rows = []
    for criterion in CRITERIA:
        if criterion == "independent":
            for answer, meaning in MEANINGS["independent"].items():
                pts = min(int(answer.rstrip("+")), INDEPENDENT_MAX)
                rows.append((LABELS[criterion], answer, str(pts), meaning))
            continue
        for answer, pts in POINTS[criterion].items():
            rows.append(
                (LABELS[criterion], answer, "not counted" if pts is None else str(pts), MEANINGS[criterion][answer])
            )
    return pd.DataFrame(rows, columns=["criterion", "answer", "points", "meaning"])


def numbers_status(differences: Iterable[float], tol: float = AGREEMENT_TOL) -> str:
    """'match', 'partly' or 'differ' for the differences between published figures and the data.

    A figure agrees when ``abs(difference) < tol``. An empty list gives 'not_checked'.
    """
    diffs = list(differences)
    for d in diffs:
        if d is None or not isinstance(d, numbers.Real) or isinstance(d, bool) or math.isnan(float(d)):
            raise ClaimInputError(
                f"numbers_status needs numbers (differences); got {d!r}. A missing data value "
                "means that figure could not be checked: leave it out."
            )
    if not diffs:
        return "not_checked"
    agree = [abs(float(d)) < tol for d in diffs]
    return "match" if all(agree) else "partly" if any(agree) else "differ"


# =====================================================================================
# the claims of chapter 12, and the published figures it checks
# (curated, cited tables of the course data: data/claim_examples.csv, data/published_figures.csv)
# =====================================================================================
_EXAMPLE_COLUMNS = ["id", "claim", "said_by", "source_key", *CRITERIA, "note"]
_PUBLISHED_COLUMNS = ["source_key", "indicator", "iso3", "year", "published", "wording"]


def _curated(name: str, columns: list[str]) -> pd.DataFrame:
    """Curated table *name* (checked against its schema by :func:`~coursekit.data.load`: known rubric
    answers, a citation on every row) in display order, its ``citation`` named ``source_key`` and its
    text columns as plain ``str`` columns."""
    df = load(name).sort_values("order", kind="stable").reset_index(drop=True)
    df = df.rename(columns={"citation": "source_key"})[columns]
    text = [c for c in columns if str(df[c].dtype) == "string"]
    return df.astype(dict.fromkeys(text, "str"))


@lru_cache(maxsize=1)
def _examples() -> pd.DataFrame:
    df = _curated("claim_examples", _EXAMPLE_COLUMNS).set_index("id")
    df["independent"] = df["independent"].astype(int)  # required in the schema: never missing
    return df


@lru_cache(maxsize=1)
def _published() -> pd.DataFrame:
    return _curated("published_figures", _PUBLISHED_COLUMNS)


def examples() -> pd.DataFrame:
    """The claims graded in chapter 12: the claim, who says it, the rubric answers and a note (index: id).

    Where chapter 12 checks a claim's numbers against the course data itself (the SolarQuarter and Oldac
    claims), ``numbers_checked`` is ``"not_checked"`` here: the chapter fills in what its check finds.
    The claims are the curated table ``load("claim_examples")`` (its ``citation`` is ``source_key`` here).
    """
    return _examples().copy()


def published_figures() -> pd.DataFrame:
    """Published figures with source key, indicator, country or aggregate code, year (NA if not given),
    value (%) and the source's wording (quoted, or closely paraphrased where only a summary was read).

    ``indicator`` is the WDI code of the matching series, or ``"population_share_of_world"`` (a percentage
    of the world's population, computed from SP.POP.TOTL). The figures are the curated table
    ``load("published_figures")`` (its ``citation`` is ``source_key`` here)."""
    return _published().copy()


def published_rd() -> pd.DataFrame:
    """The published R&D figures (% of GDP): the rows of :func:`published_figures` for GB.XPD.RSDV.GD.ZS."""
    df = published_figures()
    return df[df["indicator"] == "GB.XPD.RSDV.GD.ZS"].drop(columns="indicator").reset_index(drop=True)
