"""The glossaries of both editions, generated from the one bilingual term table (``data/terms.csv``).

    python -m maintainers.glossary           # write book/glossary.md's entries and ar/book/glossary.md
    python -m maintainers.glossary --check   # exit 1, naming the file, if either differs from the table

``make data`` runs it. An author adds or edits a term in ``data/terms.csv`` (English and Arabic term, a
transliteration, a definition in each language with the same citations), never in the glossary pages.
The English page keeps its own introduction; only the block of entries between its ``{glossary}``
fences is written. The Arabic page is written whole.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = ROOT / "book" / "glossary.md"
ARABIC = ROOT / "ar" / "book" / "glossary.md"
TABLE = "data/terms.csv"

_BLOCK = re.compile(r"(```\{glossary\}\n:sorted:\n\n)(.*?)(\n```)", re.S)

ARABIC_PAGE = """\
# مسرد المصطلحات

المصطلحات المستخدمة في المقرر، مرتبة ترتيبًا ألفبائيًا. وفي الفصول يربط خطٌّ منقّط تحت المصطلح بمدخله هنا.
لكل مدخل اسمه بالإنجليزية وكتابته بالحروف اللاتينية، وتعريف قصير بمصادره.

<!-- يُولَّد هذا الملف من جدول المصطلحات ثنائي اللغة (data/terms.csv) بالأمر
python -m maintainers.glossary، فلا يُحرَّر هنا: تُضاف المصطلحات وتُعدَّل في الجدول. -->

```{{glossary}}
:sorted:

{entries}
```
"""


def _wrap(text: str, indent: str = "  ", width: int = 104) -> str:
    """*text* as indented lines of at most *width* characters (never breaking inside a role)."""
    lines, line = [], ""
    for word in re.findall(r"\{[^}]*\}`[^`]*`[^\s]*|\S+", text):
        if line and len(indent) + len(line) + 1 + len(word) > width:
            lines.append(indent + line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    if line:
        lines.append(indent + line)
    return "\n".join(lines)


def terms():
    """The term table, loaded and validated like every dataset."""
    from coursekit.data import load

    return load("terms")


def english_entries(table) -> str:
    return "\n\n".join(f"{r.term}\n{_wrap(r.definition)}" for r in table.itertuples())


def arabic_entries(table) -> str:
    out = []
    for r in table.itertuples():
        names = f'بالإنجليزية: <span lang="en" dir="ltr">{r.term}</span>؛ بالحروف اللاتينية: <span lang="ar-Latn" dir="ltr"><em>{r.transliteration}</em></span>.'
        out.append(f"{r.term_ar}\n  {names}\n{_wrap(r.definition_ar)}")
    return "\n\n".join(out)


def pages(table=None) -> dict[Path, str]:
    """Each glossary page's text as the table makes it."""
    table = terms() if table is None else table
    english = ENGLISH.read_text(encoding="utf-8")
    if not _BLOCK.search(english):
        raise SystemExit(f"{ENGLISH.relative_to(ROOT)}: no ```{{glossary}} block with :sorted: to write into")
    english = _BLOCK.sub(lambda m: m.group(1) + english_entries(table) + m.group(3), english, count=1)
    return {ENGLISH: english, ARABIC: ARABIC_PAGE.format(entries=arabic_entries(table))}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintainers.glossary", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    differ = []
    for path, text in pages().items():
        now = path.read_text(encoding="utf-8") if path.exists() else None
        if now == text:
            continue
        if args.check:
            differ.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    if differ:
        print(f"not as {TABLE} makes them (run `python -m maintainers.glossary`): {', '.join(differ)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
