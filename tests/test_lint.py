"""The course's own Python code has no unused imports, undefined names or similar slips."""
from __future__ import annotations

import subprocess
import sys


def test_pyflakes_is_clean(root):
    result = subprocess.run(
        [sys.executable, "-m", "pyflakes", "coursekit", "graders", "tests", "scripts", "book/_ext"],
        cwd=root, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
