"""Fixtures every test module may ask for; helpers are in helpers.py."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from bench import common

from .helpers import Bake, project_env

# Files test_updates.py copies into a baked project: they test that project, not the template.
collect_ignore = ["customisation"]


@pytest.fixture(scope="session")
def bake(tmp_path_factory: pytest.TempPathFactory) -> Bake:
    """Bakes the template with the answers it is given (the rest their defaults) into a
    directory of its own, in the environment a developer has; returns the project.
    """

    def bake_into_a_fresh_directory(answers: Mapping[str, Any]) -> Path:
        return common.bake(answers, tmp_path_factory.mktemp("bake"), env=project_env())

    return bake_into_a_fresh_directory
