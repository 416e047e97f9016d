"""Checkers for exercise set 09, "Policy across countries".

Every expected value is computed from ``data/`` at check time (the policy atlas, the OIC members and
the registered MSC trials); nothing expected is typed into this file. The atlas has a row for every
OIC member: a cited rule, or ``no-rule-found`` with the sources searched. "Documented" below means a
member with a rule found.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from coursekit.atlas import NOT_FOUND
from coursekit.checks import toolkit as tk
from coursekit.checks.ch09 import FOUND_BY_GROUP
from coursekit.checks.toolkit import PCT_TOL

from ._core import (
    Feedback,
    Stop,
    multiple_choice_question,
    numeric,
    params,
    question,
    reject_number,
    table,
)

#: The public edition's parameters (a class variant draws others: see `variant_params`). None means
#: "no restriction", as the public questions ask: 09.1 covers every OIC member (a variant, only those
#: with one value of a World Bank classification in `oic`: OIC_COLUMN is "region" or "income_group",
#: OIC_GROUP its value); 09.4 adds up the trials of all years (a variant, those first posted in
#: FROM_YEAR or later).
PARAMS = {"OIC_COLUMN": None, "OIC_GROUP": None, "FROM_YEAR": None, "GROUP_BY": "region"}
#: The classifications of `oic` a variant of 09.1 may restrict the members by (and 09.8 group them by).
_GROUP_COLUMNS = ("region", "income_group")
#: 09.3 counts every row of `policies` in the public edition. A class variant leaves out the rows whose
#: LEFT_OUT_COLUMN is filled in (the rows with a `caveat`, which rest on weak or secondary sources). That
#: parameter is a variant's only, so that the public key file, which records PARAMS, stays as it is.
_LEFT_OUT_COLUMNS = ("caveat",)


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    return table("stem_cell_policies"), table("oic_members"), table("stem_cell_trials")


def _with_rule(policies: pd.DataFrame) -> pd.DataFrame:
    """The rows of the policy table with a rule found (the countries 09.4 is about)."""
    return policies[policies["category"].astype(str) != NOT_FOUND]


def _found(policies: pd.DataFrame) -> set[str]:
    """The iso3 codes of the rows with a rule found."""
    return set(_with_rule(policies)["iso3"].astype(str))


def _group() -> tuple[str, str] | None:
    """The (column, value) of `oic` that 09.1 restricts the members to, or None (every member)."""
    p = params("09")
    return (p["OIC_COLUMN"], p["OIC_GROUP"]) if p.get("OIC_COLUMN") else None


def _members(oic: pd.DataFrame) -> pd.DataFrame:
    """The OIC members 09.1 asks about (the active variant's)."""
    group = _group()
    return oic if group is None else oic[oic[group[0]].astype("string") == group[1]]


def _left_out_column() -> str | None:
    """09.3: the column whose filled-in rows the active variant leaves out, or None (every row counts)."""
    return params("09").get("LEFT_OUT_COLUMN")


def _by_category_rows(column: str | None = None) -> pd.DataFrame:
    """The rows of `policies` that 09.3 counts (the active variant's, unless *column* is given; "" for
    every row)."""
    policies, _, _ = _tables()
    column = _left_out_column() if column is None else column
    return policies[policies[column].isna()] if column else policies


def _from_year() -> int | None:
    """The first year whose trials 09.4 counts (the active variant's), or None for every year."""
    return params("09").get("FROM_YEAR")


def _counted_trials(trials: pd.DataFrame) -> pd.DataFrame:
    """The rows of `trials` that 09.4 adds up."""
    year = _from_year()
    return trials if year is None else trials[trials["year"] >= year]


# =====================================================================================
# 09.1 coverage of the OIC in the policy table
# =====================================================================================
def _coverage_alternatives() -> tuple[float, list[tuple[float, str]]]:
    """The right percentage and the typical mistakes [(their value, hint)]."""
    policies, oic, _ = _tables()
    members = set(_members(oic)["iso3"].astype(str))
    documented = _found(policies) & members
    with_row = set(policies["iso3"].astype(str)) & members
    want = 100 * len(documented) / len(members)
    group = _group()
    every_row = (
        100 * len(with_row) / len(members),
        'Every member has a row; count only the rows whose `category` is not "no-rule-found" '
        "(a no-rule-found row records a search, not a rule).",
    )
    if group is None:
        out = [
            (want / 100, "It looks like a fraction between 0 and 1; give a percentage (0 to 100)."),
            (
                len(documented),
                "That is the number of members with a rule found; divide by the number of OIC members and "
                "multiply by 100.",
            ),
            every_row,
            (
                100 * len(_found(policies)) / len(members),
                "You counted every row with a rule, including the comparison countries that are not OIC members.",
            ),
            (
                100 * len(documented) / len(policies),
                "You divided by the number of rows in the policy table; divide "
                "by the number of OIC member states instead.",
            ),
            (100 - want, "That is the share of members *without* a rule found."),
        ]
        return want, [(v, h) for v, h in out if 0 <= v <= 100 and not tk.close(v, want)]
    col, value = group
    everyone = set(oic["iso3"].astype(str))
    every_documented = _found(policies) & everyone
    out = [
        (want / 100, "It looks like a fraction between 0 and 1; give a percentage (0 to 100)."),
        (
            len(documented),
            f"That is the number of those members with a rule found; divide by the number of OIC members "
            f"whose `{col}` is {value!r} and multiply by 100.",
        ),
        every_row,
        (
            100 * len(every_documented) / len(everyone),
            f"That is the share of *all* OIC members; keep only those whose `{col}` is {value!r}.",
        ),
        (
            100 * len(documented) / len(everyone),
            f"You divided by the number of all OIC members; divide by the number of those whose `{col}` is {value!r}.",
        ),
        (100 - want, "That is the share of those members *without* a rule found."),
    ]
    # a mistake must be wrong, and a percentage, in every variant
    return want, [(v, h) for v, h in out if 0 <= v <= 100 and not tk.close(v, want)]


def _members_text() -> str:
    group = _group()
    return "the OIC's member states" if group is None else f"the OIC's member states whose `{group[0]}` is {group[1]!r}"


@question("09.1", "oic_coverage_pct", "value")
def _grade_coverage(answer, fb: Feedback, thorough: bool) -> None:
    want, alternatives = _coverage_alternatives()
    got = tk.number(answer, "`oic_coverage_pct`")
    fb.ok("It is a number.")
    if tk.close(got, want):
        fb.ok(f"It is the percentage of {_members_text()} for which the policy table has a rule found.")
        return
    group = _group()
    which = (
        "the OIC members (from `oic`)"
        if group is None
        else f"the OIC members (from `oic`) whose `{group[0]}` is {group[1]!r}"
    )
    reject_number(
        got,
        want,
        alternatives,
        f"{got:.4g} is not the expected percentage.",
        f'Count {which} whose row in `policies` has a `category` other than "no-rule-found", divide by the number of '
        f"{'members' if group is None else 'those members'} and multiply by 100.",
    )


# =====================================================================================
# 09.2 and 09.5 multiple choice
# =====================================================================================
_MC_09_2 = {
    "a": "Not this one: a no-rule-found row records that the course's search found no rule; it does not say "
    "that Kuwait has no rules.",
    "b": "Not this one: nothing in the table says what Kuwait allows or forbids.",
    "c": "Yes: the row records a search that found no specific rule; what Kuwait's rules are is unknown from "
    "this table.",
    "d": "Not this one: a row without a rule found is not a vote for any category, permissive or otherwise.",
}

_MC_09_5 = {
    "a": "Not this one: the table shows at most an association in a few countries chosen because a source exists; "
    "it cannot show that a policy causes trials.",
    "b": "Not this one: mesenchymal stem cells come from adult tissues such as bone marrow, cord blood, placenta "
    "and fat, so MSC trials are not embryonic research.",
    "c": "Yes: an association here could reflect other differences (the size of the research system, which "
    "registry is used), and MSC trials say nothing direct about embryo research.",
    "d": "Not this one: the trial table counts every country in the export with at least one trial, so a country "
    "absent from it had none listed there, but a country with no rule found in the *policy* table may have rules.",
}


multiple_choice_question("09.2", _MC_09_2, "c", "Reread what the table's description says a no-rule-found row means.")


multiple_choice_question(
    "09.5", _MC_09_5, "c", "Think about what MSC trials are, and how the countries of the policy table were chosen."
)


# =====================================================================================
# shared: accept a table indexed by a key or holding the key as a column
# =====================================================================================
def _frame(answer, name: str, key: str, columns: list[str]) -> pd.DataFrame:
    if answer is None:
        raise Stop(f"`{name}` is None.", "Assign your table to the name, e.g. `" + name + " = ...`.")
    if isinstance(answer, pd.Series):
        raise Stop(
            f"`{name}` is a pandas Series; a DataFrame with the columns {', '.join(columns)} is expected.",
            "Build the columns with `.agg(...)` or put Series together with `pd.DataFrame({...})`.",
        )
    if not isinstance(answer, pd.DataFrame):
        raise Stop(f"`{name}` is {tk.describe(answer)}, not a pandas DataFrame.")
    df = tk.flat_columns(answer)
    if key in df.columns:
        df = df.set_index(key)
    elif df.index.name != key:
        if df.index.name is not None:
            raise Stop(
                f"The rows of `{name}` are labelled by `{df.index.name}`; label them by `{key}`.",
                f"Use `.set_index('{key}')` (or `.reset_index()` first if `{key}` is not a column yet).",
            )
        if isinstance(df.index, pd.RangeIndex):
            raise Stop(
                f"The rows of `{name}` are numbered 0, 1, 2, …; they should be labelled by `{key}`.",
                f"Use `{key}` as the index (e.g. with `groupby('{key}')` or `.set_index('{key}')`).",
            )
        df = df.rename_axis(key)
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise Stop(
            f"`{name}` has no column {missing[0]!r}; its columns are {', '.join(map(str, df.columns))}.",
            f"Name the columns exactly: {', '.join(columns)}.",
        )
    if df.index.has_duplicates:  # e.g. after a merge that matched a row twice
        dup = df.index[df.index.duplicated()][0]
        raise Stop(f"The row {str(dup)!r} appears more than once in `{name}`.", f"Keep one row per {key}.")
    return df


def _whole(df: pd.DataFrame, col: str, name: str) -> pd.Series:
    return numeric(
        df[col],
        f"The {col!r} value for {{}} in `{name}` is missing or not a number.",
        "Missing counts should be 0: use `.fillna(0)` after joining.",
    )


# =====================================================================================
# 09.3 the policy table by category
# =====================================================================================
_COLUMN_HINTS = {
    "countries": "Count the rows (countries) of each category.",
    "oic": "Count the rows whose `oic_member` is True (the sum of a True/False column counts the Trues).",
    "with_year": "Count only the rows whose `year` is known: `count()` skips missing values, `size()` does not.",
}
_FILLED_HINT = (
    "You counted every country, also those whose year is missing. Missing years must stay missing: "
    "count them with `count()`, which skips missing values, and never fill them in."
)
_LEFT_OUT_HINT = (
    "You counted every row of `policies`, as the book's edition of this exercise asks; this version "
    "leaves out the rows whose `{column}` is filled in (those resting on weak or secondary sources)."
)


def _by_category_expected(column: str | None = None) -> pd.DataFrame:
    """The right answer to 09.3 on the rows of `_by_category_rows(column)`."""
    policies = _by_category_rows(column)
    out = policies.groupby("category").agg(
        countries=("iso3", "size"), oic=("oic_member", "sum"), with_year=("year", "count")
    )
    out = out.astype(int).reset_index().sort_values(["countries", "category"], ascending=[False, True])
    return out.set_index("category")


@question("09.3", "by_category", "value")
def _grade_by_category(answer, fb: Feedback, thorough: bool) -> None:
    want = _by_category_expected()
    left_out = _left_out_column()
    cols = ["countries", "oic", "with_year"]
    df = _frame(answer, "by_category", "category", cols)
    got_index = [str(i) for i in df.index]
    every_row = _by_category_expected("") if left_out else None
    if sorted(got_index) != sorted(want.index):
        missing = sorted(set(want.index) - set(got_index))
        extra = sorted(set(got_index) - set(want.index))
        if missing:
            detail = f"it lacks {missing[0]!r}"
        elif extra:
            detail = f"it has an unexpected row {extra[0]!r}"
        else:
            dup = next(x for x in got_index if got_index.count(x) > 1)
            detail = f"the row {dup!r} appears more than once"
        if left_out is None:
            raise Stop(
                f"`by_category` should have one row per category in the table, but {detail}.",
                "Group the policy table by its `category` column.",
            )
        hint = (
            _LEFT_OUT_HINT.format(column=left_out)
            if sorted(got_index) == sorted(every_row.index)
            else f"Leave out the rows of `policies` whose `{left_out}` is filled in, then group the other rows by "
            "their `category` column."
        )
        raise Stop(
            f"`by_category` should have one row per category among the rows without a `{left_out}`, but {detail}.", hint
        )
    fb.ok("It has one row per category.")
    df = df.copy()
    df.index = got_index
    for col in cols:
        got = _whole(df, col, "by_category")
        for cat in want.index:
            if got[cat] == want.loc[cat, col]:
                continue
            hint = _COLUMN_HINTS[col]
            if left_out and cat in every_row.index and got[cat] == every_row.loc[cat, col]:
                hint = _LEFT_OUT_HINT.format(column=left_out)
            if (
                col == "with_year"
                and got[cat] == want.loc[cat, "countries"]
                and want.loc[cat, "countries"] != want.loc[cat, col]
            ):
                hint = _FILLED_HINT
            raise Stop(f"The {col!r} value for {cat!r} is {got[cat]:g}, which is not right.", hint)
        fb.ok(f"The {col!r} column is right.")
    order = list(want.index)
    if got_index != order:
        raise Stop(
            "The rows are not in the requested order.",
            "Sort by `countries` (largest first) and then by `category` (A to Z): "
            "`.sort_values(['countries', 'category'], ascending=[False, True])` on a table with category "
            "as a column, or sort on the index as a second key.",
        )
    fb.ok("The rows are sorted by number of countries, then by category.")


# =====================================================================================
# 09.4 registered MSC trials for the countries of the policy table
# =====================================================================================
_YEARS_HINT = "That is the number of *years* with trials (rows); add up the `trials` column instead."
_ALL_YEARS_HINT = (
    "That is the total over all years; keep only the trials first posted in {FROM_YEAR} or later (the `year` column)."
)
_FROM_POLICIES_HINT = "Take `{}` from the policy table (`policies`), not from the trials table."


def _trial_table_expected() -> pd.DataFrame:
    policies, _, trials = _tables()
    totals = _counted_trials(trials).groupby("iso3")["trials"].sum()
    out = _with_rule(policies).set_index("iso3")[["country", "category"]].copy()
    out["trials"] = totals.reindex(out.index).fillna(0).astype(int)
    out = out.reset_index().sort_values(["trials", "country"], ascending=[False, True]).set_index("iso3")
    return out


@question("09.4", "trial_table", "value")
def _grade_trial_table(answer, fb: Feedback, thorough: bool) -> None:
    want = _trial_table_expected()
    df = _frame(answer, "trial_table", "iso3", ["country", "category", "trials"])
    got_index = [str(i) for i in df.index]
    if set(got_index) & set(want["country"].astype(str)):
        raise Stop(
            "The rows of `trial_table` are labelled by country name; label them by the `iso3` code.",
            "Use `iso3` as the index: names differ between tables, codes do not.",
        )
    missing = [i for i in want.index if i not in got_index]
    extra = [i for i in got_index if i not in want.index]
    zero = [i for i in want.index if want.loc[i, "trials"] == 0]
    if missing:
        if set(missing) <= set(zero):
            raise Stop(
                f"{len(missing)} countr(y/ies) with a rule found are missing, e.g. {missing[0]}.",
                "Countries with no MSC trial in the export have no row in the trials table. Keep every "
                "country with a rule found (join the totals onto those rows of `policies`, a left join) and fill "
                "the missing totals with 0.",
            )
        raise Stop(
            f"{len(missing)} countr(y/ies) with a rule found are missing, e.g. {missing[0]}.",
            "Join on the `iso3` code: the two tables spell some names differently "
            "(e.g. 'Iran' and 'Iran, Islamic Republic of').",
        )
    if extra:
        policies, _, _ = _tables()
        no_rule = set(policies["iso3"].astype(str)) - _found(policies)
        raise Stop(
            f"`trial_table` has rows that should not be there, e.g. {extra[0]!r}.",
            'Keep only the countries with a rule found: leave out the rows whose `category` is "no-rule-found".'
            if set(extra) <= no_rule
            else "Keep only the countries of `policies` with a rule found (one row each).",
        )
    fb.ok("It has one row for each country with a rule found, zeros included.")
    df = df.copy()
    df.index = got_index
    got = _whole(df, "trials", "trial_table")
    _, _, trials = _tables()
    n_years = _counted_trials(trials).groupby("iso3")["trials"].size()
    every_year = trials.groupby("iso3")["trials"].sum()
    year = _from_year()
    for iso in want.index:
        w = float(want.loc[iso, "trials"])
        if got[iso] == w:
            continue
        hint = (
            "Add up the `trials` column over all years for each iso3 code."
            if year is None
            else f"Keep the trials first posted in {year} or later, then add up the `trials` column for each iso3 code."
        )
        if iso in n_years.index and got[iso] == n_years[iso] and n_years[iso] != w:
            hint = _YEARS_HINT
        elif year is not None and iso in every_year.index and got[iso] == every_year[iso]:
            hint = _ALL_YEARS_HINT.format(FROM_YEAR=year)
        raise Stop(f"The number of trials for {want.loc[iso, 'country']} is {got[iso]:g}, which is not right.", hint)
    fb.ok("The trial totals are right.")
    for col in ("country", "category"):
        if not all(str(df.loc[i, col]) == str(want.loc[i, col]) for i in want.index):
            raise Stop(f"The {col!r} column does not match the policy table.", _FROM_POLICIES_HINT.format(col))
    fb.ok("The country and category columns come from the policy table.")
    if got_index != list(want.index):
        raise Stop(
            "The rows are not in the requested order.", "Sort by `trials` (largest first), then by `country` (A to Z)."
        )
    fb.ok("The rows are sorted by trials, then by country.")


# =====================================================================================
# 09.8 coverage of the atlas by region (a variant: by income group)
# =====================================================================================
def _group_by() -> str:
    """The column of `oic` 09.8 groups the members by (the active variant's)."""
    return params("09").get("GROUP_BY") or "region"


def _pct_found(column: str | None = None, denominator: str = "group", found_only: bool = True) -> pd.Series:
    """Percentage of each group's members with a rule found (the right answer to 09.8 with the defaults).

    *denominator* "all" divides by every OIC member (a typical mistake); *found_only* False counts every
    member with a row (another)."""
    policies, oic, _ = _tables()
    col = column or _group_by()
    members = oic.dropna(subset=[col])
    codes = _found(policies) if found_only else set(policies["iso3"].astype(str))
    has_rule = members["iso3"].astype(str).isin(codes)
    groups = members[col].astype(str)
    counts = has_rule.groupby(groups).sum()
    sizes = has_rule.groupby(groups).size() if denominator == "group" else len(oic)
    return (100 * counts / sizes).astype(float).rename_axis(col)


def _found_alternatives() -> list[tuple[pd.Series, str]]:
    want = _pct_found()
    col = _group_by()
    out = [
        (want / 100, "These look like fractions between 0 and 1; give percentages (multiply by 100)."),
        (
            _pct_found(found_only=False),
            'Every member has a row in `policies`; count only the rows whose `category` is not "no-rule-found".',
        ),
        (100 - want, "Those are the shares of members *without* a rule found."),
        (
            _pct_found(denominator="all"),
            f"You divided by the number of all OIC members; divide by the number of members of each {col}.",
        ),
    ]
    if col != "region":
        out.append((_pct_found("region"), f"Those are the values by region; group the members by `{col}`."))
    return [(s, h) for s, h in out if not (s.index.equals(want.index) and ((s - want).abs() <= PCT_TOL).all())]


@question("09.8", "pct_found_by_group", "value")
def _grade_found_by_group(answer, fb: Feedback, thorough: bool) -> None:
    want = _pct_found()
    col = _group_by()
    got = FOUND_BY_GROUP.take(answer, "`pct_found_by_group`")  # the learner check's reading: label -> number
    labels = list(got)
    missing = [x for x in want.index if x not in labels]
    extra = [x for x in labels if x not in want.index]
    if missing or extra:
        other = [c for c in _GROUP_COLUMNS if c != col]
        policies, oic, _ = _tables()
        if any(set(labels) <= set(oic[c].dropna().astype(str)) for c in other):
            raise Stop(f"The values are labelled by another classification; label them by `{col}`.", None)
        raise Stop(
            f"`pct_found_by_group` should have one value per {col} of `oic`, but "
            + (f"it lacks {missing[0]!r}." if missing else f"it has an unexpected label {extra[0]!r}."),
            f"Group every member of `oic` by `{col}`, including groups where no rule was found (their value is 0).",
        )
    fb.ok(f"It has one value per {col}.")
    got = pd.Series(got, dtype=float)
    wrong = [x for x in want.index if abs(got[x] - want[x]) > PCT_TOL]
    if wrong:
        for series, hint in _found_alternatives():
            if all(abs(got[x] - series.get(x, float("nan"))) <= PCT_TOL for x in want.index):
                raise Stop(f"The value for {wrong[0]!r} is {got[wrong[0]]:.4g}, which is not right.", hint)
        raise Stop(
            f"The value for {wrong[0]!r} is {got[wrong[0]]:.4g}, which is not right.",
            f"For each {col}, count its members whose row has a rule found, divide by its number of members and "
            "multiply by 100.",
        )
    fb.ok(f"Each {col}'s percentage of members with a rule found is right.")


# =====================================================================================
# class variants
# =====================================================================================
def variant_params(rng) -> dict:
    """09.1 on the OIC members of one World Bank region or income group (the `region` and
    `income_group` columns of `oic`) of which at least one has a row in the policy table, so that the
    answer is not 0 and differs from the public one; 09.3 on the rows of the policy table without a
    `caveat` (leaving out those resting on weak or secondary sources); 09.4 counting only the trials
    first posted in a year or later, a year that leaves out some trial of the policy countries and
    keeps trials for most of them; 09.8 by income group instead of region."""
    policies, oic, trials = _tables()
    documented = _found(policies)
    public = 100 * len(documented & set(oic["iso3"].astype(str))) / len(oic)
    groups = []
    for col in _GROUP_COLUMNS:
        for value, rows in sorted(oic.dropna(subset=[col]).groupby(col), key=lambda kv: str(kv[0])):
            covered = int(rows["iso3"].astype(str).isin(documented).sum())
            if covered and len(rows) >= 3 and not tk.close(100 * covered / len(rows), public):
                groups.append((col, str(value)))
    col, value = groups[rng.randrange(len(groups))]
    ours = trials[trials["iso3"].astype(str).isin(documented)]
    years = []
    for year in sorted(int(y) for y in ours["year"].unique()):
        later = ours[ours["year"] >= year]
        if len(later) < len(ours) and later["iso3"].nunique() * 2 >= ours["iso3"].nunique():
            years.append(year)
    from_year = years[rng.randrange(len(years))]
    # 09.3 without the rows whose column is filled in: some rows, but not all, are left out
    left_out = [
        c
        for c in _LEFT_OUT_COLUMNS
        if policies[c].notna().any()
        and policies[c].isna().any()
        and not _by_category_expected(c).equals(_by_category_expected(""))
    ]
    # 09.8 grouped by another World Bank classification than the public edition's region
    group_by = [c for c in _GROUP_COLUMNS if c != PARAMS["GROUP_BY"]]
    return {
        "OIC_COLUMN": col,
        "OIC_GROUP": value,
        "FROM_YEAR": from_year,
        "LEFT_OUT_COLUMN": left_out[rng.randrange(len(left_out))],
        "GROUP_BY": group_by[rng.randrange(len(group_by))],
    }


#: Where the question text and the solution state the parameters (rewritten in a class variant).
REWRITES = {
    "q9-1-question": [
        (
            "What percentage of the OIC's member states have a **rule found** in `policies`",
            'Take the OIC member states whose `{OIC_COLUMN}` in `oic` is "{OIC_GROUP}" (a World Bank\n'
            "classification). What percentage of them have a **rule found** in `policies`",
        ),
    ],
    "q9-1-answer": [
        (
            'oic_coverage_pct = 100 * oic["iso3"].isin(found).sum() / len(oic)',
            'members = oic[oic["{OIC_COLUMN}"] == "{OIC_GROUP}"]\n'
            'oic_coverage_pct = 100 * members["iso3"].isin(found).sum() / len(members)',
        ),
    ],
    "q9-8-question": [
        ("## 9.8 Coverage by region (code, 2 points)", "## 9.8 Coverage by {GROUP_BY} (code, 2 points)"),
        (
            "with **one value per `region` of `oic`** (labelled by the region)",
            "with **one value per `{GROUP_BY}` of `oic`** (a World Bank classification; labelled by its values)",
        ),
        ("of that region's OIC members", "of the OIC members with that `{GROUP_BY}`"),
        ("A region where no rule was found", "A group where no rule was found"),
    ],
    "q9-8-answer": [('has_rule.groupby(oic["region"])', 'has_rule.groupby(oic["{GROUP_BY}"])')],
    "intro": [
        (
            "| 9.3 | 2. The policy table by category, missing years kept missing |",
            "| 9.3 | 2. The policy table by category, rows with a `{LEFT_OUT_COLUMN}` left out, missing years kept missing |",
        ),
        ("| 9.8 | 5. Coverage of the atlas by region |", "| 9.8 | 5. Coverage of the atlas by {GROUP_BY} |"),
    ],
    "q9-3-question": [
        (
            "Build a DataFrame `by_category` with **one row per category** in `policies` (the categories as the index, or\n"
            "as a column named `category`) and three columns:",
            "Leave out the rows of `policies` whose `{LEFT_OUT_COLUMN}` is filled in (the rows resting on weak or secondary\n"
            "sources). From the other rows, build a DataFrame `by_category` with **one row per category** among them\n"
            "(the categories as the index, or as a column named `category`) and three columns:",
        ),
    ],
    "q9-3-answer": [
        ('    policies.groupby("category")', '    policies[policies["{LEFT_OUT_COLUMN}"].isna()].groupby("category")'),
    ],
    "q9-4-question": [
        (
            "- `trials`: the country's total number of MSC trials in `trials`, over all years. A country with no row in\n"
            "  `trials` had no trial listed in the export: its total is **0**.",
            "- `trials`: the country's total number of MSC trials in `trials` first posted in {FROM_YEAR} or later\n"
            "  (the `year` column). A country with no row in `trials` for those years had no trial listed in the\n"
            "  export then: its total is **0**.",
        ),
    ],
    "q9-4-answer": [
        (
            'totals = trials.groupby("iso3")["trials"].sum()',
            'totals = trials[trials["year"] >= {FROM_YEAR}].groupby("iso3")["trials"].sum()',
        ),
    ],
}


# =====================================================================================
# typical mistakes, for the hashed keys of the learner's self-check (graders.keys)
# =====================================================================================
def _ranked(df: pd.DataFrame, by: str, then: str) -> pd.DataFrame:
    """*df* (indexed by its key) sorted as the question asks: *by* largest first, then *then* A to Z."""
    name = df.index.name
    return df.reset_index().sort_values([by, then], ascending=[False, True]).set_index(name)


def _by_category_mistakes(ns):
    policies = _by_category_rows()
    right = _by_category_expected()
    groups = policies.groupby("category")
    missing_years = groups["year"].apply(lambda y: int(y.isna().sum()))
    missing_years = missing_years.reindex(right.index)
    # counting the missing years: where that count equals the category's size (no year at all), the grader
    # reads it as filled-in years, so the hint stored is the one it shows
    first = next((c for c in right.index if missing_years[c] != right.loc[c, "with_year"]), None)
    missing_hint = (
        _FILLED_HINT
        if first is not None and missing_years[first] == right.loc[first, "countries"]
        else _COLUMN_HINTS["with_year"]
    )
    out = [
        (right.assign(with_year=right["countries"]), _FILLED_HINT),
        (right.assign(oic=right["countries"]), _COLUMN_HINTS["oic"]),
        (right.assign(with_year=missing_years), missing_hint),
        (_ranked(right.assign(countries=right["with_year"]), "countries", "category"), _COLUMN_HINTS["countries"]),
    ]
    left_out = _left_out_column()
    if left_out:
        out.append((_by_category_expected(""), _LEFT_OUT_HINT.format(column=left_out)))
    return [(table, hint) for table, hint in out if not table.equals(right)]  # a mistake must be wrong


def _trial_table_mistakes(ns):
    _, _, every = _tables()
    trials = _counted_trials(every)
    right = _trial_table_expected()
    n_years = trials.groupby("iso3")["trials"].size()
    names = trials.groupby("iso3")["country"].first()
    counted = right.assign(trials=n_years.reindex(right.index).fillna(0).astype(int))
    renamed = right.assign(country=[str(names.get(i, c)) for i, c in zip(right.index, right["country"])])
    out = [
        (_ranked(counted, "trials", "country"), _YEARS_HINT),
        (_ranked(renamed, "trials", "country"), _FROM_POLICIES_HINT.format("country")),
    ]
    if _from_year() is not None:
        totals = every.groupby("iso3")["trials"].sum()
        out.append(
            (
                _ranked(right.assign(trials=totals.reindex(right.index).fillna(0).astype(int)), "trials", "country"),
                _ALL_YEARS_HINT,
            )
        )
    return [(table, hint) for table, hint in out if not table.equals(right)]  # a mistake must be wrong


MISTAKES = {
    "09.1": lambda ns: _coverage_alternatives()[1],
    "09.3": _by_category_mistakes,
    "09.4": _trial_table_mistakes,
    "09.8": lambda ns: _found_alternatives(),
}
