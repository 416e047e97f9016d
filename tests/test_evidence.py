"""The evidence ledger (data/evidence.csv) covers every cited sentence, and the checks on it can fail.

Each chapter's cited sentences are found by ``maintainers.evidence``; every (sentence, key) pair needs a
ledger row with a verbatim passage and a verdict, a row whose sentence was edited or removed is stale, and a
verdict other than "supports" must be visible in the sentence's own paragraph.
"""

from __future__ import annotations

import datetime as dt
import re

import nbformat
import pytest

from coursekit.data import load
from maintainers import evidence as ev
from maintainers.structure import CITE_ROLE, bib_keys

LEDGER = ev.read_ledger()
DOCS = ev.documents()


# ---------------------------------------------------------------------------------------------- splitting
@pytest.mark.parametrize(
    "block, expected",
    [
        ("One sentence {footcite:p}`a`. Another one.", ["One sentence {footcite:p}`a`.", "Another one."]),
        ("As e.g. Ghaly says, it began in 1985. Then more.", ["As e.g. Ghaly says, it began in 1985.", "Then more."]),
        ("Said by T. Eich in 2005. Next.", ["Said by T. Eich in 2005.", "Next."]),
        ("In the U.S. rules differ. Next.", ["In the U.S. rules differ.", "Next."]),
        ("It ended. {footcite:p}`k` Next one.", ["It ended. {footcite:p}`k`", "Next one."]),
        ('He wrote "it is allowed." Then it changed.', ['He wrote "it is allowed."', "Then it changed."]),
        ("See {glue:text}`x.y` here. Next.", ["See {glue:text}`x.y` here.", "Next."]),
    ],
)
def test_sentence_splitter(block, expected):
    assert ev.sentences(block) == expected


def test_blocks_split_list_items_and_table_rows():
    text = "Intro line\ncontinues here.\n\n- item one\n  goes on.\n- item two\n\n| a | b |\n| c | d |"
    assert ev._blocks(text) == [
        "Intro line continues here.",
        "- item one goes on.",
        "- item two",
        "| a | b |",
        "| c | d |",
    ]


def test_claim_ids_are_stable_and_change_with_the_text():
    a = ev.claim_id("notebooks/08-islamic-bioethics.ipynb", "A sentence {footcite:p}`k`.")
    assert a == ev.claim_id("notebooks/08-islamic-bioethics.ipynb", "A  sentence\n{footcite:p}`k`.")
    assert a != ev.claim_id("notebooks/08-islamic-bioethics.ipynb", "A sentence, edited {footcite:p}`k`.")
    assert a.startswith("08-") and re.fullmatch(r"08-[0-9a-f]{8}", a)


# ---------------------------------------------------------------------------------------------- coverage
def test_every_cited_sentence_has_a_ledger_row_and_every_row_a_sentence():
    found = ev.problems(LEDGER)
    assert not found, f"{len(found)} problem(s), e.g.:\n" + "\n".join(found[:20])


def test_coverage_is_all_cited_sentences_of_every_document():
    pairs = {(c.claim_id, k) for c in ev.all_claims() for k in c.keys}
    rows = {(r["claim_id"], r["citation"]) for r in LEDGER}
    assert len(pairs) > 500
    assert pairs == rows
    assert {r["document"] for r in LEDGER} == set(DOCS)


def test_a_removed_ledger_row_fails():
    removed = LEDGER[len(LEDGER) // 2]
    found = ev.problems([r for r in LEDGER if r is not removed])
    assert any(removed["claim_id"] in p and "has no ledger row" in p for p in found), found


def test_an_edited_sentence_makes_its_row_stale(monkeypatch):
    row = next(r for r in LEDGER if r["document"].startswith("notebooks/08"))
    original = ev._texts

    def edited(document):
        texts = original(document)
        if document == row["document"]:
            texts = [
                t.replace(row["sentence"].split(" {")[0][:60], "An edited sentence, now different,", 1) for t in texts
            ]
        return texts

    monkeypatch.setattr(ev, "_texts", edited)
    found = ev.problems(LEDGER, docs=[row["document"]])
    assert any("stale" in p and row["claim_id"] in p for p in found), found
    assert any("has no ledger row" in p and "An edited sentence" in p for p in found), found


def test_a_row_for_a_key_the_sentence_no_longer_cites_fails():
    row = dict(LEDGER[0])
    bad = [dict(row, citation="nosuchkey2000")] + LEDGER
    assert any("no longer cites nosuchkey2000" in p for p in ev.problems(bad, docs=[row["document"]]))


def test_a_verdict_other_than_supports_must_be_visible_in_the_text():
    row = next(r for r in LEDGER if r["verdict"] == "supports")
    others = [r for r in LEDGER if r is not row]
    hidden = dict(row, verdict="supports-in-part", caveat="words that the paragraph does not contain")
    found = ev.problems([*others, hidden], docs=[row["document"]])
    assert any("is not in the paragraph" in p for p in found), found
    no_caveat = dict(row, verdict="supports-in-part", caveat="")
    assert any("'caveat' is empty" in p for p in ev.problems([*others, no_caveat], docs=[row["document"]]))
    claim = next(c for c in ev.claims(row["document"]) if c.claim_id == row["claim_id"])
    visible_words = ev.paragraph_of(claim).split(" {")[0][:40]
    disagree = dict(row, verdict="sources-disagree", caveat=visible_words, disagrees_with="nosuchkey2000")
    found = ev.problems([*others, disagree], docs=[row["document"]])
    assert any("nosuchkey2000 not cited in the paragraph" in p for p in found), found


def test_rows_with_a_caveat_verdict_pass_the_visibility_check():
    """The non-'supports' rows in the ledger exist and each passes (so the check is exercised on real rows)."""
    flagged = [r for r in LEDGER if r["verdict"] != "supports"]
    assert flagged, "the ledger records no partial support or disagreement at all"
    by_id = {c.claim_id: c for c in ev.all_claims()}
    for r in flagged:
        assert ev._caveat_problems(r, by_id[r["claim_id"]]) == [], r["claim_id"]


# ---------------------------------------------------------------------------------------------- the rows
def test_ledger_rows_are_well_formed():
    keys = bib_keys()
    today = dt.date.today()
    for r in LEDGER:
        where = f"{r['claim_id']} / {r['citation']}"
        assert r["citation"] in keys, where
        assert r["verdict"] in ev.VERDICTS, where
        assert dt.date.fromisoformat(r["read_on"]) <= today, where
        assert r["url"].startswith(("http://", "https://")), where
        passage = r["passage"].strip()
        assert len(passage.split()) >= 3, f"{where}: passage too short to be a quotation"
        assert not CITE_ROLE.search(passage) and "{glue" not in passage, f"{where}: the passage is the course's text"
        assert passage not in r["sentence"] or len(passage) < 0.8 * len(ev._display_sentence(r["sentence"])), (
            f"{where}: the passage is the sentence itself"
        )
        for d in r["disagrees_with"].split(","):
            assert not d.strip() or d.strip() in keys, where
        assert "facts.md" not in r["passage"], where


def test_the_ledger_loads_with_its_schema():
    df = load("evidence")
    assert len(df) == len(LEDGER)
    assert set(df["verdict"]) <= set(ev.VERDICTS)


def test_every_source_says_what_kind_it_is_and_points_readers_at_nothing_they_do_not_have():
    fields = ev.bib_fields()
    working = {k: f["note"] for k, f in fields.items() if "facts.md" in f.get("note", "")}
    assert not working, f"{len(working)} bib notes cite the working fact base, e.g. {list(working.items())[:3]}"
    unkinded = sorted(k for k, f in fields.items() if ev.source_kind(f.get("note", "")) is None)
    assert not unkinded, f"notes must begin with one of {list(ev.KINDS)}: {unkinded[:10]}"


# ---------------------------------------------------------------------------------------------- the sections
@pytest.mark.parametrize("doc", ev.chapters(), ids=lambda d: d.split("/")[-1])
def test_each_chapter_ends_with_its_evidence_section_generated_from_the_ledger(root, doc):
    nb = nbformat.read(root / doc, as_version=4)
    last = nb.cells[-1]
    assert ev.EVIDENCE_TAG in last.metadata.get("tags", [])
    assert last.source == ev.section_markdown(doc, LEDGER), "run: python -m maintainers.evidence sections"
    n_claims = len(ev.claims(doc))
    assert f"Show the {n_claims} cited sentences" in last.source
    assert last.source.count("\n1. ") == n_claims
    # every quoted passage of the chapter appears in its section
    for r in (r for r in LEDGER if r["document"] == doc):
        assert ev._escape(r["passage"]) in last.source


def test_the_evidence_section_is_not_read_as_chapter_text(root):
    doc = ev.chapters()[0]
    before = ev.claims(doc)
    nb = nbformat.read(root / doc, as_version=4)
    assert any(ev.EVIDENCE_TAG in c.metadata.get("tags", []) for c in nb.cells)
    assert all("Show the" not in c.sentence for c in before)


def test_the_seven_audited_failures_are_recorded_where_they_were_fixed():
    """Issue 14's independent check found seven citations that did not say what the sentence said; each
    fix is marked in the ledger on rows of sentences that still exist (so the fix cannot silently go)."""
    current = {c.claim_id for c in ev.all_claims()}
    found = {}
    for r in LEDGER:
        m = re.match(r"Audit 2026-11 finding (\d): ", r["working_note"])
        if m:
            assert r["claim_id"] in current
            found.setdefault(int(m.group(1)), []).append(r)
    assert sorted(found) == list(range(1, 8))
    # the disagreement on Saudi Arabia (finding 7) is said in the text, naming both sources
    assert all(r["verdict"] == "sources-disagree" for r in found[7])
    assert any("inhorn2006making" == r["citation"] for r in found[1])  # the second date's source is cited


def test_no_bibliography_note_repeats_a_model_answer():
    """Notes are printed under every chapter's references and in the classroom build, where no solution
    text may appear: a note that paraphrases an exercise's model answer word for word would leak it."""
    from maintainers.editions import _norm, solution_fingerprints

    prints = solution_fingerprints()
    leaks = [
        f"{key}: {excerpt}"
        for key, fields in ev.bib_fields().items()
        for frag, excerpt in prints.items()
        if frag in _norm(fields.get("note", ""))
    ]
    assert not leaks, leaks
