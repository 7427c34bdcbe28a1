"""Which answers the template's gates bake: named scenarios, each there for a reason of its
own, and a pairwise covering set that puts every pair of answer values in some gated bake.

`python -m tests.matrix` prints every gated bake with the answers it changes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import covertable

from hooks.pre_gen_project import INCOMPATIBLE

from .conftest import DEFAULTS, TEMPLATE

# Valid free text that needs escaping in every kind of file it lands in.
HOSTILE: dict[str, Any] = {
    "project_name": 'Café "Crème" l\'Été \\ & <b>Bold</b>   Co.',
    "description": (
        'It\'s a "quoted" \\ back\\slash & <tag> service — ünïcode, `code`, *stars*, # hash,'
        " 1. not a list, and a sentence long enough that a docstring has to wrap it onto a"
        " second line and a third, https://example.com/a/very/long/url/that/cannot/be/broken"
    ),
    "author_name": 'Zoë O\'Brien "Z" \\ & <z>',
}

# Every question with a fixed set of answers, each with its values. The license is left out:
# it chooses one text file and one metadata field, which test_bake.py checks on each value,
# and no code branches on it.
_QUESTIONS = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
CHOICES: dict[str, list[Any]] = {
    key: value if isinstance(value, list) else [value, not value]
    for key, value in _QUESTIONS.items()
    if isinstance(value, (list, bool)) and not key.startswith("_") and key != "license"
}


# Every feature on at once, deployed on Kubernetes.
ALL_ON: dict[str, Any] = {
    "database": "postgresql",
    "background_jobs": "celery_redis",
    "websockets": "redis",
    "cache": "redis",
    "use_rate_limit": True,
    "use_observability": True,
    "use_outbound_client": True,
    "use_pages": True,
    "use_file_transfer": True,
    "use_kubernetes": True,
}


@dataclass(frozen=True)
class Scenario:
    answers: dict[str, Any]
    env: dict[str, str] = field(default_factory=dict)  # for every command, uv's included

    @property
    def full(self) -> dict[str, Any]:
        """Every answer, the defaults filled in."""
        return {**DEFAULTS, **self.answers}


# Named scenarios. Each later Python version rides along with another scenario, so error codes
# and the rest are checked on 3.11, 3.12 and 3.13 without a bake of their own. Every auth
# answer runs on both databases, as the contract fuzzing must. Observability rides along with
# each auth answer, the outbound client with two of them.
SCENARIOS: dict[str, Scenario] = {
    "default": Scenario({}),
    # Every feature at once, at the pinned versions: what a team that wants it all bakes.
    "all-on": Scenario(ALL_ON),
    "postgresql": Scenario(
        {"database": "postgresql", "use_kubernetes": True, "use_observability": True}
    ),
    "api_key": Scenario({"auth": "api_key", "python_version": "3.12", "websockets": "local"}),
    "api_key-postgresql": Scenario(
        {"auth": "api_key", "database": "postgresql", "use_observability": True}
    ),
    "none": Scenario(
        {"auth": "none", "python_version": "3.13", "websockets": "local"}
        | {"use_observability": True, "use_outbound_client": True}
    ),
    "none-postgresql": Scenario({"auth": "none", "database": "postgresql"}),
    "hostile": Scenario(HOSTILE),
    # Each cache with each auth answer on PostgreSQL and the real Redis, with and without rate
    # limits; pages and file transfer ride along together, once with each auth answer. Rooms
    # through Redis ride with the Redis cache, rooms in one process with api_key, none and pages.
    "cache-redis": Scenario(
        {"cache": "redis", "database": "postgresql", "use_rate_limit": True}
        | {"use_pages": True, "use_file_transfer": True, "websockets": "redis"}
        | {"use_observability": True, "use_outbound_client": True}
    ),
    "cache-redis-api_key": Scenario(
        {"cache": "redis", "auth": "api_key", "database": "postgresql", "websockets": "redis"}
    ),
    "cache-redis-none": Scenario(
        {"cache": "redis", "auth": "none", "database": "postgresql", "use_rate_limit": True}
        | {"use_pages": True, "use_file_transfer": True, "websockets": "redis"}
    ),
    "cache-memory": Scenario({"cache": "memory", "database": "postgresql"}),
    "cache-memory-api_key": Scenario(
        {"cache": "memory", "auth": "api_key", "database": "postgresql", "use_rate_limit": True}
        | {"use_pages": True, "use_file_transfer": True, "python_version": "3.12"}
        | {"routing": "filesystem"}
    ),
    "cache-memory-none": Scenario({"cache": "memory", "auth": "none", "database": "postgresql"}),
    "rate-limit": Scenario({"use_rate_limit": True, "database": "postgresql"}),
    # Pages and file transfer each on their own, on SQLite; pages (with JWT sign-in and rooms
    # in one process) and cache-memory-api_key above served from routes/ files.
    "file_transfer": Scenario({"use_file_transfer": True}),
    "pages": Scenario({"use_pages": True, "websockets": "local", "routing": "filesystem"}),
    # Celery on each broker, its worker tests on the real server: Redis beside PostgreSQL,
    # RabbitMQ on SQLite with API keys and served from routes/ files.
    "celery-redis": Scenario({"background_jobs": "celery_redis", "database": "postgresql"}),
    "celery-rabbitmq": Scenario(
        {"background_jobs": "celery_rabbitmq", "auth": "api_key", "routing": "filesystem"}
    ),
    # The lowest versions pyproject.toml allows must pass the same gates: with every feature
    # on, and with the answers that choose other dependencies (SQLite, the memory cache, rooms
    # in one process, Celery on RabbitMQ) and the other routing style.
    "lowest": Scenario(ALL_ON, env={"UV_RESOLUTION": "lowest-direct"}),
    "lowest-mix": Scenario(
        {"auth": "api_key", "cache": "memory", "websockets": "local", "routing": "filesystem"}
        | {"background_jobs": "celery_rabbitmq", "use_rate_limit": True, "use_pages": True}
        | {"use_file_transfer": True, "use_observability": True, "use_outbound_client": True},
        env={"UV_RESOLUTION": "lowest-direct"},
    ),
}


def _constraint(together: dict[str, Any]) -> dict[str, Any]:
    """covertable's form of "not all of these answers at once"."""
    each = [{"operator": "eq", "left": key, "value": value} for key, value in together.items()]
    return {"operator": "not", "condition": {"operator": "and", "conditions": each}}


def covering_set(scenarios: dict[str, Scenario]) -> dict[str, Scenario]:
    """Bakes that, with the scenarios, hold every pair of answer values the pre-generation
    hook accepts (covertable, seeded with the scenarios, honouring the hook's refusals).
    """
    presets = [{key: scenario.full[key] for key in CHOICES} for scenario in scenarios.values()]
    rows = covertable.make(
        CHOICES,
        presets=presets,
        constraints=[_constraint(together) for together, _ in INCOMPATIBLE],
    )
    added = rows[len(presets) :]
    return {
        f"pairs-{number}": Scenario({key: row[key] for key in CHOICES if row[key] != DEFAULTS[key]})
        for number, row in enumerate(added, start=1)
    }


GATES: dict[str, Scenario] = SCENARIOS | covering_set(SCENARIOS)


def pairs(answers: dict[str, Any]) -> set[frozenset[tuple[str, Any]]]:
    """Every pair of answer values one bake holds."""
    chosen = [(key, answers[key]) for key in CHOICES]
    return {frozenset(pair) for pair in itertools.combinations(chosen, 2)}


def refused(answers: dict[str, Any]) -> bool:
    return any(
        all(answers[key] == value for key, value in together.items())
        for together, _ in INCOMPATIBLE
    )


def possible_pairs() -> set[frozenset[tuple[str, Any]]]:
    """Every pair of answer values that some accepted set of answers holds."""
    constrained = sorted({key for together, _ in INCOMPATIBLE for key in together})
    found: set[frozenset[tuple[str, Any]]] = set()
    for (first, first_values), (second, second_values) in itertools.combinations(
        CHOICES.items(), 2
    ):
        for a, b in itertools.product(first_values, second_values):
            fixed = {first: a, second: b}
            free = [key for key in constrained if key not in fixed]
            for values in itertools.product(*(CHOICES[key] for key in free)):
                if not refused({**DEFAULTS, **dict(zip(free, values, strict=True)), **fixed}):
                    found.add(frozenset(fixed.items()))
                    break
    return found


if __name__ == "__main__":
    for name, scenario in GATES.items():
        changed = " ".join(f"{key}={value}" for key, value in scenario.answers.items())
        print(f"{name:22} {changed or '(the defaults)'}")
