"""coursekit.prose.glue writes what myst-nb's glue writes, so the book pastes the same values."""

from __future__ import annotations

import pytest

from coursekit import prose


def _captured(monkeypatch, glue, module, *args, **kwargs):
    calls = []
    monkeypatch.setattr(module, "ipy_display", lambda *a, **k: calls.append((a, k)), raising=False)
    monkeypatch.setattr("IPython.display.display", lambda *a, **k: calls.append((a, k)))
    glue(*args, **kwargs)
    return calls


@pytest.mark.parametrize("display", [True, False])
@pytest.mark.parametrize("value", [57, 12.345, "Saudi Arabia", [1, 2], {"a": 1}])
def test_glue_writes_what_myst_nb_writes(monkeypatch, value, display):
    import myst_nb.ext.glue as theirs

    ours = _captured(monkeypatch, prose.glue, prose, "name", value, display=display)
    reference = _captured(monkeypatch, theirs.glue, theirs, "name", value, display=display)
    assert ours == reference and len(ours) == 1
    assert prose.GLUE_PREFIX == theirs.GLUE_PREFIX


def test_glue_values_hides_each_value(monkeypatch):
    calls = []
    monkeypatch.setattr(prose, "glue", lambda name, value, display=True: calls.append((name, value, display)))
    prose.glue_values(a=1, b="x")
    assert calls == [("a", 1, False), ("b", "x", False)]


def test_a_chapter_kernel_does_not_import_nbformat():
    """What the speed-up rests on: gluing imports neither myst-nb nor nbformat (checked in a fresh
    interpreter, as a kernel starts)."""
    import subprocess
    import sys

    code = (
        "import sys; from IPython.core.interactiveshell import InteractiveShell; InteractiveShell.instance();"
        "from coursekit.prose import glue, glue_values; glue_values(x=1); glue('y', 2);"
        "print(sorted(m for m in ('nbformat', 'myst_nb', 'jsonschema') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "[]", out
