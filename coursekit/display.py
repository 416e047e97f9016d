"""Tables that print: a DataFrame also shown as a Markdown table, for the PDF.

JupyterLab and the web book show a DataFrame as HTML. The PDF cannot use HTML, and pandas' plain-text
form cuts long texts (``surplus zygotes from IVF, if they exist and th...``) and breaks wide frames
with a ``\\`` between column blocks. So every DataFrame a notebook shows also carries a Markdown
table (the ``text/markdown`` form, which myst-nb prefers to plain text for LaTeX): the book typesets
it as a real table, every cell in full. As in the HTML form, a frame longer than pandas'
``display.max_rows`` shows its first and last rows and says how many there are.

:func:`install` registers the form with the running IPython; ``coursekit.data`` calls it on import,
so every notebook that loads the course's data has it.
"""

from __future__ import annotations

import re

__all__ = ["install", "markdown_table"]

#: Characters that Markdown (MyST, with the course's extensions) would read as markup in a cell.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|$])")


def _cell(value) -> str:
    import pandas as pd

    if value is None or (not isinstance(value, (list, tuple, dict, set)) and pd.isna(value)):
        return ""
    if isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = str(value)
    return _SPECIAL.sub(r"\\\1", " ".join(text.split()))


def markdown_table(df) -> str | None:
    """*df* as a Markdown pipe table (its index too, unless it is the default 0, 1, 2, ...)."""
    import pandas as pd

    if df.shape[1] == 0:
        return None
    max_rows = pd.get_option("display.max_rows")
    shown = df
    note = ""
    if max_rows and len(df) > max_rows:
        half = max(1, (pd.get_option("display.min_rows") or 10) // 2)
        shown = pd.concat([df.head(half), df.tail(half)])
        note = f"\n\n{len(df)} rows in all; the first {half} and the last {half} are shown."
    keep_index = not (isinstance(df.index, pd.RangeIndex) and df.index.start == 0 and df.index.step == 1)
    header = ([_cell(df.index.name or "")] if keep_index else []) + [_cell(c) for c in df.columns]
    lines = ["| " + " | ".join(h or " " for h in header) + " |", "|" + "---|" * len(header)]
    for i, (idx, row) in enumerate(shown.iterrows()):
        if note and i == len(shown) // 2:
            lines.append("| " + " | ".join("…" for _ in header) + " |")
        cells = ([_cell(idx)] if keep_index else []) + [_cell(v) for v in row.tolist()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + note


def install() -> bool:
    """Give DataFrames their Markdown form in the running IPython (nothing outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import pandas as pd

    shell.display_formatter.formatters["text/markdown"].for_type(pd.DataFrame, markdown_table)
    return True
