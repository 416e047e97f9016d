"""Which sources of stem cells do named rulings and rules permit? A small, cited table.

Chapter 8 ("Islamic bioethics of embryo and stem cell research") and its exercises
compare religious rulings (fatwas, council resolutions) and national rules on the
*sources* from which stem cells may be obtained. The comparison needs the rulings'
lists in a form a program can read, so they are kept in three curated, cited tables of
the course data, read with :func:`coursekit.data.load`: ``rulings`` (who, what, when,
where), ``ruling_permissions`` (one row per (ruling, source) pair that the cited text
addresses) and ``ruling_summaries``, each row with its citation key from
``references.bib``. This module reads them and shapes them for the chapter::

    from coursekit.rulings import rulings, permissions, matrix
    rulings()                   # one row per ruling or rule: who issued it, when, where, citation
    permissions()               # one row per (ruling, source) the cited text addresses
    matrix()                    # rulings x sources: "permitted", "prohibited", "reports differ"
                                # or "not addressed"

Rules of these tables (the tables' schemas in ``data/datapackage.json`` enforce the closed
vocabularies, unique ids and pairs and required cells when they are loaded; what spans two
tables is checked when this module loads them; ``tests/test_rulings.py`` tests both):

* every row has a citation key that exists in ``references.bib``; no row is written
  from memory;
* a source that the cited text does not mention is *absent*, shown as
  ``"not addressed"`` by :func:`matrix`; absence means "the source we cite does not
  say", never "allowed" or "forbidden";
* rows resting on sources tagged weak or secondary in the course fact base carry a
  ``caveat``;
* the table records what each body holds; it is not the course's own ruling.

:func:`summaries` holds secondary *summaries* of a ruling, so that a summary can be
checked against the ruling it summarises (exercise 8.3 asks what one of them leaves out).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .data import DataError, load

__all__ = [
    "SOURCES",
    "SOURCE_LABELS",
    "STATUSES",
    "NOT_ADDRESSED",
    "rulings",
    "permissions",
    "summaries",
    "matrix",
    "validate",
    "STATUS_MARKERS",
    "draw_matrix",
    "compare",
]

#: The sources of stem cells distinguished here, in a fixed order, with a plain description.
SOURCES: dict[str, str] = {
    "adult": "tissue of a consenting adult (for example bone marrow or blood)",
    "child": "tissue of a child, with a guardian's permission (for example milk teeth)",
    "cord_placenta": "umbilical cord, cord blood, placenta or amniotic fluid, after birth",
    "fetal_tissue": "a fetus lost by miscarriage or by an abortion the law permits",
    "surplus_ivf_embryo": "an early embryo left over from a couple's IVF treatment and donated",
    "research_embryo": "an embryo created (for example by IVF) for research",
    "cloned_embryo": "an embryo made by somatic cell nuclear transfer ('therapeutic cloning')",
}

#: Short labels of the sources, for tables and figures.
SOURCE_LABELS: dict[str, str] = {
    "adult": "Adult tissue",
    "child": "Child's tissue",
    "cord_placenta": "Cord or placenta",
    "fetal_tissue": "Fetus (miscarried or lawfully aborted)",
    "surplus_ivf_embryo": "Surplus IVF embryo",
    "research_embryo": "Embryo created for research",
    "cloned_embryo": "Cloned embryo",
}

#: What a ruling says about a source, when it says anything.
STATUSES: tuple[str, ...] = ("permitted", "prohibited", "reports differ")
#: Shown by :func:`matrix` where the cited text does not address a source.
NOT_ADDRESSED = "not addressed"

# -------------------------------------------------------------------------------------
# the tables: data/rulings.csv, data/ruling_permissions.csv and data/ruling_summaries.csv
# -------------------------------------------------------------------------------------
_PERMISSION_COLUMNS = ["ruling", "source", "status", "condition", "citation"]
_SUMMARY_COLUMNS = ["summary", "summarises", "publisher", "source", "caveat", "citation"]


def _in_order(name: str) -> pd.DataFrame:
    """Curated table *name*, checked by :func:`coursekit.data.load`, in its display order (``order`` dropped)."""
    return load(name).sort_values("order", kind="stable").drop(columns="order").reset_index(drop=True)


@lru_cache(maxsize=1)
def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The rulings, permissions and summaries, loaded once and checked against each other.

    :func:`~coursekit.data.load` checks each table against its schema (known sources and statuses,
    no duplicate ruling or (ruling, source) pair, a condition and a citation on every row); what no
    single schema can say (every ruling named exists, a summary's rows agree) is checked here, and
    a table that fails raises :class:`~coursekit.data.DataError`. Callers get copies.
    """
    table = _in_order("rulings")
    table["religious"] = table["religious"].astype(bool)  # required in the schema: never missing
    perm = _in_order("ruling_permissions")[_PERMISSION_COLUMNS]
    summ = _in_order("ruling_summaries")[_SUMMARY_COLUMNS]
    problems = _problems(table, perm, summ)
    if problems:
        raise DataError("data/rulings.csv, ruling_permissions.csv and ruling_summaries.csv: " + "; ".join(problems))
    return table, perm, summ


def _summary_records(summ: pd.DataFrame) -> tuple[dict, ...]:
    """One dict per summary, with the ``sources`` it lists (the shape of :data:`_SUMMARIES`)."""
    out: dict[str, dict] = {}
    for row in summ.astype(object).where(summ.notna(), None).to_dict("records"):
        rec = out.setdefault(row["summary"], {k: v for k, v in row.items() if k != "source"} | {"sources": ()})
        rec["sources"] += (row["source"],)
    return tuple(out.values())


class _FromTables(tuple):
    """Rows computed from the curated tables (so not rows set in their place: see ``__getattr__``)."""


def __getattr__(name: str):
    """``_PERMISSIONS`` and ``_SUMMARIES``: the rows of the tables as tuples (one dict per summary).

    They are computed from the curated tables, not written here. Setting one in the module to other
    rows (as the tests of the self-checks do with ``monkeypatch``) makes :func:`permissions` or
    :func:`summaries` read those rows in place of the table; setting it back to what this returned
    (as ``monkeypatch`` does when it undoes) returns to the table.
    """
    if name == "_PERMISSIONS":
        return _FromTables(_tables()[1].itertuples(index=False, name=None))
    if name == "_SUMMARIES":
        return _FromTables(_summary_records(_tables()[2]))
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _set_in_place(name: str):
    """The rows set in the module in place of a table (see ``__getattr__``), or None."""
    rows = globals().get(name)
    return None if rows is None or isinstance(rows, _FromTables) else rows


# -------------------------------------------------------------------------------------
# public functions
# -------------------------------------------------------------------------------------
def rulings() -> pd.DataFrame:
    """One row per ruling or rule: ``ruling`` (id), ``label`` (short name for figures), ``body``, ``instrument``, ``year`` (empty if the
    source gives none), ``iso3`` (empty for international bodies), ``religious`` (a religious ruling
    rather than a state or institutional rule), ``caveat`` and ``citation``."""
    return _tables()[0].copy()


def permissions() -> pd.DataFrame:
    """One row per (ruling, source) that the cited text addresses: ``ruling``, ``source``, ``status``
    (one of :data:`STATUSES`), ``condition`` (as the cited text gives it) and ``citation``."""
    rows = _set_in_place("_PERMISSIONS")
    if rows is None:
        return _tables()[1].copy()
    return pd.DataFrame(list(rows), columns=_PERMISSION_COLUMNS).astype("string")


def summaries() -> pd.DataFrame:
    """Secondary summaries of rulings, one row per (summary, source it lists)."""
    records = _set_in_place("_SUMMARIES")
    if records is None:
        return _tables()[2].copy()
    rows = [
        {**{k: s[k] for k in _SUMMARY_COLUMNS if k != "source"}, "source": src} for s in records for src in s["sources"]
    ]
    return pd.DataFrame(rows, columns=_SUMMARY_COLUMNS).astype("string")


def matrix() -> pd.DataFrame:
    """Rulings (rows, in table order) by sources (columns, in :data:`SOURCES` order): the status, or
    ``"not addressed"`` where the cited text does not mention the source."""
    perm = permissions()
    wide = perm.pivot(index="ruling", columns="source", values="status")
    wide = wide.reindex(index=rulings()["ruling"], columns=list(SOURCES))
    wide = wide.astype(object).where(wide.notna(), NOT_ADDRESSED)
    wide.index.name, wide.columns.name = "ruling", "source"
    return wide


def _known(value, options, what: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"The {what} must be text, such as {options[0]!r}; got {type(value).__name__}.")
    key = value.strip()
    if key not in options:
        raise ValueError(f"Unknown {what} {value!r}. Known {what}s: {', '.join(options)}.")
    return key


def _problems(
    table: pd.DataFrame, perm: pd.DataFrame, summ: pd.DataFrame, bib_keys: set[str] | None = None
) -> list[str]:
    """What the schemas cannot check: rulings named by the other two tables exist, the rows of one
    summary agree, every citation names a key (and, given *bib_keys*, a key of references.bib)."""
    problems: list[str] = []
    ids = set(table["ruling"])
    for i, (ruling, source) in enumerate(zip(perm["ruling"], perm["source"])):
        if ruling not in ids:
            problems.append(f"permission row {i} ({ruling}, {source}): unknown ruling")
    for name, rows in summ.groupby("summary", sort=False):
        for ruling in dict.fromkeys(rows["summarises"]):
            if ruling not in ids:
                problems.append(f"summary {name}: unknown ruling {ruling!r}")
        for col in ("summarises", "publisher", "caveat", "citation"):
            if rows[col].nunique(dropna=False) > 1:
                problems.append(f"summary {name}: its rows differ in {col}")
    cited = [(f"ruling {r}", c) for r, c in zip(table["ruling"], table["citation"])]
    cited += [
        (f"permission row {i} ({r}, {s})", c)
        for i, (r, s, c) in enumerate(perm[["ruling", "source", "citation"]].itertuples(index=False))
    ]
    cited += [(f"summary {s}", c) for s, c in dict(zip(summ["summary"], summ["citation"])).items()]
    for where, citation in cited:
        keys = [k.strip() for k in ("" if pd.isna(citation) else str(citation)).split(",") if k.strip()]
        if not keys:
            problems.append(f"{where}: no citation")
        elif bib_keys is not None:
            problems += [f"{where}: citation key {k!r} is not in references.bib" for k in keys if k not in bib_keys]
    return problems


def validate(bib_keys: set[str] | None = None) -> list[str]:
    """Problems with the tables (empty list if none): rulings named in the permissions or summaries
    that the rulings table lacks, a summary whose rows disagree, rows without a citation, or citation
    keys missing from *bib_keys*. Unknown sources or statuses, duplicate ids or pairs and empty cells
    are caught earlier, by the tables' schemas, when they are loaded."""
    return _problems(rulings(), permissions(), summaries(), bib_keys)


#: How each status is drawn by :func:`draw_matrix`: marker, face colour, label. The shapes differ,
#: so the figure reads in greyscale; colour only repeats what the shape says.
STATUS_MARKERS: dict[str, tuple[str, str, str]] = {
    "permitted": ("o", "#009E73", "permitted"),
    "prohibited": ("X", "#D55E00", "prohibited"),
    "reports differ": ("^", "white", "reports differ"),
}


def draw_matrix(ax=None, table: pd.DataFrame | None = None):
    """Draw :func:`matrix` as a grid of symbols: one row per ruling, one column per source.

    A filled circle is "permitted", a cross "prohibited", an open triangle "reports differ"
    and a small grey dot "not addressed" (the cited text does not say). Religious rulings
    are separated from state, institutional and professional rules by a line. Returns the axes.
    """
    import matplotlib.pyplot as plt

    m = matrix() if table is None else table
    info = rulings().set_index("ruling").reindex(m.index)
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 0.42 * len(m) + 2.4))
    n_rows, n_cols = m.shape
    for i, ruling in enumerate(m.index):
        for j, source in enumerate(m.columns):
            value = m.loc[ruling, source]
            if value in STATUS_MARKERS:
                marker, face, _ = STATUS_MARKERS[value]
                ax.scatter(j, i, marker=marker, s=150, facecolor=face, edgecolor="black", linewidth=1.0, zorder=3)
            else:
                ax.scatter(j, i, marker=".", s=30, color="0.6", zorder=2)
    religious = info["religious"].fillna(False).astype(bool).to_numpy()
    if religious.any() and not religious.all():
        split = int(religious.sum()) - 0.5
        ax.axhline(split, color="black", linewidth=0.8, linestyle="--")
        ax.annotate(
            "religious rulings",
            (n_cols - 0.45, split),
            xytext=(0, 4),
            textcoords="offset points",
            ha="left",
            va="bottom",
            fontsize=8,
            annotation_clip=False,
        )
        ax.annotate(
            "state, institutional and\nprofessional rules",
            (n_cols - 0.45, split),
            xytext=(0, -4),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=8,
            annotation_clip=False,
        )
    ax.set_xticks(range(n_cols), [SOURCE_LABELS.get(s, s) for s in m.columns], rotation=30, ha="right")
    ax.set_yticks(
        range(n_rows), [info.loc[r, "label"] if isinstance(info.loc[r, "label"], str) else r for r in m.index]
    )
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(n_rows - 0.5, -0.5)
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.tick_params(length=0)
    handles = [
        plt.Line2D(
            [], [], linestyle="", marker=mk, markersize=9, markerfacecolor=fc, markeredgecolor="black", label=lab
        )
        for mk, fc, lab in STATUS_MARKERS.values()
    ]
    handles.append(plt.Line2D([], [], linestyle="", marker=".", markersize=8, color="0.6", label="not addressed"))
    ax.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=4, frameon=False)
    return ax


def compare(a: str, b: str) -> pd.DataFrame:
    """Source by source, what rulings *a* and *b* say, and what that means for a joint project.

    One row per source (in :data:`SOURCES` order) with the columns ``a``, ``b`` (the two
    statuses, or ``"not addressed"``) and ``verdict``:

    * ``"both permit"`` - common ground, under each text's conditions;
    * ``"both prohibit"``;
    * ``"conflict"`` - one permits what the other prohibits;
    * ``"unknown"`` - at least one text does not address the source, or the reports differ.
      Unknown is never read as agreement: it means the cited texts do not settle the question.
    """
    ids = list(rulings()["ruling"])
    a = _known(a, ids, "ruling")
    b = _known(b, ids, "ruling")
    m = matrix()
    out = pd.DataFrame({"a": m.loc[a], "b": m.loc[b]})
    out.columns = [a, b] if a != b else [a, f"{b} (again)"]
    sa, sb = m.loc[a], m.loc[b]
    verdict = pd.Series("unknown", index=m.columns)
    verdict[(sa == "permitted") & (sb == "permitted")] = "both permit"
    verdict[(sa == "prohibited") & (sb == "prohibited")] = "both prohibit"
    verdict[((sa == "permitted") & (sb == "prohibited")) | ((sa == "prohibited") & (sb == "permitted"))] = "conflict"
    out["verdict"] = verdict
    out.index.name = "source"
    return out
