"""Maintainers' tools: never imported by a learner's kernel, never given to students.

- ``derive``: rebuild ``data/`` from the raw files in ``../shared/data-sources`` (and validate the
  curated, cited tables that live in ``data/`` itself);
- ``refresh``: fetch the World Bank indicators live and rebuild ``data/``;
- ``datapage``: write the book's data page from the data package;
- ``editions``: write the exercise sets' learner, book and classroom editions from the nbgrader sources;
- ``structure``: check that every chapter has the shape the course requires.

Run each as ``python -m maintainers.<tool>`` from the repository root (``make help`` lists the
commands that wrap them). The learner's package is ``coursekit/``; the instructor's graders are
``graders/``.
"""
