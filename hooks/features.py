"""Read the feature manifest (features.json) and decide what a set of answers keeps.

Used by the template's tests directly, and by the hooks and template files through the
Jinja extension (extension.py), whose filters run inside cookiecutter while they are
rendered: the hooks get plain data and never read the manifest themselves.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

MANIFEST = Path(__file__).with_name("features.json")

Answers = dict[str, Any]
Features = dict[str, dict[str, Any]]


@functools.cache
def load(path: Path = MANIFEST) -> Features:
    """Return the manifest's features by name (read once; treat it as read-only)."""
    features: Features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return features


def _matches(condition: dict[str, Any], answers: Answers) -> bool:
    for key, wanted in condition.items():
        allowed = wanted if isinstance(wanted, list) else [wanted]
        if answers[key] not in allowed:
            return False
    return True


def enabled(feature: dict[str, Any], answers: Answers) -> bool:
    """Whether any of the feature's `when` conditions matches the answers."""
    return any(_matches(condition, answers) for condition in feature["when"])


def enabled_features(answers: Answers, features: Features | None = None) -> list[str]:
    """The names of the features the answers turn on, in the manifest's order."""
    features = load() if features is None else features
    return [name for name, feature in features.items() if enabled(feature, answers)]


def paths_to_remove(answers: Answers, features: Features | None = None) -> list[str]:
    """Project-relative paths owned only by features the answers did not choose."""
    features = load() if features is None else features
    keep: set[str] = set()
    drop: set[str] = set()
    for feature in features.values():
        paths = {p.format(package_name=answers["package_name"]) for p in feature["paths"]}
        (keep if enabled(feature, answers) else drop).update(paths)
    return sorted(drop - keep)
