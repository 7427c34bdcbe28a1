"""The matrix covers the answers and reads as a specification: every pair of answer values and
every feature is in a gated bake, the hook accepts every scenario, and each scenario says why
it is there and which tests bake it.
"""

from __future__ import annotations

import json

from hooks import features, pre_gen_project

from .helpers import DEFAULTS, TEMPLATE
from .matrix import BAKES, GATES, PRESETS, SCENARIOS, pairs, possible_pairs, show, surface


def test_every_pair_of_answer_values_is_in_a_gated_bake() -> None:
    gated = set().union(*(pairs(scenario.full) for scenario in GATES.values()))

    missing = possible_pairs() - gated

    assert not missing, sorted(map(sorted, missing))


def test_every_feature_is_on_in_some_gated_bake() -> None:
    on = {name for scenario in GATES.values() for name in features.enabled_features(scenario.full)}

    assert set(features.load()) - on == set()


def test_every_feature_is_on_in_some_bake_the_bake_tests_check() -> None:
    on = {name for scenario in BAKES.values() for name in features.enabled_features(scenario.full)}

    assert set(features.load()) - on == set()


def test_a_gate_skips_boundary_values_only_where_a_fuzzed_gate_serves_as_much() -> None:
    """A named gate without schemathesis's coverage phase serves nothing (no operation, auth
    or database, no code path behind them) that a gate with it does not.
    """
    fuzzed = [surface(scenario.full) for scenario in GATES.values() if scenario.boundaries]
    skipped = {
        name: surface(scenario.full)
        for name, scenario in GATES.items()
        if not scenario.boundaries and not name.startswith("pairs-")
    }

    uncovered = [name for name, served in skipped.items() if not any(served <= f for f in fuzzed)]

    assert skipped
    assert uncovered == []


def test_the_hook_accepts_every_scenario() -> None:
    refused = {
        name: problems
        for name, scenario in (SCENARIOS | GATES).items()
        if (problems := pre_gen_project.errors(scenario.full))
    }

    assert refused == {}


def test_the_covering_set_keeps_the_gated_scenarios_and_adds_only_what_they_miss() -> None:
    named = {name: scenario for name, scenario in SCENARIOS.items() if scenario.gate}
    added = [scenario for name, scenario in GATES.items() if name not in named]
    held = set().union(*(pairs(scenario.full) for scenario in named.values()))

    assert list(GATES)[: len(named)] == list(named)
    assert all(pairs(scenario.full) - held for scenario in added)


def test_each_scenario_gives_its_reason_in_one_line_and_is_baked_by_some_test() -> None:
    unexplained = [
        name
        for name, scenario in (SCENARIOS | GATES).items()
        if not scenario.reason.strip() or "\n" in scenario.reason or not scenario.tests
    ]

    assert unexplained == []


def test_no_two_scenarios_of_one_test_bake_the_same_answers() -> None:
    for test in ("bake", "gate", "routing"):
        chosen = [
            json.dumps([scenario.answers, scenario.env], sort_keys=True)
            for scenario in (SCENARIOS | GATES).values()
            if getattr(scenario, test)
        ]

        assert len(chosen) == len(set(chosen)), test


def test_the_readme_offers_each_preset_with_the_command_that_bakes_its_gate() -> None:
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    rows = {
        line.split(" | ")[0].strip("| `"): line for line in readme.splitlines() if "| `" in line
    }

    for name, scenario in PRESETS.items():
        answers = " ".join(
            f"{key}={show(scenario.answers[key])}" for key in DEFAULTS if key in scenario.answers
        )
        assert f"`uvx cookiecutter . --output-dir .. --no-input {answers}` |" in rows[name], name
        assert GATES[name].answers == scenario.answers, f"{name} is gated with other answers"
