"""Rewrite requirements.txt from the current environment, keeping the direct dependencies first.

Usage (maintainers, after adding or upgrading a package in .venv):
    .venv/bin/python scripts/pin_requirements.py
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

DIRECT = [
    "jupyter-book",
    "jupyterlab",
    "matplotlib",
    "nbval",
    "pandas",
    "numpy",
    "networkx",
    "sphinx-exercise",
    "sphinx-togglebutton",
    "sphinx-design",
    "sphinxcontrib-bibtex",
    "sphinx-mathjax-offline",
    "jupyter-cache",
    "myst-nb",
    "frictionless",
    "nbgrader",
    "pytest",
    "pytest-xdist",
    "requests",
    "pyyaml",
    "nbformat",
    "nbclient",
    "ipykernel",
    "psutil",
    "playwright",
    "axe-playwright-python",
    "jupyterhub",
    "nbgitpuller",
    "jupyter-repo2docker",
    "ruff",
    "pre-commit",
    "hypothesis",
]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def main() -> None:
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"], capture_output=True, text=True, check=True
    ).stdout
    pins = {}
    for line in frozen.splitlines():
        if "==" in line and not line.startswith(("#", "-e", "coursekit")):
            name, version = line.split("==", 1)
            pins[norm(name)] = f"{name}=={version}"
    missing = [d for d in DIRECT if norm(d) not in pins]
    if missing:
        sys.exit(f"not installed in this environment: {', '.join(missing)}")
    direct = {norm(d) for d in DIRECT}
    lines = [
        "# Exact pins for Python 3.11. `make env` installs this file into .venv/.",
        "# Regenerate with `.venv/bin/python scripts/pin_requirements.py`.",
        "",
        "# The course's own helper package, installed from this repository",
        "-e .",
        "",
        "# Direct dependencies",
        *(pins[norm(d)] for d in DIRECT),
        "",
        "# Everything they pull in, pinned for a reproducible build",
        *(pins[k] for k in sorted(pins) if k not in direct),
    ]
    Path(__file__).resolve().parent.parent.joinpath("requirements.txt").write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
