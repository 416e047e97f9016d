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

from ._core import _call, _describe, _Feedback, _is_missing, _question, _Stop, multiple_choice_question, shuffled


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


def _permitted(ruling: str) -> set[str]:
    perm = _table()
    return set(perm.loc[(perm["ruling"] == ruling) & (perm["status"] == "permitted"), "source"].astype(str))


def _by_status(source: str) -> dict[str, set[str]]:
    perm = _table()
    rows = perm[perm["source"] == source]
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
        raise _Stop(f"{what} is None.", "Did you forget `return` (or to assign the result)? Replace the `...` "
                                        "under `# YOUR CODE HERE` with your code.")
    if isinstance(value, str):
        if allow_single:
            return {value.strip()} if value.strip() else set()
        raise _Stop(f"{what} is {_describe(value)}, one text, not a collection of names.",
                    "Return a list, e.g. `['adult', 'child']`.")
    if isinstance(value, Mapping):
        raise _Stop(f"{what} is a dict; a list of names is expected here.",
                    "Return a list such as `['adult', 'child']`.")
    if isinstance(value, pd.DataFrame):
        raise _Stop(f"{what} is {_describe(value)}, not a list of names.",
                    "Select one column (e.g. `rows['source']`) and turn it into a list with `list(...)`.")
    if isinstance(value, (numbers.Number, bool)) or _is_missing(value):
        raise _Stop(f"{what} is {_describe(value)}, not a list of names.",
                    "Return a list of texts, e.g. `['adult', 'child']`.")
    if isinstance(value, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
        items = list(value.tolist() if hasattr(value, "tolist") else value)
    else:
        raise _Stop(f"{what} is {_describe(value)}; a list of names is expected.",
                    "Return a list, e.g. `list(rows['source'])`.")
    out = set()
    for item in items:
        if not isinstance(item, str):
            raise _Stop(f"{what} holds {_describe(item)}; every item should be a name (text).",
                        "Take the values from the `source` or `ruling` column, which hold text.")
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
_ALLOWED_HINTS = {
    "ids": "Your list holds ruling ids; return the *sources* (the `source` column).",
    "labels": "Use the source codes from the `source` column, such as 'adult' or 'surplus_ivf_embryo'.",
    "addressed": "You returned every source the ruling addresses; keep only the rows whose status is 'permitted'.",
    "prohibited": "Those are the sources the ruling *prohibits*; the question asks for the permitted ones.",
    "anywhere": "Those are the sources permitted by *any* ruling; keep only the rows of the ruling asked for.",
}
#: Hints about `perm` for a KeyError in the learner's function.
_HINTS = {
    "KeyError": "A column or label was not found. The table `perm` has the columns ruling, source, status, condition "
                "and citation; check the spelling, and select rows by their values, e.g. `perm[perm['ruling'] == "
                "ruling]`.",
}


@_question("08.2", "allowed_sources", "function")
def _grade_allowed_sources(fn, fb: _Feedback, thorough: bool) -> None:
    ids = _ids()
    cases = ids if thorough else ["mwl-2003", "saudi-law", "malaysia-2005"]
    table_for = _shuffled if thorough else _table
    perm = _table()
    labels = _labels()
    for ruling in cases:
        label = f"allowed_sources(perm, {ruling!r})"
        got = _names(_call(fn, label, table_for(), ruling, hints=_HINTS), f"`{label}`", allow_single=False)
        want = _permitted(ruling)
        if got == want:
            continue
        rows = perm[perm["ruling"] == ruling]
        addressed = set(rows["source"].astype(str))
        prohibited = set(rows.loc[rows["status"] == "prohibited", "source"].astype(str))
        anywhere = set(perm.loc[perm["status"] == "permitted", "source"].astype(str))
        hint = "Keep the rows of `perm` whose `ruling` is the one asked for and whose `status` is 'permitted', " \
               "then return their `source` values as a list."
        if got & set(ids):
            hint = _ALLOWED_HINTS["ids"]
        elif {g.casefold() for g in got} & set(labels):
            hint = _ALLOWED_HINTS["labels"]
        elif got == addressed and addressed != want:
            hint = _ALLOWED_HINTS["addressed"]
        elif got == prohibited and prohibited != want:
            hint = _ALLOWED_HINTS["prohibited"]
        elif got == anywhere and anywhere != want:
            hint = _ALLOWED_HINTS["anywhere"]
        elif got and not (got & addressed) and thorough:
            hint = ("Your function may depend on the order of the rows (e.g. `.iloc` positions). Select rows by "
                    "their values in the `ruling` and `status` columns.")
        raise _Stop(f"For {ruling!r} your function returned {sorted(got)}, which is not the list of sources that "
                    f"ruling permits: {_diff(got, want)}.", hint)
    fb.ok("It returns a list of source names.")
    checked = "every ruling in the table, on shuffled rows" if thorough else ", ".join(repr(c) for c in cases)
    fb.ok(f"The permitted sources are right for {checked}.")


# =====================================================================================
# 08.3 what the widely copied summary leaves out
# =====================================================================================
_LABEL_MESSAGE = "You named the right source, but as a description, not as its code."
_LABEL_HINT = "Use the code from the `source` column, e.g. 'adult'."
_OMITTED_HINTS = {
    "empty": "It is empty: did you subtract the sets the wrong way round? Take the resolution's permitted sources "
             "minus the sources the summary lists.",
    "listed": "Those are the sources the summary *lists*; the question asks what it leaves out.",
    "resolution": "Those are all the sources the resolution permits; remove the ones the summary lists.",
    "reversed": "You subtracted the wrong way round: resolution's sources minus the summary's.",
}


def _omitted_sets() -> tuple[set[str], set[str], set[str]]:
    """What the summary lists, what the resolution permits, and the right answer (the difference)."""
    from coursekit.rulings import summaries

    summ = summaries()
    listed = set(summ.loc[summ["summarises"] == "mwl-2003", "source"].astype(str))
    resolution = _permitted("mwl-2003")
    return listed, resolution, resolution - listed


@_question("08.3", "omitted", "value")
def _grade_omitted(answer, fb: _Feedback, thorough: bool) -> None:
    listed, resolution, want = _omitted_sets()
    got = _names(answer, "`omitted`")
    fb.ok("It is a collection of names.")
    if got == want:
        fb.ok("It holds exactly the source(s) that the resolution permits and the summary leaves out.")
        return
    labels = _labels()
    if {g.casefold() for g in got} & set(labels) and {labels.get(g.casefold(), g) for g in got} == want:
        raise _Stop(_LABEL_MESSAGE, _LABEL_HINT)
    if not got:
        hint = _OMITTED_HINTS["empty"]
    elif got == listed:
        hint = _OMITTED_HINTS["listed"]
    elif got == resolution:
        hint = _OMITTED_HINTS["resolution"]
    elif got == listed - resolution:
        hint = _OMITTED_HINTS["reversed"]
    else:
        hint = ("Compare `allowed_sources(perm, 'mwl-2003')` with the `source` column of the summary rows "
                "(`summ`), e.g. with `set(a) - set(b)`.")
    raise _Stop(f"{sorted(got)} is not what the summary omits: {_diff(got, want)}.", hint)


# =====================================================================================
# 08.4 who permits, who prohibits: rulings grouped by status for one source
# =====================================================================================
def _as_groups(value, label: str) -> dict[str, set[str]]:
    what = f"`{label}`"
    if isinstance(value, pd.Series):
        value = value.to_dict()
    if value is None:
        raise _Stop(f"{what} is None.", "Did you forget `return`?")
    if not isinstance(value, Mapping):
        raise _Stop(f"{what} is {_describe(value)}; a dict is expected, e.g. "
                    "`{'permitted': ['mwl-2003'], 'prohibited': ['turkey']}`.",
                    "Build a dict whose keys are statuses and whose values are lists of ruling ids.")
    out = {}
    for key, items in value.items():
        if not isinstance(key, str):
            raise _Stop(f"A key of {what} is {_describe(key)}; the keys should be statuses such as 'permitted'.")
        if isinstance(items, (numbers.Number, bool)) and not _is_missing(items):
            raise _Stop(f"`{label}[{key!r}]` is {_describe(items)}, a number; it should be a list of ruling ids.",
                        "List the rulings (the `ruling` column), do not count them.")
        names = _names(items, f"`{label}[{key!r}]`")
        if names:
            out[key.strip()] = names
    return out


_SOURCES_NOT_RULINGS = "Your lists hold sources; they should hold ruling ids (the `ruling` column)."


@_question("08.4", "rulings_by_status", "function")
def _grade_rulings_by_status(fn, fb: _Feedback, thorough: bool) -> None:
    from coursekit.rulings import NOT_ADDRESSED, STATUSES

    sources = _sources() if thorough else ["surplus_ivf_embryo", "cloned_embryo"]
    table_for = _shuffled if thorough else _table
    ids = set(_ids())
    for source in sources:
        label = f"rulings_by_status(perm, {source!r})"
        got = _as_groups(_call(fn, label, table_for(), source, hints=_HINTS), label)
        want = _by_status(source)
        if got == want:
            continue
        keys = set(got)
        if NOT_ADDRESSED in keys:
            hint = ("The table holds only the (ruling, source) pairs a ruling addresses; 'not addressed' is not a "
                    "status in `perm`. Group only the rows of `perm` for this source.")
        elif keys & ids:
            hint = "Your keys are ruling ids; the keys should be statuses and the values lists of rulings."
        elif not keys <= set(STATUSES):
            hint = f"The keys should be statuses from the `status` column: {', '.join(STATUSES)}."
        elif any(v & set(_sources()) for v in got.values()):
            hint = _SOURCES_NOT_RULINGS
        elif keys != set(want):
            hint = ("Some status is missing or extra: group the rows of `perm` whose `source` is the one asked for "
                    "by `status`.")
        else:
            hint = "Select the rows for this source, then for each status list the `ruling` values."
        shown = {k: sorted(v) for k, v in sorted(got.items())}
        raise _Stop(f"For {source!r} your function returned {shown}, which does not match the table.", hint)
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


multiple_choice_question("08.5", _MC_08_5, "c",
                         "Reread what the MUIS Fatwa Committee and Abd-El-Maeboud say, and look at the conditions "
                         "column of the table.")


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _allowed_mistakes(ns):
    from coursekit.rulings import SOURCE_LABELS

    right = ns["allowed_sources"]

    def rows(p, r):
        return p[p["ruling"] == r]

    return [
        (lambda p, r: [r], _ALLOWED_HINTS["ids"]),
        (lambda p, r: [SOURCE_LABELS[s] for s in right(p, r)], _ALLOWED_HINTS["labels"]),
        (lambda p, r: list(rows(p, r)["source"]), _ALLOWED_HINTS["addressed"]),
        (lambda p, r: list(rows(p, r).loc[rows(p, r)["status"] == "prohibited", "source"]),
         _ALLOWED_HINTS["prohibited"]),
        (lambda p, r: sorted(set(p.loc[p["status"] == "permitted", "source"])), _ALLOWED_HINTS["anywhere"]),
    ]


def _omitted_mistakes(ns):
    from coursekit.rulings import SOURCE_LABELS, SOURCES

    listed, resolution, want = _omitted_sets()
    out = [(sorted(label[s] for s in want), [_LABEL_MESSAGE, _LABEL_HINT]) for label in (SOURCE_LABELS, SOURCES)]
    out += [([], _OMITTED_HINTS["empty"]), (sorted(listed), _OMITTED_HINTS["listed"]),
            (sorted(resolution), _OMITTED_HINTS["resolution"])]
    if listed - resolution:
        out.append((sorted(listed - resolution), _OMITTED_HINTS["reversed"]))
    return out


MISTAKES = {
    "08.2": _allowed_mistakes,
    "08.3": _omitted_mistakes,
    "08.4": lambda ns: [
        (lambda p, s: {status: [s] for status in ns["rulings_by_status"](p, s)}, _SOURCES_NOT_RULINGS),
    ],
}
