"""The preview scripts are the book's own, unchanged copies of the versions its README names."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "book" / "_static" / "vendor" / "tippy"


def test_vendored_scripts_match_their_recorded_versions():
    table = (VENDOR / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"\| `([^`]+\.js)` \| .*? \| ([\d.]+) \| .*? \| `([0-9a-f]{64})` \|", table)
    assert {name for name, _, _ in rows} == {p.name for p in VENDOR.glob("*.js")}
    for name, version, digest in rows:
        data = (VENDOR / name).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, f"{name} is not the file the README records"
        assert version.encode() in data[:400] or name.startswith("tippy"), f"{name}: not version {version}"
    assert (VENDOR / "LICENSE-popper.md").exists() and (VENDOR / "LICENSE-tippy").exists()


def test_previews_are_configured_offline():
    import sys

    sys.path.insert(0, str(ROOT / "book" / "_ext"))
    import course_previews

    s = course_previews.SETTINGS
    assert s["tippy_enable_wikitips"] is False and s["tippy_enable_doitips"] is False and not s["tippy_rtd_urls"]
    assert all(
        not js.startswith(("http:", "https:", "//")) and (ROOT / "book" / "_static" / js).exists()
        for js in s["tippy_js"]
    )
    assert s["tippy_props"]["theme"] == "course"  # course-previews.css: the theme's colours, light and dark
