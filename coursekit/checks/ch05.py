"""Self-checks of exercise set 05, "Benefits and costs of collaboration": the form of each answer and its hints.

What is right is only in ``keys/05.json``, as salted hashes (see ``engine.py``). The hints name the
set's parameters as ``{YEAR}``, ``{P}``, ``{C}`` and ``{COUNTRY}``: the key file fills them in (a class
variant asks about another year, other assumptions and another member).
"""

from .engine import multiple_choice, value
from .forms import Number, Table, Values

_TOL = 0.005  # capabilities and gains: rounding to 2 decimals passes (as the question's grader)


value(
    "05.3",
    "home_capability",
    Values(
        Number(
            tol=_TOL,
            low=0,
            high=1,
            unit="a home capability",
            range_hint="Give a fraction between 0 and 1, not a percentage.",
        ),
        index="country",
    ),
    hint="home_capability = 1 − international ÷ total, for {YEAR} (or `capability_from_share(share)`).",
    extra_hint="Keep the OIC member states of `co` (iso3 code in `oic['iso3']`, not the World row), each "
    "labelled by its name as written in `co['country']` (e.g. 'Egypt').",
    missing_hint="Match the two tables on iso3, not on the names (they are spelled differently).",
    praise="The values are right: 1 − the share of internationally co-authored articles in {YEAR}.",
)

value(
    "05.4",
    "model_table",
    Table(
        {"best_n": Number(tol=_TOL, low=1, high=20, unit="a best team size"), "gain": Number(tol=_TOL)}, index="country"
    ),
    hint="Call `best_team_size` and `collaboration_gain` with home_capability from 5.3, "
    "partner_capability={P} and coordination_cost={C}.",
    extra_hint="Keep one row per OIC member, the same rows as `home_capability` (labelled by country name).",
    missing_hint="Keep one row per OIC member, the same rows as `home_capability`.",
    praise="The best_n and gain values are right.",
)

value(
    "05.5",
    "break_even_cost",
    Number(
        tol=1e-6,
        low=0,
        high=1,
        unit="a cost on the grid",
        range_hint="Give the cost as a fraction (e.g. 0.25), not as a percentage.",
    ),
    hint="Loop over the grid 0.00, 0.01, ..., 1.00; for each cost compute `best_team_size(...)` and keep the "
    "first cost where it equals 1.",
    praise="It is the smallest cost on the grid at which {COUNTRY}'s best team is the home country alone.",
)

multiple_choice("05.6", hint="Ask where the differences between the members come from in the model.")

value(
    "05.8",
    "rank_corr",
    Number(
        tol=0.005,
        low=-1,
        high=1,
        unit="a correlation",
        range_hint="A correlation lies between -1 and 1: give it as a number, not a percentage.",
    ),
    hint="Compute each OIC member's international share (`international` ÷ `total`) in {CORR_YEAR}, match it on "
    "`iso3` with `citations_per_document` of `sjr` in {CORR_YEAR}, rank both columns and correlate the ranks.",
    praise="It is the rank correlation, among the OIC members in both tables, between the international share and "
    "citations per document in {CORR_YEAR}.",
)
