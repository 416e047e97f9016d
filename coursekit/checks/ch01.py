"""Self-checks of exercise set 01, "Why nations collaborate in research": the form of each answer and its hints.

What is right is only in ``keys/01.json``, as salted hashes (see ``engine.py``).
"""

import re

import pandas as pd

from .engine import Data, function, keys_for, multiple_choice, value
from .forms import Count, Number, Table, Text
from .toolkit import PCT_TOL, Stop

_ISO3 = re.compile(r"^[A-Z]{3}$")
#: The years that 1.3-1.5 compare, as the public edition states them; a class variant's key file has its own.
_YEARS = {"FIRST_YEAR": 2003, "LAST_YEAR": 2022}


_SHARE = Number(tol=PCT_TOL, unit="a percentage")


def _columns(years: dict) -> dict:
    """The columns of 1.3: ``share_<first year>``, ``share_<last year>`` and ``change``."""
    return {f"share_{years['FIRST_YEAR']}": _SHARE, f"share_{years['LAST_YEAR']}": _SHARE, "change": _SHARE}


class _MemberTable(Table):
    """The table of 01.3, with the question's own wording for three ways to get its rows wrong:
    long format, the World row, ISO3 codes instead of the names of ``co["country"]``. Its share
    columns are named after the years of the question (a class variant asks for other years)."""

    def take(self, answer, what):
        self.columns = _columns({**_YEARS, **(keys_for("01") or {}).get("params", {})})
        first, last = list(self.columns)[:2]
        if isinstance(answer, pd.DataFrame):
            df = answer.set_index(self.index) if self.index in answer.columns else answer
            if "year" in df.columns and any(c not in df.columns for c in self.columns):
                raise Stop(
                    f"{what} seems to be in long format (one row per country and year).",
                    f"Make one row per country with the columns {first}, {last} and change (e.g. with `pivot`).",
                )
            labels = [str(x).strip() for x in df.index]
            if "World" in labels:
                raise Stop(
                    "The table includes the World row.", "The World is not an OIC member: keep only member states."
                )
            if labels and all(_ISO3.match(x) for x in labels):
                raise Stop(
                    "The rows are labelled by ISO3 codes.",
                    "Label each row by its NCSES country name, the `country` column of `co` (e.g. 'Turkey').",
                )
        return super().take(answer, what)


_CO = Data("coauthorship", label="co")

function(
    "01.2",
    "international_share",
    Number(tol=PCT_TOL),
    [(_CO, "World", 2003), (_CO, "World", 2022), (_CO, "Saudi Arabia", 2022), (_CO, "Indonesia", 2010)],
    # (a class variant asks for another unit than the percentage: these texts hold for every unit)
    hint="Select the rows for this country and year, take the 'international' and 'total' articles, and "
    "compute international / total, scaled to the unit that the question asks for.",
    praise="It returns one number for each country and year, and the shares are right on the inputs of the check.",
)

value(
    "01.3",
    "oic_shares",
    _MemberTable(_columns(_YEARS), index="country", sorted_by="change"),
    hint="Use your `international_share` function for each country and year; the change is "
    "share_{LAST_YEAR} − share_{FIRST_YEAR}, in percentage points.",
    extra_hint="Keep only the OIC member states (match the two tables on iso3, e.g. with `isin` on "
    "`oic['iso3']`), each labelled by its name as written in `co['country']`, not in `oic`.",
    missing_hint="Match on the iso3 column (names differ between the two tables, e.g. Turkey/Türkiye).",
    praise="It has one row for each OIC member in the co-authorship table, with the right shares and change, "
    "sorted by change, largest increase first.",
)

value(
    "01.4",
    "largest_relative_increase",
    Text(),
    hint="Use a name from `oic_shares.index`, spelled as in `co['country']`.",
    praise="It is the OIC member whose international share grew by the largest factor from {FIRST_YEAR} to "
    "{LAST_YEAR}.",
)

value(
    "01.5",
    "n_faster_than_world",
    Count(noun="a count"),
    hint="Compute the World's change with `international_share`, then count the rows of `oic_shares` whose "
    "change is larger.",
    praise="It is the number of OIC members whose share rose by more percentage points than the world's.",
)

value(
    "01.6",
    "whole_count_ratio",
    Number(tol=0.005),
    hint="Keep the {RATIO_YEAR} 'international' rows, add up all countries except the World, and divide by "
    "the World's number (checked to 2 decimal places).",
    praise="It is the sum of the countries' international articles divided by the world's ({RATIO_YEAR}).",
)

multiple_choice(
    "01.7",
    hint="Think about how one article with authors in two countries is counted for each country and for the world.",
)
