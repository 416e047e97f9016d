"""coursekit.models: the chapter-05 collaboration model is small, pure, correct and explains bad input."""

from __future__ import annotations

import math

import pytest

from coursekit.models import ASSUMPTIONS, best_team_size, capability_from_share, collaboration_gain, team_output


def brute(n, h, p, c):
    """The formula written out independently: chance that nobody has the capability, then time."""
    nobody = (1 - h) * (1 - p) ** (n - 1)
    return (1 - nobody) / (1 + c * (n - 1))


@pytest.mark.parametrize(
    "n, h, p, c",
    [
        (1, 0.4, 0.5, 0.2),
        (2, 0.4, 0.5, 0.2),
        (5, 0.1, 0.3, 0.05),
        (3, 0.0, 0.9, 1.0),
        (4, 1.0, 0.0, 0.0),
        (20, 0.7, 0.2, 0.5),
    ],
)
def test_team_output_matches_the_formula(n, h, p, c):
    got = team_output(n, home_capability=h, partner_capability=p, coordination_cost=c)
    assert math.isclose(got, brute(n, h, p, c), rel_tol=1e-12)


def test_worked_values():
    assert team_output(1, home_capability=0.4) == pytest.approx(0.4)  # alone: just h
    assert team_output(2, home_capability=0.4) == pytest.approx(0.7 / 1.2)  # 1 - 0.6*0.5, over 1.2
    assert team_output(3, home_capability=1.0, coordination_cost=0.5) == pytest.approx(0.5)


def test_defaults_are_the_documented_assumptions():
    assert ASSUMPTIONS["partner_capability"][0] == 0.5 and ASSUMPTIONS["coordination_cost"][0] == 0.2
    h = 0.3
    assert team_output(3, home_capability=h) == team_output(
        3, home_capability=h, partner_capability=0.5, coordination_cost=0.2
    )


def test_qualitative_behaviour():
    # more partners never lowers the chance of success; with no coordination cost, output only rises
    outs = [team_output(n, home_capability=0.2, coordination_cost=0.0) for n in range(1, 10)]
    assert all(b >= a for a, b in zip(outs, outs[1:]))
    # a capable home country gains less from partners than a weak one
    assert collaboration_gain(home_capability=0.8) < collaboration_gain(home_capability=0.2)
    # higher coordination cost never raises the best team size
    sizes = [best_team_size(home_capability=0.3, coordination_cost=c / 10) for c in range(0, 11)]
    assert all(b <= a for a, b in zip(sizes, sizes[1:]))
    # useless partners: work alone
    assert best_team_size(home_capability=0.5, partner_capability=0.0) == 1
    assert collaboration_gain(home_capability=0.5, partner_capability=0.0) == 1.0


def test_best_team_size_is_the_argmax_and_prefers_the_smallest_on_ties():
    h, p, c = 0.39, 0.5, 0.2
    outs = {n: team_output(n, home_capability=h, partner_capability=p, coordination_cost=c) for n in range(1, 21)}
    assert best_team_size(home_capability=h, partner_capability=p, coordination_cost=c) == max(outs, key=outs.get)
    # h = 1: every team succeeds; any partner only adds time, so alone is best
    assert best_team_size(home_capability=1.0, coordination_cost=0.0) == 1  # all tied: the smallest
    assert best_team_size(home_capability=0.0, partner_capability=0.5, coordination_cost=0.0, max_countries=5) == 5


def test_gain_is_best_over_alone_and_infinite_when_alone_never_succeeds():
    h = 0.3
    n = best_team_size(home_capability=h)
    assert collaboration_gain(home_capability=h) == pytest.approx(team_output(n, home_capability=h) / h)
    assert collaboration_gain(home_capability=0.0) == math.inf
    assert collaboration_gain(home_capability=0.0, partner_capability=0.0) == 1.0


def test_capability_from_share():
    assert capability_from_share(0.25) == 0.75
    assert capability_from_share(0) == 1.0 and capability_from_share(1) == 0.0
    with pytest.raises(ValueError, match="percentage"):
        capability_from_share(61.0)
    with pytest.raises(ValueError, match="between 0 and 1"):
        capability_from_share(-0.1)
    with pytest.raises(TypeError, match="number"):
        capability_from_share("0.5")


@pytest.mark.parametrize(
    "kwargs, error, words",
    [
        (dict(n_countries=0, home_capability=0.5), ValueError, "at least 1"),
        (dict(n_countries=2.5, home_capability=0.5), TypeError, "whole number"),
        (dict(n_countries="2", home_capability=0.5), TypeError, "whole number"),
        (dict(n_countries=True, home_capability=0.5), TypeError, "whole number"),
        (dict(n_countries=2, home_capability=1.5), ValueError, "home_capability must be between 0 and 1"),
        (dict(n_countries=2, home_capability=float("nan")), ValueError, "home_capability"),
        (dict(n_countries=2, home_capability=None), TypeError, "home_capability"),
        (dict(n_countries=2, home_capability=0.5, partner_capability=-0.1), ValueError, "partner_capability"),
        (
            dict(n_countries=2, home_capability=0.5, coordination_cost=-1),
            ValueError,
            "coordination_cost must be 0 or more",
        ),
        (dict(n_countries=2, home_capability=0.5, coordination_cost=float("inf")), ValueError, "coordination_cost"),
        (dict(n_countries=2, home_capability=0.5, coordination_cost="high"), TypeError, "coordination_cost"),
    ],
)
def test_bad_arguments_are_explained(kwargs, error, words):
    n = kwargs.pop("n_countries")
    with pytest.raises(error, match=words):
        team_output(n, **kwargs)


def test_whole_float_team_size_is_accepted_and_max_countries_validated():
    assert team_output(3.0, home_capability=0.5) == team_output(3, home_capability=0.5)
    with pytest.raises(ValueError, match="max_countries"):
        best_team_size(home_capability=0.5, max_countries=0)


def test_functions_are_keyword_only_for_assumptions():
    with pytest.raises(TypeError):
        team_output(2, 0.5, 0.5, 0.2)  # assumptions must be named, so no one swaps p and c by accident
