"""Self-checks of exercise set 10, "International organisations": the form of each answer and its hints.

What is right is only in ``keys/10.json``, as salted hashes (see ``engine.py``). ``{YEAR}`` (10.3, 10.4)
and ``{PAIR_YEAR}`` (10.5) in a hint are the key file's parameters: the public edition's years, or a
class variant's.
"""

import re

from . import forms
from .engine import Data, function, multiple_choice, value
from .forms import Number
from .toolkit import Stop

#: The function's inputs as the exercise names them: ``pubs``, and ``members`` passed as the list of
#: the OIC's member codes (the same codes as ``members = set(oic["iso3"])`` in the setup cell).
_PUBS = Data("publications", label="pubs")
_MEMBERS = Data("oic_members", "iso3", label="oic")

#: Index values are published to 2 decimals; a median rounded to 2 decimals must still pass.
IDX_TOL = 0.0051

_ISO3 = re.compile(r"^[A-Z]{3}$")


class _Table(forms.Table):
    """The table of 10.5: one row per OIC member, labelled by its name in ``country_a`` (a column of that
    name is taken as the index), with hints for duplicated rows, the World and ISO3 labels."""

    def take(self, answer, what):
        import pandas as pd

        if isinstance(answer, pd.DataFrame) and self.index not in answer.columns and "country_a" in answer.columns:
            answer = answer.rename(columns={"country_a": self.index})
        try:
            rows = super().take(answer, what)
        except Stop as stop:
            if "appears more than once" in stop.message:
                raise Stop(
                    stop.message, "Each OIC member should be one row: did you keep both years? Use {PAIR_YEAR} only."
                ) from None
            raise
        labels = list(rows)
        if "World" in labels:
            raise Stop("The table includes the World.", "Leave out the rows where either country is 'World'.")
        if all(_ISO3.match(lab) for lab in labels):
            raise Stop("The rows are labelled by ISO3 codes.", "Label each row by its name in `country_a`.")
        return rows


_HINTS = {
    "KeyError": "A column or label was not found. The publications table has the columns country, iso3, parent, "
    "kind, year, field and articles; check the spelling.",
    "ValueError": "`.item()` needs exactly one row: did your selection of the World row (iso3 'WLD') for the "
    "field and year match one row?",
}

function(
    "10.2",
    "oic_share_of_world",
    Number(
        tol=0.05,
        low=0,
        high=100,
        unit="a percentage",
        range_hint="A percentage lies between 0 and 100: divide the OIC members' articles by the World's "
        "and multiply by 100.",
    ),
    [
        (_PUBS, _MEMBERS, "biological_biomedical", 2003),
        (_PUBS, _MEMBERS, "biological_biomedical", 2022),
        (_PUBS, _MEMBERS, "all_se", 2010),
    ],
    hints=_HINTS,
    hint="Keep the rows of the field and of the year(s) the question asks for, add up the articles of those rows "
    "whose iso3 is in `members`, divide by the articles of the World's row(s) (iso3 'WLD') among them and "
    "multiply by 100.",
    praise="The percentages are right for biological_biomedical 2003, biological_biomedical 2022 and all_se 2010.",
)

value(
    "10.3",
    "population_share_2022",
    Number(tol=0.05, low=0, high=100, unit="a percentage"),
    hint="Keep the SP.POP.TOTL rows of {YEAR}, add up the OIC members' values, divide by the World's (iso3 "
    "'WLD') and multiply by 100.",
    praise="It is the OIC members' share of the world's population in {YEAR}, in percent.",
)

value(
    "10.4",
    "output_to_population",
    Number(tol=0.005, unit="the ratio"),
    hint="Divide `oic_share_of_world(pubs, members, 'biological_biomedical', {YEAR})` by `population_share_2022`.",
    praise="It is the {YEAR} share of biomedical articles divided by the {YEAR} share of population.",
)

value(
    "10.5",
    "pair_medians",
    _Table(
        {
            "within_oic": Number(tol=IDX_TOL, unit="a collaboration index"),
            "with_others": Number(tol=IDX_TOL, unit="a collaboration index"),
        },
        index="country",
    ),
    hint="Take the median of collaboration_index over the {PAIR_YEAR} rows of each country and group of partners: "
    "within_oic for partners whose iso3_b is in `members`, with_others for the others.",
    extra_hint="Keep only the rows whose iso3_a is in `members`, and leave out the World.",
    missing_hint="Keep every row whose iso3_a is in `members`.",
    praise="The within_oic and with_others values are right.",
)

multiple_choice(
    "10.6", hint="Reread hPSCreg's minimal registration criteria in the chapter: whose rules does it check against?"
)

multiple_choice("10.7", hint="Ask what the sources actually cover: membership announcements, or a complete list?")
