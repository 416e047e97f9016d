"""Checkers for exercise set 08, "Islamic bioethics of embryo and stem cell research".

The expected answers are computed at check time from the cited table in
:mod:`coursekit.rulings` (which rulings permit or prohibit which sources of stem cells);
nothing expected is typed into this file.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np
import pandas as pd

from coursekit.checks import toolkit as tk

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    params,
    question,
    shuffled,
)

#: The public edition's parameters: empty, as the public key file records them. The public edition's
#: rules are `_PUBLIC`'s; a class variant states others in its text (see `variant_params`).
PARAMS: dict = {}
#: The public edition's rules: 08.2 lists the sources a ruling allows on the READING of the table (see
#: `_READINGS`); 08.3 checks the summary against CHECK_RULING (the resolution it summarises: what the
#: summary leaves out of it); 08.4 groups every ruling (RELIGIOUS None), or only those whose `religious`
#: column in `rulings()` is RELIGIOUS.
_PUBLIC = {"READING": "cautious", "CHECK_RULING": "mwl-2003", "RELIGIOUS": None}
#: The statuses that count as "allowed" on each reading of the table: the cautious reading (the public
#: edition's: "reports differ" is not "permitted") and the generous one, which gives a ruling the benefit
#: of the doubt where the reports of it differ (not every report rules the source out).
_READINGS = {"cautious": ("permitted",), "generous": ("permitted", "reports differ")}
#: For each reading: what a ruling does to the sources 08.2 lists, and what the sources are called, as
#: the messages say it.
_ALLOWS = {"cautious": ("permits", "permitted"), "generous": ("allows on the generous reading", "allowed")}
#: The ruling that the summary of 08.3 summarises.
SUMMARISED = "mwl-2003"
#: The rulings 08.4 groups in a class variant, by their `religious` flag, as the question text names them.
_GROUP = {True: "religious rulings", False: "state and institutional rules"}


def _param(name: str):
    """A rule of the active variant (the public edition's where the variant keeps it)."""
    return params("08").get(name, _PUBLIC[name])


def _reading() -> str:
    """The reading of the table on which 08.2 lists the allowed sources (the active variant's)."""
    return str(_param("READING"))


def _statuses(reading: str | None = None) -> tuple[str, ...]:
    """The statuses that count as allowed on *reading* (default: the active variant's)."""
    return _READINGS[_reading() if reading is None else reading]


def _generous() -> bool:
    """Does the active variant ask for another reading than the public edition's?"""
    return _reading() != _PUBLIC["READING"]


def _wanted() -> str:
    """The statuses 08.2 keeps, as a message names them: 'permitted' (or 'permitted' or 'reports differ')."""
    return " or ".join(repr(s) for s in _statuses())


def _check_ruling() -> str:
    """The ruling that 08.3 checks the summary against (the active variant's)."""
    return str(_param("CHECK_RULING"))


def _religious_only() -> bool | None:
    """08.4: None (every ruling), or the `religious` flag of the rulings it groups (the active variant's)."""
    return _param("RELIGIOUS")


def _table() -> pd.DataFrame:
    """A fresh copy of the permissions table (the learner's function cannot spoil ours)."""
    from coursekit.rulings import permissions

    return permissions()


def _ids() -> list[str]:
    from coursekit.rulings import rulings

    return [str(r) for r in rulings()["ruling"]]


def _sources() -> list[str]:
    from coursekit.rulings import SOURCES

    return list(SOURCES)


def _labels() -> dict[str, str]:
    """Lower-cased source label -> source code (to recognise labels given instead of codes)."""
    from coursekit.rulings import SOURCE_LABELS, SOURCES

    out = {v.casefold(): k for k, v in SOURCE_LABELS.items()}
    out.update({v.casefold(): k for k, v in SOURCES.items()})
    return out


def _with_status(ruling: str, *statuses: str) -> set[str]:
    perm = _table()
    return set(perm.loc[(perm["ruling"] == ruling) & perm["status"].isin(statuses), "source"].astype(str))


def _allowed(ruling: str, reading: str | None = None) -> set[str]:
    """The sources *ruling* allows on *reading* (default: the active variant's): what 08.2 returns."""
    return _with_status(ruling, *_statuses(reading))


def _flags() -> dict[str, bool]:
    """Ruling id -> its `religious` flag in `rulings()`."""
    from coursekit.rulings import rulings

    r = rulings()
    return dict(zip(r["ruling"].astype(str), r["religious"].astype(bool)))


_ACTIVE = object()


def _by_status(source: str, religious=_ACTIVE) -> dict[str, set[str]]:
    """{status: rulings} for *source*, over every ruling (*religious* None) or those whose `religious`
    flag is *religious* (default: the active variant's rule)."""
    religious = _religious_only() if religious is _ACTIVE else religious
    perm = _table()
    rows = perm[perm["source"] == source]
    if religious is not None:
        rows = rows[rows["ruling"].astype(str).map(_flags()) == religious]
    return {str(s): set(g["ruling"].astype(str)) for s, g in rows.groupby("status")}


def _shuffled() -> pd.DataFrame:
    return shuffled(_table(), 20240808, offset=500)


# =====================================================================================
# look-ups on the cited table that answer questions of this set, so they live here, on the
# instructor's side, not in the learner's package (permitted_sources is 8.2, status a cell of 8.4)
# =====================================================================================
def status(ruling: str, source: str) -> str:
    """What *ruling* says about *source*: a value of ``STATUSES``, or ``"not addressed"``."""
    from coursekit.rulings import SOURCES, _known, matrix, rulings

    r = _known(ruling, list(rulings()["ruling"]), "ruling")
    s = _known(source, list(SOURCES), "source")
    return str(matrix().loc[r, s])


def permitted_sources(ruling: str) -> list[str]:
    """The sources *ruling* permits, in ``SOURCES`` order."""
    from coursekit.rulings import SOURCES, _known, matrix, rulings

    r = _known(ruling, list(rulings()["ruling"]), "ruling")
    row = matrix().loc[r]
    return [s for s in SOURCES if row[s] == "permitted"]


# =====================================================================================
# turning a learner's collection of names into a set of strings, with friendly messages
# =====================================================================================
def _names(value, what: str, *, allow_single: bool = True) -> set[str]:
    if value is None:
        raise Stop(
            f"{what} is None.",
            "Did you forget `return` (or to assign the result)? Replace the `pass` "
            "under `# YOUR CODE HERE` with your code.",
        )
    if isinstance(value, str):
        if allow_single:
            return {value.strip()} if value.strip() else set()
        raise Stop(
            f"{what} is {tk.describe(value)}, one text, not a collection of names.",
            "Return a list, e.g. `['adult', 'child']`.",
        )
    if isinstance(value, Mapping):
        raise Stop(
            f"{what} is a dict; a list of names is expected here.", "Return a list such as `['adult', 'child']`."
        )
    if isinstance(value, pd.DataFrame):
        raise Stop(
            f"{what} is {tk.describe(value)}, not a list of names.",
            "Select one column (e.g. `rows['source']`) and turn it into a list with `list(...)`.",
        )
    if isinstance(value, (numbers.Number, bool)) or tk.is_missing(value):
        raise Stop(
            f"{what} is {tk.describe(value)}, not a list of names.",
            "Return a list of texts, e.g. `['adult', 'child']`.",
        )
    if isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        items = tk.listed(value, what)
    else:
        raise Stop(
            f"{what} is {tk.describe(value)}; a list of names is expected.",
            "Return a list, e.g. `list(rows['source'])`.",
        )
    out = set()
    for item in items:
        if not isinstance(item, str):
            raise Stop(
                f"{what} holds {tk.describe(item)}; every item should be a name (text).",
                "Take the values from the `source` or `ruling` column, which hold text.",
            )
        out.add(item.strip())
    return out


def _diff(got: set[str], want: set[str]) -> str:
    parts = []
    missing, extra = want - got, got - want
    if missing:
        parts.append(f"it misses {len(missing)} name(s)")
    if extra:
        parts.append(f"it has {len(extra)} name(s) too many, e.g. {sorted(extra)[0]!r}")
    return " and ".join(parts)


# =====================================================================================
# 08.2 the sources a ruling permits
# =====================================================================================
def _allowed_hints() -> dict[str, str]:
    """The hints of 08.2's typical mistakes (the active variant's). In a class variant (the generous
    reading), "cautious" is the book's rule: only the 'permitted' rows."""
    wanted, (_, allowed) = _wanted(), _ALLOWS[_reading()]
    out = {
        "ids": "Your list holds ruling ids; return the *sources* (the `source` column).",
        "labels": "Use the source codes from the `source` column, such as 'adult' or 'surplus_ivf_embryo'.",
        "addressed": f"You returned every source the ruling addresses; keep only the rows whose status is {wanted}.",
    }
    if not _generous():
        out["prohibited"] = "Those are the sources the ruling *prohibits*; the question asks for the permitted ones."
    else:
        out["prohibited"] = (
            f"Those are the sources the ruling *prohibits*; the question asks for the ones it allows (status {wanted})."
        )
        out["cautious"] = (
            "Those are the sources the ruling *permits*: the book's cautious reading of this exercise "
            '("reports differ" is not "permitted"). This version asks for the generous reading: '
            "a source whose status is 'reports differ' counts as allowed too."
        )
    out["anywhere"] = f"Those are the sources {allowed} by *any* ruling; keep only the rows of the ruling asked for."
    return out


#: Hints about `perm` for a KeyError in the learner's function.
_HINTS = {
    "KeyError": "A column or label was not found. The table `perm` has the columns ruling, source, status, condition "
    "and citation; check the spelling, and select rows by their values, e.g. `perm[perm['ruling'] == "
    "ruling]`.",
}


@question("08.2", "allowed_sources", "function")
def _grade_allowed_sources(fn, fb: Feedback, thorough: bool) -> None:
    ids = _ids()
    cases = ids if thorough else ["mwl-2003", "saudi-law", "malaysia-2005"]
    table_for = _shuffled if thorough else _table
    perm = _table()
    labels = _labels()
    statuses, hints, generous = _statuses(), _allowed_hints(), _generous()
    allows, allowed = _ALLOWS[_reading()]
    for ruling in cases:
        label = f"allowed_sources(perm, {ruling!r})"
        got = _names(tk.call(fn, label, table_for(), ruling, hints=_HINTS), f"`{label}`", allow_single=False)
        want = _with_status(ruling, *statuses)
        if got == want:
            continue
        rows = perm[perm["ruling"] == ruling]
        addressed = set(rows["source"].astype(str))
        prohibited = set(rows.loc[rows["status"] == "prohibited", "source"].astype(str))
        anywhere = set(perm.loc[perm["status"].isin(statuses), "source"].astype(str))
        hint = (
            f"Keep the rows of `perm` whose `ruling` is the one asked for and whose `status` is {_wanted()}, "
            "then return their `source` values as a list."
        )
        if got & set(ids):
            hint = hints["ids"]
        elif {g.casefold() for g in got} & set(labels):
            hint = hints["labels"]
        elif generous and got == _allowed(ruling, _PUBLIC["READING"]):  # the book's rule, in a variant
            hint = hints["cautious"]
        elif got == addressed and addressed != want:
            hint = hints["addressed"]
        elif got == prohibited and prohibited != want:
            hint = hints["prohibited"]
        elif got == anywhere and anywhere != want:
            hint = hints["anywhere"]
        elif got and not (got & addressed) and thorough:
            hint = (
                "Your function may depend on the order of the rows (e.g. `.iloc` positions). Select rows by "
                "their values in the `ruling` and `status` columns."
            )
        raise Stop(
            f"For {ruling!r} your function returned {sorted(got)}, which is not the list of sources that "
            f"ruling {allows}: {_diff(got, want)}.",
            hint,
        )
    fb.ok("It returns a list of source names.")
    checked = "every ruling in the table, on shuffled rows" if thorough else ", ".join(repr(c) for c in cases)
    fb.ok(f"The {allowed} sources are right for {checked}.")


# =====================================================================================
# 08.3 what the widely copied summary leaves out
# =====================================================================================
_LABEL_MESSAGE = "You named the right source, but as a description, not as its code."
_LABEL_HINT = "Use the code from the `source` column, e.g. 'adult'."


def _omitted_hints() -> dict[str, str]:
    """The hints of 08.3's typical mistakes (the active variant's)."""
    ruling = _check_ruling()
    if ruling == SUMMARISED:
        return {
            "empty": "It is empty: did you subtract the sets the wrong way round? Take the resolution's permitted "
            "sources minus the sources the summary lists.",
            "listed": "Those are the sources the summary *lists*; the question asks what it leaves out.",
            "resolution": "Those are all the sources the resolution permits; remove the ones the summary lists.",
            "reversed": "You subtracted the wrong way round: resolution's sources minus the summary's.",
            "other": "Compare `allowed_sources(perm, 'mwl-2003')` with the `source` column of the summary rows "
            "(`summ`), e.g. with `set(a) - set(b)`.",
        }
    yours = f"`allowed_sources(perm, {ruling!r})`"
    return {
        "empty": "It is empty: did you subtract the sets the wrong way round? Take the sources the summary lists "
        f"minus the sources {yours} returns.",
        "listed": f"Those are all the sources the summary lists; remove the ones {yours} returns (your function "
        "from 8.2).",
        "resolution": f"Those are the sources {ruling!r} allows ({yours}); the question asks for the sources the "
        "summary lists that it does *not* allow.",
        "reversed": f"You subtracted the wrong way round: the summary's sources minus those {yours} returns.",
        "public": "That is what the summary leaves out of the 2003 resolution, as the book's edition of this "
        f"exercise asks; this version asks which sources the summary lists that {ruling!r} does not "
        "allow.",
        "other": f"Take the `source` column of the summary rows (`summ`) and remove the sources that {yours} "
        "returns (your function from 8.2), e.g. with `set(a) - set(b)`.",
    }


def _omitted_sets(ruling: str | None = None, reading: str | None = None) -> tuple[set[str], set[str], set[str]]:
    """What the summary lists, what *ruling* allows on *reading* (defaults: the active variant's: what
    `allowed_sources` returns for it), and the right answer: what the summary leaves out of the
    resolution it summarises or, for another ruling, what the summary lists that the ruling does not
    allow."""
    from coursekit.rulings import summaries

    ruling = _check_ruling() if ruling is None else ruling
    summ = summaries()
    listed = set(summ.loc[summ["summarises"] == SUMMARISED, "source"].astype(str))
    permitted = _allowed(ruling, reading)
    return listed, permitted, permitted - listed if ruling == SUMMARISED else listed - permitted


def _public_omitted() -> set[str]:
    """The public edition's answer of 08.3 (what the summary leaves out of the resolution, read cautiously)."""
    return _omitted_sets(SUMMARISED, _PUBLIC["READING"])[2]


def _reversed(listed: set[str], permitted: set[str]) -> set[str]:
    """08.3's difference taken the wrong way round (the active variant's)."""
    return listed - permitted if _check_ruling() == SUMMARISED else permitted - listed


@question("08.3", "omitted", "value")
def _grade_omitted(answer, fb: Feedback, thorough: bool) -> None:
    listed, resolution, want = _omitted_sets()
    hints, ruling = _omitted_hints(), _check_ruling()
    got = _names(answer, "`omitted`")
    fb.ok("It is a collection of names.")
    if got == want:
        fb.ok(
            "It holds exactly the source(s) that the resolution permits and the summary leaves out."
            if ruling == SUMMARISED
            else f"It holds exactly the source(s) that the summary lists and {ruling!r} does not allow."
        )
        return
    labels = _labels()
    if {g.casefold() for g in got} & set(labels) and {labels.get(g.casefold(), g) for g in got} == want:
        raise Stop(_LABEL_MESSAGE, _LABEL_HINT)
    if not got:
        hint = hints["empty"]
    elif got == listed:
        hint = hints["listed"]
    elif got == resolution:
        hint = hints["resolution"]
    elif got == _reversed(listed, resolution):
        hint = hints["reversed"]
    elif ruling != SUMMARISED and got == _public_omitted():
        hint = hints["public"]
    else:
        hint = hints["other"]
    what = (
        "what the summary omits"
        if ruling == SUMMARISED
        else f"the sources the summary lists and {ruling!r} does not allow"
    )
    raise Stop(f"{sorted(got)} is not {what}: {_diff(got, want)}.", hint)


# =====================================================================================
# 08.4 who permits, who prohibits: rulings grouped by status for one source
# =====================================================================================
def _as_groups(value, label: str) -> dict[str, set[str]]:
    what = f"`{label}`"
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if value is None:
        raise Stop(f"{what} is None.", "Did you forget `return`?")
    if not isinstance(value, Mapping):
        raise Stop(
            f"{what} is {tk.describe(value)}; a dict is expected, e.g. "
            "`{'permitted': ['mwl-2003'], 'prohibited': ['turkey']}`.",
            "Build a dict whose keys are statuses and whose values are lists of ruling ids.",
        )
    out = {}
    for key, items in value.items():
        if not isinstance(key, str):
            raise Stop(f"A key of {what} is {tk.describe(key)}; the keys should be statuses such as 'permitted'.")
        if isinstance(items, (numbers.Number, bool)) and not tk.is_missing(items):
            raise Stop(
                f"`{label}[{key!r}]` is {tk.describe(items)}, a number; it should be a list of ruling ids.",
                "List the rulings (the `ruling` column), do not count them.",
            )
        names = _names(items, f"`{label}[{key!r}]`")
        if names:
            out[key.strip()] = names
    return out


_SOURCES_NOT_RULINGS = "Your lists hold sources; they should hold ruling ids (the `ruling` column)."


def _grouped_hints() -> dict[str, str]:
    """In a class variant of 08.4 (only the rulings with one `religious` flag): the hints for grouping
    every ruling (the book's edition) and for grouping the rulings with the other flag."""
    religious = _religious_only()
    which = f"the {_GROUP[religious]} (`religious` is {religious} in `rulings()`)"
    return {
        "public": "You grouped every ruling that addresses the source, as the book's edition of this exercise "
        f"asks; this version asks only for {which}.",
        "other": f"Those are the {_GROUP[not religious]}; this version asks for {which}.",
    }


@question("08.4", "rulings_by_status", "function")
def _grade_rulings_by_status(fn, fb: Feedback, thorough: bool) -> None:
    from coursekit.rulings import NOT_ADDRESSED, STATUSES

    sources = _sources() if thorough else ["surplus_ivf_embryo", "cloned_embryo"]
    table_for = _shuffled if thorough else _table
    ids = set(_ids())
    religious = _religious_only()
    for source in sources:
        label = f"rulings_by_status(perm, {source!r})"
        got = _as_groups(tk.call(fn, label, table_for(), source, hints=_HINTS), label)
        want = _by_status(source)
        if got == want:
            continue
        keys = set(got)
        if NOT_ADDRESSED in keys:
            hint = (
                "The table holds only the (ruling, source) pairs a ruling addresses; 'not addressed' is not a "
                "status in `perm`. Group only the rows of `perm` for this source."
            )
        elif keys & ids:
            hint = "Your keys are ruling ids; the keys should be statuses and the values lists of rulings."
        elif not keys <= set(STATUSES):
            hint = f"The keys should be statuses from the `status` column: {', '.join(STATUSES)}."
        elif any(v & set(_sources()) for v in got.values()):
            hint = _SOURCES_NOT_RULINGS
        elif religious is not None and got == _by_status(source, None):
            hint = _grouped_hints()["public"]
        elif religious is not None and got == _by_status(source, not religious):
            hint = _grouped_hints()["other"]
        elif keys != set(want):
            hint = (
                "Some status is missing or extra: group the rows of `perm` whose `source` is the one asked for "
                "by `status`."
            )
        elif religious is not None:
            hint = (
                f"Select the rows for this source whose ruling is one of the {_GROUP[religious]} (`religious` "
                f"is {religious} in `rulings()`), then for each status list the `ruling` values."
            )
        else:
            hint = "Select the rows for this source, then for each status list the `ruling` values."
        shown = {k: sorted(v) for k, v in sorted(got.items())}
        raise Stop(f"For {source!r} your function returned {shown}, which does not match the table.", hint)
    fb.ok("It returns a dict of statuses and ruling ids.")
    checked = "every source, on shuffled rows" if thorough else ", ".join(repr(s) for s in sources)
    fb.ok(f"The groups are right for {checked}.")


# =====================================================================================
# 08.5 multiple choice: what follows from the 120-day view
# =====================================================================================
_MC_08_5 = {
    "a": "Not this one: Abd-El-Maeboud (Periodicum Biologorum) reports that protection and respect are given to the "
    "embryo from the zygote stage on, and Fadel calls early embryos 'worthy of respect'.",
    "b": "Not this one: the councils that permit surplus IVF embryos still set conditions, and Qatar's rules, for "
    "example, forbid creating embryos for research.",
    "c": "Yes: MUIS holds that an embryo is considered a human life only after four months, yet the rulings in "
    "this chapter that permit early IVF embryos attach conditions to their use (consent, a married couple, "
    "limits in days).",
    "d": "Not this one: 40 days is far later than the 5 to 14 days within which the rulings discussed allow IVF "
    "embryos to be used; the 40-day view does not, by itself, forbid such research.",
}


multiple_choice_question(
    "08.5",
    _MC_08_5,
    "c",
    "Reread what the MUIS Fatwa Committee and Abd-El-Maeboud say, and look at the conditions column of the table.",
)


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _allowed_mistakes(ns):
    from coursekit.rulings import SOURCE_LABELS

    right = ns["allowed_sources"]
    statuses, hints = _statuses(), _allowed_hints()

    def rows(p, r):
        return p[p["ruling"] == r]

    def having(p, r, *wanted):
        return list(rows(p, r).loc[rows(p, r)["status"].isin(wanted), "source"])

    out = [
        (lambda p, r: [r], hints["ids"]),
        (lambda p, r: [SOURCE_LABELS[s] for s in right(p, r)], hints["labels"]),
        (lambda p, r: list(rows(p, r)["source"]), hints["addressed"]),
        (lambda p, r: having(p, r, "prohibited"), hints["prohibited"]),
        (lambda p, r: sorted(set(p.loc[p["status"].isin(statuses), "source"])), hints["anywhere"]),
    ]
    if _generous():  # a variant: the book's rule first (its hint wins where two mistakes agree)
        out.insert(0, (lambda p, r: having(p, r, *_statuses(_PUBLIC["READING"])), hints["cautious"]))
    return out


def _omitted_mistakes(ns):
    from coursekit.rulings import SOURCE_LABELS, SOURCES

    listed, resolution, want = _omitted_sets()
    hints = _omitted_hints()
    out = [(sorted(label[s] for s in want), [_LABEL_MESSAGE, _LABEL_HINT]) for label in (SOURCE_LABELS, SOURCES)]
    out += [([], hints["empty"]), (sorted(listed), hints["listed"]), (sorted(resolution), hints["resolution"])]
    wrong_way = _reversed(listed, resolution)
    if wrong_way:
        out.append((sorted(wrong_way), hints["reversed"]))
    if _check_ruling() != SUMMARISED:
        out.append((sorted(_public_omitted()), hints["public"]))
    return [(names, hint) for names, hint in out if set(names) != want]  # a mistake must be wrong


def _grouped_mistakes(ns):
    right = ns["rulings_by_status"]
    out = [(lambda p, s: {status: [s] for status in right(p, s)}, _SOURCES_NOT_RULINGS)]
    religious = _religious_only()
    if religious is not None:
        flags, hints = _flags(), _grouped_hints()

        def grouped(p, s, keep):
            rows = p[(p["source"] == s) & p["ruling"].map(lambda r: keep(flags[str(r)]))]
            return {str(st): list(g["ruling"]) for st, g in rows.groupby("status")}

        out += [
            (lambda p, s: grouped(p, s, lambda flag: True), hints["public"]),
            (lambda p, s: grouped(p, s, lambda flag: flag != religious), hints["other"]),
        ]
    return out


MISTAKES = {
    "08.2": _allowed_mistakes,
    "08.3": _omitted_mistakes,
    "08.4": _grouped_mistakes,
}


# =====================================================================================
# class variants: the same questions under another rule of the cited table (see graders.variants)
# =====================================================================================
def variant_params(rng) -> dict:
    """08.2 lists the sources a ruling allows on another reading of the table, one under which some
    ruling allows other sources than on the public edition's cautious reading (today the one
    alternative: the generous reading, "permitted" or "reports differ"; REWRITES states it); 08.3
    checks the summary against another ruling, one that allows some but not all of the sources the
    summary lists (so that the answer is neither empty, nor the whole list, nor the public one);
    08.4 groups only the religious rulings, or only the state and institutional rules."""
    from coursekit.rulings import rulings

    table = rulings()
    ids = [str(r) for r in table["ruling"]]
    readings = [
        r
        for r in _READINGS
        if r != _PUBLIC["READING"] and any(_allowed(i, r) != _allowed(i, _PUBLIC["READING"]) for i in ids)
    ]
    if not readings:
        raise RuntimeError("08.2: no reading of the table allows other sources than the public edition's")
    reading = readings[rng.randrange(len(readings))]
    listed, public = _omitted_sets(SUMMARISED, _PUBLIC["READING"])[0], _public_omitted()
    checks = [
        r
        for r in ids
        if r != SUMMARISED
        and listed & _allowed(r, reading)
        and listed - _allowed(r, reading)
        and listed - _allowed(r, reading) != public
    ]
    check = checks[rng.randrange(len(checks))]
    row = table[table["ruling"] == check].iloc[0]
    religious = (True, False)[rng.randrange(2)]
    return {
        "READING": reading,
        "CHECK_RULING": check,
        "CHECK_LABEL": str(row["label"]),
        "CHECK_CITATION": str(row["citation"]),
        "RELIGIOUS": religious,
        "GROUP": _GROUP[religious],
        "OTHER_GROUP": _GROUP[not religious],
    }


#: Where the question text and the solution state the rules (rewritten in a class variant). 8.2's text
#: states the statuses of the generous reading, the one alternative `variant_params` draws today.
REWRITES = {
    "intro": [
        (
            "| 8.2 | 3. The sources of stem cells a ruling permits |",
            "| 8.2 | 3. The sources of stem cells a ruling allows (the {READING} reading) |",
        ),
        (
            "| 8.3 | 4. Checking a summary against the resolution |",
            "| 8.3 | 4. Checking a summary against another rule |",
        ),
    ],
    "q8-2-question": [
        (
            "## 8.2 The sources a ruling permits (code, 2 points)",
            "## 8.2 The sources a ruling allows, on the {READING} reading (code, 2 points)",
        ),
        (
            "values) that `ruling` **permits**, according to the table `perm`.",
            "values) that `ruling` **allows** on the **{READING} reading** of the table `perm`.",
        ),
        (
            '- Keep only the rows of that ruling whose `status` is `"permitted"` ("reports differ" is not "permitted").',
            '- Keep the rows of that ruling whose `status` is `"permitted"` **or** `"reports differ"`. A reader may\n'
            "  give a ruling the benefit of the doubt where the reports of it differ, since then not every report\n"
            '  rules the source out. The cautious reading is different: it keeps only `"permitted"` ("reports\n'
            '  differ" is not "permitted"), as the book\'s edition of this exercise does.',
        ),
        (
            "- A ruling that permits nothing gives an empty list.",
            "- A ruling that allows nothing on this reading gives an empty list.",
        ),
    ],
    "q8-2-answer": [
        (
            '"""The sources of stem cells that `ruling` permits, as a list."""',
            '"""The sources of stem cells that `ruling` allows on the {READING} reading, as a list."""',
        ),
        ('(perm["status"] == "permitted")', 'perm["status"].isin(["permitted", "reports differ"])'),
    ],
    "q8-3-question": [
        (
            "## 8.3 What does the summary leave out? (code, 1 point)",
            "## 8.3 Does the summary hold for another rule? (code, 1 point)",
        ),
        (
            "(its `summarises` column says which ruling it summarises). Compare it with what the resolution itself\n"
            "permits, using your function from 8.2. Store in `omitted` the source code(s) that the **resolution permits\n"
            'but the summary does not list**, as a list or a set (for example `["adult"]`).',
            "(its `summarises` column says which ruling it summarises). A reader may take its list as what every\n"
            'ruling allows. Check it against the ruling or rule `"{CHECK_RULING}"` ({CHECK_LABEL})\n'
            "{{footcite:p}}`{CHECK_CITATION}`, using your function from 8.2. Store in `omitted` the source code(s)\n"
            'that the **summary lists but `allowed_sources(perm, "{CHECK_RULING}")` does not return** (the ruling\n'
            "prohibits them, or its cited text does not address them), as a list or a set (for example\n"
            '`["adult"]`).',
        ),
    ],
    "q8-3-answer": [
        (
            'omitted = sorted(set(allowed_sources(perm, "mwl-2003")) - listed)',
            'omitted = sorted(listed - set(allowed_sources(perm, "{CHECK_RULING}")))',
        ),
    ],
    "q8-4-question": [
        (
            "occur for `source` in `perm` and whose values are lists of the ruling ids with that status.",
            "occur for `source` in `perm` among the rulings whose `religious` column in `rulings()` is\n"
            "`{RELIGIOUS}`, the **{GROUP}**, and whose values are lists of the ruling ids with that status.",
        ),
        (
            "- Use only the rows of `perm` for that source; do not add a key for rulings that have no row.",
            "- Use only the rows of `perm` for that source whose `ruling` is one of these rulings; do not add a key\n"
            "  for rulings that have no row.",
        ),
        (
            'Then look at the result for `"surplus_ivf_embryo"`, and compare it with `rulings()[["ruling", "religious"]]`.',
            'Then look at the result for `"surplus_ivf_embryo"`, and compare it with the statuses that the\n'
            "{OTHER_GROUP} give that source (the other rows of `perm`).",
        ),
    ],
    "q8-4-answer": [
        (
            '    rows = perm[perm["source"] == source]',
            '    chosen = rulings().loc[rulings()["religious"].eq({RELIGIOUS}), "ruling"]\n'
            '    rows = perm[(perm["source"] == source) & perm["ruling"].isin(chosen)]',
        ),
        (
            "{status: [(r, bool(religious[r])) for r in ids] for status, ids in surplus.items()}",
            'others = perm[(perm["source"] == "surplus_ivf_embryo") & perm["ruling"].map(religious).ne({RELIGIOUS})]\n'
            'surplus, {{status: list(group["ruling"]) for status, group in others.groupby("status")}}',
        ),
    ],
    "q8-8-question": [
        (
            "with the numbers from your 8.4\n   result;",
            "with the numbers from your 8.4\n   result and its comparison with the {OTHER_GROUP};",
        ),
    ],
    "q8-8-answer": [
        ("in my\n8.4 result five rulings permit them", "in my\n8.4 result and its comparison five rulings permit them"),
    ],
}
