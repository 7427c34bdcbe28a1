"""The gated bakes cover the answers: every pair of answer values, every feature, nothing the
pre-generation hook refuses.
"""

from __future__ import annotations

from hooks import features, pre_gen_project

from .matrix import GATES, SCENARIOS, pairs, possible_pairs


def test_every_pair_of_answer_values_is_in_a_gated_bake() -> None:
    gated = set().union(*(pairs(scenario.full) for scenario in GATES.values()))

    missing = possible_pairs() - gated

    assert not missing, sorted(map(sorted, missing))


def test_every_feature_is_on_in_some_gated_bake() -> None:
    on = {name for scenario in GATES.values() for name in features.enabled_features(scenario.full)}

    assert set(features.load()) - on == set()


def test_the_hook_accepts_every_gated_bake() -> None:
    refused = {
        name: problems
        for name, scenario in GATES.items()
        if (problems := pre_gen_project.errors(scenario.full))
    }

    assert refused == {}


def test_the_covering_set_keeps_the_named_scenarios_and_adds_only_what_they_miss() -> None:
    added = [scenario for name, scenario in GATES.items() if name not in SCENARIOS]
    named = set().union(*(pairs(scenario.full) for scenario in SCENARIOS.values()))

    assert list(GATES)[: len(SCENARIOS)] == list(SCENARIOS)
    assert all(pairs(scenario.full) - named for scenario in added)
