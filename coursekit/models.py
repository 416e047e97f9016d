"""A small, transparent model of what partners add to a research project: an illustration, not data.

The model (chapter "Benefits and costs of collaboration")
--------------------------------------------------------

A project needs one capability: a skill, an instrument or a data set. The home
country has it with probability ``home_capability``; each partner country brings it,
independently, with probability ``partner_capability``. A team that spans ``n``
countries (the home country plus ``n - 1`` partners) therefore succeeds with
probability::

    success(n) = 1 - (1 - home_capability) * (1 - partner_capability) ** (n - 1)

Every country beyond the first adds coordination (travel, agreements, time zones,
paperwork): the project takes ``1 + coordination_cost * (n - 1)`` times as long as a
one-country project. The model's output is the expected number of successful projects
per unit of time, relative to a one-country project that always succeeds::

    output(n) = success(n) / (1 + coordination_cost * (n - 1))

Every parameter is an **assumption**, except where a chapter anchors one in data and
says so: :func:`capability_from_share` turns a country's observed international share
into a home capability under the strong assumption that researchers go abroad exactly
when the home country lacks what a project needs.

What the model leaves out (stated here so that no figure forgets it): who gets the
credit, brain drain, unequal partnerships, sanctions and export controls, dual-use
restrictions, quality and impact, and any difference between partners.

All functions are pure (no data, no randomness) and validate their arguments with
clear ``ValueError``/``TypeError`` messages.
"""

from __future__ import annotations

import math
import numbers

__all__ = ["ASSUMPTIONS", "team_output", "best_team_size", "collaboration_gain", "capability_from_share"]

#: Default values of the model's assumptions, with what each one means. None of them is data.
ASSUMPTIONS = {
    "partner_capability": (0.5, "probability that one partner country brings what the project needs"),
    "coordination_cost": (0.2, "extra time per added country, as a share of a one-country project's time"),
}


def _probability(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number between 0 and 1; got {value!r}")
    value = float(value)
    if math.isnan(value) or not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must be between 0 and 1 (a probability); got {value!r}")
    return value


def _cost(value) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"coordination_cost must be a number (0 or more); got {value!r}")
    value = float(value)
    if math.isnan(value) or math.isinf(value) or value < 0:
        raise ValueError(f"coordination_cost must be 0 or more (extra time per added country); got {value!r}")
    return value


def _countries(value, name: str = "n_countries") -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        if isinstance(value, numbers.Real) and not isinstance(value, bool) and float(value).is_integer():
            value = int(value)
        else:
            raise TypeError(f"{name} must be a whole number of countries (1 or more); got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1 (the home country); got {value!r}")
    return int(value)


def team_output(
    n_countries: int, *, home_capability: float, partner_capability: float = 0.5, coordination_cost: float = 0.2
) -> float:
    """Model illustration, not data: successful projects per unit of time for a team of *n_countries*.

    >>> round(team_output(1, home_capability=0.4), 3)
    0.4
    >>> round(team_output(2, home_capability=0.4, partner_capability=0.5, coordination_cost=0.2), 3)
    0.583
    """
    n = _countries(n_countries)
    home = _probability(home_capability, "home_capability")
    partner = _probability(partner_capability, "partner_capability")
    cost = _cost(coordination_cost)
    success = 1.0 - (1.0 - home) * (1.0 - partner) ** (n - 1)
    return success / (1.0 + cost * (n - 1))


def best_team_size(
    *, home_capability: float, partner_capability: float = 0.5, coordination_cost: float = 0.2, max_countries: int = 20
) -> int:
    """The number of countries (1 to *max_countries*) with the highest model output; the smallest if tied.

    1 means that, under these assumptions, partners do not pay for their coordination cost.
    """
    top = _countries(max_countries, "max_countries")
    outputs = [
        team_output(
            n,
            home_capability=home_capability,
            partner_capability=partner_capability,
            coordination_cost=coordination_cost,
        )
        for n in range(1, top + 1)
    ]
    best = max(outputs)
    return 1 + next(i for i, value in enumerate(outputs) if math.isclose(value, best, rel_tol=1e-12, abs_tol=1e-15))


def collaboration_gain(
    *, home_capability: float, partner_capability: float = 0.5, coordination_cost: float = 0.2, max_countries: int = 20
) -> float:
    """Model output at the best team size divided by output alone (1 = partners add nothing).

    Infinite when the home country can never succeed alone (home_capability = 0) but partners help.
    """
    kwargs = dict(
        home_capability=home_capability, partner_capability=partner_capability, coordination_cost=coordination_cost
    )
    n = best_team_size(max_countries=max_countries, **kwargs)
    alone = team_output(1, **kwargs)
    best = team_output(n, **kwargs)
    if alone == 0.0:
        return math.inf if best > 0 else 1.0
    return best / alone


def capability_from_share(international_share: float) -> float:
    """Anchor in data: home capability = 1 - the observed share of internationally co-authored articles.

    Assumes researchers go abroad exactly when the home country lacks what a project needs. The
    share must be a fraction between 0 and 1 (not a percentage).
    """
    if isinstance(international_share, bool) or not isinstance(international_share, numbers.Real):
        raise TypeError(f"international_share must be a number between 0 and 1; got {international_share!r}")
    share = float(international_share)
    if math.isnan(share) or not 0.0 <= share <= 1.0:
        hint = " (it looks like a percentage: divide by 100)" if 1.0 < share <= 100.0 else ""
        raise ValueError(f"international_share must be a fraction between 0 and 1{hint}; got {international_share!r}")
    return 1.0 - share
