"""The self-check engine: verify an answer against hashed keys, never against the answer itself.

Each exercise set declares its questions in ``chNN.py`` with :func:`value`, :func:`function` and
:func:`multiple_choice`: the name the learner defines, the *form* of the answer (see
``forms.py``), the inputs a function is tried on, and the hints the question gives. What is right
is not in this package. It is in ``keys/NN.json``, written by the instructor's side
(``python -m graders.keys``): for every item of the right answer (the whole of a number, each row
of a table, each probe of a function) a salted hash of its canonical form; the same for the
typical mistakes, each with its hint; and a hash of how many items there are. The hints and
explanations are sealed too (XOR with a key stream derived from the answer they belong to): the
file shows no readable text, and a learner reads a hint only by giving the answer it is about.

Checking an answer: take it apart with its form (type, shape, columns, NaN are explained in plain
words); cut it into canonical items; hash each with the set's salt; compare. A match is right; a
mistake's hash gives that mistake's hint; anything else is "not right yet" with the question's
own hint.

Two modes, set per question in the key file:

``full``
    Self-study: everything above.
``form``
    A class variant, where the small answer spaces (a letter, a year, a percentage to one decimal)
    could be recovered from their hashes by trying every candidate. There the key holds no hash for
    the question, and the self-check confirms only that the answer has the right form ("answer
    recorded; graded later"). Functions keep full feedback on their visible inputs in every mode:
    the hidden tests grade them on other inputs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from .forms import Codes, Form, Letter, Mapping, Table, Values
from .toolkit import Feedback, Result, Stop, call, describe, unreadable

__all__ = [
    "Data",
    "value",
    "function",
    "multiple_choice",
    "evaluate",
    "check",
    "questions",
    "QUESTIONS",
    "LAST_FAILED",
    "digest",
    "KEYS_DIR",
    "keys_for",
]

#: Where the key files are: the package's own, or (for an instructor autograding a class variant)
#: the folder that the variant's nbgrader configuration names in ``COURSEKIT_KEYS``.
KEYS_DIR = Path(os.environ.get("COURSEKIT_KEYS") or Path(__file__).resolve().parent / "keys")
_MISSING = object()


@dataclass(frozen=True)
class Data:
    """A function's argument that is one of the course's tables, loaded fresh for each call; with
    *column*, the list of that column's values (e.g. the member codes, ``Data("oic_members", "iso3")``)."""

    name: str
    column: str | None = None
    #: a table the course builds in code rather than reads from data/: "module:function" in coursekit
    loader: str | None = None
    #: the name the exercise gives the table (e.g. ``rd``), shown in messages instead of *name*
    label: str | None = None
    #: a seed: the rows in a random but fixed order, labelled from *offset* on (as the graders' ``shuffled``),
    #: so that a function relying on the order of the rows fails the self-check as it fails the grader
    shuffle: int | None = None
    offset: int = 0

    def load(self):
        if self.loader:
            import importlib

            module, func = self.loader.split(":")
            if not module.startswith("coursekit."):
                raise ValueError(f"a probe's table must come from the course package, not {module}")
            table = getattr(importlib.import_module(module), func)()
        else:
            from coursekit.data import load

            table = load(self.name)
        table = table.copy()
        if self.shuffle is not None:
            table = table.sample(frac=1.0, random_state=self.shuffle).reset_index(drop=True)
            table.index = table.index + self.offset
        return table if self.column is None else [str(x) for x in table[self.column]]

    def to_json(self) -> dict:
        out = {"data": self.name}
        if self.column is not None:
            out["column"] = self.column
        if self.loader is not None:
            out["loader"] = self.loader
        if self.label is not None:
            out["label"] = self.label
        if self.shuffle is not None:
            out["shuffle"], out["offset"] = self.shuffle, self.offset
        return out

    def __repr__(self) -> str:  # how a call is shown to the learner: years_between(events, ...)
        shown = self.label or self.name
        return shown if self.column is None else f"list({shown}[{self.column!r}])"


@dataclass(frozen=True)
class Question:
    qid: str
    name: str  # the variable or function the learner defines
    kind: str  # "value", "function" or "choice"
    form: Form  # the form of the answer (of the function's result, for a function)
    hint: str = ""  # what to try when the answer is not right yet (says nothing of the answer)
    praise: str = ""  # what a right answer has got right
    probes: tuple = ()  # a function's visible inputs: tuples of arguments
    hints: dict = field(default_factory=dict)  # exception name -> hint, for a function that raises
    extra_hint: str = ""  # for a row/code that should not be there
    missing_hint: str = ""  # for rows/codes that are missing

    @property
    def set(self) -> str:
        return self.qid.split(".")[0]


#: Every question of every set, by id (filled when the set modules are imported).
QUESTIONS: dict[str, Question] = {}
#: Question id -> id() of the answer whose visible check just failed (read by the graders).
LAST_FAILED: dict[str, int] = {}


def value(
    qid: str, name: str, form: Form, *, hint: str = "", praise: str = "", extra_hint: str = "", missing_hint: str = ""
) -> None:
    """Declare a question whose answer is a value named *name*, of the form *form*."""
    QUESTIONS[qid] = Question(qid, name, "value", form, hint, praise, extra_hint=extra_hint, missing_hint=missing_hint)


def function(
    qid: str,
    name: str,
    form: Form,
    probes,
    *,
    hint: str = "",
    praise: str = "",
    hints=None,
    extra_hint: str = "",
    missing_hint: str = "",
) -> None:
    """Declare a question whose answer is a function *name*; it is called with each of *probes*
    (tuples of arguments; :class:`Data` stands for a course table) and its result has form *form*."""
    QUESTIONS[qid] = Question(
        qid,
        name,
        "function",
        form,
        hint,
        praise,
        tuple(tuple(p) for p in probes),
        dict(hints or {}),
        extra_hint,
        missing_hint,
    )


def multiple_choice(qid: str, options: str = "abcd", *, hint: str = "") -> None:
    """Declare a multiple-choice question: the learner stores one letter in ``answer_<set>_<n>``.
    Each option's explanation is in the key file, keyed by the hash of its letter."""
    name = "answer_" + qid.replace(".", "_")
    QUESTIONS[qid] = Question(qid, name, "choice", Letter(options), hint)


def questions() -> dict[str, str]:
    """Every question id with the name its check looks up, e.g. {"01.2": "international_share"}."""
    return {q.qid: q.name for q in QUESTIONS.values()}


# =====================================================================================
# keys
# =====================================================================================
def digest(salt: str, qid: str, *parts: str) -> str:
    """The salted hash of one canonical item (keyed BLAKE2b, 96 bits, hex)."""
    data = "\x1f".join((qid, *parts)).encode("utf-8")
    return hashlib.blake2b(data, key=bytes.fromhex(salt), digest_size=12).hexdigest()


def _stream(salt: str, qid: str, parts: tuple, n: int) -> bytes:
    key = hashlib.blake2b("\x1f".join((qid, "text", *parts)).encode("utf-8"), key=bytes.fromhex(salt)).digest()
    out = b""
    for block in range((n + 63) // 64):
        out += hashlib.blake2b(block.to_bytes(4, "big"), key=key).digest()
    return out[:n]


def seal(salt: str, qid: str, parts: tuple, text) -> str:
    """A hint or explanation (text, or [message, hint]) that only the answer it belongs to can open:
    XOR with a key stream derived from the salt and that answer's canonical item (*parts*)."""
    data = json.dumps(text, ensure_ascii=False).encode("utf-8")
    return bytes(a ^ b for a, b in zip(data, _stream(salt, qid, parts, len(data)))).hex()


def unseal(salt: str, qid: str, parts: tuple, sealed: str):
    data = bytes.fromhex(sealed)
    return json.loads(bytes(a ^ b for a, b in zip(data, _stream(salt, qid, parts, len(data)))).decode("utf-8"))


@cache
def keys_for(set_id: str) -> dict | None:
    """The key file of one set (``keys/NN.json``), or None if this copy of the course has none."""
    path = KEYS_DIR / f"{set_id}.json"
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def probes_of(q: Question, entry: dict | None) -> tuple:
    """A function's inputs: those of the key file (a class variant has its own), else the declared ones."""
    if entry and "probes" in entry:
        return tuple(
            tuple(
                Data(a["data"], a.get("column"), a.get("loader"), a.get("label"), a.get("shuffle"), a.get("offset", 0))
                if isinstance(a, dict) and "data" in a
                else a
                for a in args
            )
            for args in entry["probes"]
        )
    return q.probes


def say(text: str, keys: dict | None) -> str:
    """A hint or message with the variant's parameters (e.g. ``{YEAR}``) filled in; any other brace
    (a learner's text, a dictionary shown in a message) is left as it is."""
    values = (keys or {}).get("params", {})
    if not text or "{" not in text or not values:
        return text
    return re.sub(r"\{([A-Z][A-Z0-9_]*)\}", lambda m: str(values.get(m.group(1), m.group(0))), text)


def probe_label(q: Question, args: tuple) -> str:
    shown = ", ".join(repr(a) for a in args)
    return f"{q.name}({shown})"


def call_probe(q: Question, fn, args: tuple):
    """Call the learner's *fn* on a fresh copy of every argument (so a function that changes its input
    cannot change the next check's)."""
    import copy

    real = tuple(a.load() if isinstance(a, Data) else copy.deepcopy(a) for a in args)
    return call(fn, q.name, *real, hints=q.hints)


# =====================================================================================
# checking
# =====================================================================================
_UNKNOWN = {
    Table: "The row {!r} should not be there.",
    Codes: "{!r} should not be in the list.",
    Values: "There should be no value for {!r}.",
}
_MISSING_ITEMS = {
    Table: "Some rows are missing.",
    Codes: "Some codes are missing from the list.",
    Values: "Some values are missing.",
}
_WRONG_ITEM = {
    Table: "The row for {!r} is not right yet.",
    Values: "The value for {!r} is not right yet.",
    Mapping: "The entry for {!r} is not right yet.",
}


def _message(table: dict, form: Form, default: str) -> str:
    """The message for *form*'s kind (a subclass of Table speaks as a Table); a form may also carry
    its own, in ``form.messages`` ({"unknown": ..., "missing": ..., "wrong": ...})."""
    own = getattr(form, "messages", None) or {}
    key = {id(_UNKNOWN): "unknown", id(_MISSING_ITEMS): "missing", id(_WRONG_ITEM): "wrong"}.get(id(table))
    if key in own:
        return own[key]
    return next((text for kind, text in table.items() if isinstance(form, kind)), default)


def _shown(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    return repr(v)


def _compare(q: Question, key: dict, salt: str, scope: str, taken: Any, what: str, fb: Feedback) -> None:
    """Stop unless the canonical items of *taken* match the key's hashes in *scope*."""
    form = q.form
    items = form.items(taken)
    right, mistakes = set(key.get("right", ())), key.get("mistakes", {})

    def h(*parts):
        return digest(salt, q.qid, scope, *parts)

    prefix = f"For {what}: " if scope else ""  # a function: say which input the message is about
    if form.labelled:
        labels = set(key.get("labels", ()))
        unknown = [lab for lab in items if h("label", lab) not in labels]
        if unknown:
            advice = next(
                (
                    unseal(salt, q.qid, (scope, lab, c), mistakes[h("item", lab, c)])
                    for lab, cands in items.items()
                    for c in cands
                    if h("item", lab, c) in mistakes
                ),
                None,
            )
            message = prefix + _message(_UNKNOWN, form, "{!r} should not be there.").format(unknown[0])
            if isinstance(advice, list):
                raise Stop(advice[0], advice[1] or None)
            raise Stop(message, advice or q.extra_hint or q.hint or None)
    wrong, advice = [], None
    for lab, candidates in items.items():
        hashes = [h("item", lab, c) for c in candidates]
        if any(x in right for x in hashes):
            continue
        wrong.append(lab)
        if advice is None:
            advice = next(
                (
                    unseal(salt, q.qid, (scope, lab, c), mistakes[x])
                    for x, c in zip(hashes, candidates)
                    if x in mistakes
                ),
                None,
            )
    if not wrong:
        if form.labelled and h("size", str(len(items))) not in set(key.get("sizes", ())):
            raise Stop(
                prefix + _message(_MISSING_ITEMS, form, "Some items are missing."), q.missing_hint or q.hint or None
            )
        praise = key.get("praise", {})
        for lab, candidates in items.items():
            for c in candidates:
                if h("item", lab, c) in praise:
                    fb.ok(unseal(salt, q.qid, (scope, lab, c), praise[h("item", lab, c)]))
                    break
        return
    if isinstance(advice, list):  # [message, hint]
        raise Stop(advice[0], advice[1] or None)
    if form.labelled and _message(_WRONG_ITEM, form, ""):
        message = prefix + _message(_WRONG_ITEM, form, "").format(wrong[0])
    else:
        message = (
            f"{what} is {_shown(taken)}, which is not right yet." if not form.labelled else f"{what} is not right yet."
        )
    raise Stop(message, advice or q.hint or None)


def _grade(q: Question, answer: Any, fb: Feedback) -> bool:
    """Grade *answer*; return True if it was only recorded (form checked, no key)."""
    keys = keys_for(q.set)
    entry = (keys or {}).get("questions", {}).get(q.qid)
    if entry is None:
        raise Stop(
            "This copy of the course has no self-check key for this question.",
            "Your answer is not wrong because of this; ask your instructor, or run `make exercises`.",
        )
    salt = keys["salt"]
    form_only = entry.get("mode") == "form"
    if q.kind == "function":
        if not callable(answer):
            raise Stop(
                f"`{q.name}` should be a function, but it is {describe(answer)}.",
                f"Define it with `def {q.name}(...):` and run the cell.",
            )
        for i, args in enumerate(probes_of(q, entry)):
            label = probe_label(q, args)
            taken = q.form.take(call_probe(q, answer, args), f"`{label}`")
            if not form_only:
                _compare(q, entry, salt, str(i), taken, f"`{label}`", fb)
        if form_only:
            fb.ok("It runs and returns a result of the right form on the inputs of the check.")
            return True
    else:
        taken = q.form.take(answer, f"`{q.name}`")
        if form_only:
            fb.ok("It has the right form.")
            return True
        _compare(q, entry, salt, "", taken, f"`{q.name}`", fb)
    if q.praise:
        fb.ok(q.praise)
    return False


def _evaluate(question: Any, answer: Any, namespace: dict) -> Result:
    qid = str(question).strip()
    q = QUESTIONS.get(qid)
    if q is None:
        known = ", ".join(sorted(QUESTIONS))
        return Result(
            qid,
            "?",
            wrong=[f"There is no question {question!r}."],
            hints=[f"Check the id in the exercise text; known ids are {known}."],
        )
    result = Result(qid, q.name)
    if answer is _MISSING:
        answer = namespace.get(q.name, _MISSING)
        if answer is _MISSING:
            result.wrong.append(f"`{q.name}` is not defined yet.")
            result.hints.append(
                f"Write your answer in the cell above so that it defines `{q.name}`, run that cell "
                "(Shift+Enter), then run this check again."
            )
            return result
    fb = Feedback()
    try:
        if answer is None:
            raise Stop(
                f"`{q.name}` is None: there is no answer yet.",
                f"Replace the placeholder with your {'function' if q.kind == 'function' else 'answer'} "
                "and run the cell.",
            )
        if answer is Ellipsis:
            raise Stop(
                f"`{q.name}` is still the placeholder `...`.", "Replace `...` with your answer and run the cell."
            )
        result.recorded = _grade(q, answer, fb)
        result.passed = not result.recorded
    except Stop as stop:
        keys = keys_for(q.set)
        result.wrong.append(say(stop.message, keys))
        if stop.hint:
            result.hints.append(say(stop.hint, keys))
    except Exception as err:
        learner = unreadable(err, q.name)  # the learner's own object raised while being read
        if learner is not None:
            result.wrong.append(learner.message)
            result.hints.append(learner.hint)
            result.right[:0] = [say(m, keys_for(q.set)) for m in fb.right]
            return result
        # otherwise a bug in the course materials, not in the learner's answer
        result.wrong.append(f"The checker itself failed ({type(err).__name__}: {err}).")
        result.hints.append(
            "This is a problem in the course materials, not in your answer: please report it "
            "to your instructor or in the course's issue tracker."
        )
    result.right[:0] = [say(m, keys_for(q.set)) for m in fb.right]
    return result


def evaluate(question: str, answer: Any = _MISSING, *, namespace: dict | None = None) -> Result:
    """Check *answer* to *question* and return a :class:`Result` (prints nothing, never raises).

    If *answer* is omitted, the question's name is looked up in *namespace* (default: the caller's
    global namespace, i.e. the notebook).
    """
    if namespace is None:
        namespace = sys._getframe(1).f_globals
    return _evaluate(question, answer, namespace)


def check(question: str, answer: Any = _MISSING) -> None:
    """Print friendly feedback on *answer* to *question*; never raises.

    A right (or, in a class variant, recorded) answer's feedback goes to stdout; an answer that is
    not yet right goes to stderr, which nbgrader's ``validate`` counts as a failing test cell, so a
    learner's "Validate" button agrees with the self-check. Returns ``None`` on purpose: a value
    shown as a cell's result would be read by nbgrader as a partial-credit score.
    """
    namespace = sys._getframe(1).f_globals
    result = _evaluate(question, answer, namespace)
    if result.passed or result.recorded:
        LAST_FAILED.pop(result.question, None)
        print(result.message(), file=sys.stdout, flush=True)
    else:
        q = QUESTIONS.get(result.question)
        given = answer if answer is not _MISSING else namespace.get(q.name, _MISSING) if q else _MISSING
        LAST_FAILED[result.question] = id(given)
        print(result.message(), file=sys.stderr, flush=True)
