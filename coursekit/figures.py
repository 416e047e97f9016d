"""The course figure style.

Every figure in the course must be readable in greyscale and by colour-blind
readers. Colour is therefore never the only carrier of meaning: each series gets
a colour from the Okabe-Ito palette (designed to be distinguishable with the
common colour-vision deficiencies) *and* its own marker and line style, and
lines are labelled directly where possible.

Use it at the top of a notebook::

    from coursekit.figures import use_style, series_style
    use_style()
    for i, (name, grp) in enumerate(df.groupby("country")):
        ax.plot(grp.year, grp.value, label=name, **series_style(i))
"""

from __future__ import annotations

import itertools

import matplotlib as mpl
import matplotlib.pyplot as plt

#: Okabe & Ito (2008) colour-universal-design palette, black first.
OKABE_ITO = (
    "#000000",  # black
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#F0E442",  # yellow (only for fills on dark; last on purpose)
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
LINESTYLES = ("-", "--", ":", "-.", (0, (5, 1)), (0, (3, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 2, 2, 2)))
#: Greyscale-safe hatches for bars and areas.
HATCHES = ("", "//", "..", "xx", "\\\\", "++", "oo", "--")

_RC = {
    "figure.figsize": (7.5, 4.2),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#d0d0d0",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": mpl.cycler(color=OKABE_ITO),
    "lines.linewidth": 2.0,
    "lines.markersize": 6,
    "legend.frameon": False,
    "figure.constrained_layout.use": True,
}


def use_style() -> None:
    """Apply the course style to every figure drawn after this call."""
    mpl.rcParams.update(_RC)


def series_style(i: int) -> dict:
    """Colour, marker and line style for the *i*-th series.

    The three cues change together, so series stay distinct in greyscale.
    """
    return {
        "color": OKABE_ITO[i % len(OKABE_ITO)],
        "marker": MARKERS[i % len(MARKERS)],
        "linestyle": LINESTYLES[i % len(LINESTYLES)],
    }


def bar_style(i: int) -> dict:
    """Face colour and hatch for the *i*-th group of bars (greyscale-safe)."""
    return {
        "color": OKABE_ITO[(i + 1) % len(OKABE_ITO)],
        "hatch": HATCHES[i % len(HATCHES)],
        "edgecolor": "black",
        "linewidth": 0.6,
    }


def label_line_ends(ax: plt.Axes, fmt: str = "{label}", **text_kw) -> None:
    """Write each line's label just right of its last point (direct labelling).

    Direct labels spare the reader a trip to the legend and do not rely on colour.
    Labels that would overlap are nudged apart vertically.
    """
    lines = [ln for ln in ax.get_lines() if not ln.get_label().startswith("_")]
    ends = []
    for ln in lines:
        x, y = ln.get_xdata(), ln.get_ydata()
        if len(x) == 0:
            continue
        ends.append([x[-1], y[-1], ln])
    ends.sort(key=lambda e: e[1])
    lo, hi = ax.get_ylim()
    gap = (hi - lo) * 0.045
    for prev, cur in itertools.pairwise(ends):
        if cur[1] - prev[1] < gap:
            cur[1] = prev[1] + gap
    fontsize = text_kw.pop("fontsize", 9)
    for x, y, ln in ends:
        ax.annotate(
            fmt.format(label=ln.get_label()),
            xy=(x, y),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            color="black",
            fontsize=fontsize,
            **text_kw,
        )
