"""The matrix: every set of answers the template's tests bake, each a named scenario with the
reason it is there, and the pairwise covering set generated beside them.

Which tests bake a scenario is a flag of its own:
- `bake`: test_bake.py checks every property of a bake on it (each option value on its own,
  generated from the questions and named like `auth=none`, and the combinations below);
- `gate`: test_gates.py installs it and runs its gates; with these scenarios, the covering set
  (`pairs-1` ...) puts every pair of answer values the hook accepts in some gate;
- `routing`: test_routing.py bakes it in both routing styles and compares the two.

`python -m tests.matrix` prints every scenario with its reason and the tests it is for.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
from dataclasses import dataclass, field
from typing import Any

import covertable

from hooks import features
from hooks.pre_gen_project import INCOMPATIBLE

from .helpers import DEFAULTS, TEMPLATE, answers

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

_QUESTIONS = json.loads((TEMPLATE / "cookiecutter.json").read_text(encoding="utf-8"))
# Every question with a fixed set of answers, each with its values. The license is left out:
# it chooses one text file and one metadata field, which the bake tests check on each value,
# and no code branches on it, so it has no pairs to cover.
CHOICES: dict[str, list[Any]] = {
    key: value if isinstance(value, list) else [value, not value]
    for key, value in _QUESTIONS.items()
    if isinstance(value, (list, bool)) and not key.startswith("_") and key != "license"
}
LICENSES: list[str] = _QUESTIONS["license"]
# Answers that change no code a named gate is there for (the interpreter, the CI provider,
# how it is deployed): where a gated scenario leaves one open, the covering set picks
# it, so the pairs it holds need no bake of their own.
RIDERS = ("python_version", "ci", "deployment")


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
    "use_admin": True,
    "use_file_transfer": True,
    "deployment": "kubernetes",
}
# The longest slug the pre-generation hook accepts.
LONGEST_SLUG = "acme_inventory_and_order_tracking_system"


@dataclass(frozen=True)
class Scenario:
    reason: str  # one line: what this bake shows that no other does
    answers: dict[str, Any] = field(default_factory=dict)  # those that are not the defaults
    env: dict[str, str] = field(default_factory=dict)  # for every command, uv's included
    bake: bool = False  # test_bake.py checks it
    gate: bool = False  # test_gates.py installs it and runs its gates
    routing: bool = False  # test_routing.py bakes it in both routing styles
    # Whether the contract fuzzing runs schemathesis's coverage phase (the boundary values of
    # every field, the bulk of its time). Those values follow from an operation's schema, and
    # the answers to them from the auth and the database: so the phase runs on the gates that
    # between them hold every operation of each auth answer on each database (`surface`, a
    # test in test_matrix.py), not on a gate whose surface one of them holds, nor on the
    # covering set's, which are there for the pairs of answers their other gates meet.
    boundaries: bool = True
    # Whether the covering set may choose the RIDERS this scenario does not give (its gate
    # then bakes them): not where the scenario is a fixed point, such as the defaults.
    riders: bool = True
    # Whether the README offers it as a preset, by its name, with the command that bakes it.
    preset: bool = False

    @property
    def full(self) -> dict[str, Any]:
        """Every answer, the defaults filled in and the slug and package derived."""
        return answers(**self.answers)

    @property
    def tests(self) -> list[str]:
        return [test for test in ("bake", "gate", "routing") if getattr(self, test)]


# Each later Python version rides along with another gate, so error codes and the rest are
# checked on every version without a bake of their own; every auth answer is gated on
# both databases, as the contract fuzzing must be.
NAMED: dict[str, Scenario] = {
    "default": Scenario(
        "what cookiecutter bakes with no answers",
        bake=True,
        gate=True,
        boundaries=False,
        riders=False,
    ),
    "all-on": Scenario(
        "preset: every feature at once at the pinned versions, on Kubernetes",
        ALL_ON,
        gate=True,
        riders=False,
        preset=True,
    ),
    "minimal": Scenario(
        "preset: a small JSON API behind API keys on SQLite, with its image",
        {"auth": "api_key"},
        gate=True,
        boundaries=False,
        riders=False,
        preset=True,
    ),
    "realtime": Scenario(
        "preset: users talking in rooms across replicas, on the site's pages, with Redis and"
        " PostgreSQL",
        {"database": "postgresql", "websockets": "redis", "cache": "redis"}
        | {"use_rate_limit": True, "use_pages": True},
        gate=True,
        boundaries=False,
        riders=False,
        preset=True,
    ),
    "postgresql": Scenario(
        "jwt on PostgreSQL, with Kubernetes and observability riding along",
        {"database": "postgresql", "deployment": "kubernetes", "use_observability": True},
        gate=True,
        boundaries=False,
    ),
    "api_key": Scenario(
        "API keys on SQLite, with Python 3.12 and rooms in one process riding along",
        {"auth": "api_key", "python_version": "3.12", "websockets": "local"},
        gate=True,
        boundaries=False,
    ),
    "api_key-postgresql": Scenario(
        "API keys on PostgreSQL, with observability riding along",
        {"auth": "api_key", "database": "postgresql", "use_observability": True},
        gate=True,
    ),
    "none": Scenario(
        "no auth on SQLite, with Python 3.13, rooms, observability and the outbound client",
        {"auth": "none", "python_version": "3.13", "websockets": "local"}
        | {"use_observability": True, "use_outbound_client": True},
        gate=True,
    ),
    "none-postgresql": Scenario(
        "no auth on PostgreSQL",
        {"auth": "none", "database": "postgresql"},
        gate=True,
        boundaries=False,
    ),
    "hostile": Scenario(
        "free text that needs escaping in every kind of file it lands in",
        HOSTILE,
        bake=True,
        gate=True,
        boundaries=False,
    ),
    # Each cache with each auth answer on PostgreSQL and the real Redis, with and without rate
    # limits; pages and file transfer ride along together, once with each auth answer.
    "cache-redis": Scenario(
        "the Redis cache with jwt and rate limits; pages, file transfer, Redis rooms and"
        " Python 3.15 too",
        {"cache": "redis", "database": "postgresql", "use_rate_limit": True}
        | {"use_pages": True, "use_file_transfer": True, "websockets": "redis"}
        | {"use_observability": True, "use_outbound_client": True, "python_version": "3.15"},
        gate=True,
    ),
    "cache-redis-api_key": Scenario(
        "the Redis cache with API keys and no rate limits; rooms through Redis",
        {"cache": "redis", "auth": "api_key", "database": "postgresql", "websockets": "redis"},
        gate=True,
    ),
    "cache-redis-none": Scenario(
        "the Redis cache with no auth and rate limits; pages, file transfer and Redis rooms too",
        {"cache": "redis", "auth": "none", "database": "postgresql", "use_rate_limit": True}
        | {"use_pages": True, "use_file_transfer": True, "websockets": "redis"},
        gate=True,
    ),
    "cache-memory": Scenario(
        "the memory cache with jwt and no rate limits",
        {"cache": "memory", "database": "postgresql"},
        gate=True,
    ),
    "cache-memory-api_key": Scenario(
        "the memory cache with API keys and rate limits; pages and file transfer from routes/",
        {"cache": "memory", "auth": "api_key", "database": "postgresql", "use_rate_limit": True}
        | {"use_pages": True, "use_file_transfer": True, "python_version": "3.12"}
        | {"routing": "filesystem"},
        gate=True,
    ),
    "cache-memory-none": Scenario(
        "the memory cache with no auth and no rate limits",
        {"cache": "memory", "auth": "none", "database": "postgresql"},
        gate=True,
    ),
    "rate-limit": Scenario(
        "rate limits without a cache, on PostgreSQL",
        {"use_rate_limit": True, "database": "postgresql"},
        gate=True,
        boundaries=False,
    ),
    "file_transfer": Scenario(
        "file transfer on its own, on SQLite", {"use_file_transfer": True}, bake=True, gate=True
    ),
    "pages": Scenario(
        "pages and the admin with jwt sign-in and rooms in one process, served from routes/"
        " files, on SQLite",
        {"use_pages": True, "use_admin": True, "websockets": "local", "routing": "filesystem"},
        gate=True,
    ),
    # Celery's worker tests run on the real broker.
    "celery-redis": Scenario(
        "Celery on Redis, beside PostgreSQL, on Python 3.14",
        {"background_jobs": "celery_redis", "database": "postgresql", "python_version": "3.14"},
        gate=True,
        boundaries=False,
    ),
    "celery-rabbitmq": Scenario(
        "Celery on RabbitMQ, on SQLite with API keys and served from routes/ files",
        {"background_jobs": "celery_rabbitmq", "auth": "api_key", "routing": "filesystem"},
        gate=True,
        boundaries=False,
    ),
    # The lowest versions pyproject.toml allows must pass the same gates.
    "lowest": Scenario(
        "every feature on at the lowest versions pyproject.toml allows",
        ALL_ON,
        env={"UV_RESOLUTION": "lowest-direct"},
        gate=True,
        boundaries=False,
        riders=False,
    ),
    "lowest-mix": Scenario(
        "the lowest versions with the answers that choose other dependencies than all-on's",
        {"auth": "api_key", "cache": "memory", "websockets": "local", "routing": "filesystem"}
        | {"background_jobs": "celery_rabbitmq", "use_rate_limit": True, "use_pages": True}
        | {"use_file_transfer": True, "use_observability": True, "use_outbound_client": True},
        env={"UV_RESOLUTION": "lowest-direct"},
        gate=True,
        riders=False,
    ),
    # Combinations whose deployment files, routes and settings differ from each value's alone.
    # deployment=kubernetes needs PostgreSQL, so it is never on alone.
    "kubernetes-api_key": Scenario(
        "Kubernetes manifests with API keys",
        {"auth": "api_key", "database": "postgresql", "deployment": "kubernetes"},
        bake=True,
    ),
    "kubernetes-none": Scenario(
        "Kubernetes manifests with no auth",
        {"auth": "none", "database": "postgresql", "deployment": "kubernetes"},
        bake=True,
    ),
    "all-on-gitlab": Scenario(
        "every feature at once on Kubernetes, built on GitLab",
        ALL_ON | {"ci": "gitlab"},
        bake=True,
    ),
    "all-on-filesystem": Scenario(
        "every feature at once, its endpoints served from routes/ files",
        ALL_ON | {"routing": "filesystem"},
        bake=True,
    ),
    "file_transfer-api_key": Scenario(
        "file transfer with API keys", {"use_file_transfer": True, "auth": "api_key"}, bake=True
    ),
    "file_transfer-none": Scenario(
        "file transfer with no auth, on PostgreSQL",
        {"use_file_transfer": True, "auth": "none", "database": "postgresql"},
        bake=True,
    ),
    "pages-api_key": Scenario(
        "pages with API-key sign-in", {"use_pages": True, "auth": "api_key"}, bake=True
    ),
    "pages-none": Scenario("pages with no sign-in", {"use_pages": True, "auth": "none"}, bake=True),
    "pages-file_transfer": Scenario(
        "pages and file transfer together, on PostgreSQL",
        {"use_pages": True, "use_file_transfer": True, "database": "postgresql"},
        bake=True,
    ),
    "observability-api_key": Scenario(
        "observability with API keys, on PostgreSQL",
        {"use_observability": True, "auth": "api_key", "database": "postgresql"},
        bake=True,
    ),
    "outbound-observability": Scenario(
        "the outbound client traced by observability, with no auth",
        {"use_outbound_client": True, "use_observability": True, "auth": "none"},
        bake=True,
    ),
    "filesystem-api_key": Scenario(
        "routes/ files with API keys, pages and file transfer",
        {"routing": "filesystem", "auth": "api_key", "use_pages": True}
        | {"use_file_transfer": True},
        bake=True,
    ),
    "filesystem-none": Scenario(
        "routes/ files with no auth, pages, file transfer and rate limits, on PostgreSQL",
        {"routing": "filesystem", "auth": "none", "use_pages": True, "use_file_transfer": True}
        | {"use_rate_limit": True, "database": "postgresql"},
        bake=True,
    ),
    "rate_limit-redis-api_key": Scenario(
        "rate limits kept in Redis, with API keys",
        {"use_rate_limit": True, "cache": "redis", "auth": "api_key"},
        bake=True,
    ),
    "rate_limit-memory-none": Scenario(
        "rate limits kept in memory, with no auth",
        {"use_rate_limit": True, "cache": "memory", "auth": "none"},
        bake=True,
    ),
    "websockets-local-pages": Scenario(
        "rooms in one process with pages and no auth",
        {"websockets": "local", "auth": "none", "use_pages": True},
        bake=True,
    ),
    "websockets-redis-kubernetes": Scenario(
        "rooms through Redis on Kubernetes, with API keys",
        {"websockets": "redis", "auth": "api_key", "database": "postgresql"}
        | {"deployment": "kubernetes"},
        bake=True,
    ),
    "celery_rabbitmq-gitlab": Scenario(
        "Celery on RabbitMQ on GitLab, whose services are reached by hostname",
        {"background_jobs": "celery_rabbitmq", "auth": "api_key", "database": "postgresql"}
        | {"deployment": "kubernetes", "ci": "gitlab"},
        bake=True,
    ),
    "celery_rabbitmq-none": Scenario(
        "Celery on RabbitMQ with no auth and file transfer",
        {"background_jobs": "celery_rabbitmq", "auth": "none", "use_file_transfer": True},
        bake=True,
    ),
    "package_name": Scenario(
        "a package name of its own, apart from the slug derived from the project name",
        {"project_name": "Order Tracker", "package_name": "orders"},
        bake=True,
    ),
    "longest-slug": Scenario(
        "the longest slug the hook accepts, with the long imports of PostgreSQL and Kubernetes",
        {"project_slug": LONGEST_SLUG, "database": "postgresql", "deployment": "kubernetes"},
        bake=True,
    ),
    "longest-slug-filesystem": Scenario(
        "the longest slug the hook accepts, with the long imports of routes/ files",
        {"project_slug": LONGEST_SLUG, "routing": "filesystem", "use_pages": True}
        | {"use_file_transfer": True},
        bake=True,
    ),
    "long-name": Scenario(
        "a project name too long for one line of settings, full of characters to escape",
        {
            "project_name": 'The "Very" Long \\ Name Of A Service That Needs Its Own Line, Or Two'
            ' \\\\\\\\ """"',
            "project_slug": "long_name",
            "auth": "api_key",
        },
        bake=True,
    ),
    # Every feature that adds endpoints, with each auth answer: the rooms' routes differ only
    # between jwt and the rest, and not between their two broadcasts; /metrics and
    # /health/upstreams, the client credentials grant and the item scopes come with jwt;
    # Celery once with users (jobs and mail through workers) and once without (jobs only).
    "endpoints-jwt": Scenario(
        "every endpoint jwt can have, served by routers and by routes/ files alike",
        {"use_pages": True, "use_admin": True, "use_file_transfer": True, "use_rate_limit": True}
        | {"websockets": "redis", "use_observability": True, "use_outbound_client": True}
        | {"background_jobs": "celery_redis"},
        routing=True,
    ),
    "endpoints-api_key": Scenario(
        "every endpoint API keys can have, served by routers and by routes/ files alike",
        {"auth": "api_key", "use_pages": True, "use_file_transfer": True}
        | {"use_rate_limit": True, "cache": "memory", "websockets": "local"},
        routing=True,
    ),
    "endpoints-none": Scenario(
        "every endpoint with no auth, served by routers and by routes/ files alike",
        {"auth": "none", "use_pages": True, "use_file_transfer": True}
        | {"background_jobs": "celery_rabbitmq"},
        routing=True,
    ),
}


# Features that change nothing the running service answers: how it is deployed and checked,
# its license, the browser tests' extra, and the routing style (test_routing checks that both
# styles serve one shape).
NOT_SERVED = frozenset({
    "browser_tests", "docker", "filesystem_routing", "github_ci", "gitlab_ci", "kubernetes",
    "kubernetes_celery", "license_file", "otel_collector", "routers", "stand_ins",
})  # fmt: skip


def surface(answers: dict[str, Any]) -> frozenset[str]:
    """What a bake's API serves and how: its features, but for those not served, a route
    feature counted as the feature it routes to.
    """
    served = set()
    for name in features.enabled_features(answers):
        if name not in NOT_SERVED:
            served.add(name.removeprefix("routers_").removeprefix("routes_"))
    return frozenset(served)


def show(value: Any) -> str:
    """An answer as it is typed on cookiecutter's command line: `true`, `celery_redis`."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def refused(answers: dict[str, Any]) -> bool:
    return any(rule.applies(answers) for rule in INCOMPATIBLE)


def each_value_alone(named: dict[str, Scenario]) -> dict[str, Scenario]:
    """Each value of each question on its own, next to the defaults, for the bake tests: where
    the hook accepts it alone and no named scenario bakes it alone already.
    """
    taken = [scenario.answers for scenario in named.values()]
    alone = {}
    for key, values in (CHOICES | {"license": LICENSES}).items():
        for value in values:
            if value == DEFAULTS[key] or refused({**DEFAULTS, key: value}):
                continue
            if {key: value} not in taken:
                alone[f"{key}={show(value)}"] = Scenario(
                    "one answer on its own, next to the defaults", {key: value}, bake=True
                )
    return alone


SCENARIOS: dict[str, Scenario] = NAMED | each_value_alone(NAMED)


def _constraint(together: dict[str, Any]) -> dict[str, Any]:
    """covertable's form of "not all of these answers at once"."""
    each = [{"operator": "eq", "left": key, "value": value} for key, value in together.items()]
    return {"operator": "not", "condition": {"operator": "and", "conditions": each}}


def pairs(answers: dict[str, Any]) -> set[frozenset[tuple[str, Any]]]:
    """Every pair of answer values one bake holds."""
    chosen = [(key, answers[key]) for key in CHOICES]
    return {frozenset(pair) for pair in itertools.combinations(chosen, 2)}


# covertable's salt, which orders its search: any gives a complete covering set; this one gave
# the fewest bakes of the salts "0" to "24" (8, against 9 and 10), each a gate's worth of CI.
COVERING_SALT = "2"


def with_riders(scenarios: dict[str, Scenario]) -> dict[str, Scenario]:
    """The gated scenarios, each that allows it given the RIDERS it leaves open that hold the
    most pairs of answer values no other gate holds (greedily, in order, twice over): the
    named gates carry most of the pairs, so the covering set needs fewer bakes of its own.
    """
    possible = possible_pairs()
    chosen = {name: scenario.full for name, scenario in scenarios.items()}
    for _ in range(2):
        for name, scenario in scenarios.items():
            open_keys = [key for key in RIDERS if scenario.riders and key not in scenario.answers]
            if not open_keys:
                continue
            others = set().union(*(pairs(full) for other, full in chosen.items() if other != name))
            best, gained = chosen[name], -1
            for values in itertools.product(*(CHOICES[key] for key in open_keys)):
                candidate = {**chosen[name], **dict(zip(open_keys, values, strict=True))}
                if refused(candidate):
                    continue
                new = len((pairs(candidate) & possible) - others)
                if new > gained:
                    best, gained = candidate, new
            chosen[name] = best
    return {
        name: dataclasses.replace(
            scenario,
            answers={
                **scenario.answers,
                **{key: chosen[name][key] for key in RIDERS if chosen[name][key] != DEFAULTS[key]},
            },
        )
        for name, scenario in scenarios.items()
    }


def covering_set(scenarios: dict[str, Scenario]) -> dict[str, Scenario]:
    """Gates that, with the scenarios, hold every pair of answer values the pre-generation
    hook accepts (covertable, seeded with the scenarios, honouring the hook's refusals).
    """
    presets = [{key: scenario.full[key] for key in CHOICES} for scenario in scenarios.values()]
    rows = covertable.make(
        CHOICES,
        presets=presets,
        constraints=[_constraint(rule.together) for rule in INCOMPATIBLE],
        salt=COVERING_SALT,
    )
    covered = set().union(*(pairs(scenario.full) for scenario in scenarios.values()))
    added = {}
    for number, row in enumerate(rows[len(presets) :], start=1):
        new = pairs({**DEFAULTS, **row}) - covered
        covered |= new
        added[f"pairs-{number}"] = Scenario(
            f"{len(new)} pairs of answer values no gate before it holds",
            {key: row[key] for key in CHOICES if row[key] != DEFAULTS[key]},
            gate=True,
            boundaries=False,
        )
    return added


def _for(test: str) -> dict[str, Scenario]:
    return {name: scenario for name, scenario in SCENARIOS.items() if getattr(scenario, test)}


def possible_pairs() -> set[frozenset[tuple[str, Any]]]:
    """Every pair of answer values that some accepted set of answers holds."""
    constrained = sorted({key for rule in INCOMPATIBLE for key in rule.together})
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


BAKES: dict[str, Scenario] = _for("bake")
PRESETS: dict[str, Scenario] = _for("preset")
_NAMED_GATES = with_riders(_for("gate"))
GATES: dict[str, Scenario] = _NAMED_GATES | covering_set(_NAMED_GATES)
ROUTED: dict[str, Scenario] = _for("routing")


if __name__ == "__main__":
    everything = SCENARIOS | GATES
    width = max(map(len, everything))
    for name, scenario in everything.items():
        print(f"{name:{width}}  {','.join(scenario.tests):13} {scenario.reason}")
        given = SCENARIOS[name].answers if name in SCENARIOS else scenario.answers
        if riders := {key: value for key, value in scenario.answers.items() if key not in given}:
            print(f"{'':{width}}  {'':13} gated with {riders}")
