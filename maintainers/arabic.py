"""The Arabic edition (``ar/``): its configuration, its list of chapters not yet translated, and the
record that keeps every translation in step with its English source (issue 18).

    python -m maintainers.arabic              # write ar/_config.yml and ar/book/english-chapters.md
    python -m maintainers.arabic --check      # exit 1 if either differs, or a translation is stale
    python -m maintainers.arabic --stale      # list translations whose English source changed
    python -m maintainers.arabic --translated ar/book/intro.md   # record that a page now translates
                                                                 # its source as it is today
    python -m maintainers.arabic --build [--path-output DIR]     # build the Arabic book into the site,
                                                                 # DIR/_build/html/ar
    python -m maintainers.arabic --build --no-publish            # only build it, into DIR/_build/ar;
    python -m maintainers.arabic --publish                       # then copy it into the site (make book
                                                                 # builds it while the English builds)

* **Configuration.** ``ar/_config.yml`` is made from the English ``_config.yml`` (one source for the
  extensions and settings of both editions): the Arabic title, ``language: ar`` and
  ``course_edition: ar``, and paths that point from ``ar/`` back to the repository's files.
* **Chapters not yet translated.** ``ar/book/english-chapters.md`` lists, in Arabic, every page of the
  English table of contents that has no Arabic page, with a link to the English page.
* **Staying in step.** Every translated page opens with front matter naming its English source and the
  SHA-256 of the source as translated::

      translation:
        source: book/intro.md
        source_sha256: ceba8ea8...

  A notebook (a chapter in ``ar/notebooks/``, an exercise source ``exercises/source/<set>-ar/``) keeps
  the same record in its metadata (``"translation": {"source": ..., "source_sha256": ...}``).
  When the English page changes, the hashes differ and ``--check`` (and the test suite) fail, naming the
  page, so a translation never goes stale silently. After updating the translation, record it with
  ``--translated``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
AR = ROOT / "ar"
CONFIG = AR / "_config.yml"
CHAPTERS_PAGE = AR / "book" / "english-chapters.md"
TITLE = "العلم عبر الحدود: التعاون البحثي وأخلاقيات الخلايا الجذعية في العالم الإسلامي"


# ----------------------------------------------------------------------------------------- configuration
def config_text(english: Path = ROOT / "_config.yml") -> str:
    """``ar/_config.yml`` as the English configuration makes it."""
    cfg = yaml.safe_load(english.read_text(encoding="utf-8"))
    cfg["title"] = TITLE
    cfg["exclude_patterns"] = ["_build/*", "**.ipynb_checkpoints"]
    cfg["bibtex_bibfiles"] = ["../" + b for b in cfg["bibtex_bibfiles"]]
    cfg["html"]["favicon"] = "../" + cfg["html"]["favicon"]
    cfg["html"]["extra_footer"] = (
        "<p>النصوص بموجب رخصة CC BY 4.0، والشيفرة بموجب رخصة MIT، وتحتفظ كل مجموعة بيانات بالرخصة المسجّلة لها.</p>"
    )
    cfg["repository"]["path_to_book"] = "ar"
    cfg.pop("latex", None)  # the Arabic edition has no PDF yet
    sphinx = cfg["sphinx"]
    sphinx["local_extensions"] = {name: "../" + path for name, path in sphinx["local_extensions"].items()}
    conf = sphinx["config"]
    conf["language"] = "ar"
    conf["course_edition"] = "ar"
    conf["html_extra_path"] = ["../" + p for p in conf.get("html_extra_path", [])]
    for key in ("latex_elements", "latex_additional_files"):
        conf.pop(key, None)
    header = (
        "# The Arabic edition's configuration, made from the English _config.yml by\n"
        "# `python -m maintainers.arabic` (do not edit: edit _config.yml and run it; the tests compare).\n"
    )
    return header + yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=110)


# ------------------------------------------------------------------------------- chapters not translated
def _title(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def _source(page: str, root: Path = ROOT) -> Path | None:
    return next((root / f"{page}{s}" for s in (".md", ".ipynb") if (root / f"{page}{s}").exists()), None)


#: The English table of contents' parts, in Arabic.
PARTS = {
    "Start here": "ابدأ هنا",
    "Part I: International research collaboration": "الجزء الأول: التعاون البحثي الدولي",
    "Part II: Stem cell science and ethics": "الجزء الثاني: علم الخلايا الجذعية وأخلاقياته",
    "Part III: Case studies": "الجزء الثالث: دراسات حالة",
    "Part IV: Critical thinking and capstone": "الجزء الرابع: التفكير النقدي والمشروع الختامي",
    "Exercises": "التمارين",
    "Back matter": "ملاحق",
}


def chapters_page(toc_path: Path = ROOT / "_toc.yml") -> str:
    """``ar/book/english-chapters.md``: every English page without an Arabic one, by part, linked."""
    toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    lines = [
        "# فصول لم تُترجم بعد (بالإنجليزية)",
        "",
        "هذه الطبعة العربية تنمو فصلًا بعد فصل. الصفحات التالية من المقرر لم تُترجم بعد، والروابط تفتحها في",
        "الطبعة الإنجليزية. ولكل صفحة مترجمة رابط إلى أصلها الإنجليزي في أعلاها.",
        "",
        "<!-- يُولَّد هذا الملف من جدول المحتويات الإنجليزي (_toc.yml) بالأمر python -m maintainers.arabic. -->",
    ]
    for part in toc.get("parts", []):
        pages = [c["file"] for c in part.get("chapters", []) if "file" in c and _source(c["file"], AR) is None]
        if not pages:
            continue
        caption = part.get("caption", "")
        lines += ["", f"## {PARTS.get(caption, caption)}", "", '<ul class="course-ltr-list">']
        for page in pages:
            source = _source(page)
            if source is None:
                continue
            lines.append(f'<li><a href="../../{page}.html" hreflang="en" lang="en" dir="ltr">{_title(source)}</a></li>')
        lines.append("</ul>")
    return "\n".join(lines) + "\n"


# -------------------------------------------------------------------------------------- staying in step
def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _front_matter(path: Path) -> dict:
    if path.suffix == ".ipynb":
        return json.loads(path.read_text(encoding="utf-8")).get("metadata", {})
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    return yaml.safe_load(text[4 : text.index("\n---", 4)]) or {}


def translations(ar: Path = AR) -> list[Path]:
    """The translated pages: every page of the Arabic edition except those generated (the list of
    chapters not translated, the glossary, the exercise sets' book pages), and the Arabic exercise
    sources (``exercises/source/<set>-ar/``, beside the English ones)."""
    generated = {CHAPTERS_PAGE.relative_to(AR), Path("book/glossary.md")}
    pages = [
        p
        for p in ar.rglob("*")
        if p.suffix in (".md", ".ipynb")
        and "_build" not in p.parts
        and p.relative_to(ar) not in generated
        and p.relative_to(ar).parts[:1] != ("exercises",)
    ]
    return sorted(pages) + sorted((ar.parent / "exercises" / "source").glob("*-ar/*-ar.ipynb"))


def stale(ar: Path = AR, root: Path = ROOT) -> list[str]:
    """What is wrong with the translations' records: a page without one, a source that does not exist,
    or a source that changed after it was translated. Each message names the page."""
    out = []
    for page in translations(ar):
        shown = page.relative_to(root) if page.is_relative_to(root) else page
        record = _front_matter(page).get("translation") or {}
        source, recorded = record.get("source"), record.get("source_sha256")
        if not source or not recorded:
            out.append(f"{shown}: no translation record (front matter translation: source, source_sha256)")
            continue
        path = root / source
        if not path.exists():
            out.append(f"{shown}: translates {source}, which does not exist")
            continue
        now = sha256(path)
        if now != recorded:
            out.append(
                f"{shown}: stale: {source} changed after it was translated (recorded {recorded[:12]}, now "
                f"{now[:12]}); update the translation, then run python -m maintainers.arabic --translated {shown}"
            )
    return out


def mark_translated(page: Path) -> None:
    """Record in *page* that it translates its source as the source is today."""
    text = page.read_text(encoding="utf-8")
    record = _front_matter(page).get("translation") or {}
    if page.suffix == ".ipynb" and not record:  # a new translated notebook: its source is known by its place
        import nbformat

        from maintainers.translation import english_of

        nb = nbformat.read(page, as_version=4)
        source = english_of(page)
        nb.metadata["translation"] = {"source": source.relative_to(ROOT).as_posix(), "source_sha256": sha256(source)}
        nbformat.write(nb, page)
        return
    if not record.get("source") or not record.get("source_sha256"):
        raise SystemExit(f"{page}: no translation record to update")
    old, new = record["source_sha256"], sha256(ROOT / record["source"])
    if page.suffix == ".ipynb":  # the record is in the notebook's metadata
        text = text.replace(f'"source_sha256": "{old}"', f'"source_sha256": "{new}"', 1)
    else:
        text = text.replace(f"source_sha256: {old}", f"source_sha256: {new}", 1)
    page.write_text(text, encoding="utf-8")


# ----------------------------------------------------------------------------------------------- build
def build(
    out: Path = ROOT, warnings_are_errors: bool = True, publish_site: bool = True, one_core: bool = False
) -> subprocess.CompletedProcess:
    """Build the Arabic book afresh (its own Sphinx run, output and caches in ``out/_build/ar``; a few
    seconds, and ``make book`` runs it only when one of its sources changed) and, if it built and
    *publish_site*, copy it into the site the English build made (``publish``). Returns the
    jupyter-book run. ``make book`` builds it while the English book builds, and publishes it after;
    *one_core* then executes its notebooks one by one, leaving the other core to the English build."""
    work = out / "_build" / "ar"
    flags = ["--warningiserror", "--keep-going"] if warnings_are_errors else []
    # its notebooks first, in parallel, into the cache the build reads (as make book does for the English)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "execute_notebooks.py"), "--toc", str(AR / "_toc.yml"),
         "--cache", str(work / "_build" / ".jupyter_cache"), *(["--jobs", "1"] if one_core else [])],
        check=False,
    )  # fmt: skip
    proc = subprocess.run(
        [
            str(Path(sys.executable).parent / "jupyter-book"),
            "build",
            str(AR),
            "--all",
            "--path-output",
            str(work),
            *flags,
        ],
        capture_output=True,
        text=True,
    )
    if proc.returncode == 0 and publish_site:
        publish(out)
    return proc


def publish(out: Path = ROOT) -> Path:
    """Copy the built Arabic book (``out/_build/ar``) into the site, as ``out/_build/html/ar``."""
    import shutil

    built = out / "_build" / "ar" / "_build" / "html"
    if not (built / "index.html").is_file():
        raise SystemExit(f"{built}: no Arabic book built there (python -m maintainers.arabic --build)")
    site = out / "_build" / "html" / "ar"
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(built, site)
    return site


# ------------------------------------------------------------------------------------------------ main
def generated() -> dict[Path, str]:
    return {CONFIG: config_text(), CHAPTERS_PAGE: chapters_page()}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m maintainers.arabic", description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing; check every translation")
    parser.add_argument("--stale", action="store_true", help="list the translations whose source changed")
    parser.add_argument("--translated", type=Path, metavar="PAGE", help="record that PAGE translates its source now")
    parser.add_argument("--build", action="store_true", help="build the Arabic book into the site")
    parser.add_argument("--no-publish", action="store_true", help="with --build: build it, leave the site alone")
    parser.add_argument("--publish", action="store_true", help="copy the built Arabic book into the site")
    parser.add_argument("--path-output", type=Path, default=ROOT, help="with --build: as jupyter-book's option")
    parser.add_argument(
        "--one-core", action="store_true", help="with --build: execute its notebooks one by one (another build runs)"
    )
    args = parser.parse_args(argv)
    if args.publish and not args.build:
        print(f"published {publish(args.path_output.resolve())}")
        return 0
    if args.build:
        proc = build(args.path_output.resolve(), publish_site=not args.no_publish, one_core=args.one_core)
        sys.stdout.write(proc.stdout[-2000:])
        sys.stderr.write(proc.stderr)
        return proc.returncode
    if args.translated:
        mark_translated(args.translated.resolve())
        return 0
    problems = stale()
    if args.stale:
        print("\n".join(problems) or "every translation is in step with its English source")
        return 1 if problems else 0
    for path, text in generated().items():
        now = path.read_text(encoding="utf-8") if path.exists() else None
        if now == text:
            continue
        if args.check:
            problems.append(
                f"{path.relative_to(ROOT)}: not as made from the English (run python -m maintainers.arabic)"
            )
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(ROOT)}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())
