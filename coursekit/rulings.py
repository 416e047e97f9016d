"""Which sources of stem cells do named rulings and rules permit? A small, cited table.

Chapter 8 ("Islamic bioethics of embryo and stem cell research") and its exercises
compare religious rulings (fatwas, council resolutions) and national rules on the
*sources* from which stem cells may be obtained. The comparison needs the rulings'
lists in a form a program can read, so they are encoded here, one row per
(ruling, source) pair that the cited text addresses, each with its citation key
from ``references.bib``::

    from coursekit.rulings import rulings, permissions, matrix
    rulings()                   # one row per ruling or rule: who issued it, when, where, citation
    permissions()               # one row per (ruling, source) the cited text addresses
    matrix()                    # rulings x sources: "permitted", "prohibited", "reports differ"
                                # or "not addressed"

Rules of this table (tested in ``tests/test_rulings.py``):

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

import pandas as pd

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
# the rulings and rules: who, what, when, where, and the citation
# -------------------------------------------------------------------------------------
_RULINGS: tuple[dict, ...] = (
    dict(
        ruling="mwl-2003",
        label="Muslim World League council, 2003",
        body="Islamic Fiqh Council of the Muslim World League",
        instrument="Resolution 99 (3/17), 17th session, Makkah, 13-17 December 2003",
        year=2003,
        iso3=None,
        religious=True,
        caveat=None,
        citation="mwl2003stemcells",
    ),
    dict(
        ruling="jordan-2013",
        label="Jordan, Board of Iftaa', 2013",
        body="Board of Iftaa', Research and Islamic Studies (Jordan)",
        instrument="Resolution No. 189 (9/2013), 3 October 2013",
        year=2013,
        iso3="JOR",
        religious=True,
        caveat=None,
        citation="jordaniftaa2013stemcells",
    ),
    dict(
        ruling="malaysia-2005",
        label="Malaysia, National Fatwa Council, 2005",
        body="National Fatwa Council of Malaysia",
        instrument="Decision of the 67th meeting, 22 February 2005 (annexed to the Ministry of Health's "
        "2009 stem cell guidelines)",
        year=2005,
        iso3="MYS",
        religious=True,
        caveat="The decision's content is known here from press reports tagged weak or secondary; the "
        "reports differ on therapeutic cloning.",
        citation="mohmalaysia2009guidelines,jakim2005stemcellclinic",
    ),
    dict(
        ruling="iran",
        label="Iran, fatwas and guidelines",
        body="Iranian fatwas and written guidelines (as described by Sayar Kanyış)",
        instrument="Fatwas and written guidelines",
        year=None,
        iso3="IRN",
        religious=True,
        caveat=None,
        citation="sayarkanyis2019turkey",
    ),
    dict(
        ruling="qatar",
        label="Qatar Foundation rules",
        body="Qatar Foundation, after consulting Islamic scholars",
        instrument="Qatar Foundation rules (a national Stem Cell Research Policy followed)",
        year=None,
        iso3="QAT",
        religious=False,
        caveat="Secondary source: a news summary of an interview.",
        citation="amsen2011qatar",
    ),
    dict(
        ruling="saudi-law",
        label="Saudi Arabia, research-ethics law",
        body="Kingdom of Saudi Arabia",
        instrument="Law of Ethics of Research on Living Creatures (as reported by Arab News)",
        year=None,
        iso3="SAU",
        religious=False,
        caveat="The law's content is known here from a news report whose date was not seen.",
        citation="arabnews_saudi_research_ethics",
    ),
    dict(
        ruling="algeria-2018",
        label="Algeria, Law 18-11 (2018)",
        body="People's Democratic Republic of Algeria",
        instrument="Law 18-11 of 2 July 2018, Art. 374 and 375",
        year=2018,
        iso3="DZA",
        religious=False,
        caveat=None,
        citation="mefs2019legislative",
    ),
    dict(
        ruling="egypt-syndicate",
        label="Egypt, Medical Syndicate bylaws (2005)",
        body="Egyptian Medical Syndicate",
        instrument="Bylaws of the Medical Syndicate (as reported in June 2005; Egypt then had no law)",
        year=2005,
        iso3="EGY",
        religious=False,
        caveat="The situation as reported in June 2005; it may have changed since.",
        citation="csmonitor2005stemcell",
    ),
    dict(
        ruling="turkey",
        label="Turkey, regulations",
        body="Republic of Turkey",
        instrument="Turkish regulations",
        year=None,
        iso3="TUR",
        religious=False,
        caveat=None,
        citation="sayarkanyis2019turkey",
    ),
)

# -------------------------------------------------------------------------------------
# what each ruling says about each source it addresses
# (ruling, source, status, condition as the cited text gives it, citation)
# -------------------------------------------------------------------------------------
_PERMISSIONS: tuple[tuple[str, str, str, str, str], ...] = (
    # Muslim World League, 2003: five permissible sources (Arabic text, first part)
    ("mwl-2003", "adult", "permitted", "if they consent and it causes them no harm", "mwl2003stemcells"),
    (
        "mwl-2003",
        "child",
        "permitted",
        "if their guardians permit it, for a legitimate interest and without harm to them",
        "mwl2003stemcells",
    ),
    (
        "mwl-2003",
        "cord_placenta",
        "permitted",
        "placenta or umbilical cord, with the parents' permission",
        "mwl2003stemcells",
    ),
    (
        "mwl-2003",
        "fetal_tissue",
        "permitted",
        "a fetus miscarried, or aborted for a therapeutic reason the Sharia permits, with the parents' permission",
        "mwl2003stemcells",
    ),
    (
        "mwl-2003",
        "surplus_ivf_embryo",
        "permitted",
        "surplus zygotes from IVF, if they exist and the parents donate them; never to be used for an "
        "illegitimate pregnancy",
        "mwl2003stemcells",
    ),
    # Jordan, Board of Iftaa', 2013
    (
        "jordan-2013",
        "surplus_ivf_embryo",
        "permitted",
        "left over from IVF, up to five days after fertilisation; only from spouses in a valid marriage who "
        "wish to have children, within the Sharia rules on IVF",
        "jordaniftaa2013stemcells",
    ),
    ("jordan-2013", "adult", "permitted", "tissues of a human being after birth", "jordaniftaa2013stemcells"),
    (
        "jordan-2013",
        "child",
        "permitted",
        "milk teeth; tissues of a human being after birth",
        "jordaniftaa2013stemcells",
    ),
    (
        "jordan-2013",
        "cord_placenta",
        "permitted",
        "umbilical cord after delivery, placenta and its membrane, amniotic fluid",
        "jordaniftaa2013stemcells",
    ),
    (
        "jordan-2013",
        "fetal_tissue",
        "permitted",
        "aborted fetuses (listed among the sources of adult stem cells)",
        "jordaniftaa2013stemcells",
    ),
    # Malaysia, National Fatwa Council
    (
        "malaysia-2005",
        "surplus_ivf_embryo",
        "permitted",
        "frozen or leftover IVF embryos, with the couple's consent obtained before the embryos reach the "
        "blastocyst stage (JAKIM press statement on the 2005 decision)",
        "jakim2005stemcellclinic",
    ),
    (
        "malaysia-2005",
        "cloned_embryo",
        "reports differ",
        "a Council statement reported by WWRN opposes human cloning for any purpose and accepts embryonic stem "
        "cells only if they are not from cloned embryos; the JAKIM statement on the 2005 decision describes "
        "therapeutic cloning as aimed at saving life",
        "wwrn_malaysia_fatwa,jakim2005stemcellclinic",
    ),
    # Iran
    (
        "iran",
        "surplus_ivf_embryo",
        "permitted",
        "surplus embryos, on the basis of fatwas and written guidelines",
        "sayarkanyis2019turkey",
    ),
    # Qatar Foundation
    (
        "qatar",
        "surplus_ivf_embryo",
        "permitted",
        "'embryos' up to 14 days after fertilisation, with parental consent; the summary does not name their "
        "origin, but since none may be created for research they can only be existing embryos",
        "amsen2011qatar",
    ),
    ("qatar", "research_embryo", "prohibited", "no embryos may be created for research", "amsen2011qatar"),
    # Saudi Arabia, research-ethics law as reported
    ("saudi-law", "adult", "permitted", "research on adult stem cells is allowed", "arabnews_saudi_research_ethics"),
    (
        "saudi-law",
        "cord_placenta",
        "permitted",
        "research on umbilical-cord stem cells is allowed",
        "arabnews_saudi_research_ethics",
    ),
    (
        "saudi-law",
        "surplus_ivf_embryo",
        "prohibited",
        "research on surplus IVF embryos is not allowed",
        "arabnews_saudi_research_ethics",
    ),
    (
        "saudi-law",
        "cloned_embryo",
        "prohibited",
        "research on cloned embryos is not allowed; human cloning research is punished with a fine and jail",
        "arabnews_saudi_research_ethics",
    ),
    # Algeria, Law 18-11
    (
        "algeria-2018",
        "surplus_ivf_embryo",
        "prohibited",
        "collecting embryos for study and research is strictly forbidden (Art. 374)",
        "mefs2019legislative",
    ),
    (
        "algeria-2018",
        "research_embryo",
        "prohibited",
        "collecting embryos for study and research is strictly forbidden (Art. 374)",
        "mefs2019legislative",
    ),
    ("algeria-2018", "cloned_embryo", "prohibited", "cloning is banned (Art. 375)", "mefs2019legislative"),
    # Egypt, Medical Syndicate bylaws (2005)
    (
        "egypt-syndicate",
        "surplus_ivf_embryo",
        "prohibited",
        "the use of embryos for experimentation is banned",
        "csmonitor2005stemcell",
    ),
    (
        "egypt-syndicate",
        "research_embryo",
        "prohibited",
        "the use of embryos for experimentation is banned",
        "csmonitor2005stemcell",
    ),
    ("egypt-syndicate", "cloned_embryo", "prohibited", "cloning is banned", "csmonitor2005stemcell"),
    # Turkey
    (
        "turkey",
        "surplus_ivf_embryo",
        "prohibited",
        "under Turkish regulations it is 'not possible to do hESC research in Turkey'",
        "sayarkanyis2019turkey",
    ),
    (
        "turkey",
        "research_embryo",
        "prohibited",
        "under Turkish regulations it is 'not possible to do hESC research in Turkey'",
        "sayarkanyis2019turkey",
    ),
)

# -------------------------------------------------------------------------------------
# secondary summaries of a ruling (to check against the ruling itself)
# -------------------------------------------------------------------------------------
_SUMMARIES: tuple[dict, ...] = (
    dict(
        summary="cellquest-2011",
        summarises="mwl-2003",
        publisher="CellQuest Malaysia, FAQ 'Is stem cells halal?' (26 June 2011)",
        sources=("adult", "child", "cord_placenta", "fetal_tissue"),
        caveat="A commercial page (weak source), kept here as an example of a summary to check.",
        citation="cellquest2011halal",
    ),
)


# -------------------------------------------------------------------------------------
# public functions
# -------------------------------------------------------------------------------------
def rulings() -> pd.DataFrame:
    """One row per ruling or rule: ``ruling`` (id), ``label`` (short name for figures), ``body``, ``instrument``, ``year`` (empty if the
    source gives none), ``iso3`` (empty for international bodies), ``religious`` (a religious ruling
    rather than a state or institutional rule), ``caveat`` and ``citation``."""
    df = pd.DataFrame(list(_RULINGS))
    df["year"] = df["year"].astype("Int64")
    for col in ("ruling", "label", "body", "instrument", "iso3", "caveat", "citation"):
        df[col] = df[col].astype("string")
    df["religious"] = df["religious"].astype(bool)
    return df


def permissions() -> pd.DataFrame:
    """One row per (ruling, source) that the cited text addresses: ``ruling``, ``source``, ``status``
    (one of :data:`STATUSES`), ``condition`` (as the cited text gives it) and ``citation``."""
    df = pd.DataFrame(list(_PERMISSIONS), columns=["ruling", "source", "status", "condition", "citation"])
    return df.astype("string")


def summaries() -> pd.DataFrame:
    """Secondary summaries of rulings, one row per (summary, source it lists)."""
    rows = [
        {
            "summary": s["summary"],
            "summarises": s["summarises"],
            "publisher": s["publisher"],
            "source": src,
            "caveat": s["caveat"],
            "citation": s["citation"],
        }
        for s in _SUMMARIES
        for src in s["sources"]
    ]
    return pd.DataFrame(rows).astype("string")


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


def validate(bib_keys: set[str] | None = None) -> list[str]:
    """Problems with the table (empty list if none): unknown rulings, sources or statuses, duplicate
    pairs, rows without a citation, or citation keys missing from *bib_keys*."""
    problems: list[str] = []
    ids = [r["ruling"] for r in _RULINGS]
    if len(ids) != len(set(ids)):
        problems.append("duplicate ruling ids")
    seen = set()
    for i, (ruling, source, stat, condition, _citation) in enumerate(_PERMISSIONS):
        where = f"permission row {i} ({ruling}, {source})"
        if ruling not in ids:
            problems.append(f"{where}: unknown ruling")
        if source not in SOURCES:
            problems.append(f"{where}: unknown source")
        if stat not in STATUSES:
            problems.append(f"{where}: unknown status {stat!r}")
        if not str(condition).strip():
            problems.append(f"{where}: no condition text")
        if (ruling, source) in seen:
            problems.append(f"{where}: duplicate (ruling, source) pair")
        seen.add((ruling, source))
    rows = [(f"ruling {r['ruling']}", r["citation"]) for r in _RULINGS]
    rows += [(f"permission row {i} ({p[0]}, {p[1]})", p[4]) for i, p in enumerate(_PERMISSIONS)]
    rows += [(f"summary {s['summary']}", s["citation"]) for s in _SUMMARIES]
    for where, citation in rows:
        keys = [k.strip() for k in str(citation or "").split(",") if k.strip()]
        if not keys:
            problems.append(f"{where}: no citation")
        elif bib_keys is not None:
            problems += [f"{where}: citation key {k!r} is not in references.bib" for k in keys if k not in bib_keys]
    for s in _SUMMARIES:
        if s["summarises"] not in ids:
            problems.append(f"summary {s['summary']}: unknown ruling {s['summarises']!r}")
        problems += [f"summary {s['summary']}: unknown source {src!r}" for src in s["sources"] if src not in SOURCES]
    return problems


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
