"""The pre-generation hook refuses bad answers with one clear line and leaves nothing behind."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from .conftest import TEMPLATE, answers, features, tool

REFUSALS = {
    "slug-starts-with-digit": (["project_slug=1bad"], "project_slug '1bad' is not a lowercase"),
    "slug-has-dash": (["project_slug=my-service"], "try project_slug=my_service"),
    "slug-too-long": (
        ["project_name=Acme Corporation Internal Inventory Management Service"],
        "is longer than 40 characters; try project_slug=acme_corporation_internal_inventory",
    ),
    "slug-shadows-stdlib": (["project_slug=json"], "shadows a standard library module"),
    "slug-shadows-dependency": (["project_slug=fastapi"], "shadows a dependency"),
    "package-is-keyword": (["package_name=class"], "package_name 'class' is not a lowercase"),
    "package-differs-from-slug": (["package_name=Orders"], "try package_name=orders"),
    "package-is-test": (["package_name=test"], "shadows a standard library module"),
    "bad-email": (["author_email=nobody"], "author_email 'nobody' is not an email"),
    "bad-version": (["version=one"], "version 'one' is not a release version"),
    "empty-name": (["project_name= "], "project_name is empty"),
    "kubernetes-without-docker": (
        ["use_kubernetes=true", "use_docker=false", "database=postgresql"],
        "use_kubernetes=true needs an image to deploy; set use_docker=true",
    ),
    "kubernetes-with-sqlite": (["use_kubernetes=true"], "choose database=postgresql"),
}

UNBUILT = {
    name: feature for name, feature in features.load().items() if not feature.get("built", True)
}


def cookiecutter(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [tool("cookiecutter"), "--no-input", str(TEMPLATE), "-o", str(tmp_path), *extra],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def hook_errors(stderr: str) -> list[str]:
    # cookiecutter's own last line may run into the hook's first, so find them anywhere.
    return re.findall(r"error: [^\n]*", stderr)


@pytest.mark.parametrize(("extra", "message"), REFUSALS.values(), ids=REFUSALS.keys())
def test_bad_answer_is_refused_with_one_line(
    tmp_path: Path, extra: list[str], message: str
) -> None:
    result = cookiecutter(tmp_path, *extra)

    # Kubernetes is also refused as not built yet; every other answer here has one problem.
    errors = [line for line in hook_errors(result.stderr) if "not available" not in line]
    assert result.returncode != 0
    assert len(errors) == 1, result.stderr
    assert message in errors[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("name", sorted(UNBUILT))
def test_feature_not_built_yet_is_refused(tmp_path: Path, name: str) -> None:
    condition = {
        key: value[0] if isinstance(value, list) else value
        for key, value in UNBUILT[name]["when"][0].items()
    }
    extra = [
        f"{key}={str(value).lower() if isinstance(value, bool) else value}"
        for key, value in condition.items()
    ]
    if name == "kubernetes":
        extra.append("database=postgresql")

    result = cookiecutter(tmp_path, *extra)

    errors = hook_errors(result.stderr)
    assert result.returncode != 0
    assert f"error: {name.replace('_', ' ')} is not available in this template yet" in errors[0]
    assert list(tmp_path.iterdir()) == []


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    result = cookiecutter(tmp_path, "project_slug=1bad", "author_email=nobody")

    # package_name is derived from the slug: its problem is reported once, as the slug's.
    wrong = [line.split()[1] for line in hook_errors(result.stderr)]
    assert wrong == ["project_slug", "author_email"]


def test_slug_and_package_are_derived_from_the_name(tmp_path: Path) -> None:
    result = cookiecutter(tmp_path, "project_name=Order Tracker-API")

    assert result.returncode == 0, result.stderr
    assert (tmp_path / "order_tracker_api" / "src" / "order_tracker_api" / "main.py").is_file()


@pytest.mark.parametrize(
    "overrides",
    [
        {"cache": "redis"},
        {"use_celery": True, "celery_broker": "redis"},
        {"use_rate_limit": True},
    ],
)
def test_redis_backed_features_pull_redis_in(overrides: dict[str, object]) -> None:
    assert "redis" in features.enabled_features(answers(**overrides))


def test_celery_on_rabbitmq_does_not_pull_redis_in() -> None:
    chosen = answers(use_celery=True, celery_broker="rabbitmq")

    assert "redis" not in features.enabled_features(chosen)
    assert "redis" not in features.enabled_features(answers())
