"""The feature manifest and the template agree."""

from __future__ import annotations

import json

from .conftest import DEFAULTS, TEMPLATE, features

PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"


def template_path(relative: str) -> str:
    return relative.format(package_name="{{cookiecutter.package_name}}")


def test_every_manifest_path_exists_in_the_template() -> None:
    missing = [
        f"{name}: {path}"
        for name, feature in features.load().items()
        for path in feature["paths"]
        if not (PROJECT / template_path(path)).exists()
    ]

    assert missing == []


def test_every_condition_names_a_real_answer_and_value() -> None:
    options = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    for name, feature in features.load().items():
        for condition in feature["when"]:
            for key, wanted in condition.items():
                assert key in DEFAULTS, f"{name}: unknown answer {key}"
                allowed = options[key] if isinstance(options[key], list) else [True, False]
                for value in wanted if isinstance(wanted, list) else [wanted]:
                    assert value in allowed, f"{name}: {key} has no value {value!r}"


def test_feature_files_are_listed_in_the_manifest() -> None:
    """A file that only makes sense for one answer must be owned by that answer's feature."""
    owned = {
        template_path(path) for feature in features.load().values() for path in feature["paths"]
    }
    package = "src/{{cookiecutter.package_name}}"
    feature_only = [
        f"{package}/auth",
        f"{package}/users",
        f"{package}/core/security.py",
        f"{package}/core/api_keys.py",
        f"{package}/initial_data.py",
        "Dockerfile",
        "compose.yaml",
        ".github",
        ".gitlab-ci.yml",
        "LICENSE",
    ]

    assert [path for path in feature_only if path not in owned] == []
