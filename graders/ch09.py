"""Checkers for exercise set 09, "Policy across countries".

Every expected value is computed from ``data/`` at check time (the cited policy table,
the OIC members and the registered MSC trials); nothing expected is typed into this file.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ._core import (_close, _describe, _Feedback, _number, _question, _Stop, multiple_choice_question, numeric,
                    reject_number)


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from coursekit.data import load

    return load("stem_cell_policies"), load("oic_members"), load("stem_cell_trials")


# =====================================================================================
# 09.1 coverage of the OIC in the policy table
# =====================================================================================
@_question("09.1", "oic_coverage_pct", "value")
def _grade_coverage(answer, fb: _Feedback, thorough: bool) -> None:
    policies, oic, _ = _tables()
    members = set(oic["iso3"].astype(str))
    documented = set(policies["iso3"].astype(str)) & members
    want = 100 * len(documented) / len(members)
    got = _number(answer, "`oic_coverage_pct`")
    fb.ok("It is a number.")
    if _close(got, want):
        fb.ok("It is the percentage of the OIC's member states that have a row in the policy table.")
        return
    alternatives = [
        (want / 100, "It looks like a fraction between 0 and 1; give a percentage (0 to 100)."),
        (len(documented), "That is the number of members with a row; divide by the number of OIC members and "
                          "multiply by 100."),
        (100 * len(policies) / len(members), "You counted every row of the table, including the comparison "
                                             "countries that are not OIC members."),
        (100 * len(documented) / len(policies), "You divided by the number of rows in the policy table; divide by "
                                                "the number of OIC member states instead."),
        (100 - want, "That is the share of members *without* a row."),
    ]
    reject_number(got, want, alternatives, f"{got:.4g} is not the expected percentage.",
                  "Count the OIC members (from `oic`) whose iso3 code appears in `policies`, divide by the number of "
                  "members and multiply by 100.")


# =====================================================================================
# 09.2 and 09.5 multiple choice
# =====================================================================================
_MC_09_2 = {
    "a": "Not this one: the table leaves out countries for which the course has no cited source; it does not say "
         "that they have no rules.",
    "b": "Not this one: nothing in the table says what Kuwait allows or forbids.",
    "c": "Yes: absence from the table means the course has no cited source on Kuwait's rules; what those rules are "
         "is unknown here.",
    "d": "Not this one: a missing row is not a vote for any category, permissive or otherwise.",
}

_MC_09_5 = {
    "a": "Not this one: the table shows at most an association in a few countries chosen because a source exists; "
         "it cannot show that a policy causes trials.",
    "b": "Not this one: mesenchymal stem cells come from adult tissues such as bone marrow, cord blood, placenta "
         "and fat, so MSC trials are not embryonic research.",
    "c": "Yes: an association here could reflect other differences (the size of the research system, which "
         "registry is used), and MSC trials say nothing direct about embryo research.",
    "d": "Not this one: the trial table counts every country in the export with at least one trial, so a country "
         "absent from it had none listed there, but a country absent from the *policy* table may have rules.",
}


multiple_choice_question("09.2", _MC_09_2, "c", "Reread what the table's description says a missing row means.")


multiple_choice_question("09.5", _MC_09_5, "c",
                         "Think about what MSC trials are, and how the countries of the policy table were chosen.")


# =====================================================================================
# shared: accept a table indexed by a key or holding the key as a column
# =====================================================================================
def _frame(answer, name: str, key: str, columns: list[str]) -> pd.DataFrame:
    if answer is None:
        raise _Stop(f"`{name}` is None.", "Assign your table to the name, e.g. `" + name + " = ...`.")
    if isinstance(answer, pd.Series):
        raise _Stop(f"`{name}` is a pandas Series; a DataFrame with the columns {', '.join(columns)} is expected.",
                    "Build the columns with `.agg(...)` or put Series together with `pd.DataFrame({...})`.")
    if not isinstance(answer, pd.DataFrame):
        raise _Stop(f"`{name}` is {_describe(answer)}, not a pandas DataFrame.")
    df = answer
    if key in df.columns:
        df = df.set_index(key)
    elif df.index.name != key:
        if df.index.name is not None:
            raise _Stop(f"The rows of `{name}` are labelled by `{df.index.name}`; label them by `{key}`.",
                        f"Use `.set_index('{key}')` (or `.reset_index()` first if `{key}` is not a column yet).")
        if isinstance(df.index, pd.RangeIndex):
            raise _Stop(f"The rows of `{name}` are numbered 0, 1, 2, …; they should be labelled by `{key}`.",
                        f"Use `{key}` as the index (e.g. with `groupby('{key}')` or `.set_index('{key}')`).")
        df = df.rename_axis(key)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise _Stop(f"`{name}` has no column {missing[0]!r}; its columns are {', '.join(map(str, df.columns))}.",
                    f"Name the columns exactly: {', '.join(columns)}.")
    return df


def _whole(df: pd.DataFrame, col: str, name: str) -> pd.Series:
    return numeric(df[col], f"The {col!r} value for {{}} in `{name}` is missing or not a number.",
                   "Missing counts should be 0: use `.fillna(0)` after joining.")


# =====================================================================================
# 09.3 the policy table by category
# =====================================================================================
def _by_category_expected() -> pd.DataFrame:
    policies, _, _ = _tables()
    out = policies.groupby("category").agg(countries=("iso3", "size"), oic=("oic_member", "sum"),
                                           with_year=("year", "count"))
    out = out.astype(int).reset_index().sort_values(["countries", "category"], ascending=[False, True])
    return out.set_index("category")


@_question("09.3", "by_category", "value")
def _grade_by_category(answer, fb: _Feedback, thorough: bool) -> None:
    want = _by_category_expected()
    cols = ["countries", "oic", "with_year"]
    df = _frame(answer, "by_category", "category", cols)
    got_index = [str(i) for i in df.index]
    if sorted(got_index) != sorted(want.index):
        missing = sorted(set(want.index) - set(got_index))
        extra = sorted(set(got_index) - set(want.index))
        detail = f"it lacks {missing[0]!r}" if missing else f"it has an unexpected row {extra[0]!r}"
        raise _Stop(f"`by_category` should have one row per category in the table, but {detail}.",
                    "Group the policy table by its `category` column.")
    fb.ok("It has one row per category.")
    df = df.copy()
    df.index = got_index
    policies, _, _ = _tables()
    for col in cols:
        got = _whole(df, col, "by_category")
        for cat in want.index:
            if got[cat] == want.loc[cat, col]:
                continue
            hint = {"countries": "Count the rows (countries) of each category.",
                    "oic": "Count the rows whose `oic_member` is True (the sum of a True/False column counts the "
                           "Trues).",
                    "with_year": "Count only the rows whose `year` is known: `count()` skips missing values, "
                                 "`size()` does not."}[col]
            if col == "with_year" and got[cat] == want.loc[cat, "countries"] and want.loc[cat, "countries"] != want.loc[cat, col]:
                hint = ("You counted every country, also those whose year is missing. Missing years must stay "
                        "missing: count them with `count()`, which skips missing values, and never fill them in.")
            raise _Stop(f"The {col!r} value for {cat!r} is {got[cat]:g}, which is not right.", hint)
        fb.ok(f"The {col!r} column is right.")
    order = list(want.index)
    if got_index != order:
        raise _Stop("The rows are not in the requested order.",
                    "Sort by `countries` (largest first) and then by `category` (A to Z): "
                    "`.sort_values(['countries', 'category'], ascending=[False, True])` on a table with category "
                    "as a column, or sort on the index as a second key.")
    fb.ok("The rows are sorted by number of countries, then by category.")


# =====================================================================================
# 09.4 registered MSC trials for the countries of the policy table
# =====================================================================================
def _trial_table_expected() -> pd.DataFrame:
    policies, _, trials = _tables()
    totals = trials.groupby("iso3")["trials"].sum()
    out = policies.set_index("iso3")[["country", "category"]].copy()
    out["trials"] = totals.reindex(out.index).fillna(0).astype(int)
    out = out.reset_index().sort_values(["trials", "country"], ascending=[False, True]).set_index("iso3")
    return out


@_question("09.4", "trial_table", "value")
def _grade_trial_table(answer, fb: _Feedback, thorough: bool) -> None:
    want = _trial_table_expected()
    df = _frame(answer, "trial_table", "iso3", ["country", "category", "trials"])
    got_index = [str(i) for i in df.index]
    if set(got_index) & set(want["country"].astype(str)):
        raise _Stop("The rows of `trial_table` are labelled by country name; label them by the `iso3` code.",
                    "Use `iso3` as the index: names differ between tables, codes do not.")
    missing = [i for i in want.index if i not in got_index]
    extra = [i for i in got_index if i not in want.index]
    zero = [i for i in want.index if want.loc[i, "trials"] == 0]
    if missing:
        if set(missing) <= set(zero):
            raise _Stop(f"{len(missing)} countr(y/ies) of the policy table are missing, e.g. {missing[0]}.",
                        "Countries with no MSC trial in the export have no row in the trials table. Keep every "
                        "country of the policy table (join the totals onto `policies`, a left join) and fill the "
                        "missing totals with 0.")
        raise _Stop(f"{len(missing)} countr(y/ies) of the policy table are missing, e.g. {missing[0]}.",
                    "Join on the `iso3` code: the two tables spell some names differently "
                    "(e.g. 'Iran' and 'Iran, Islamic Republic of').")
    if extra:
        raise _Stop(f"`trial_table` has rows that are not in the policy table, e.g. {extra[0]!r}.",
                    "Keep only the countries of `policies` (one row each).")
    fb.ok("It has one row for each country of the policy table, zeros included.")
    df = df.copy()
    df.index = got_index
    got = _whole(df, "trials", "trial_table")
    _, _, trials = _tables()
    n_years = trials.groupby("iso3")["trials"].size()
    for iso in want.index:
        w = float(want.loc[iso, "trials"])
        if got[iso] == w:
            continue
        hint = "Add up the `trials` column over all years for each iso3 code."
        if iso in n_years.index and got[iso] == n_years[iso] and n_years[iso] != w:
            hint = "That is the number of *years* with trials (rows); add up the `trials` column instead."
        raise _Stop(f"The number of trials for {want.loc[iso, 'country']} is {got[iso]:g}, which is not right.", hint)
    fb.ok("The trial totals are right.")
    for col in ("country", "category"):
        if not all(str(df.loc[i, col]) == str(want.loc[i, col]) for i in want.index):
            raise _Stop(f"The {col!r} column does not match the policy table.",
                        f"Take `{col}` from the policy table (`policies`), not from the trials table.")
    fb.ok("The country and category columns come from the policy table.")
    if got_index != list(want.index):
        raise _Stop("The rows are not in the requested order.",
                    "Sort by `trials` (largest first), then by `country` (A to Z).")
    fb.ok("The rows are sorted by trials, then by country.")
