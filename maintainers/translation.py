"""Does a translated notebook keep everything of its English source that is not prose? (issue 18)

A translation changes words, never the course's machinery. For a translated notebook (a chapter in
``ar/notebooks/``, an exercise source in ``exercises/source/<set>-ar/``) and its English source, cell by
cell, this checks that

* the cells are the same in number, kind and order, with the same tags and nbgrader metadata (so
  grading, hidden tests and the book's cell handling are unchanged);
* code is the same code: only string literals (figure titles, labels) and comments may change, and a
  notebook may switch its feedback and concept checks to Arabic (``from coursekit.checks import
  language`` or ``import check, language``, then ``language("ar")``);
* a string that names data stays as it is (a column or row key in ``[...]``, the first argument of
  ``load``, ``glue`` or ``check``, ``on=``, ``by=``, ``columns=`` and the like), and any other string that
  changes is a translation: it has Arabic in it;
* the references and evidence cells (which the tools write) have an Arabic heading;
* in prose, every computed value (``{eval}``), citation (``[Label](#ref-key)`` or a ``{cite}`` role),
  cross-reference and label, inline code, mathematics, link target and number of the English is there,
  as often as in the English;
* every ``{term}`` points to a term of the Arabic glossary (``data/terms.csv``, column ``term_ar``);
* the prose is Arabic: no English sentence left untranslated outside quotations, code and citations;
* every figure has Arabic alt text.

Command line (exit 1 on any problem)::

    python -m maintainers.translation ar/notebooks/01-why-collaborate.ipynb
    python -m maintainers.translation exercises/source/01-why-collaborate-ar/01-why-collaborate-ar.ipynb
    python -m maintainers.translation            # every translated notebook
"""

from __future__ import annotations

import ast
import csv
import io
import re
import sys
import tokenize
from collections import Counter
from pathlib import Path

import nbformat

from maintainers.markup import CITATION_GROUP

ROOT = Path(__file__).resolve().parent.parent

#: Markup that must survive translation unchanged, and as often as in the English.
KEPT = {
    "computed value": re.compile(r"\{eval\}`[^`]+`"),
    "citation": re.compile(r"\]\(#ref-[A-Za-z0-9_:.\-]+\)"),
    "citation group (citations in one pair of brackets, separated by '; ')": CITATION_GROUP,
    "citation role": re.compile(r"\{(?:foot)?cite(?::[a-z]+)?\}`[^`]+`"),
    "cross-reference": re.compile(r"\{(?:numref|ref|doc|eq|download)\}`[^`]+`"),
    "label": re.compile(r"^\([A-Za-z0-9_\-]+\)=\s*$|^:label:\s*\S+", re.MULTILINE),
    "mathematics": re.compile(r"\$\$.+?\$\$|\$[^$\n]+\$", re.DOTALL),
    "data citation": re.compile(r"\]\(data:[a-z0-9_]+\)"),
}
TERM = re.compile(r"\{term\}`([^`]+)`")
ROLE = re.compile(r"\{[a-z:\-]+\}`[^`]*`")
#: Inline code, outside roles: ``code`` stays code.
INLINE_CODE = re.compile(r"(?<![}`])`([^`\n]+)`(?!`)")
LINK_TARGET = re.compile(r"\]\(((?:https?:|\.\./|\./|[a-z0-9_\-]+/)[^)\s]*)\)")
NUMBER = re.compile(r"(?<![A-Za-z0-9_.])\d+(?:[.,]\d+)*")  # "و2022" has the number 2022
ARABIC = re.compile(r"[\u0600-\u06ff]")
LATIN_WORDS = re.compile(r"\b[A-Za-z][a-z]+(?:\s+[A-Za-z][a-z]+){5,}")
QUOTED = re.compile(r"“[^”]*”|\"[^\"\n]*\"|«[^»]*»|<span lang=\"en\"[^>]*>.*?</span>", re.DOTALL)
#: Cells the tools generate (their Arabic form is written by them, not translated by hand).
GENERATED_TAGS = {"references", "evidence"}
LANGUAGE_CALL = 'language("ar")'
LANGUAGE_IMPORT = "from coursekit.checks import language"


def arabic_terms(path: Path = ROOT / "data" / "terms.csv") -> set[str]:
    with path.open(encoding="utf-8", newline="") as f:
        return {row["term_ar"] for row in csv.DictReader(f)}


def _without_roles_and_code(text: str, quotations: bool = False) -> str:
    """*text* without code, roles, links and markup (and, unless *quotations*, without quotations)."""
    text = re.sub(r"```.*?```", " ", text, flags=re.DOTALL)
    text = ROLE.sub(" ", text)
    text = INLINE_CODE.sub(" ", text)
    text = re.sub(r"\]\([^)]*\)", "] ", text)  # link targets
    text = re.sub(r"\[[^\]]*\]", " ", text)  # citation labels
    text = text if quotations else QUOTED.sub(" ", text)
    return re.sub(r"<[^>]+>", " ", text)


def _inline_code(text: str) -> Counter:
    """The inline code of *text* (outside roles and code blocks), the Arabic exercise set's path as the
    English set's."""
    text = ROLE.sub(" ", re.sub(r"```.*?```", "", text, flags=re.DOTALL))
    return Counter(_english_set(code) for code in INLINE_CODE.findall(text))


def _english_set(text: str) -> str:
    return re.sub(r"(\d\d-[a-z\-]+?)-ar\b", r"\1", text)


def _without_language(source: str) -> str:
    """*source* without the lines that switch a notebook to Arabic (``language("ar")`` and its import)."""
    lines = [line for line in source.splitlines() if line.split("#")[0].strip() not in (LANGUAGE_CALL, LANGUAGE_IMPORT)]
    return "\n".join(lines).replace("import check, language", "import check")


def _is_magic(line: str) -> bool:
    """An IPython line (``%matplotlib inline``, ``!ls``): not Python, so not parsed."""
    return line.lstrip().startswith(("%", "!"))


def _tree(source: str) -> ast.Module | None:
    """The Python of *source* (without the Arabic switch; each IPython line a ``pass``), or ``None``."""
    lines = [
        line[: len(line) - len(line.lstrip())] + "pass" if _is_magic(line) else line
        for line in _without_language(source).splitlines()
    ]
    try:
        return ast.parse("\n".join(lines))
    except SyntaxError:
        return None


def _code_shape(source: str) -> str:
    """The code with every string literal and comment blanked, and ``language("ar")`` removed: two
    cells with the same shape differ only in their words. IPython lines count whole."""
    tree = _tree(source)
    if tree is None:
        return _without_language(source)
    magics = [line.strip() for line in source.splitlines() if _is_magic(line)]

    class Blank(ast.NodeTransformer):
        def visit_Constant(self, node):
            if isinstance(node.value, str):
                return ast.copy_location(ast.Constant(value="…"), node)
            return node

        def visit_JoinedStr(self, node):
            return ast.copy_location(ast.Constant(value="…"), node)

    return ast.dump(Blank().visit(tree)) + "".join(f"\n{m}" for m in magics)


#: Calls whose first argument names data, and keyword arguments that do: their strings are keys.
KEY_CALLS = {"load", "glue", "check", "concept_check", "merge", "groupby", "sort_values", "set_index", "pivot",
             "pivot_table", "melt", "isin", "drop", "query", "get"}  # fmt: skip
KEY_KEYWORDS = {"on", "by", "columns", "index", "values", "left_on", "right_on", "subset", "id_vars",
                "value_vars", "var_name", "value_name"}  # fmt: skip


def _strings(source: str) -> list[tuple[str | None, bool]]:
    """The string literals of *source* in order (``None`` for an f-string), each with whether it names
    data (a key: see ``KEY_CALLS`` and ``KEY_KEYWORDS``, and any string inside ``[...]``)."""
    tree = _tree(source)
    if tree is None:
        return []
    keys: set[int] = set()

    def mark(node) -> None:
        keys.update(id(n) for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str))

    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript):
            mark(node.slice)
        elif isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in KEY_CALLS and node.args:
                mark(node.args[0])
            for keyword in node.keywords:
                if keyword.arg in KEY_KEYWORDS:
                    mark(keyword.value)
    found: list[tuple[str | None, bool]] = []

    class Strings(ast.NodeVisitor):
        def visit_JoinedStr(self, node):
            found.append((None, False))

        def visit_Constant(self, node):
            if isinstance(node.value, str):
                found.append((node.value, id(node) in keys))

    Strings().visit(tree)
    return found


def _string_problems(where: str, en: str, ar: str) -> list[str]:
    out = []
    for (s_en, key_en), (s_ar, key_ar) in zip(_strings(en), _strings(ar)):
        if s_en == s_ar or s_en is None or s_ar is None:
            continue
        if key_en or key_ar:
            out.append(f"{where}: the data key {s_en!r} became {s_ar!r} (names of data, columns, glued values "
                       "and questions stay as in the English)")  # fmt: skip
        elif not ARABIC.search(s_ar):
            out.append(f"{where}: the string {s_en!r} became {s_ar!r}, which is not a translation")
    return out


def _nbgrader_markers(source: str) -> list[str]:
    return re.findall(r"### (?:BEGIN|END) (?:SOLUTION|HIDDEN TESTS)", source)


def _comments_removed(source: str) -> str:
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type != tokenize.COMMENT]
        return tokenize.untokenize(tokens)
    except (tokenize.TokenError, IndentationError):
        return source


def cell_problems(i: int, en, ar, terms: set[str]) -> list[str]:
    where = f"cell {i}"
    out = []
    if en.cell_type != ar.cell_type:
        return [f"{where}: a {ar.cell_type} cell where the English has a {en.cell_type} cell"]
    tags_en, tags_ar = en.metadata.get("tags", []), ar.metadata.get("tags", [])
    if tags_en != tags_ar:
        out.append(f"{where}: tags {tags_ar}, the English has {tags_en}")
    if en.metadata.get("nbgrader") != ar.metadata.get("nbgrader"):
        out.append(f"{where}: nbgrader metadata differs from the English (grading must be unchanged)")
    if _nbgrader_markers(en.source) != _nbgrader_markers(ar.source):
        out.append(f"{where}: the solution / hidden-test markers differ from the English")
    if en.cell_type == "code":
        if _code_shape(en.source) != _code_shape(ar.source):
            out.append(f"{where}: the code differs from the English beyond strings and comments")
        else:
            out.extend(_string_problems(where, en.source, ar.source))
        alt_en = en.metadata.get("mystnb", {}).get("image", {}).get("alt")
        alt_ar = ar.metadata.get("mystnb", {}).get("image", {}).get("alt")
        if alt_en and not (alt_ar and ARABIC.search(alt_ar)):
            out.append(f"{where}: the figure's alt text (metadata mystnb.image.alt) is not in Arabic")
        return out
    if set(tags_en) & GENERATED_TAGS:
        heading = ar.source.strip().splitlines()[0] if ar.source.strip() else ""
        if not (heading.startswith("#") and ARABIC.search(heading)):
            out.append(f"{where}: the {'/'.join(sorted(set(tags_en) & GENERATED_TAGS))} cell needs an Arabic heading "
                       f"(it has {heading[:40]!r})")  # fmt: skip
        return out
    for what, pattern in KEPT.items():
        a, b = Counter(pattern.findall(en.source)), Counter(pattern.findall(ar.source))
        if a != b:
            missing, extra = list((a - b).elements()), list((b - a).elements())
            out.append(f"{where}: {what} differs from the English (missing {missing}, added {extra})")
    code_en, code_ar = _inline_code(en.source), _inline_code(ar.source)
    if code_en != code_ar:
        out.append(f"{where}: inline code differs (missing {list((code_en - code_ar).elements())}, "
                   f"added {list((code_ar - code_en).elements())})")  # fmt: skip
    fences_en = re.findall(r"```(?!\{)[^\n]*\n.*?```", en.source, flags=re.DOTALL)
    fences_ar = re.findall(r"```(?!\{)[^\n]*\n.*?```", ar.source, flags=re.DOTALL)
    if fences_en != fences_ar:
        out.append(f"{where}: a code block differs from the English")
    targets_en, targets_ar = Counter(LINK_TARGET.findall(en.source)), Counter(LINK_TARGET.findall(ar.source))
    if targets_en != targets_ar and not _exercise_links_only(targets_en, targets_ar):
        out.append(f"{where}: links differ (missing {list((targets_en - targets_ar).elements())}, "
                   f"added {list((targets_ar - targets_en).elements())})")  # fmt: skip
    numbers_en = Counter(NUMBER.findall(_without_roles_and_code(en.source, quotations=True)))
    numbers_ar = Counter(NUMBER.findall(_without_roles_and_code(ar.source, quotations=True)))
    missing = sorted((numbers_en - numbers_ar).elements())
    if missing:
        out.append(f"{where}: numbers of the English missing (write them with the digits 0-9): {missing}")
    if len(TERM.findall(en.source)) != len(TERM.findall(ar.source)):
        out.append(
            f"{where}: {len(TERM.findall(ar.source))} glossary terms, the English has {len(TERM.findall(en.source))}"
        )
    for term in TERM.findall(ar.source):
        target = term.rsplit("<", 1)[1].rstrip(">").strip() if term.endswith(">") else term
        if target not in terms:
            out.append(f"{where}: {{term}}`{term}`: {target!r} is not an Arabic term of data/terms.csv")
    prose = _without_roles_and_code(ar.source)
    if ARABIC.search(en.source) is None and _without_roles_and_code(en.source).strip() and not ARABIC.search(prose):
        out.append(f"{where}: not translated")
    for m in LATIN_WORDS.finditer(prose):
        out.append(f"{where}: English left untranslated: {m.group(0)[:60]!r}")
    return out


def _exercise_links_only(en: Counter, ar: Counter) -> bool:
    """Links may differ only where the Arabic points to the Arabic exercise set instead of the English."""

    def norm(c: Counter) -> Counter:
        return Counter(_english_set(t).replace("../../", "../") for t in c.elements())

    return norm(en) == norm(ar)


def problems(arabic: Path, english: Path) -> list[str]:
    en, ar = nbformat.read(english, as_version=4), nbformat.read(arabic, as_version=4)
    shown = arabic.relative_to(ROOT) if arabic.is_relative_to(ROOT) else arabic
    if len(en.cells) != len(ar.cells):
        return [f"{shown}: {len(ar.cells)} cells, its English source {english.name} has {len(en.cells)}"]
    terms = arabic_terms()
    return [f"{shown}, {p}" for i, (a, b) in enumerate(zip(en.cells, ar.cells)) for p in cell_problems(i, a, b, terms)]


def english_of(arabic: Path) -> Path:
    """The English source of a translated notebook."""
    rel = arabic.resolve().relative_to(ROOT)
    if rel.parts[0] == "ar":
        return ROOT / Path(*rel.parts[1:])
    if rel.parts[:2] == ("exercises", "source") and rel.parts[2].endswith("-ar"):
        name = rel.parts[2][: -len("-ar")]
        return ROOT / "exercises" / "source" / name / f"{name}.ipynb"
    raise ValueError(f"{arabic}: not a translated notebook")


def translated_notebooks() -> list[Path]:
    return sorted((ROOT / "ar" / "notebooks").glob("*.ipynb")) + sorted(
        (ROOT / "exercises" / "source").glob("*-ar/*.ipynb")
    )


def main(argv: list[str]) -> int:
    paths = [Path(a).resolve() for a in argv] or translated_notebooks()
    found = [p for path in paths for p in problems(path, english_of(path))]
    print("\n".join(found))
    print(f"{len(paths)} translated notebook(s) checked, {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
