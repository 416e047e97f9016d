"""DataFrames in the PDF: a Markdown table with every cell in full (coursekit.display)."""

from __future__ import annotations

import pandas as pd
from markdown_it import MarkdownIt

from coursekit.data import load
from coursekit.display import markdown_table


def _cells(markdown: str) -> list[list[str]]:
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    rows, row = [], None
    for t in tokens:
        if t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(t.content)
        elif t.type == "tr_close":
            rows.append(row)
            row = None
    return rows


def _unescape(text: str) -> str:
    import re

    return re.sub(r"\\(.)", r"\1", text)


def test_every_cell_is_printed_in_full_and_markup_is_escaped():
    rulings = load("ruling_permissions")
    text = markdown_table(rulings)
    rows = _cells(text)
    assert len(rows) == len(rulings) + 1
    longest = max(rulings["condition"].dropna(), key=len)
    assert len(longest) > 50  # longer than pandas' plain text shows
    assert any(_unescape(c) == " ".join(longest.split()) for r in rows for c in r)
    odd = pd.DataFrame({"a|b": ["x | y", "*not bold* and $5", None], "n": [1.5, float("nan"), 2.0]})
    rows = _cells(markdown_table(odd))
    assert [_unescape(c) for c in rows[0]] == ["a|b", "n"]
    assert [_unescape(c) for c in rows[1]] == ["x | y", "1.5"]
    assert [_unescape(c) for c in rows[2]] == ["*not bold* and $5", ""]
    assert rows[3][0] == ""


def test_a_named_index_is_kept_and_a_long_frame_says_what_it_shows():
    df = pd.DataFrame({"v": range(100)}, index=pd.Index([f"r{i}" for i in range(100)], name="row"))
    text = markdown_table(df)
    rows = _cells(text)
    assert rows[0] == ["row", "v"] and rows[1] == ["r0", "0"]
    assert "100 rows in all; the first 5 and the last 5 are shown." in text
    assert len(rows) == 1 + 10 + 1  # header, ten rows and the ellipsis row
