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
    "jupyterlab_myst",
    "matplotlib",
    "nbval",
    "pandas",
    "numpy",
    "networkx",
    "sphinx-exercise",
    "sphinx-togglebutton",
    "sphinx-design",
    "sphinxcontrib-bibtex",
    "sphinx-tippy",
    "latex2mathml",
    "fonttools",
    "brotli",
    "pillow",
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


#: Optional packages left out on purpose. `make env` installs this file with `--no-deps` (it is the
#: whole environment, pinned), so pip does not add them back. jsonschema imports rfc3987-syntax, when
#: present, to check the "iri" string format, and that module builds 38 Lark parsers at import: about
#: 2 s in every process that imports jsonschema (each notebook kernel that imports nbformat, the book
#: build, nbgrader, every Jupyter server). Nothing in the course checks IRIs.
OMIT = {"rfc3987-syntax": "optional IRI checker of jsonschema", "lark": "used only by rfc3987-syntax"}


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
            if norm(name) not in OMIT:
                pins[norm(name)] = f"{name}=={version}"
    missing = [d for d in DIRECT if norm(d) not in pins]
    if missing:
        sys.exit(f"not installed in this environment: {', '.join(missing)}")
    direct = {norm(d) for d in DIRECT}
    lines = [
        "# Exact pins for Python 3.11: the whole environment. `make env` installs this file into .venv/",
        "# with `pip install --no-deps`. Regenerate with `.venv/bin/python scripts/pin_requirements.py`",
        f"# (which leaves out, on purpose: {', '.join(f'{k} ({v})' for k, v in OMIT.items())}).",
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
