"""Checkers for exercise set 07, "Ethics frameworks".

Every expected value is computed from ``data/events.csv`` at check time; the
classification in 07.4 follows the sources cited in the chapter and the set.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    numbered,
    params,
    question,
    shuffled,
)

ORIGIN = "thomson-hesc"  # first human embryonic stem cell lines
#: The public edition's parameters (a class variant draws others: see `variant_params`).
PARAMS = {"ORIGIN": ORIGIN}
RESPONSE_CATEGORIES = ("ethics", "law-and-policy", "religious-ruling")


@lru_cache(maxsize=1)
def _data() -> dict[str, pd.DataFrame]:
    from coursekit.data import load

    return {"events": load("events")}


def _events() -> pd.DataFrame:
    return _data()["events"]


def _year(event_id: str) -> int:
    e = _events()
    return int(e.loc[e["event_id"] == event_id, "year"].iloc[0])


def _origin() -> str:
    """The event the responses of 07.2 are measured from (the active variant's)."""
    return params("07")["ORIGIN"]


def _ordered(rows: pd.DataFrame) -> pd.DataFrame:
    return rows.sort_values(["year", "date", "event_id"], na_position="last", kind="stable")


#: Hints about the events table for a KeyError or an IndexError in the learner's function.
_HINTS = {
    "KeyError": "A column or label was not found. The events table has the columns event_id, year, date, category, "
    "event, place, iso3, caveat and citation; check the spelling, and look events up by the event_id "
    "column.",
    "IndexError": "A selection matched no rows: check the spelling of the event id (for example "
    '"warnock-report") and that you filter the `event_id` column.',
}


def _whole_number(value, what: str) -> int:
    if value is None:
        raise Stop(f"{what} is None.", "Did you forget `return`?")
    if isinstance(value, bool):
        raise Stop(f"{what} is {tk.describe(value)}, not a number of years.")
    if type(value).__name__ == "ndarray" and value.ndim == 0:
        value = value.item()  # a 0-d array is one number in disguise
    if isinstance(value, (pd.Series, pd.Index, list, tuple)) or type(value).__name__ == "ndarray":
        if len(value) == 1:
            raise Stop(
                f"{what} is a {type(value).__name__} holding one value, not a plain number.",
                "Take the number out, e.g. with `.item()` or `.iloc[0]`.",
            )
        raise Stop(
            f"{what} is {tk.describe(value)}, not one number.",
            "Select the single row of each event (filter on `event_id`) and take its year.",
        )
    if isinstance(value, str):
        raise Stop(f"{what} is {tk.describe(value)}, not a number.", "Return the number itself, not text.")
    if value is pd.NA or tk.is_missing(value):
        raise Stop(f"{what} is missing (NaN).", "Check that both event ids exist in `events['event_id']`.")
    x = tk.number(value, what)  # also refuses infinity and numbers too large for a float
    if x != int(x):
        raise Stop(f"{what} is {value}, but a difference of two years is a whole number.")
    return int(x)


# =====================================================================================
# 07.1 years between two events
# =====================================================================================
def _absolute() -> bool:
    """Whether 07.1 asks how many years apart two events are (a class variant) rather than the signed
    difference, the year of the second minus the year of the first (the public edition)."""
    return bool(params("07").get("GAP_RULE"))


def _gap(first: str, second: str) -> int:
    """The expected answer of 07.1 for one pair of events (the active variant's rule)."""
    gap = _year(second) - _year(first)
    return abs(gap) if _absolute() else gap


_ABSOLUTE_HINT = (
    "Take the absolute value of the difference (`abs(...)`): the question asks how many years apart the "
    "two events are, whichever came first."
)


@question("07.1", "years_between", "function")
def _grade_years_between(fn, fb: Feedback, thorough: bool) -> None:
    pairs = [("warnock-report", "hfe-act-1990"), (ORIGIN, "mwl-stem-cell-resolution"), ("isscr-2021", "isscr-2016")]
    frame = _events()
    if thorough:
        ordered = list(_ordered(frame)["event_id"].astype(str))
        pairs += list(zip(ordered, ordered[3:])) + list(zip(ordered[5:], ordered))
        frame = shuffled(frame, 707, offset=300)
    for first, second in pairs:
        label = f"years_between(events, {first!r}, {second!r})"
        got = _whole_number(tk.call(fn, "years_between", frame.copy(), first, second, hints=_HINTS), f"`{label}`")
        want = _gap(first, second)
        if got == want:
            continue
        if _absolute():
            if got == -want:  # the signed difference of a pair whose second event came first, or -abs
                raise Stop(
                    f"`{label}` is {got}, but the number of years between two events is never negative.", _ABSOLUTE_HINT
                )
            raise Stop(
                f"`{label}` is {got}, which is not right.",
                "Look up each event's row by its `event_id`, take its `year`, subtract, and take the absolute value.",
            )
        if want < 0 and got == -want:  # a reversed subtraction fails earlier, on a pair with a positive gap
            raise Stop(
                f"`{label}` is {got}, but the second event came first, so the answer is {want}.",
                "Do not take the absolute value: a negative result says the second event came earlier.",
            )
        if got == -want:
            raise Stop(
                f"`{label}` is {got}, but it should be {want}.",
                "Subtract the other way round: the year of the *second* event minus the year of the first.",
            )
        raise Stop(
            f"`{label}` is {got}, which is not right.",
            "Look up each event's row by its `event_id`, take its `year`, and subtract.",
        )
    if _absolute():
        fb.ok("It returns how many years apart the two events are, whichever came first.")
    else:
        fb.ok("It returns the year of the second event minus the year of the first, including negative gaps.")


# =====================================================================================
# 07.2 the first response of each kind after the first human ES cell lines
# =====================================================================================
def _expected_first() -> pd.DataFrame:
    e = _events()
    origin = _year(_origin())
    rows = []
    for category in RESPONSE_CATEGORIES:
        after = _ordered(e[(e["category"] == category) & (e["year"] >= origin)])
        first = after.iloc[0]
        rows.append(
            {
                "category": category,
                "event_id": str(first["event_id"]),
                "year": int(first["year"]),
                "lag": int(first["year"]) - origin,
            }
        )
    return pd.DataFrame(rows).set_index("category")


@question("07.2", "first_responses", "value")
def _grade_first_responses(answer, fb: Feedback, thorough: bool) -> None:
    want = _expected_first()
    if not isinstance(answer, pd.DataFrame):
        raise Stop(f"`first_responses` is {tk.describe(answer)}; it should be a DataFrame with one row per category.")
    df = answer.set_index("category") if "category" in answer.columns else answer.copy()
    missing_cols = [c for c in ("event_id", "year", "lag") if c not in df.columns]
    if missing_cols:
        raise Stop(
            f"The column(s) {', '.join(missing_cols)} are missing.", "Give each row the columns event_id, year and lag."
        )
    labels = [str(i) for i in df.index]
    if numbered(df.index):
        raise Stop(
            "The rows are numbered 0, 1, 2, ... instead of labelled by category.",
            "Make the category the index, e.g. `.set_index('category')`.",
        )
    extra = [c for c in labels if c not in want.index]
    if extra:
        raise Stop(
            f"The row {extra[0]!r} should not be there.",
            "Keep only the categories ethics, law-and-policy and religious-ruling.",
        )
    missing = [c for c in want.index if c not in labels]
    if missing:
        raise Stop(f"There is no row for {missing[0]!r}.", "Make one row for each of the three categories.")
    if len(labels) != len(set(labels)):
        raise Stop("A category appears more than once.", "Keep only the *first* event of each category.")
    fb.ok("It has one row for each of the three categories, with the columns event_id, year and lag.")
    df.index = labels
    e = _events()
    origin = _year(_origin())
    for category in want.index:
        got_id = str(df.loc[category, "event_id"])
        right = want.loc[category]
        if got_id != right["event_id"]:
            rows = _ordered(e[e["category"] == category])
            if got_id == str(rows.iloc[0]["event_id"]):
                hint = (
                    f"That is the category's first event of all; keep only events in or after {origin}, the year "
                    f"of `{_origin()}`."
                )
            elif got_id == str(rows.iloc[-1]["event_id"]):
                hint = "That is the *last* event of the category; take the first one in or after the origin year."
            elif got_id in set(e["event_id"]) and e.loc[e["event_id"] == got_id, "category"].iloc[0] != category:
                hint = "That event belongs to another category."
            else:
                hint = f"Filter to the category and to years >= {origin}, sort by year and take the first row."
            raise Stop(f"For {category!r} the event is not {got_id!r}.", hint)
        year = _whole_number(df.loc[category, "year"], f"The year for {category!r}")
        lag = _whole_number(df.loc[category, "lag"], f"The lag for {category!r}")
        if year != right["year"]:
            raise Stop(f"The year for {category!r} is {year}, but the event {got_id!r} is of {right['year']}.")
        if lag != right["lag"]:
            if lag == -right["lag"]:
                hint = "The lag has the wrong sign: the event's year minus the origin year."
            else:
                hint = f"The lag is the event's year minus {origin}, the year of `{_origin()}` (take it from the data)."
            raise Stop(f"The lag for {category!r} is {lag}, which is not right.", hint)
    fb.ok(f"Each row is the first event of its kind in or after {origin}, with the right lag.")


# =====================================================================================
# 07.3 what changed in 2021
# =====================================================================================
_MC_07_3 = {
    "a": "Not this one: the ISSCR cannot make law; and it did not replace 14 days with another fixed limit.",
    "b": "Yes: the 2021 update moved the culture of intact human embryos from category 3 (prohibited) to "
    "category 2 (permissible with specialised oversight), so the ISSCR no longer strictly endorses the "
    "14-day limit; its prohibition of germline genome editing remains.",
    "c": "Not this one: the update relaxed the position on embryo culture; it did not add a stricter limit.",
    "d": "Not this one: ISSCR guidelines are recommendations, not legally binding; national laws still apply.",
}


multiple_choice_question("07.3", _MC_07_3, "b", "Re-read the section on the 14-day rule in the chapter.")


# =====================================================================================
# 07.4 kinds of instrument
# =====================================================================================
KINDS = {
    "uk human fertilisation and embryology act 1990": "law",
    "isscr guidelines 2021": "non-binding guidance",
    "unesco universal declaration on bioethics and human rights 2005": "non-binding guidance",
    "muslim world league islamic fiqh council resolution 99 (2003)": "religious ruling",
    "algeria law 18-11 (2018)": "law",
    "jordan board of iftaa' resolution 189 (2013)": "religious ruling",
}
_KIND_WHY = {
    "uk human fertilisation and embryology act 1990": "An Act of Parliament: it made the 14-day limit law in the UK.",
    "isscr guidelines 2021": "The ISSCR is a scientific society; its guidelines are recommendations, not legally binding.",
    "unesco universal declaration on bioethics and human rights 2005": "UNESCO's declarations are non-binding by "
    "nature; they guide states.",
    "muslim world league islamic fiqh council resolution 99 (2003)": "A resolution of a council of Islamic scholars: "
    "a religious ruling, not a statute.",
    "algeria law 18-11 (2018)": "A statute of the Algerian state.",
    "jordan board of iftaa' resolution 189 (2013)": "A resolution of Jordan's Board of Iftaa': a religious ruling, not "
    "a statute.",
}
#: The other instruments of the events table that the chapter names as examples of the three kinds (its
#: table "Four kinds of rule" and the paragraph on Islamic rulings, with the sources cited there): a
#: class variant asks about six instruments drawn from these and the public edition's six. Name as the
#: question writes it -> (event_id in `events`, kind, why).
MORE_INSTRUMENTS = {
    "UAE Federal Law No. 7 of 2019 on Medically Assisted Reproduction": (
        "uae-law-7-2019",
        "law",
        "A federal law of the United Arab Emirates: a statute, binding in that state.",
    ),
    "ISSCR Guidelines 2016": (
        "isscr-2016",
        "non-binding guidance",
        "The ISSCR is a scientific society; its guidelines are recommendations, not legally binding.",
    ),
    "WMA Declaration of Helsinki 1964": (
        "helsinki-declaration-1964",
        "non-binding guidance",
        "The World Medical Association is a professional association; its declaration is addressed primarily to "
        "physicians and is not a statute.",
    ),
    "International Islamic Fiqh Academy Resolution 94 (1997)": (
        "iifa-cloning-resolution",
        "religious ruling",
        "A resolution of the OIC's International Islamic Fiqh Academy, a council of scholars: a religious ruling, "
        "not a statute.",
    ),
    "Malaysia National Fatwa Council Decision (2005)": (
        "malaysia-fatwa-2005",
        "religious ruling",
        "A decision of Malaysia's National Fatwa Council, a council of scholars: a religious ruling, not a statute "
        "(the Ministry of Health's 2009 guidelines annex it).",
    ),
}
#: The event of each of the public edition's six instruments (their names are the keys of KINDS).
PUBLIC_INSTRUMENTS = {
    "UK Human Fertilisation and Embryology Act 1990": "hfe-act-1990",
    "ISSCR Guidelines 2021": "isscr-2021",
    "UNESCO Universal Declaration on Bioethics and Human Rights 2005": "udbhr-adopted",
    "Muslim World League Islamic Fiqh Council Resolution 99 (2003)": "mwl-stem-cell-resolution",
    "Algeria Law 18-11 (2018)": "algeria-law-18-11",
    "Jordan Board of Iftaa' Resolution 189 (2013)": "jordan-iftaa-189",
}
_N_INSTRUMENTS = len(PUBLIC_INSTRUMENTS)
_KIND_WORDS = {
    "law": "law",
    "non-binding guidance": "non-binding guidance",
    "nonbinding guidance": "non-binding guidance",
    "non binding guidance": "non-binding guidance",
    "religious ruling": "religious ruling",
}


def _norm(text) -> str:
    return " ".join(str(text).strip().lower().replace("’", "'").replace("_", " ").split())


#: Every instrument a variant may ask about: normalised name -> kind, and -> why.
_ALL_KINDS = {**KINDS, **{_norm(name): kind for name, (_, kind, _) in MORE_INSTRUMENTS.items()}}
_WHY = {**_KIND_WHY, **{_norm(name): why for name, (_, _, why) in MORE_INSTRUMENTS.items()}}


def _kinds() -> dict[str, str]:
    """The instruments 07.4 asks about (the active variant's), normalised name -> kind."""
    p = params("07")
    if "INSTRUMENT1" not in p:
        return dict(KINDS)
    return {_norm(p[f"INSTRUMENT{i}"]): _ALL_KINDS[_norm(p[f"INSTRUMENT{i}"])] for i in range(1, _N_INSTRUMENTS + 1)}


@question("07.4", "instrument_kind", "value")
def _grade_instrument_kind(answer, fb: Feedback, thorough: bool) -> None:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, dict):
        raise Stop(
            f"`instrument_kind` is {tk.describe(answer)}; it should be the dictionary from the question.",
            "Keep the dictionary and replace each `...` with one of the three kinds.",
        )
    kinds = _kinds()
    given = {_norm(k): v for k, v in answer.items()}
    missing = [k for k in kinds if k not in given]
    if missing:
        raise Stop(f"There is no entry for {missing[0]!r}.", "Keep the keys exactly as in the question.")
    extra = [k for k in given if k not in kinds]
    if extra:
        raise Stop(f"There is an entry the question did not ask for: {extra[0]!r}.", "Keep only the six keys.")
    fb.ok("It is a dictionary with the six instruments.")
    for key, want in kinds.items():
        value = given[key]
        if value is None or value is Ellipsis or tk.is_missing(value):
            raise Stop(
                f"The value for {key!r} is still empty.", 'Write "law", "non-binding guidance" or "religious ruling".'
            )
        if not isinstance(value, str):
            raise Stop(f"The value for {key!r} is {tk.describe(value)}; it should be text.")
        got = _KIND_WORDS.get(
            _norm(value).replace("-", " ").replace("non binding", "non-binding"), _KIND_WORDS.get(_norm(value))
        )
        if got is None:
            raise Stop(
                f"{value!r} (for {key!r}) is not one of the three kinds.",
                'Use exactly "law", "non-binding guidance" or "religious ruling".',
            )
        if got != want:
            raise Stop(f"{key!r} is not {got!r}.", _WHY[key])
    fb.ok("Each instrument has the right kind.")


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _first_table(pick, lag_sign: int = 1, from_origin: bool = True) -> pd.DataFrame:
    e = _events()
    origin = _year(_origin())
    rows = []
    for category in RESPONSE_CATEGORIES:
        part = e[e["category"] == category]
        if from_origin:
            part = part[part["year"] >= origin]
        row = pick(_ordered(part))
        rows.append(
            {
                "category": category,
                "event_id": str(row["event_id"]),
                "year": int(row["year"]),
                "lag": lag_sign * (int(row["year"]) - origin),
            }
        )
    return pd.DataFrame(rows).set_index("category")


def _kind_mistakes(ns):
    right = ns["instrument_kind"]
    out = []
    for key, kind in right.items():
        why = _WHY[_norm(key)]
        for other in ("law", "non-binding guidance", "religious ruling"):
            if other != kind:
                out.append(({**right, key: other}, [f"{key!r} is not {other!r}.", why]))
    return out


def _instrument_pool() -> dict[str, tuple[str, str]]:
    """The instruments a variant of 07.4 can ask about, as the question names them -> (event_id, kind):
    the public edition's and MORE_INSTRUMENTS, each an event of the timeline."""
    pool = {name: (event, KINDS[_norm(name)]) for name, event in PUBLIC_INSTRUMENTS.items()}
    pool.update({name: (event, kind) for name, (event, kind, _) in MORE_INSTRUMENTS.items()})
    known = set(_events()["event_id"].astype(str))
    return {name: value for name, value in pool.items() if value[0] in known}


def _draw_instruments(rng) -> list[str]:
    """Six instruments for 07.4, two of each kind, at least half of them not among the public edition's,
    in a random order."""
    pool = _instrument_pool()
    by_kind: dict[str, list[str]] = {}
    for name, (_, kind) in pool.items():
        by_kind.setdefault(kind, []).append(name)
    per_kind = _N_INSTRUMENTS // len(by_kind)
    while True:
        names = [name for kind in sorted(by_kind) for name in rng.sample(by_kind[kind], per_kind)]
        if sum(name not in PUBLIC_INSTRUMENTS for name in names) >= _N_INSTRUMENTS // 2:
            rng.shuffle(names)
            return names


def variant_params(rng) -> dict:
    """07.2 measured from another scientific milestone of the timeline, one after which each of the
    three kinds of response has an event; 07.1 asks how many years apart two events are (never
    negative) instead of the signed difference; 07.4 classifies six other instruments of the timeline
    (two of each kind, at least three of them not in the public edition)."""
    e = _events()
    last = min(int(e.loc[e["category"] == c, "year"].max()) for c in RESPONSE_CATEGORIES)
    science = _ordered(e[(e["category"] == "science") & (e["year"] < last) & (e["event_id"] != ORIGIN)])
    row = science.iloc[rng.randrange(len(science))]
    instruments = _draw_instruments(rng)
    return {
        "ORIGIN": str(row["event_id"]),
        "ORIGIN_YEAR": int(row["year"]),
        "ORIGIN_EVENT": str(row["event"]),
        "ORIGIN_CITATION": str(row["citation"]),
        "GAP_RULE": "the absolute value of the difference of their years",
        **{f"INSTRUMENT{i}": name for i, name in enumerate(instruments, 1)},
    }


def _instrument_lines(value_of) -> str:
    """The lines of a dictionary of the variant's instruments (a template): the i-th holds *value_of(i)*."""
    return "".join(f'    "{{INSTRUMENT{i}}}": {value_of(i)},\n' for i in range(1, _N_INSTRUMENTS + 1))


def _kind_of_every_instrument() -> str:
    """The solution's lookup table of the kind of every instrument a variant may ask about (a template)."""
    pool = {
        **{name: KINDS[_norm(name)] for name in PUBLIC_INSTRUMENTS},
        **{name: kind for name, (_, kind, _) in MORE_INSTRUMENTS.items()},
    }
    lines = "".join(f'    "{name}": "{kind}",\n' for name, kind in pool.items())
    return "kind_of = {{\n" + lines + "}}\n"


_PUBLIC_STUB = "".join(f'    "{name}": ...,\n' for name in PUBLIC_INSTRUMENTS)
_PUBLIC_SOLUTION = "".join(f'    "{name}": "{KINDS[_norm(name)]}",\n' for name in PUBLIC_INSTRUMENTS)


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q7-1-question": [
        (
            "returns the year of the event whose\n`event_id` is `second` minus the year of the event whose `event_id` is "
            "`first`, as a whole number. If\nthe second event came earlier, the result is negative.",
            "returns **how many years apart** the\nevents whose `event_id`s are `first` and `second` are: {GAP_RULE},\n"
            "as a whole number. It does not matter which of the two came first: the result is never negative.",
        ),
        (
            "to become UK law {footcite:p}`bionews2016fourteenday`.",
            "to become UK law {{footcite:p}}`bionews2016fourteenday`, and\n"
            '`years_between(events, "hfe-act-1990", "warnock-report")` is the same number.',
        ),
    ],
    "q7-1-answer": [
        (
            "    # The year of event `second` minus the year of event `first`.",
            "    # How many years apart the events `first` and `second` are (never negative).",
        ),
        ("    return int(year[second] - year[first])", "    return abs(int(year[second] - year[first]))"),
    ],
    "q7-2-question": [
        (
            'The first human embryonic stem cell lines were reported in 1998 (event `"thomson-hesc"`)\n'
            "{footcite:p}`thomson1998embryonic`.",
            'The timeline\'s event `"{ORIGIN}"` ({ORIGIN_YEAR}) reads: "{ORIGIN_EVENT}"\n'
            "{{footcite:p}}`{ORIGIN_CITATION}`.",
        ),
        ('the year of `"thomson-hesc"` (take that year', 'the year of `"{ORIGIN}"` (take that year'),
        ('- `lag`: its year minus the year of `"thomson-hesc"`.', '- `lag`: its year minus the year of `"{ORIGIN}"`.'),
    ],
    "q7-2-answer": [
        ('events["event_id"] == "thomson-hesc"', 'events["event_id"] == "{ORIGIN}"'),
        (
            'years_between(events, "thomson-hesc", first["event_id"])',
            'years_between(events, "{ORIGIN}", first["event_id"])',
        ),
    ],
    "q7-4-answer": [
        (
            "instrument_kind = {\n" + _PUBLIC_STUB + "}\n### BEGIN SOLUTION",
            "instrument_kind = {{\n" + _instrument_lines(lambda i: "...") + "}}\n### BEGIN SOLUTION",
        ),
        (
            "instrument_kind = {\n" + _PUBLIC_SOLUTION + "}",
            _kind_of_every_instrument()
            + "asked = [\n"
            + "".join(f'    "{{INSTRUMENT{i}}}",\n' for i in range(1, _N_INSTRUMENTS + 1))
            + "]\ninstrument_kind = {{name: kind_of[name] for name in asked}}",
        ),
    ],
}


def _signed_gap(events, first, second) -> int:
    """The public edition's answer to 07.1: the year of *second* minus the year of *first*."""
    year = dict(zip(events["event_id"], events["year"]))
    return int(year[second]) - int(year[first])


def _gap_mistakes(ns):
    right = ns["years_between"]
    if _absolute():
        return [
            (_signed_gap, _ABSOLUTE_HINT),
            (lambda e, a, b: -abs(right(e, a, b)), _ABSOLUTE_HINT),
        ]
    return [
        (
            lambda e, a, b: abs(right(e, a, b)),
            "Do not take the absolute value: a negative result says the second event came earlier.",
        ),
        (
            lambda e, a, b: -right(e, a, b),
            "Subtract the other way round: the year of the *second* event minus the year of the first.",
        ),
    ]


MISTAKES = {
    "07.1": _gap_mistakes,
    "07.2": lambda ns: [
        (
            _first_table(lambda rows: rows.iloc[0], from_origin=False),
            "That is the category's first event of all; keep only events in or after the year of `{ORIGIN}`.",
        ),
        (
            _first_table(lambda rows: rows.iloc[-1]),
            "That is the *last* event of the category; take the first one in or after the origin year.",
        ),
        (
            _first_table(lambda rows: rows.iloc[0], lag_sign=-1),
            "The lag has the wrong sign: the event's year minus the origin year.",
        ),
    ],
    "07.4": _kind_mistakes,
}
