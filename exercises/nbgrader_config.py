# nbgrader configuration for the course's exercise sets.
#
# This folder (exercises/) is the nbgrader course root: run every `nbgrader`
# command from here (see book/instructors/nbgrader.md). The learner edition in
# exercises/learner/ is generated with these same settings by
# `python -m maintainers.editions`, so it is identical to what `nbgrader
# generate_assignment` releases.

import os
from pathlib import Path

from nbconvert.preprocessors import CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import ClearHiddenTests, GetGrades  # noqa: F401  (used below)

c = get_config()  # noqa: F821  (provided by nbgrader when it reads this file)

c.CourseDirectory.course_id = "science-across-borders"

# The hidden tests grade with the instructor-only package `graders`, which lives at the root of the
# course repository and is never installed or given to students. Kernels that nbgrader starts
# (validate, autograde) find it through PYTHONPATH, set here for them.
_ROOT = str(Path(__file__).resolve().parent.parent)  # noqa: F821  (__file__ is set by the config loader)
os.environ["PYTHONPATH"] = os.pathsep.join(
    [_ROOT] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != _ROOT]
)
# The public edition's self-checks use the keys in the package (a class variant's course root sets
# COURSEKIT_KEYS to its own keys below this line; see graders/variants.py).
os.environ.pop("COURSEKIT_KEYS", None)

# Placeholders in the learner edition. `pass` keeps "Run all" going through a blank notebook and
# shows nothing (a bare `...` would print "Ellipsis" under every answer cell); the self-checks then
# say which answers are still missing.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\npass"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"

# Generous but finite: the sets load two small CSV files.
c.Execute.timeout = 120

# Keep hidden tests hidden in the feedback students receive (nbgrader issue #1363):
# the autograded notebook holds the instructor's test cells, so strip the hidden
# regions again before rendering feedback.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]

# On a JupyterHub, set the shared exchange directory (created by the hub admin):
# c.Exchange.root = "/srv/nbgrader/exchange"
