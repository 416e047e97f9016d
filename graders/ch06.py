"""Checkers for exercise set 06, "Stem cells: the science".

Every expected value is computed from ``data/`` at check time (``stem_cell_trials``,
``oic_members``, ``rd_indicators``, ``events``); the science facts behind the
classification questions are cited in the chapter and the exercise set.
"""

from __future__ import annotations

from functools import cache, lru_cache

import numpy as np
import pandas as pd

from coursekit.casestudies import per_million
from coursekit.checks import toolkit as tk
from coursekit.checks.ch06 import cell_type_name, listings_series

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    params,
    question,
    shuffled,
)

FIRST_YEAR, LAST_YEAR = 2004, 2022  # years covered by the ClinicalTrials.gov extract: the span of 06.5
POP_YEAR = 2020  # population year used in 06.6
WINDOW = (1998, 2012)  # years asked for in 06.8 (both included)
WINDOW_EVENTS = ("thomson-hesc", "nobel-2012")  # the science events at the two ends of WINDOW
#: The public edition's parameters (a class variant draws others: see `variant_params`). REGION is the
#: `region` of `oic_members` that 06.7 asks about ("" for all OIC members); MEMBERS and IN_REGION say it in
#: hints; FROM_EVENT and TO_EVENT are the events at the ends of the window of 06.8.
PARAMS = {
    "FIRST_YEAR": FIRST_YEAR,
    "LAST_YEAR": LAST_YEAR,
    "POP_YEAR": POP_YEAR,
    "REGION": "",
    "MEMBERS": "OIC members (the codes in `oic['iso3']`)",
    "IN_REGION": "",
    "FROM_YEAR": WINDOW[0],
    "TO_YEAR": WINDOW[1],
    "FROM_EVENT": WINDOW_EVENTS[0],
    "TO_EVENT": WINDOW_EVENTS[1],
}


def _span() -> tuple[int, int]:
    """The first and last year of 06.5 (the active variant's)."""
    p = params("06")
    return int(p["FIRST_YEAR"]), int(p["LAST_YEAR"])


def _pop_year() -> int:
    """The population year of 06.6 (the active variant's)."""
    return int(params("06")["POP_YEAR"])


def _region() -> str:
    """The region of 06.7, "" for all OIC members (the active variant's)."""
    return str(params("06")["REGION"])


def _window() -> tuple[int, int]:
    """The years of 06.8, both included (the active variant's)."""
    p = params("06")
    return int(p["FROM_YEAR"]), int(p["TO_YEAR"])


# =====================================================================================
# data used by the checkers
# =====================================================================================
@lru_cache(maxsize=1)
def _data() -> dict[str, pd.DataFrame]:
    from coursekit.data import load

    return {name: load(name) for name in ("stem_cell_trials", "oic_members", "rd_indicators", "events")}


def _trials() -> pd.DataFrame:
    return _data()["stem_cell_trials"]


def _years() -> range:
    first, last = _span()
    return range(first, last + 1)


def _expected_by_year(codes=None) -> pd.Series:
    t = _trials()
    if codes is not None:
        t = t[t["iso3"].isin(set(codes))]
    s = t.groupby("year")["trials"].sum().astype(int)
    return s.reindex(list(_years()), fill_value=0)


def _group_codes() -> list[str]:
    """The OIC members that 06.7 asks about: those of the variant's region, or all of them."""
    members = _data()["oic_members"]
    if _region():
        members = members[members["region"] == _region()]
    return sorted(members["iso3"].astype(str))


def _oic_codes() -> list[str]:
    return sorted(_data()["oic_members"]["iso3"].astype(str))


def _per_million() -> pd.Series:
    """Listings per million people in the population year, for the countries with a population value."""
    return _per_million_in(_pop_year())


@cache
def _per_million_in(year: int) -> pd.Series:
    totals = _trials().groupby("iso3")["trials"].sum()
    out = per_million(totals, _data()["rd_indicators"], year).dropna()
    out.index = out.index.astype(str)
    return out.sort_values(ascending=False)


def _country_names() -> dict[str, str]:
    t = _trials()
    return dict(zip(t["iso3"].astype(str), t["country"].astype(str)))


def _fresh_trials() -> pd.DataFrame:
    return _trials().copy()


#: A KeyError gets a hint about *this* set's tables.
_HINTS = {
    "KeyError": "A column or label was not found. Check the spelling: the trials table has the columns "
    "country, iso3, year and trials."
}


# =====================================================================================
# 06.1 potency
# =====================================================================================
POTENCY = {
    "zygote": "totipotent",
    "embryonic stem cell": "pluripotent",
    "induced pluripotent stem cell": "pluripotent",
    "haematopoietic stem cell": "multipotent",
    "mesenchymal stromal cell": "multipotent",
}
_POTENCY_WHY = {
    "zygote": "A fertilised egg can form the embryo *and* the extra-embryonic tissues such as the placenta: "
    "that is what totipotent means.",
    "embryonic stem cell": "Embryonic stem cells can become every cell type of the body but not the placenta: "
    "pluripotent, not totipotent.",
    "induced pluripotent stem cell": "iPS cells have the same properties as embryonic stem cells: they can become "
    "every cell type of the body, but not extra-embryonic tissue.",
    "haematopoietic stem cell": "Blood-forming stem cells make the cells of the blood (red cells, white cells, "
    "platelets), not every cell type: a tissue stem cell is multipotent.",
    "mesenchymal stromal cell": "In the laboratory MSCs can make bone, cartilage and fat: a limited range, so "
    "multipotent.",
}
_LEVELS = ("totipotent", "pluripotent", "multipotent")


def _norm_key(key) -> str:
    """A cell type as the question names it (the learner's self-check reads keys the same way)."""
    return cell_type_name(key)


#: What each level of potency can give rise to, in the words of the definitions the question cites: a
#: class variant asks, for each cell type, whether it can give rise to one of these (parameter CAN_FORM).
CAN_FORM = {
    "totipotent": ("every type of cell in the body", "the placenta"),  # the embryo and the placenta
    "pluripotent": ("every type of cell in the body",),  # but not the placenta
    "multipotent": (),  # only the cells of its own tissue
}


def _can_form_why(key: str) -> str:
    """Why a cell type can or cannot give rise to what a class variant's 06.1 asks about."""
    if key == "zygote":
        return (
            "A fertilised egg is totipotent: it gives rise to the whole embryo, and so to every type of cell in "
            "the body, and to extra-embryonic tissues such as the placenta."
        )
    return _POTENCY_WHY[key]


def _can_form() -> str:
    """What a class variant's 06.1 asks each cell type whether it can give rise to ("" in the public edition,
    which asks for the level of potency)."""
    return str(params("06").get("CAN_FORM", ""))


def _expected_potency() -> dict:
    """The answer to 06.1 (the active variant's): the level of each cell type, or whether it can give rise
    to what the variant asks about."""
    asked = _can_form()
    if not asked:
        return dict(POTENCY)
    return {key: asked in CAN_FORM[level] for key, level in POTENCY.items()}


@question("06.1", "potency", "value")
def _grade_potency(answer, fb: Feedback, thorough: bool) -> None:
    if not isinstance(answer, dict):
        if isinstance(answer, (pd.Series,)):
            answer = answer.to_dict()
        else:
            raise Stop(
                f'`potency` is {tk.describe(answer)}; it should be a dictionary such as {{"zygote": "...", ...}}.',
                "Keep the dictionary from the question and fill in each value.",
            )
    given = {_norm_key(k): v for k, v in answer.items()}
    missing = [k for k in POTENCY if k not in given]
    if missing:
        raise Stop(
            f"The dictionary has no entry for {missing[0]!r}.",
            "Keep the keys exactly as in the question; only replace the values.",
        )
    extra = [k for k in given if k not in POTENCY]
    if extra:
        raise Stop(
            f"The dictionary has an entry the question did not ask for: {extra[0]!r}.",
            "Keep only the five keys of the question.",
        )
    fb.ok("It is a dictionary with the five cell types.")
    if _can_form():
        _grade_can_form(given, fb)
        return
    for key, want in POTENCY.items():
        value = given[key]
        if value is None or value is Ellipsis or tk.is_missing(value):
            raise Stop(
                f"The value for {key!r} is still empty.", 'Write one of "totipotent", "pluripotent" or "multipotent".'
            )
        if not isinstance(value, str):
            raise Stop(
                f"The value for {key!r} is {tk.describe(value)}; it should be text.",
                'Write one of "totipotent", "pluripotent" or "multipotent", in quotes.',
            )
        got = value.strip().lower()
        if got not in _LEVELS:
            raise Stop(
                f"{value!r} (for {key!r}) is not one of the three levels.",
                'Use exactly "totipotent", "pluripotent" or "multipotent".',
            )
        if got != want:
            raise Stop(f"{key!r} is not {got}.", _POTENCY_WHY[key])
    fb.ok("Every cell type has the right level of potency.")


def _grade_can_form(given: dict, fb: Feedback) -> None:
    """06.1 in a class variant: True or False for each cell type, whether it can give rise to CAN_FORM."""
    asked = _can_form()
    for key, want in _expected_potency().items():
        value = given[key]
        if value is None or value is Ellipsis or (not isinstance(value, str) and tk.is_missing(value)):
            raise Stop(f"The value for {key!r} is still empty.", "Write True or False.")
        if isinstance(value, str):
            if value.strip().lower() in _LEVELS:
                raise Stop(
                    f"The value for {key!r} is its level of potency, {value!r}.",
                    f"This question asks whether each cell type can give rise to {asked}: write True "
                    "or False (use the definitions of the levels to decide).",
                )
            if value.strip().lower() in ("true", "false", "yes", "no"):
                raise Stop(
                    f"The value for {key!r} is the text {value!r}.",
                    "Write True or False without quotes: a truth value, not text.",
                )
        if not isinstance(value, (bool, np.bool_)):
            raise Stop(f"The value for {key!r} is {tk.describe(value)}; it should be True or False.")
        if bool(value) != want:
            raise Stop(
                f"It is not right that {key!r} {'can' if value else 'cannot'} give rise to {asked}.", _can_form_why(key)
            )
    fb.ok(f"Every cell type is right: whether it can give rise to {asked}.")


# =====================================================================================
# 06.3 from discovery to therapy
# =====================================================================================
STAGES = (
    "basic (discovery) research",
    "preclinical (laboratory and animal) studies",
    "phase 1 trial",
    "phase 2 trial",
    "phase 3 trial",
    "regulatory review and approval",
)


def _pipeline_hint(got: str, want: str) -> str:
    """The hint for the stage *got* at the first position that should hold *want*."""
    if got == "regulatory review and approval":
        return "Approval comes last: a regulator reviews the evidence from all the trial phases."
    if got.startswith("phase") and want.startswith("phase"):
        return "The phases go from small (safety, dose) to large (efficacy in many patients): 1, 2, 3."
    if "preclinical" in got or "basic" in got:
        return "Laboratory discovery comes first, then laboratory and animal testing, then people."
    return "Studies in people start only after preclinical testing, with small phase 1 trials."


def _done_stage() -> str:
    """The stage that a class variant's 06.3 says the treatment has completed ("" in the public edition,
    which asks for the whole pipeline)."""
    return str(params("06").get("DONE_STAGE", ""))


def _stages_asked() -> tuple[str, ...]:
    """The answer to 06.3 (the active variant's): every stage, or those after the completed one."""
    done = _done_stage()
    return STAGES[STAGES.index(done) + 1 :] if done else STAGES


@question("06.3", "pipeline", "value")
def _grade_pipeline(answer, fb: Feedback, thorough: bool) -> None:
    done = _done_stage()
    what = "the stages still to come" if done else "the six stages"
    if isinstance(answer, str):
        raise Stop(
            f"`pipeline` is one piece of text; it should be a list of {what}.",
            'Write a list: ["first stage", "second stage", ...], using the stage names given.',
        )
    if isinstance(answer, (set, dict)):
        raise Stop(
            f"`pipeline` is a {type(answer).__name__}, which has no order.",
            "Use a list, in square brackets, so that the order is kept.",
        )
    if not isinstance(answer, (list, tuple, pd.Series)):
        raise Stop(f"`pipeline` is {tk.describe(answer)}; it should be a list of {what}.")
    items = [str(x).strip().lower() for x in list(answer)]
    unknown = [x for x in items if x not in STAGES]
    if unknown:
        raise Stop(
            f"{unknown[0]!r} is not one of the six stage names.",
            "Copy the stage names from the list `stages`; only change their order.",
        )
    if len(items) != len(set(items)):
        dup = next(x for x in items if items.count(x) > 1)
        raise Stop(f"{dup!r} appears more than once.", "Use each stage exactly once.")
    want = _stages_asked()
    if done:
        completed = [x for x in items if x not in want]
        if completed:
            raise Stop(
                f"The list includes {completed[0]!r}, a stage the treatment has already completed.",
                f"The treatment has just completed {done!r}: list only the stages that come after it.",
            )
        if len(items) != len(want):
            left = [x for x in want if x not in items]
            raise Stop(
                f"The list has {len(items)} stage(s); {left[0]!r} is missing.",
                f"List every stage that comes after {done!r}, in order.",
            )
        fb.ok(f"It lists each stage still to come after {done!r} once.")
    else:
        if len(items) != len(STAGES):
            left = [x for x in STAGES if x not in items]
            raise Stop(f"The list has {len(items)} stages; {left[0]!r} is missing.", "Put all six stages in order.")
        fb.ok("It lists each of the six stages once.")
    for i, (got, right) in enumerate(zip(items, want), start=1):
        if got != right:
            raise Stop(f"Position {i} should not be {got!r}.", _pipeline_hint(got, right))
    fb.ok("The stages are in the order a new treatment goes through them.")


_MC_06_4 = {
    "a": "Not this one: ClinicalTrials.gov is a registry. Listing a study is not an approval by the FDA or any "
    "other regulator.",
    "b": "Not this one: a registration describes a planned or running study; it says nothing about results, and "
    "most registered MSC studies are early-phase.",
    "c": "Yes: a sponsor submitted a description of a study to a public registry. The US government does not "
    "review or approve the safety and science of every study listed; the sponsor is responsible for it.",
    "d": "Not this one: registration comes before a study starts; peer review of results, if any, comes much later "
    "and elsewhere.",
}


multiple_choice_question("06.4", _MC_06_4, "c", "Ask what a registry checks before it lists a study.")


# =====================================================================================
# 06.5 listings by year
# =====================================================================================
def _compare_by_year(got: pd.Series, want: pd.Series, label: str, codes) -> None:
    try:
        idx = [int(i) for i in got.index]
    except (TypeError, ValueError):
        raise Stop(
            f"The index of the Series from {label} is not years.",
            "Group by the `year` column so that the years become the index.",
        ) from None
    got = pd.Series(tk.as_floats(pd.Series(got.to_numpy())).to_numpy(), index=idx)
    if got.index.has_duplicates:
        raise Stop(
            f"{label} returns some years more than once.",
            "Sum within each year: `groupby('year')['trials'].sum()` gives one value per year.",
        )
    missing = [y for y in want.index if y not in got.index]
    extra = [y for y in got.index if y not in want.index]
    if extra:
        raise Stop(
            f"{label} returns the year {extra[0]}, which is outside {want.index[0]}–{want.index[-1]}.",
            f"Keep only the years from {want.index[0]} to {want.index[-1]}.",
        )
    if missing:
        zero_years = [y for y in missing if want[y] == 0]
        if zero_years and len(zero_years) == len(missing):
            raise Stop(
                f"{label} leaves out {len(missing)} year(s) with no listings, e.g. {missing[0]}.",
                f"Every year from {want.index[0]} to {want.index[-1]} should be there, with 0 where no "
                f"trial was listed: `.reindex(range({want.index[0]}, {want.index[-1] + 1}), fill_value=0)`.",
            )
        raise Stop(f"{label} has no value for {missing[0]}.")
    got = got.reindex(want.index)
    if got.isna().any():
        y = got.index[got.isna()][0]
        raise Stop(f"The value for {y} is missing (NaN).", "Fill years without listings with 0 (`fill_value=0`).")
    if (got == want).all():
        return
    y = next(y for y in want.index if got[y] != want[y])
    t = _trials()
    rows = t if codes is None else t[t["iso3"].isin(set(codes))]
    counts = rows.groupby("year").size().reindex(want.index, fill_value=0)
    if (got == counts).all():
        raise Stop(
            f"{label}: {got[y]:g} listings in {y}, but the right number is larger.",
            "You counted rows (countries); add up the `trials` column instead (`.sum()`, not `.size()`).",
        )
    raise Stop(
        f"{label}: {got[y]:g} listings in {y} is not right.",
        "Keep the rows whose iso3 code is in `iso3` (all rows if it is None), then add up `trials` by year.",
    )


@question("06.5", "listings_by_year", "function")
def _grade_listings_by_year(fn, fb: Feedback, thorough: bool) -> None:
    oic = _oic_codes()
    cases = [(None, "all countries"), (oic, "the OIC members"), (["IRN"], "Iran"), (["EGY", "JOR"], "Egypt and Jordan")]
    if thorough:
        cases += [([c], c) for c in sorted(set(_trials()["iso3"].astype(str)))]
        cases += [(set(oic), "the OIC members given as a set"), (tuple(["TUR", "MYS"]), "a tuple of codes")]
    for codes, what in cases:
        df = _fresh_trials()
        if thorough:
            df = shuffled(df, 606, offset=500)
        label = f"`listings_by_year(trials, {'None' if codes is None else 'codes'})` for {what}"
        got = tk.call(fn, "listings_by_year", df, codes, hints=_HINTS)
        if got is None:
            raise Stop(
                f"{label} returned None.",
                "Did you forget `return`? In the exercise, replace `pass` under `# YOUR CODE HERE` with your code.",
            )
        got = listings_series(got, label)
        _compare_by_year(got, _expected_by_year(codes), label, codes)
    first, last = _span()
    fb.ok(f"It returns one number per year, {first}–{last}, with 0 for years without listings.")
    fb.ok("The sums are right for all countries, for the OIC members and for single countries.")


# =====================================================================================
# 06.6 and 06.7 listings per million people
# =====================================================================================
@question("06.6", "per_million", "value")
def _grade_per_million(answer, fb: Feedback, thorough: bool) -> None:
    want = _per_million()
    if isinstance(answer, pd.DataFrame):
        if "per_million" in answer.columns:
            frame = answer.set_index("iso3") if "iso3" in answer.columns else answer
            answer = frame["per_million"]
        else:
            raise Stop(
                "`per_million` is a DataFrame; it should be a Series of listings per million people.",
                "Make a Series indexed by iso3, e.g. `totals / population * 1e6`.",
            )
    if not isinstance(answer, pd.Series):
        raise Stop(f"`per_million` is {tk.describe(answer)}; it should be a pandas Series indexed by iso3 code.")
    got = tk.as_floats(answer)
    got.index = [str(i) for i in got.index]
    names = _country_names()
    if got.index.isin(list(names.values())).sum() > got.index.isin(list(names)).sum():
        raise Stop(
            "The Series is indexed by country names.",
            "Index it by the `iso3` code: group the trials by `iso3`, which is also the key of the population table.",
        )
    got = got.dropna()
    if got.index.has_duplicates:
        raise Stop("Some countries appear more than once.", "Sum each country's listings over all years first.")
    missing = [c for c in want.index if c not in got.index]
    if missing:
        raise Stop(
            f"{len(missing)} {'country' if len(missing) == 1 else 'countries'} with a population value missing, e.g. "
            f"{names.get(missing[0], missing[0])}.",
            f"Take the population of {_pop_year()} (indicator SP.POP.TOTL) for every country in the trials table.",
        )
    extra = [c for c in got.index if c not in want.index]
    if extra:
        raise Stop(
            f"{extra[0]} should not be in the Series.", "Keep only countries that have listings and a population value."
        )
    fb.ok(f"It has one value for each of the {len(want)} countries with a {_pop_year()} population.")
    as_given = got.copy()
    got = got[want.index]
    for iso in want.index:
        g, w = got[iso], want[iso]
        if abs(g - w) <= max(1e-6, 1e-3 * abs(w)):
            continue
        name = names.get(iso, iso)
        if abs(g - w / 1e6) <= 1e-9 + 1e-3 * abs(w / 1e6):
            hint = "That is listings per person; multiply by 1,000,000 to get listings per million people."
        elif abs(g - w / 1e3) <= 1e-6 + 1e-3 * abs(w / 1e3):
            hint = "That is per thousand people; multiply by 1,000,000 (not 1,000)."
        else:
            hint = (
                f"Add up the country's listings over all years, divide by its {_pop_year()} population "
                "and multiply by 1,000,000."
            )
        raise Stop(f"The value for {name} is {g:.4g}, which is not right.", hint)
    fb.ok("Every value is right.")
    if not as_given.is_monotonic_decreasing:
        raise Stop(
            "The values are right, but the Series is not sorted, largest first.", "Use `.sort_values(ascending=False)`."
        )
    fb.ok("It is sorted, largest first.")


_NOT_OIC_HINT = "Keep only the codes in `oic['iso3']` before taking the largest value."
_TOTALS_HINT = "Use your `per_million` Series, not the raw totals."


def _in_region() -> str:
    """ " in the region '...'" in a class variant that asks about one region, else nothing."""
    return f" in the region {_region()!r}" if _region() else ""


def _region_hint() -> str:
    return f"Keep only the OIC members whose `region` in `oic` is {_region()!r} before taking the largest value."


def _top_oic_by_totals() -> str:
    """The member asked about with the most listings in all (not per person): a typical wrong answer to 06.7."""
    totals = _trials().groupby("iso3")["trials"].sum()
    return str(totals[totals.index.isin(set(_group_codes()))].idxmax())


def _top_of(codes) -> str:
    pm = _per_million()
    return str(pm[pm.index.isin(set(codes))].idxmax())


@question("06.7", "top_oic_per_million", "value")
def _grade_top_oic(answer, fb: Feedback, thorough: bool) -> None:
    oic, group = set(_oic_codes()), set(_group_codes())
    best = _top_of(group)
    names = _country_names()
    text = tk.text(answer, "`top_oic_per_million`")
    code = text.upper()
    by_name = {v.casefold(): k for k, v in names.items()}
    if code not in names and text.casefold() in by_name:
        code = by_name[text.casefold()]
    if code not in names:
        raise Stop(
            f"{text!r} is not a country in the trials table.",
            'Give the ISO3 code, e.g. "EGY", of the OIC member you found.',
        )
    fb.ok("It is a country in the trials table.")
    if code == best:
        fb.ok(f"{names[best]} is the OIC member{_in_region()} with the most MSC trial listings per million people.")
        return
    if code not in oic:
        raise Stop(f"{names[code]} is not an OIC member.", _NOT_OIC_HINT)
    if code not in group:
        raise Stop(f"{names[code]} is not in the region {_region()!r}.", _region_hint())
    if code == _top_oic_by_totals():
        raise Stop(
            f"{names[code]} has the most listings among OIC members{_in_region()}, but not the most per "
            "million people.",
            _TOTALS_HINT,
        )
    where = f"the OIC members whose `region` is {_region()!r}" if _region() else "OIC members"
    raise Stop(
        f"{names[code]} is not the OIC member{_in_region()} with the highest value per million people.",
        f"Filter `per_million` to {where} and take `.idxmax()`.",
    )


# =====================================================================================
# 06.8 the science timeline
# =====================================================================================
def _expected_science() -> pd.DataFrame:
    e = _data()["events"]
    keep = e[(e["category"] == "science") & e["year"].between(*_window())]
    return keep.sort_values(["year", "date", "event_id"], na_position="last")


@question("06.8", "science_events", "value")
def _grade_science_events(answer, fb: Feedback, thorough: bool) -> None:
    want = _expected_science()
    if not isinstance(answer, pd.DataFrame):
        raise Stop(
            f"`science_events` is {tk.describe(answer)}; it should be a DataFrame (a filtered copy of `events`)."
        )
    cols = [c for c in ("year", "event", "citation") if c not in answer.columns]
    if cols:
        raise Stop(
            f"The column(s) {', '.join(cols)} are missing.",
            "Keep the columns year, event and citation: `[['year', 'event', 'citation']]`.",
        )
    fb.ok("It has the columns year, event and citation.")
    e = _data()["events"]
    by_text = dict(zip(e["event"].astype(str), e["category"].astype(str)))
    year_of = dict(zip(e["event"].astype(str), e["year"].astype(int)))
    got_events = [str(x) for x in answer["event"]]
    unknown = [x for x in got_events if x not in by_text]
    if unknown:
        raise Stop(
            f"The row {unknown[0][:60]!r}... is not an event of the events table.",
            "Filter `events`; do not edit the text of the rows.",
        )
    other = [x for x in got_events if by_text[x] != "science"]
    if other:
        raise Stop(
            f"A row of category {by_text[other[0]]!r} is included: {other[0][:60]!r}...",
            'Keep only rows whose category is "science".',
        )
    first, last = _window()
    outside = [x for x in got_events if not first <= year_of[x] <= last]
    if outside:
        raise Stop(
            f"The event of {year_of[outside[0]]} is outside {first}–{last}.",
            f"Keep the years from {first} to {last}, both included: `.between({first}, {last})`.",
        )
    missing = [x for x in want["event"].astype(str) if x not in got_events]
    if missing:
        yr = year_of[missing[0]]
        hint = (
            "Both ends are included: use `>=` and `<=` (or `.between`)."
            if yr in (first, last)
            else "Check the category filter: every science event in the years asked for belongs in the table."
        )
        raise Stop(f"{len(missing)} science event(s) are missing, e.g. the one of {yr}.", hint)
    if len(got_events) != len(set(got_events)):
        raise Stop("Some events appear twice.")
    fb.ok(f"It has exactly the {len(want)} science events of {first}–{last}.")
    cite_of = dict(zip(e["event"].astype(str), e["citation"].astype(str)))
    if any(str(c) != cite_of[x] for x, c in zip(got_events, answer["citation"])):
        raise Stop(
            "A citation no longer matches its event.", "Filter and sort whole rows; do not sort one column alone."
        )
    for x, y in zip(got_events, answer["year"]):  # the year column itself, not only the row's event
        try:
            same = float(y) == year_of[x]
        except Exception:
            same = False
        if not same:
            raise Stop(
                f"The year of the row {x[:60]!r}... is {tk.describe(y)}, not the year of that event.",
                "Keep the `year` column of `events` as it is; filter and sort whole rows.",
            )
    years = [year_of[x] for x in got_events]
    if years != sorted(years):
        raise Stop("The rows are not in year order.", "Sort them: `.sort_values('year')`.")
    fb.ok("The rows are in year order and each keeps its year and citation key.")


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _potency_mistakes(ns):
    right = ns["potency"]
    asked = _can_form()
    if asked:  # a class variant: each truth value flipped, and the public edition's answer (the levels)
        flipped = [
            (
                {**right, key: not value},
                [
                    f"It is not right that {key!r} {'cannot' if value else 'can'} give rise to {asked}.",
                    _can_form_why(_norm_key(key)),
                ],
            )
            for key, value in right.items()
        ]
        levels = (
            dict(POTENCY),
            [
                "The values are the levels of potency.",
                f"This question asks whether each cell type can give rise to {asked}: write True "
                "or False (use the definitions of the levels to decide).",
            ],
        )
        return flipped + [levels]
    return [
        ({**right, key: other}, [f"{key!r} is not {other}.", _POTENCY_WHY[_norm_key(key)]])
        for key, level in right.items()
        for other in _LEVELS
        if other != level
    ]


def _pipeline_mistakes(ns):
    """Two stages swapped: each position with each stage that belongs later, the grader's hint for it.
    (At the first wrong position of any order there is a stage that belongs later, so every wrong
    order meets one of these; the message does not name the stage, which the key would give away.)
    In a class variant that asks for the stages after a completed one, also the whole pipeline (the
    public edition's answer) and the list that still includes the completed stage."""
    want = list(_stages_asked())
    out = []
    for i in range(len(want)):
        for j in range(i + 1, len(want)):
            order = list(want)
            order[i], order[j] = order[j], order[i]
            out.append((order, [f"Position {i + 1} is not right yet.", _pipeline_hint(want[j], want[i])]))
    done = _done_stage()
    if done:
        hint = f"The treatment has just completed {done!r}: list only the stages that come after it."
        out.append((list(STAGES), ["The list includes stages the treatment has already completed.", hint]))
        out.append(([done, *want], ["The list includes the stage the treatment has just completed.", hint]))
    return out


def _counted_rows(trials, iso3=None):
    rows = trials if iso3 is None else trials[trials["iso3"].isin(set(iso3))]
    return rows.groupby("year").size().reindex(list(_years()), fill_value=0)


def _top_oic_mistakes(ns):
    right = str(ns["top_oic_per_million"])
    out = [
        (str(_per_million().idxmax()), ["That country is not an OIC member.", _NOT_OIC_HINT]),
        (
            _top_oic_by_totals(),
            [
                f"That member has the most listings among OIC members{_in_region()}, but not the "
                "most per million people.",
                _TOTALS_HINT,
            ],
        ),
    ]
    if _region():
        out.append((_top_of(_oic_codes()), [f"That member is not in the region {_region()!r}.", _region_hint()]))
    return [(code, hint) for code, hint in out if code != right]


def _citations_moved(ns):
    right = ns["science_events"]
    hint = ["A citation no longer matches its event.", "Filter and sort whole rows; do not sort one column alone."]
    moved = [
        right.assign(citation=right["citation"].iloc[::-1].to_numpy()),
        right.assign(citation=sorted(right["citation"])),
    ]
    return [(wrong, hint) for wrong in moved if list(wrong["citation"]) != list(right["citation"])]


# =====================================================================================
# class variants: another question on potency and on the pipeline, other years, a region and a window
# =====================================================================================
def variant_params(rng) -> dict:
    """06.1 asks, for each cell type, whether it can give rise to something that the definitions of the
    levels settle (every type of cell in the body, or the placenta) instead of its level; 06.3 asks for
    the stages still to come after one the treatment has completed; 06.5 over another span of the
    extract's years; 06.6 with the population of another year (one in which the same countries have a
    population value); 06.7 for the OIC members of one region, one with at least two members that have a
    value and whose top member is not the public answer; 06.8 between two other science events of the
    timeline, with at least four events from one to the other."""
    trials, oic, rd, events = (_data()[n] for n in ("stem_cell_trials", "oic_members", "rd_indicators", "events"))
    years = sorted({int(y) for y in trials["year"]})
    while True:
        first, last = rng.choice(years[:7]), rng.choice(years[-7:])
        if (first, last) != (FIRST_YEAR, LAST_YEAR):
            break
    pop = rd[(rd["indicator"] == "SP.POP.TOTL") & rd["value"].notna()]
    codes = set(trials["iso3"].astype(str))

    def lacking(year):
        return codes - set(pop.loc[pop["year"] == year, "iso3"].astype(str))

    pop_year = rng.choice([y for y in years if y != POP_YEAR and lacking(y) == lacking(POP_YEAR)])
    pm = _per_million_in(pop_year)
    public_top = str(_per_million_in(POP_YEAR)[lambda x: x.index.isin(set(oic["iso3"].astype(str)))].idxmax())
    regions = []
    for region, members in sorted(oic.groupby("region"), key=lambda item: str(item[0])):
        values = pm[pm.index.isin(set(members["iso3"].astype(str)))]
        if len(values) >= 2 and str(values.idxmax()) != public_top:
            regions.append(str(region))
    region = rng.choice(regions)
    science = events[events["category"] == "science"].sort_values(["year", "date", "event_id"], na_position="last")
    ends = [
        (a, b)
        for a in range(len(science))
        for b in range(a + 3, len(science))
        if int(science["year"].iloc[a]) < int(science["year"].iloc[b])
        and (str(science["event_id"].iloc[a]), str(science["event_id"].iloc[b])) != WINDOW_EVENTS
    ]
    a, b = ends[rng.randrange(len(ends))]
    can_form = rng.choice(sorted({what for reach in CAN_FORM.values() for what in reach}))
    done = rng.choice(STAGES[:-2])  # at least two stages still to come
    return {
        "CAN_FORM": can_form,
        "DONE_STAGE": done,
        "FIRST_YEAR": first,
        "LAST_YEAR": last,
        "POP_YEAR": pop_year,
        "REGION": region,
        "MEMBERS": f"the OIC members whose `region` in `oic` is '{region}'",
        "IN_REGION": f" in the region '{region}'",
        "FROM_YEAR": int(science["year"].iloc[a]),
        "TO_YEAR": int(science["year"].iloc[b]),
        "FROM_EVENT": str(science["event_id"].iloc[a]),
        "TO_EVENT": str(science["event_id"].iloc[b]),
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q6-1-question": [
        (
            'Complete the dictionary `potency`: replace each `...` with `"totipotent"`, `"pluripotent"` or\n'
            '`"multipotent"`.',
            "The question here is not the level itself but what follows from it: can each cell type give rise\n"
            "to **{CAN_FORM}**? Complete the dictionary `potency`: replace each `...` with `True` if it can, or\n"
            "`False` if it cannot.",
        ),
    ],
    "q6-1-answer": [
        ("### BEGIN SOLUTION\npotency = {", "### BEGIN SOLUTION\nlevel = {{"),
        (
            '    "mesenchymal stromal cell": "multipotent",\n}\n### END SOLUTION',
            '    "mesenchymal stromal cell": "multipotent",\n}}\n'
            "# totipotent: the embryo (so every type of cell in the body) and the placenta; pluripotent: every type\n"
            "# of cell in the body, not the placenta; multipotent: only the cells of its own tissue\n"
            'can_form = {{"totipotent": ["every type of cell in the body", "the placenta"],\n'
            '            "pluripotent": ["every type of cell in the body"], "multipotent": []}}\n'
            'potency = {{cell: "{CAN_FORM}" in can_form[lvl] for cell, lvl in level.items()}}\n### END SOLUTION',
        ),
    ],
    "q6-3-question": [
        (
            "They are listed in the wrong order. Store them,\nin the order in which a treatment goes through them, as a "
            "list in `pipeline`.",
            'They are listed in the wrong order. A treatment has\njust completed the stage `"{DONE_STAGE}"`. Store the '
            "stages it **still has to go through**, in the\norder in which it goes through them, as a list in "
            "`pipeline` (leave out the stages it has completed).",
        ),
    ],
    "q6-3-answer": [
        ("### BEGIN SOLUTION\npipeline = [", "### BEGIN SOLUTION\norder = ["),
        (
            '    "regulatory review and approval",\n]\n### END SOLUTION',
            '    "regulatory review and approval",\n]\npipeline = order[order.index("{DONE_STAGE}") + 1:]\n'
            "### END SOLUTION",
        ),
    ],
    "q6-5-question": [
        (
            "- its index is every year from 2004 to 2022 (as whole numbers), in order;",
            "- its index is every year from {FIRST_YEAR} to {LAST_YEAR} (as whole numbers), in order, "
            "and no other year;",
        )
    ],
    "q6-5-answer": [
        ("# Trials listed per year, 2004-2022,", "# Trials listed per year, {FIRST_YEAR}-{LAST_YEAR},"),
        (".reindex(range(2004, 2023), fill_value=0)", ".reindex(range({FIRST_YEAR}, {LAST_YEAR} + 1), fill_value=0)"),
    ],
    "q6-6-question": [
        ("population in **2020** from `rd`", "population in **{POP_YEAR}** from `rd`"),
        ("`year == 2020`);", "`year == {POP_YEAR}`);"),
    ],
    "q6-6-answer": [('rd["year"] == 2020', 'rd["year"] == {POP_YEAR}'), ("pop_2020", "pop_{POP_YEAR}")],
    "q6-7-question": [
        (
            "Which OIC member state has the most MSC trial listings per million people? Store its ISO3 code "
            "as text\nin `top_oic_per_million`.",
            'Which OIC member state of the region `"{REGION}"` (the column `region` of `oic`) has the most\n'
            "MSC trial listings per million people? Store its ISO3 code as text in `top_oic_per_million`.",
        )
    ],
    "q6-7-answer": [
        (
            'top_oic_per_million = per_million[per_million.index.isin(oic["iso3"])].idxmax()',
            'members = oic.loc[oic["region"] == "{REGION}", "iso3"]\n'
            "top_oic_per_million = per_million[per_million.index.isin(members)].idxmax()",
        )
    ],
    "q6-8-question": [
        (
            "whose `year` is from 1998 to 2012,\n**both included** (from the first human embryonic stem "
            "cell lines to the Nobel Prize for\nreprogramming). Keep the columns",
            "whose `year` is from {FROM_YEAR} to\n{TO_YEAR}, **both included** (from the year of the event "
            '`"{FROM_EVENT}"` to that of\n`"{TO_EVENT}"`). Keep the columns',
        )
    ],
    "q6-8-answer": [('events["year"].between(1998, 2012)', 'events["year"].between({FROM_YEAR}, {TO_YEAR})')],
}


MISTAKES = {
    "06.1": _potency_mistakes,
    "06.3": _pipeline_mistakes,
    "06.5": lambda ns: [
        (_counted_rows, "You counted rows (countries); add up the `trials` column instead (`.sum()`, not `.size()`).")
    ],
    "06.6": lambda ns: [
        (
            ns["per_million"] / 1e6,
            "That is listings per person; multiply by 1,000,000 to get listings per million people.",
        ),
        (ns["per_million"] / 1e3, "That is per thousand people; multiply by 1,000,000 (not 1,000)."),
    ],
    "06.7": _top_oic_mistakes,
    "06.8": _citations_moved,
}
