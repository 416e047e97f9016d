"""The self-checks' feedback in another language: a message catalogue, with the English as fallback.

An Arabic exercise notebook starts with::

    from coursekit.checks import check, language
    language("ar")

and every ``check(...)`` after it prints its verdict, what is right, what is wrong and the hint in
Arabic. The checks themselves do not change: they still write their messages in English, and
:func:`translate` turns each finished line into the language chosen, from ``messages/<code>.yml``.
A catalogue entry is an English message with ``{names}`` for the parts that vary (an answer's name or
value, a column, a year), and its translation, which keeps the same names::

    - en: "{what} is {value}, which is not right yet."
      ar: "{what} يساوي {value}، وهذا ليس صحيحًا بعد."

A line that no entry matches is shown in English, as it is: a learner always gets the feedback,
never an error. A name ending in ``_msg`` is itself a message, translated in turn (a hint inside
"Hint: ..."). Right-to-left lines are wrapped in Unicode isolates so that code and numbers inside them
keep their order in an output area that runs left to right.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parent / "messages"
RIGHT_TO_LEFT = {"ar"}
_STATE = {"code": "en"}
_NAME = re.compile(r"\{(\w+)\}")


def available() -> list[str]:
    """The languages the checks speak: English and every catalogue in ``messages/``."""
    return ["en", *sorted(p.stem for p in CATALOGUES.glob("*.yml"))]


def language(code: str | None = None) -> str:
    """Set the language of the checks' feedback (``"ar"``, ``"en"``); without *code*, say which it is.

    An unknown code keeps the current language and says so; it never raises."""
    if code is None:
        return _STATE["code"]
    code = str(code).strip().lower()
    if code not in available():
        print(f"The checks speak {', '.join(repr(c) for c in available())}; they stay in {_STATE['code']!r}.")
        return _STATE["code"]
    _STATE["code"] = code
    return code


def _pattern(english: str) -> re.Pattern:
    parts, last = [], 0
    for m in _NAME.finditer(english):
        parts.append(re.escape(english[last : m.start()]))
        parts.append(f"(?P<{m.group(1)}>.+?)")
        last = m.end()
    parts.append(re.escape(english[last:]))
    return re.compile("".join(parts), re.S)


@functools.cache
def catalogue(code: str) -> tuple[tuple[re.Pattern, str, str], ...]:
    """The entries of ``messages/<code>.yml`` as (pattern, translation, English). Of the entries that
    match a message, :func:`translate` takes the one that keeps the most of it as fixed text (counting
    the messages inside it), so a message matches its own entry before a more general one."""
    import yaml

    path = CATALOGUES / f"{code}.yml"
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else []
    compiled = [(_pattern(e["en"]), e[code], e["en"]) for e in entries or []]
    return tuple(sorted(compiled, key=lambda c: -len(_NAME.sub("", c[2]))))


def translate(line: str, code: str | None = None) -> str:
    """*line* in the language *code* (default: the one chosen with :func:`language`), or as it is."""
    code = code or _STATE["code"]
    if code == "en":
        return line
    return _best(line, code)[1]


def _best(line: str, code: str) -> tuple[int, str]:
    """The translation of *line* that keeps the most of it fixed text, counting the messages inside it
    (``{..._msg}``) too, with that count; ``(0, line)`` when no entry matches."""
    best = (0, line)
    for pattern, target, english in catalogue(code):
        m = pattern.fullmatch(line)
        if not m:
            continue
        score, values = len(_NAME.sub("", english)), {}
        for k, v in m.groupdict().items():
            if k.endswith("_msg"):
                inner, v = _best(v, code)
                score += inner
            values[k] = v
        if score > best[0]:
            best = (score, _NAME.sub(lambda n, values=values: values[n.group(1)], target))
    return best


def isolate(line: str, code: str | None = None) -> str:
    """*line* as an output area that runs left to right should hold it: a right-to-left line inside a
    right-to-left isolate (its leading spaces, the indentation, outside)."""
    code = code or _STATE["code"]
    if code not in RIGHT_TO_LEFT:
        return line
    body = line.lstrip(" ")
    return line[: len(line) - len(body)] + "\u2067" + body + "\u2069"
