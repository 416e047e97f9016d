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


@pytest.mark.parametrize(
    ("value", "display"),
    [(v, d) for v in (57, 12.345, "Saudi Arabia") for d in (True, False)] + [([1, 2], True), ({"a": 1}, True)],
)
def test_glue_writes_what_myst_nb_writes(monkeypatch, value, display):
    import myst_nb.ext.glue as theirs

    ours = _captured(monkeypatch, prose.glue, prose, "name", value, display=display)
    reference = _captured(monkeypatch, theirs.glue, theirs, "name", value, display=display)
    assert ours == reference and len(ours) == 1
    assert prose.GLUE_PREFIX == theirs.GLUE_PREFIX


def _run(code: str, monkeypatch) -> tuple[dict, list]:
    """Run *code* as a notebook cell would (its own global namespace); return it and what it glued."""
    shown = []
    monkeypatch.setattr(prose, "_display", lambda name, value, display: shown.append((name, value, display)))
    namespace: dict = {}
    exec(code, namespace)  # noqa: S102 (the test's own code)
    return namespace, shown


def test_glue_values_hides_each_value_and_binds_its_name(monkeypatch):
    """JupyterLab evaluates {eval}`a` in the kernel: the name must exist there, with the glued value."""
    ns, shown = _run("from coursekit.prose import glue_values\nglue_values(a=1, b='x')", monkeypatch)
    assert shown == [("a", 1, False), ("b", "x", False)]
    assert ns["a"] == 1 and ns["b"] == "x"


def test_a_glued_numpy_number_is_the_python_number_it_equals(monkeypatch):
    """Else the book would show np.int64(57) and JupyterLab 57, or the other way round."""
    ns, shown = _run(
        "import numpy as np\nfrom coursekit.prose import glue\nglue('n', np.int64(57), display=False)", monkeypatch
    )
    assert shown == [("n", 57, False)] and type(shown[0][1]) is int and type(ns["n"]) is int


def test_glue_values_will_not_overwrite_a_variable_of_the_notebook(monkeypatch):
    with pytest.raises(ValueError, match="already has a variable 'oic'"):
        _run("from coursekit.prose import glue_values\noic = ['EGY']\nglue_values(oic=57)", monkeypatch)
    # ... but quoting a variable under its own name is the common case, and re-running a cell is fine
    ns, _ = _run(
        "from coursekit.prose import glue_values\nn = 3\nglue_values(n=n)\nglue_values(m=1)\nglue_values(m=2)",
        monkeypatch,
    )
    assert ns["n"] == 3 and ns["m"] == 2


@pytest.mark.parametrize("value", [[1, 2], {"a": 1}, None, 2.5j])
def test_the_prose_quotes_only_numbers_strings_and_booleans(monkeypatch, value):
    with pytest.raises(TypeError, match="the prose can quote a number, a string or a boolean"):
        _run(f"from coursekit.prose import glue_values\nglue_values(x={value!r})", monkeypatch)


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
