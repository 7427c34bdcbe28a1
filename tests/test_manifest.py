"""The feature manifest and the template tree agree; every expectation here is read from them."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest

from hooks import features

from .helpers import DEFAULTS, TEMPLATE

PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
PACKAGE = "src/{{cookiecutter.package_name}}"
FEATURES = features.load()
ENV_PARTS = PROJECT / ".env.example.d"


def template_path(relative: str) -> str:
    return relative.format(package_name="{{cookiecutter.package_name}}")


def owned_paths(feature: str) -> list[str]:
    return [template_path(path) for path in FEATURES[feature]["paths"]]


def template_files() -> list[Path]:
    return [path for path in PROJECT.rglob("*") if path.is_file()]


def owner_of(path: Path) -> str | None:
    """The feature that owns the path most closely (a file it names beats a folder)."""
    relative = path.relative_to(PROJECT).as_posix()
    owners = [
        (len(owned), name)
        for name in FEATURES
        for owned in owned_paths(name)
        if relative == owned or relative.startswith(f"{owned}/")
    ]
    return max(owners)[1] if owners else None


def test_every_manifest_path_exists_in_the_template() -> None:
    missing = [
        f"{name}: {path}"
        for name in FEATURES
        for path in owned_paths(name)
        if not (PROJECT / path).exists()
    ]

    assert missing == []


def test_implied_features_are_read_from_their_conditions() -> None:
    assert implies("pages_sign_in", "pages")
    assert not implies("pages", "pages_sign_in")
    assert implies("jwt", "jwt")


def test_no_path_has_two_owners() -> None:
    owners: dict[str, list[str]] = {}
    for name in FEATURES:
        for path in owned_paths(name):
            owners.setdefault(path, []).append(name)

    assert {path: names for path, names in owners.items() if len(names) > 1} == {}


def test_every_condition_names_a_real_answer_and_value() -> None:
    options = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    for name, feature in FEATURES.items():
        for condition in feature["when"]:
            for key, wanted in condition.items():
                assert key in DEFAULTS, f"{name}: unknown answer {key}"
                allowed = options[key] if isinstance(options[key], list) else [True, False]
                for value in wanted if isinstance(wanted, list) else [wanted]:
                    assert value in allowed, f"{name}: {key} has no value {value!r}"


def test_templates_branch_only_on_features_the_manifest_knows() -> None:
    named = {
        (path.relative_to(PROJECT).as_posix(), feature)
        for path in template_files()
        for feature in re.findall(r"\"(\w+)\" (?:not )?in features", path.read_text())
    }

    assert {(path, name) for path, name in named if name not in FEATURES} == set()


def test_templates_branch_on_features_not_on_raw_answers() -> None:
    """The manifest is the one place that says what an answer turns on."""
    raw = re.compile(r"cookiecutter\.(auth|database|use_\w+|cache|routing|ci|background_jobs)\b")
    branching = [
        path.relative_to(PROJECT).as_posix()
        for path in template_files()
        if raw.search(path.read_text())
    ]

    assert branching == []


def test_each_settings_part_belongs_to_its_feature() -> None:
    parts = {path.stem for path in ENV_PARTS.glob("*.env")} - {"core"}

    assert parts <= set(FEATURES)
    for name in parts:
        assert f".env.example.d/{name}.env" in owned_paths(name)


def implies(owner: str | None, feature: str) -> bool:
    """Whether every set of answers that turns `owner` on turns `feature` on too."""
    if owner is None:
        return False
    options = json.loads((TEMPLATE / "cookiecutter.json").read_text())
    keys = sorted(
        {key for name in (owner, feature) for when in FEATURES[name]["when"] for key in when}
    )
    values = [options[key] if isinstance(options[key], list) else [True, False] for key in keys]
    return all(
        features.enabled(FEATURES[feature], chosen)
        for combination in itertools.product(*values)
        if features.enabled(FEATURES[owner], chosen := dict(zip(keys, combination, strict=True)))
    )


def feature_packages() -> dict[str, list[str]]:
    """The packages under src/ each feature owns, by feature."""
    owned = {
        name: [
            path.removeprefix(f"{PACKAGE}/")
            for path in owned_paths(name)
            if path.startswith(f"{PACKAGE}/") and (PROJECT / path).is_dir()
        ]
        for name in FEATURES
    }
    return {name: packages for name, packages in owned.items() if packages}


@pytest.mark.parametrize(("feature", "packages"), feature_packages().items())
def test_shared_files_import_a_feature_only_where_they_branch_on_it(
    feature: str, packages: list[str]
) -> None:
    """A file outside a feature that imports the feature's package must say when it does,
    unless the feature that owns the file comes only with that feature.
    """
    imports = re.compile(rf"(?:\.|package_name \}}\}}\.)({'|'.join(packages)})\b[\w.]* import")
    unguarded = [
        path.relative_to(PROJECT).as_posix()
        for path in template_files()
        if path.suffix == ".py"
        and owner_of(path) != feature
        and not implies(owner_of(path), feature)
        and imports.search(path.read_text())
        and not any(
            guard == feature or implies(guard, feature)
            for guard in re.findall(r"\"(\w+)\" in features", path.read_text())
        )
    ]

    assert unguarded == []
