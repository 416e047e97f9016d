"""A learner told to use a course function finds it defined.

Every course name (a public name of a ``coursekit`` module) that a question's text puts in code font must
be defined once the set's given code cells have run: a question that says "grade it with `grade_claim`"
while the setup cell does not import it sends the learner a ``NameError`` instead of an exercise.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re

import nbformat
import pandas as pd
import pytest

import coursekit
from graders.keys import solution_namespace
from maintainers.editions import sets, source_path

# a name in code font, alone or called: `grade_claim`, `grade_claim("a", ...)`
IN_CODE_FONT = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)(\([^`]*\))?`")


def _course_names() -> set[str]:
    """The public names of the modules a learner imports (``coursekit.*`` and ``coursekit.checks``;
    the checkers' internals under ``coursekit.checks.*`` are not for learners)."""
    names: set[str] = set(importlib.import_module("coursekit.checks").__all__)
    for info in pkgutil.iter_modules(coursekit.__path__, "coursekit."):
        if not info.ispkg:
            names.update(getattr(importlib.import_module(info.name), "__all__", ()))
    return names


def _defined_by_answers(nb) -> set[str]:
    """Names the learner is asked to define (an answer cell assigns, imports or defines them)."""
    names: set[str] = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution"):
            for node in ast.walk(ast.parse(cell.source)):
                if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
                    names.add(node.name)
                elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                    names.add(node.id)
                elif isinstance(node, ast.alias):  # an answer that imports a name asks the learner to
                    names.add((node.asname or node.name).split(".")[0])
    return names


COURSE_NAMES = _course_names()


def _columns(ns: dict) -> set[str]:
    return {str(col) for value in ns.values() if isinstance(value, pd.DataFrame) for col in value.columns}


@pytest.mark.parametrize("name", sets())
def test_course_names_a_question_mentions_are_defined(name):
    path = source_path(name)
    nb = nbformat.read(path, as_version=4)
    ns = solution_namespace(nb, path.parent)  # given cells and answers; the answers' names are set aside below
    columns = _columns(ns)
    mentioned = {
        word
        for cell in nb.cells
        if cell.cell_type == "markdown" and not cell.metadata.get("nbgrader", {}).get("solution")
        for word, call in IN_CODE_FONT.findall(cell.source)
        if word in COURSE_NAMES and (call or word not in columns)  # `per_million` may be a column
    } - _defined_by_answers(nb)
    missing = sorted(mentioned - set(ns))
    assert not missing, f"{name}: the questions mention {missing}, which no given cell defines"


def test_the_check_finds_a_missing_name():
    assert "grade_claim" in COURSE_NAMES
    text = 'grade it with `grade_claim` or `grade_claim("a")`, not `x + 1` or the column `population`'
    assert [word for word, _ in IN_CODE_FONT.findall(text)] == ["grade_claim", "grade_claim", "population"]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("def per_million(v, p):\n    total = v / p")])
    nb.cells[0].metadata["nbgrader"] = {"solution": True, "grade": False}
    assert _defined_by_answers(nb) == {"per_million", "total"}
