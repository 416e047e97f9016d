"""Self-checks of exercise set 07, "Ethics frameworks": the form of each answer and its hints.

What is right is only in ``keys/07.json``, as salted hashes (see ``engine.py``). A class variant's key
file names the instruments its 7.4 asks about (parameters ``INSTRUMENT1`` to ``INSTRUMENT6``, as its
question does); the dictionary's form takes its keys from there.
"""

from dataclasses import dataclass

from .engine import Data, function, keys_for, multiple_choice, value
from .forms import Choice, Count, Mapping, Table, Text


@dataclass
class _Instruments(Mapping):
    """The question's dictionary: the keys the key file's parameters name (a class variant asks about
    other instruments), else the public edition's."""

    def take(self, answer, what):
        params = (keys_for("07") or {}).get("params", {})
        named = tuple(str(params[f"INSTRUMENT{i}"]) for i in range(1, len(self.keys) + 1) if f"INSTRUMENT{i}" in params)
        if len(named) == len(self.keys):
            return Mapping(named, self.value, self.noun).take(answer, what)
        return super().take(answer, what)


_HINTS = {
    "KeyError": "A column or label was not found. The events table has the columns event_id, year, date, category, "
    "event, place, iso3, caveat and citation; check the spelling, and look events up by the event_id "
    "column.",
    "IndexError": "A selection matched no rows: check the spelling of the event id (for example "
    '"warnock-report") and that you filter the `event_id` column.',
}

function(
    "07.1",
    "years_between",
    Count(noun="a difference of two years"),
    [
        (Data("events"), "warnock-report", "hfe-act-1990"),
        (Data("events"), "thomson-hesc", "mwl-stem-cell-resolution"),
        (Data("events"), "isscr-2021", "isscr-2016"),
    ],
    hints=_HINTS,
    hint="Look up each event's row by its `event_id`, take its `year`, and compute the difference the question "
    "asks for from the two years.",
    praise="It returns the number of years the question asks for, as a whole number, for every pair of events "
    "tried, including one whose second event came first.",
)

value(
    "07.2",
    "first_responses",
    Table(
        {"event_id": Text(), "year": Count(noun="a year"), "lag": Count(noun="a difference of two years")},
        index="category",
    ),
    hint="Filter to the category and to years in or after the year of `{ORIGIN}`, sort by year and take "
    "the first row; the lag is its year minus the year of `{ORIGIN}`.",
    extra_hint="Keep only the categories ethics, law-and-policy and religious-ruling.",
    missing_hint="Make one row for each of the three categories.",
    praise="Each row is the first event of its kind in or after the year of `{ORIGIN}`, with the right lag.",
)

multiple_choice("07.3", hint="Re-read the section on the 14-day rule in the chapter.")

value(
    "07.4",
    "instrument_kind",
    _Instruments(
        (
            "UK Human Fertilisation and Embryology Act 1990",
            "ISSCR Guidelines 2021",
            "UNESCO Universal Declaration on Bioethics and Human Rights 2005",
            "Muslim World League Islamic Fiqh Council Resolution 99 (2003)",
            "Algeria Law 18-11 (2018)",
            "Jordan Board of Iftaa' Resolution 189 (2013)",
        ),
        Choice(
            ("law", "non-binding guidance", "religious ruling"),
            {"nonbinding guidance": "non-binding guidance", "non binding guidance": "non-binding guidance"},
        ),
    ),
    hint="Ask of each instrument who made it: a state's legislature, a scientific society or an "
    "intergovernmental body, or a council of scholars.",
    praise="Each instrument has the right kind.",
)
