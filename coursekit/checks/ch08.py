"""Self-checks of exercise set 08, "Islamic bioethics of embryo and stem cell research": the form of
each answer and its hints.

What is right is only in ``keys/08.json``, as salted hashes (see ``engine.py``).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from . import forms
from .engine import Data, function, multiple_choice, value
from .forms import Form
from .toolkit import Stop, describe, is_missing, listed

#: The statuses of the `status` column, as the exercise's data section lists them.
STATUSES = ("permitted", "prohibited", "reports differ")


# =====================================================================================
# the input of the function questions: `perm`, built in code (the setup cell's ``permissions()``)
# =====================================================================================
#: The table `perm` the functions of 8.2 and 8.4 are tried on: which ruling says what about which
#: source, not an answer.
PERM = Data("perm", loader="coursekit.rulings:permissions")


# =====================================================================================
# forms
# =====================================================================================
@dataclass
class Names(Form):
    """A collection of names (list, tuple, set, Series, Index or array of text), order and repeats
    ignored, compared as a whole: one item, so that a typical mistake (another set of names) gets
    its hint. With *single*, one text counts as a collection of one name."""

    single: bool = False
    example: str = "['adult', 'child']"

    def take(self, answer: Any, what: str) -> list[str]:
        if answer is None:
            raise Stop(
                f"{what} is None.",
                "Did you forget `return` (or to assign the result)? Replace the `pass` "
                "under `# YOUR CODE HERE` with your code.",
            )
        if isinstance(answer, str):
            if self.single:
                return [answer.strip()] if answer.strip() else []
            raise Stop(
                f"{what} is {describe(answer)}, one text, not a collection of names.",
                f"Return a list, e.g. `{self.example}`.",
            )
        if isinstance(answer, Mapping):
            raise Stop(
                f"{what} is a dict; a list of names is expected here.", f"Return a list such as `{self.example}`."
            )
        if isinstance(answer, pd.DataFrame):
            raise Stop(
                f"{what} is {describe(answer)}, not a list of names.",
                "Select one column (e.g. `rows['source']`) and turn it into a list with `list(...)`.",
            )
        if isinstance(answer, (numbers.Number, bool)) or is_missing(answer):
            raise Stop(
                f"{what} is {describe(answer)}, not a list of names.", f"Return a list of texts, e.g. `{self.example}`."
            )
        if not isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple, set, frozenset)):
            raise Stop(
                f"{what} is {describe(answer)}; a list of names is expected.",
                "Return a list, e.g. `list(rows['source'])`.",
            )
        items = listed(answer, what)
        for item in items:
            if not isinstance(item, str):
                raise Stop(
                    f"{what} holds {describe(item)}; every item should be a name (text).",
                    "Take the values from the `source` or `ruling` column, which hold text.",
                )
        return sorted({item.strip() for item in items})

    def cell(self, value: list[str], exact: bool) -> list[str]:
        return ["s" + "\x1e".join(value)]


@dataclass
class ByStatus(forms.Values):
    """For one source: a dict (or Series) {status: names}, one item per status. A key must be one of
    the :data:`STATUSES`; a status with an empty list counts as absent; a count instead of a list
    is explained."""

    value: Form = field(default_factory=lambda: Names(single=True))
    index: str = "status"

    def take(self, answer: Any, what: str) -> dict[str, list[str]]:
        if isinstance(answer, pd.Series):
            answer = answer.to_dict()
        if answer is None:
            raise Stop(f"{what} is None.", "Did you forget `return`?")
        if not isinstance(answer, Mapping):
            raise Stop(
                f"{what} is {describe(answer)}; a dict is expected, e.g. "
                "`{'permitted': ['mwl-2003'], 'prohibited': ['turkey']}`.",
                "Build a dict whose keys are statuses and whose values are lists of ruling ids.",
            )
        out = {}
        for key, items in answer.items():
            if not isinstance(key, str):
                raise Stop(f"A key of {what} is {describe(key)}; the keys should be statuses such as 'permitted'.")
            label = f"{what[:-1]}[{key!r}]`" if what.endswith("`") else f"{what}[{key!r}]"
            if isinstance(items, (numbers.Number, bool)) and not is_missing(items):
                raise Stop(
                    f"{label} is {describe(items)}, a number; it should be a list of ruling ids.",
                    "List the rulings (the `ruling` column), do not count them.",
                )
            names = self.value.take(items, label)
            if names:
                out[key.strip()] = names
        for key in out:
            if key == "not addressed":
                raise Stop(
                    f"{what} has the key 'not addressed'.",
                    "The table holds only the (ruling, source) pairs a ruling addresses; 'not addressed' is "
                    "not a status in `perm`. Group only the rows of `perm` for this source.",
                )
            if key not in STATUSES:
                raise Stop(
                    f"{what} has the key {key!r}, which is not a status.",
                    f"The keys should be statuses from the `status` column: {', '.join(STATUSES)}; the "
                    "values, lists of ruling ids.",
                )
        return out


# =====================================================================================
# the questions
# =====================================================================================
_HINTS = {
    "KeyError": "A column or label was not found. The table `perm` has the columns ruling, source, status, condition "
    "and citation; check the spelling, and select rows by their values, e.g. `perm[perm['ruling'] == "
    "ruling]`.",
}

function(
    "08.2",
    "allowed_sources",
    Names(),
    [(PERM, "mwl-2003"), (PERM, "saudi-law"), (PERM, "malaysia-2005")],
    hints=_HINTS,
    hint="Keep the rows of `perm` whose `ruling` is the one asked for and whose `status` is one that the "
    "question counts as allowed, then return their `source` values as a list.",
    praise="It returns the right list of sources for each ruling.",
)

value(
    "08.3",
    "omitted",
    Names(single=True),
    hint="Compare `allowed_sources(perm, 'mwl-2003')` with the `source` column of the summary rows (`summ`), e.g. "
    "with `set(a) - set(b)`: the resolution's permitted sources minus the sources the summary lists.",
    praise="It holds exactly the source(s) that the resolution permits and the summary leaves out.",
)

function(
    "08.4",
    "rulings_by_status",
    ByStatus(),
    [(PERM, "surplus_ivf_embryo"), (PERM, "cloned_embryo")],
    hints=_HINTS,
    hint="Select the rows of `perm` for this source, then for each status list the `ruling` values.",
    extra_hint="Some status is missing or extra: group the rows of `perm` whose `source` is the one asked for "
    "by `status`.",
    missing_hint="Some status is missing or extra: group the rows of `perm` whose `source` is the one asked for "
    "by `status`.",
    praise="It returns, for each source, the statuses that occur and the rulings with each.",
)

multiple_choice(
    "08.5",
    hint="Reread what the MUIS Fatwa Committee and Abd-El-Maeboud say, and look at the conditions column of the table.",
)
