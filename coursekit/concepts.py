"""Concept checks: short questions on the page where a reader should stop and check.

Each chapter's questions and feedback are data, one file per chapter in ``notebooks/checks/``
(``08-islamic-bioethics.yml`` for chapter 8), not HTML written by hand. A chapter shows a question with
a code cell at the point where a reader should stop::

    concept_check("08-islamic-bioethics", "ensoulment")

In JupyterLab that cell displays the question (the learner runs it, like any cell); the book puts the
same question in the same place when it is built (``book/_ext/course_concepts.py``), from the data
file as it is then, so an edited question never waits for a notebook to be executed again. Both
render it with :func:`render_html`: native form controls (radio buttons, drop-down lists and a
button) that work with the keyboard alone and with a screen reader, feedback in a live region, and a
small script with no request to anywhere. Concept checks are not graded; their answers are on the
page by design (the "Explain every option" list).

Three kinds of question:

``choice``
    One right option among several; every option has feedback that says why it is right or wrong.
``true-false``
    A statement to judge, and the reason for the judgement: the reader picks True or False and one of
    several reasons; the verdict and the reason each have feedback.
``match``
    Items (rulings, say) to match to choices (the bodies that issued them); each item has feedback.

Where a question states a fact (a number, a date, a named body, person or document), its feedback
cites the source in the notebooks' citation form, ``([Ghaly, 2012](#ref-ghaly2012beginning))``, and the
evidence ledger (``data/evidence.csv``) holds the passage of the source the sentence rests on, as for
any cited sentence of a chapter. A question that states a fact and cites nothing is refused
(:func:`problems`), and so is the book that would show it.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "check_chapter",
    "concept_check",
    "load_checks",
    "problems",
    "render_html",
    "render_text",
    "ConceptCheckError",
]

CHECKS_DIR = Path(__file__).resolve().parent.parent / "notebooks" / "checks"
#: Where the translated concept checks are, by language (beside the translated chapters).
TRANSLATIONS_DIR = {"ar": CHECKS_DIR.parent.parent / "ar" / "notebooks" / "checks"}
KINDS = ("choice", "true-false", "match")
#: The call of a concept-check cell: ``concept_check("08-islamic-bioethics", "ensoulment")``.
CALL = re.compile(r"""concept_check\(\s*["']([^"']+)["']\s*,\s*["']([^"']+)["']\s*\)""")
#: A citation in the notebooks' form: ``[Label](#ref-key)`` inside parentheses.
CITATION = re.compile(r"\[([^\[\]]*)\]\(#ref-([A-Za-z0-9_:.\-]+)\)")
#: A course dataset as the source of a fact: ``[label](data:resource)``, a resource of
#: ``data/datapackage.json`` (its section of the book's data page says where the numbers come from).
DATA_CITATION = re.compile(r"\[([^\[\]]*)\]\(data:([a-z0-9_]+)\)")
#: What makes a text state a fact: a number (a date, a count, an article number), an acronym
#: (ISSCR, IOMS, UNESCO), or a name: a capitalised word that does not begin a sentence, a quotation or
#: a parenthesis (Makkah, Iran, Ghaly). Reasoning alone needs none of them.
_NUMBER = re.compile(r"\d+")
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_WORD = re.compile(r"\b[A-Z][\w'’-]*")
_STARTS = re.compile(r"(?:^|[.!?:;]\s+|[\"“‘(\[*_]\s*)$")
NOT_NAMES = {"I", "True", "False"}


class ConceptCheckError(ValueError):
    """A concept-check file that cannot be shown as it is (the message names file, check and field)."""


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Check:
    chapter: str
    id: str
    kind: str
    section: str  # the heading of the section the question checks ("back to the section")
    prompt: str
    options: tuple[Option, ...] = ()  # choice: the options; true-false: the reasons; match: the items
    verdict: bool | None = None  # true-false: whether the statement is true
    verdict_feedback: tuple[str, str] = ("", "")  # true-false: feedback on True, on False
    choices: tuple[str, ...] = ()  # match: what the items are matched to
    answers: tuple[str, ...] = field(default=())  # match: each item's right choice
    number: int = 0  # position in the chapter, from 1
    total: int = 0
    language: str = "en"  # the file's language (an Arabic translation says ``language: ar``)

    def texts(self) -> list[tuple[str, str]]:
        """Every text of the question with the name of its field, for the checks and the ledger."""
        out = [("prompt", self.prompt)]
        for i, o in enumerate(self.options, start=1):
            what = {"choice": "option", "true-false": "reason", "match": "item"}[self.kind]
            out += [(f"{what} {i} text", o.text), (f"{what} {i} feedback", o.feedback)]
        if self.kind == "true-false":
            out += [("feedback on True", self.verdict_feedback[0]), ("feedback on False", self.verdict_feedback[1])]
        out += [(f"choice {i}", c) for i, c in enumerate(self.choices, start=1)]
        return out


# --------------------------------------------------------------------------------------------------
# reading and checking the data files
# --------------------------------------------------------------------------------------------------
def _path(chapter: str, checks_dir: Path | None) -> Path:
    return (checks_dir or CHECKS_DIR) / f"{chapter}.yml"


def _shown(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[-3:]) if len(parts) >= 3 else str(path)


def _text(value, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConceptCheckError(f"{where}: must be a non-empty text, not {value!r}")
    return " ".join(value.split())


def _flag(value, where: str) -> bool:
    if not isinstance(value, bool):
        raise ConceptCheckError(f"{where}: must be true or false, not {value!r}")
    return value


def _keys(entry: dict, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(entry, dict):
        raise ConceptCheckError(f"{where}: must be a mapping of fields, not {type(entry).__name__}")
    unknown = sorted(set(entry) - allowed)
    if unknown:
        raise ConceptCheckError(
            f"{where}: unknown field(s) {', '.join(unknown)} (allowed: {', '.join(sorted(allowed))})"
        )
    missing = sorted(required - set(entry))
    if missing:
        raise ConceptCheckError(f"{where}: missing field(s) {', '.join(missing)}")


def _options(raw, where: str, what: str, least: int) -> tuple[Option, ...]:
    if not isinstance(raw, list) or len(raw) < least:
        raise ConceptCheckError(f"{where}: '{what}' must be a list of at least {least} entries")
    out = []
    for i, o in enumerate(raw, start=1):
        w = f"{where}, {what} {i}"
        _keys(o, {"text", "correct", "feedback"}, {"text", "feedback"}, w)
        out.append(Option(_text(o["text"], f"{w}, text"), _flag(o.get("correct", False), f"{w}, correct"),
                          _text(o["feedback"], f"{w}, feedback")))  # fmt: skip
    return tuple(out)


#: The fields of each kind of question, besides id, type, section and prompt (all required).
_FIELDS = {
    "choice": {"options"},
    "true-false": {"answer", "feedback_true", "feedback_false", "reasons"},
    "match": {"choices", "items"},
}


def _parse(chapter: str, n: int, raw: dict, where: str) -> Check:
    kind = raw.get("type") if isinstance(raw, dict) else None
    if kind not in KINDS:
        raise ConceptCheckError(f"{where}: 'type' must be one of {', '.join(KINDS)}, not {kind!r}")
    fields = {"id", "type", "section", "prompt"} | _FIELDS[kind]
    _keys(raw, fields, fields, where)
    base = dict(chapter=chapter, id=_text(raw["id"], f"{where}, id"), kind=kind,
                section=_text(raw["section"], f"{where}, section"), prompt=_text(raw["prompt"], f"{where}, prompt"),
                number=n)  # fmt: skip
    if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", base["id"]):
        raise ConceptCheckError(f"{where}, id: {base['id']!r} must be lowercase words joined by hyphens")
    if kind == "choice":
        options = _options(raw["options"], where, "option", 3)
        if sum(o.correct for o in options) != 1:
            raise ConceptCheckError(f"{where}: exactly one option must have 'correct: true'")
        return Check(**base, options=options)
    if kind == "true-false":
        reasons = _options(raw["reasons"], where, "reason", 2)
        if sum(o.correct for o in reasons) != 1:
            raise ConceptCheckError(f"{where}: exactly one reason must have 'correct: true'")
        return Check(**base, options=reasons, verdict=_flag(raw["answer"], f"{where}, answer"),
                     verdict_feedback=(_text(raw["feedback_true"], f"{where}, feedback_true"),
                                       _text(raw["feedback_false"], f"{where}, feedback_false")))  # fmt: skip
    if not isinstance(raw["choices"], list) or len(raw["choices"]) < 2:
        raise ConceptCheckError(f"{where}: 'choices' must be a list of at least two texts")
    choices = tuple(_text(c, f"{where}, choice {i}") for i, c in enumerate(raw["choices"], start=1))
    if len(set(choices)) != len(choices):
        raise ConceptCheckError(f"{where}: 'choices' has a text twice")
    if not isinstance(raw["items"], list) or len(raw["items"]) < 2:
        raise ConceptCheckError(f"{where}: 'items' must be a list of at least two entries")
    items, answers = [], []
    for i, it in enumerate(raw["items"], start=1):
        w = f"{where}, item {i}"
        _keys(it, {"text", "answer", "feedback"}, {"text", "answer", "feedback"}, w)
        answer = _text(it["answer"], f"{w}, answer")
        if answer not in choices:
            raise ConceptCheckError(f"{w}, answer: {answer!r} is not one of the choices")
        items.append(Option(_text(it["text"], f"{w}, text"), True, _text(it["feedback"], f"{w}, feedback")))
        answers.append(answer)
    return Check(**base, options=tuple(items), choices=choices, answers=tuple(answers))


@functools.lru_cache(maxsize=64)
def _load(path: Path, _mtime_ns: int, _size: int) -> tuple[Check, ...]:
    import yaml

    shown = _shown(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConceptCheckError(f"{shown}{at}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    chapter = path.stem
    if not isinstance(raw, dict) or not {"chapter", "checks"} <= set(raw) <= {"chapter", "language", "checks"}:
        raise ConceptCheckError(
            f"{shown}: must have the top-level fields 'chapter' and 'checks' (and, in a translation, 'language')"
        )
    language = raw.get("language", "en")
    if language not in UI:
        raise ConceptCheckError(f"{shown}, language: {language!r} is not one of {', '.join(UI)}")
    if raw["chapter"] != chapter:
        raise ConceptCheckError(f"{shown}, chapter: {raw['chapter']!r} is not the file's name, {chapter!r}")
    entries = raw["checks"]
    if not isinstance(entries, list) or not entries:
        raise ConceptCheckError(f"{shown}, checks: must be a non-empty list")
    checks = [_parse(chapter, n, e, f"{shown}, check {n}") for n, e in enumerate(entries, start=1)]
    ids = [c.id for c in checks]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise ConceptCheckError(f"{shown}: check id(s) used twice: {', '.join(twice)}")
    return tuple(Check(**{**c.__dict__, "total": len(checks), "language": language}) for c in checks)


def load_checks(chapter: str, checks_dir: Path | None = None) -> tuple[Check, ...]:
    """The chapter's concept checks, in order (a :class:`ConceptCheckError` names what is wrong)."""
    path = _path(chapter, checks_dir)
    if not path.exists():
        raise ConceptCheckError(f"no concept checks for chapter {chapter!r}: {_shown(path)} does not exist")
    stat = path.stat()
    return _load(path, stat.st_mtime_ns, stat.st_size)


def cited_keys(text: str) -> list[str]:
    return [key for _, key in CITATION.findall(text)]


def cited_data(text: str) -> list[str]:
    return [name for _, name in DATA_CITATION.findall(text)]


def states_fact(text: str) -> str | None:
    """What in *text* states a fact (a number, an acronym, a name), or None for reasoning alone."""
    plain = DATA_CITATION.sub("", CITATION.sub("", text))
    plain = re.sub(r"`[^`]*`", "", plain)  # code (column names, values) is not a fact about the world
    for pattern, what in ((_NUMBER, "a number"), (_ACRONYM, "an acronym")):
        m = pattern.search(plain)
        if m:
            return f"{what}, {m.group(0)!r}"
    for m in _WORD.finditer(plain):
        if m.group(0) not in NOT_NAMES and not _STARTS.search(plain[: m.start()]):
            return f"a name, {m.group(0)!r}"
    return None


def problems(chapter: str, checks_dir: Path | None = None) -> list[str]:
    """What keeps the chapter's checks from being shown: a question that states a fact but cites no
    source anywhere, a feedback text (what the reader is told) that states a fact without citing a
    reference or a course dataset itself, or a dataset that the data package does not have. Empty when
    every fact is cited. (An option may state a fact wrongly on purpose: its feedback says why.)"""
    shown = _shown(_path(chapter, checks_dir))
    try:
        checks = load_checks(chapter, checks_dir)
    except ConceptCheckError as exc:
        return [str(exc)]
    out = []
    how = "cite it as ([Author, Year](#ref-key)), with its passage in data/evidence.csv, or as ([label](data:resource))"
    datasets = _datasets()
    for c in checks:
        cites = [k for _, t in c.texts() for k in cited_keys(t) + cited_data(t)]
        for name, text in c.texts():
            for resource in cited_data(text):
                if resource not in datasets:
                    out.append(f"{shown}, check '{c.id}', {name}: cites dataset {resource!r}, which "
                               f"data/datapackage.json does not have (it has {', '.join(sorted(datasets))})")  # fmt: skip
        for name, text in c.texts():
            fact = states_fact(text)
            if fact and "feedback" in name and not (cited_keys(text) or cited_data(text)):
                out.append(f"{shown}, check '{c.id}', {name}: states a fact ({fact}) without a citation; {how}")
            elif fact and not cites:
                out.append(f"{shown}, check '{c.id}', {name}: states a fact ({fact}) but the question cites no "
                           f"source; {how}")  # fmt: skip
                break
    return out


@functools.lru_cache(maxsize=1)
def _datasets() -> frozenset[str]:
    """The resources of the course's data package."""
    import json

    package = CHECKS_DIR.parent.parent / "data" / "datapackage.json"
    return frozenset(r["name"] for r in json.loads(package.read_text(encoding="utf-8"))["resources"])


def check_chapter(chapter: str, checks_dir: Path | None = None) -> tuple[Check, ...]:
    """:func:`load_checks`, refusing a chapter whose checks state a fact without citing it."""
    found = problems(chapter, checks_dir)
    if found:
        raise ConceptCheckError("\n".join(found))
    return load_checks(chapter, checks_dir)


# --------------------------------------------------------------------------------------------------
# rendering
# --------------------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def _markdown():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False})


def _inline(text: str, ref_href, data_href=None) -> str:
    """Inline Markdown (emphasis, code, links) as HTML; citation links point where *ref_href* says,
    dataset citations where *data_href* says (by default the data page, beside the notebooks)."""
    data_href = data_href or (lambda name: "../book/data.md")
    text = CITATION.sub(lambda m: f"[{m.group(1)}]({ref_href(m.group(2))})", text)
    text = DATA_CITATION.sub(lambda m: f"[{m.group(1)}]({data_href(m.group(2))})", text)
    return _markdown().renderInline(text)


def section_id(title: str) -> str:
    """The book's id of a section with this heading (docutils' ``make_id``)."""
    from docutils.nodes import make_id

    return make_id(title)


#: The words of a question's interface, in each language a chapter can be in. The script's words (the
#: feedback it writes) are ``js_*``; ``{n}``, ``{total}``, ``{left}`` are filled in.
UI = {
    "en": {
        "title": "Check your understanding ({n} of {total})",
        "right": "Right",
        "not_right": "Not right",
        "true": "True",
        "false": "False",
        "true_or_false": "True or false?",
        "why": "Why?",
        "statement_true": "The statement is True.",
        "statement_false": "The statement is False.",
        "best": "The best reason",
        "not_best": "Not the best reason",
        "choose": "Choose…",
        "check": "Check answer",
        "explain": "Explain every option",
        "back": "Back to the section:",
        "answer": "Answer:",
        "answers": "Answers:",
        "choose_from": "Choose from:",
        "for_reason": "for reason",
        "js_option_first": "Choose an option first.",
        "js_tf_first": "Choose True or False, and a reason, first.",
        "js_verdict_right": "Your verdict is right.",
        "js_verdict_wrong": "Your verdict is not right.",
        "js_reason_right": "Your reason is right.",
        "js_reason_wrong": "Your reason is not the best one.",
        "js_item_right": "\u2713 Item {n} is right.",
        "js_item_wrong": "\u2717 Item {n} is not right.",
        "js_items_first": "Choose an answer for every item first ({left} left).",
        "js_matched": "{n} of {total} matched correctly.",
        "js_correct": "\u2713 Correct.",
        "js_wrong": "\u2717 Not quite. Read the explanation and try again.",
    },
    "ar": {
        "title": "تحقّق من فهمك ({n} من {total})",
        "right": "صحيح",
        "not_right": "غير صحيح",
        "true": "صواب",
        "false": "خطأ",
        "true_or_false": "صواب أم خطأ؟",
        "why": "لماذا؟",
        "statement_true": "العبارة صائبة.",
        "statement_false": "العبارة خاطئة.",
        "best": "أفضل سبب",
        "not_best": "ليس أفضل سبب",
        "choose": "اختر…",
        "check": "تحقّق من الإجابة",
        "explain": "شرح كل الخيارات",
        "back": "العودة إلى القسم:",
        "answer": "الإجابة:",
        "answers": "الإجابات:",
        "choose_from": "اختر من:",
        "for_reason": "للسبب",
        "js_option_first": "اختر خيارًا أولًا.",
        "js_tf_first": "اختر «صواب» أو «خطأ»، ثم سببًا، أولًا.",
        "js_verdict_right": "حكمك صحيح.",
        "js_verdict_wrong": "حكمك غير صحيح.",
        "js_reason_right": "سببك صحيح.",
        "js_reason_wrong": "سببك ليس أفضل الأسباب.",
        "js_item_right": "\u2713 البند {n} صحيح.",
        "js_item_wrong": "\u2717 البند {n} غير صحيح.",
        "js_items_first": "اختر إجابة لكل بند أولًا (بقي {left}).",
        "js_matched": "{n} من {total} طوبقت مطابقة صحيحة.",
        "js_correct": "\u2713 صحيح.",
        "js_wrong": "\u2717 ليس تمامًا. اقرأ الشرح وحاول مرة أخرى.",
    },
}


def _ui_json() -> str:
    """The script's words in every language, as a JavaScript object."""
    import json

    words = {code: {k[3:]: v for k, v in ui.items() if k.startswith("js_")} for code, ui in UI.items()}
    return json.dumps(words, ensure_ascii=False).replace("</", "<\\/")


_STYLE = """<style>
.cc{border:1px solid var(--pst-color-border,var(--jp-border-color1,#8a8f98));border-left:.35rem solid var(--pst-color-primary,var(--jp-brand-color1,#0a6ebd));border-radius:.25rem;padding:.6rem 1rem;margin:1.2rem 0;color:inherit;background:transparent}
.cc-title{font-weight:700;margin:0 0 .4rem}
.cc fieldset{border:0;margin:0 0 .5rem;padding:0}
.cc legend{padding:0;margin-bottom:.35rem;font-size:1em;font-weight:600;line-height:1.5}
.cc-option{display:flex;gap:.5rem;align-items:baseline;margin:.25rem 0}
.cc-option input{flex:none;width:1.05rem;height:1.05rem;margin:0}
.cc-item{margin:.4rem 0}.cc-item label{display:block}
.cc select{font:inherit;color:inherit;background:transparent;border:1px solid currentColor;border-radius:.2rem;padding:.15rem .3rem;max-width:100%}
.cc select option{color:#1a1a1a;background:#fff}
.cc-check{font:inherit;font-weight:600;padding:.3rem .9rem;border-radius:.25rem;border:2px solid currentColor;background:transparent;color:inherit;cursor:pointer}
.cc-check:focus-visible,.cc input:focus-visible,.cc select:focus-visible,.cc a:focus-visible{outline:3px solid var(--pst-color-accent,var(--jp-brand-color1,#0a6ebd));outline-offset:2px}
.cc-feedback:not(:empty){margin:.6rem 0 .2rem;padding:.5rem .75rem;border-left:.3rem solid currentColor}
.cc-feedback .cc-verdict{font-weight:700}
.cc-feedback p{margin:.25rem 0}
.cc-all{margin:.4rem 0}.cc-all summary{cursor:pointer;display:list-item}
.cc-back{margin:.3rem 0 0;font-size:.92em}
</style>"""

#: Shows the feedback for the reader's answer. Installed once per page (JupyterLab or the book), it
#: works by event delegation, so questions displayed later need nothing more.
_SCRIPT = """<script>
(function(){if(window.courseConceptChecks)return;window.courseConceptChecks=1;var UI=__UI__;
function w(q,k,n,t,l){var u=UI[q.getAttribute("lang")==="ar"?"ar":"en"][k];return u.replace("{n}",n).replace("{total}",t).replace("{left}",l);}
function fb(q,k){var t=q.querySelector('template[data-fb="'+k+'"]');return t?t.innerHTML:"";}
function picked(q,name){var r=q.querySelector('input[name="'+name+'"]:checked');return r?r.value:null;}
function check(q){var out=q.querySelector(".cc-feedback"),kind=q.getAttribute("data-kind"),right=false,parts=[],id=q.id;
if(kind==="choice"){var v=picked(q,id);if(v===null){out.innerHTML="<p>"+w(q,"option_first")+"</p>";return;}
right=v===q.getAttribute("data-answer");parts.push(fb(q,"o"+v));}
else if(kind==="true-false"){var t=picked(q,id+"-tf"),r=picked(q,id+"-why");
if(t===null||r===null){out.innerHTML="<p>"+w(q,"tf_first")+"</p>";return;}
var tr=t===q.getAttribute("data-answer"),rr=r===q.getAttribute("data-reason");right=tr&&rr;
parts.push("<p><strong>"+w(q,tr?"verdict_right":"verdict_wrong")+"</strong></p>"+fb(q,"t"+t));
parts.push("<p><strong>"+w(q,rr?"reason_right":"reason_wrong")+"</strong></p>"+fb(q,"o"+r));}
else{var sels=q.querySelectorAll("select"),n=0,unset=0;sels.forEach(function(s,i){if(!s.value){unset++;return;}
var ok=s.value===s.getAttribute("data-answer");if(ok)n++;
parts.push("<p><strong>"+w(q,ok?"item_right":"item_wrong",i+1)+"</strong></p>"+fb(q,"o"+i));});
if(unset){out.innerHTML="<p>"+w(q,"items_first",0,0,unset)+"</p>";return;}right=n===sels.length;
parts.unshift("<p>"+w(q,"matched",n,sels.length)+"</p>");}
out.innerHTML='<p class="cc-verdict">'+w(q,right?"correct":"wrong")+"</p>"+parts.join("");}
function back(a){/* the book numbers headings ("8.3. When does ..."): match the end */var want=a.getAttribute("data-cc-section"),hs=document.querySelectorAll("h1,h2,h3,h4");
for(var i=0;i<hs.length;i++){var h=hs[i],t=(h.textContent||"").replace(/[#\\u00b6\\s]+$/,"").trim();
if(t===want||t.endsWith(" "+want)){h.setAttribute("tabindex","-1");h.scrollIntoView();h.focus({preventScroll:true});return true;}}return false;}
/* JupyterLab handles arrow keys, Space and Enter as notebook shortcuts (move between cells) when they
bubble up to the document: in a question they answer it instead */
document.body.addEventListener("keydown",function(e){if(e.target.closest&&e.target.closest(".cc")&&
["ArrowUp","ArrowDown","ArrowLeft","ArrowRight"," ","Enter","Home","End"].indexOf(e.key)>=0)e.stopPropagation();});
document.addEventListener("click",function(e){var b=e.target.closest&&e.target.closest(".cc-check");
if(b){e.preventDefault();check(b.closest(".cc"));return;}
var a=e.target.closest&&e.target.closest("a[data-cc-section]");if(a&&back(a))e.preventDefault();});
})();
</script>"""


def _template(key: str, body: str) -> str:
    return f'<template data-fb="{key}">{body}</template>'


def render_html(check: Check, ref_href=None, assets: bool = True, data_href=None) -> str:
    """The question as HTML for JupyterLab or the book (*ref_href* maps a citation key to its link,
    *data_href* a dataset's name to its description; *assets* adds the stylesheet and the script,
    which a page needs once)."""
    ref_href = ref_href or (lambda key: f"#ref-{key}")
    md = functools.partial(_inline, ref_href=ref_href, data_href=data_href)
    qid = f"cc-{check.chapter[:2]}-{check.id}"
    esc = html.escape
    ui = UI[check.language]
    title = f'<p class="cc-title" id="{qid}-title">{ui["title"].format(n=check.number, total=check.total)}</p>'
    body, explain, attrs = [], [], {"data-kind": check.kind}

    def radio(name: str, value: str, label_html: str, n: str) -> str:
        return (f'<div class="cc-option"><input type="radio" name="{name}" id="{name}-{n}" value="{value}">'
                f'<label for="{name}-{n}">{label_html}</label></div>')  # fmt: skip

    if check.kind == "choice":
        answer = next(i for i, o in enumerate(check.options) if o.correct)
        attrs["data-answer"] = str(answer)
        radios = "".join(radio(qid, str(i), md(o.text), str(i)) for i, o in enumerate(check.options))
        body.append(f"<fieldset><legend>{md(check.prompt)}</legend>{radios}</fieldset>")
        for i, o in enumerate(check.options):
            mark = ui["right"] if o.correct else ui["not_right"]
            feedback = f"<p>{md(o.feedback)}</p>"
            body.append(_template(f"o{i}", feedback))
            explain.append(f"<li><p><strong>{md(o.text)}</strong> ({mark}.) {md(o.feedback)}</p></li>")
    elif check.kind == "true-false":
        reason = next(i for i, o in enumerate(check.options) if o.correct)
        attrs |= {"data-answer": "true" if check.verdict else "false", "data-reason": str(reason)}
        verdicts = radio(f"{qid}-tf", "true", ui["true"], "t") + radio(f"{qid}-tf", "false", ui["false"], "f")
        body.append(f"<fieldset><legend>{ui['true_or_false']} {md(check.prompt)}</legend>{verdicts}</fieldset>")
        reasons = "".join(radio(f"{qid}-why", str(i), md(o.text), str(i)) for i, o in enumerate(check.options))
        body.append(f"<fieldset><legend>{ui['why']}</legend>{reasons}</fieldset>")
        body.append(_template("ttrue", f"<p>{md(check.verdict_feedback[0])}</p>"))
        body.append(_template("tfalse", f"<p>{md(check.verdict_feedback[1])}</p>"))
        verdict = ui["statement_true"] if check.verdict else ui["statement_false"]
        explain.append(f"<li><p><strong>{verdict}</strong> "
                       f"{md(check.verdict_feedback[0 if check.verdict else 1])}</p></li>")  # fmt: skip
        for i, o in enumerate(check.options):
            mark = ui["best"] if o.correct else ui["not_best"]
            body.append(_template(f"o{i}", f"<p>{md(o.feedback)}</p>"))
            explain.append(f"<li><p><strong>{md(o.text)}</strong> ({mark}.) {md(o.feedback)}</p></li>")
    else:
        rows = []
        for i, (item, answer) in enumerate(zip(check.options, check.answers)):
            opts = f'<option value="">{ui["choose"]}</option>' + "".join(
                f'<option value="{esc(c)}">{esc(c)}</option>' for c in check.choices
            )
            rows.append(f'<div class="cc-item"><label for="{qid}-{i}">{i + 1}. {md(item.text)}</label>'
                        f'<select id="{qid}-{i}" data-answer="{esc(answer)}">{opts}</select></div>')  # fmt: skip
            body.append(_template(f"o{i}", f"<p>{md(item.feedback)}</p>"))
            explain.append(f"<li><p><strong>{md(item.text)}</strong>: {esc(answer)}. {md(item.feedback)}</p></li>")
        body.insert(0, f"<fieldset><legend>{md(check.prompt)}</legend>{''.join(rows)}</fieldset>")
    section = esc(check.section)
    parts = [
        _STYLE if assets else "",
        f'<section class="cc" id="{qid}" aria-labelledby="{qid}-title" '
        + " ".join(f'{k}="{esc(v)}"' for k, v in attrs.items())
        + (
            ""
            if check.language == "en"
            else f' lang="{check.language}" dir="{"rtl" if check.language == "ar" else "ltr"}"'
        )
        + ">",
        title,
        *body,
        f'<button type="button" class="cc-check">{ui["check"]}</button>',
        '<div class="cc-feedback" role="status" aria-live="polite"></div>',
        f'<details class="cc-all"><summary>{ui["explain"]}</summary><ul>{"".join(explain)}</ul></details>',
        f'<p class="cc-back">{ui["back"]} <a href="#{section_id(check.section)}" '
        f'data-cc-section="{section}">{section}</a></p>',
        "</section>",
        _SCRIPT.replace("__UI__", _ui_json()) if assets else "",
    ]
    return "".join(parts)


def render_text(check: Check) -> str:
    """The question as plain Markdown text (the PDF and any front end that shows no HTML): the
    question, its options and, after them, the answer with its explanation."""
    ui = UI[check.language]
    title = f"**{ui['title'].format(n=check.number, total=check.total)}.**"
    lines = [f"{title} {check.prompt}", ""]
    letters = "abcdefghij"
    if check.kind == "choice":
        lines += [f"{letters[i]}. {o.text}" for i, o in enumerate(check.options)]
        right = next(i for i, o in enumerate(check.options) if o.correct)
        lines += ["", f"*{ui['answer']}* {letters[right]}. {check.options[right].feedback}"]
    elif check.kind == "true-false":
        lines[0] = f"{title} {ui['true_or_false']} {check.prompt}"
        lines += [ui["why"], ""] + [f"{letters[i]}. {o.text}" for i, o in enumerate(check.options)]
        right = next(i for i, o in enumerate(check.options) if o.correct)
        verdict = ui["true"] if check.verdict else ui["false"]
        lines += ["", f"*{ui['answer']}* {verdict}, {ui['for_reason']} {letters[right]}. "
                  f"{check.verdict_feedback[0 if check.verdict else 1]} {check.options[right].feedback}"]  # fmt: skip
    else:
        lines += [f"{i + 1}. {o.text}" for i, o in enumerate(check.options)]
        lines += ["", f"{ui['choose_from']} " + "; ".join(check.choices) + ".", ""]
        lines += [f"*{ui['answers']}* " + " ".join(f"{i + 1}: {a}." for i, a in enumerate(check.answers))]
    return DATA_CITATION.sub(r"[\1](../book/data.md)", "\n".join(lines))


class _Shown:
    """What :func:`concept_check` returns: JupyterLab shows the HTML, a plain front end the text."""

    def __init__(self, check: Check):
        self.check = check

    def _repr_html_(self) -> str:
        return render_html(self.check)

    def _repr_markdown_(self) -> str:
        return render_text(self.check)

    def __repr__(self) -> str:
        return render_text(self.check)


def concept_check(chapter: str, check_id: str):
    """Show one of the chapter's concept checks (run the cell; answer; press "Check answer"), in the
    language the notebook chose with ``coursekit.checks.language`` (an Arabic chapter calls
    ``language("ar")`` in its setup cell) where the chapter has a translation in it."""
    from coursekit.checks.i18n import language

    translated = TRANSLATIONS_DIR.get(language())
    folder = translated if translated and (translated / f"{chapter}.yml").exists() else None
    try:
        checks = check_chapter(chapter, folder)
    except ConceptCheckError as exc:
        return _Problem(f"This concept check cannot be shown: {exc}")
    for c in checks:
        if c.id == check_id:
            return _Shown(c)
    known = ", ".join(c.id for c in checks)
    return _Problem(f"Chapter {chapter} has no concept check {check_id!r} (it has: {known}).")


class _Problem:
    """A message instead of a question, never a traceback in the learner's notebook."""

    def __init__(self, message: str):
        self.message = message

    def _repr_markdown_(self) -> str:
        return f"**{self.message}**"

    def __repr__(self) -> str:
        return self.message
