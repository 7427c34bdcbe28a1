"""The pinned set is current: it lists every dependency of every answer, and its lock
resolves them.
"""

from __future__ import annotations

from .helpers import run, tool
from .pinned import PINNED, pinned_pyproject


def test_pinned_project_lists_every_dependency_of_every_answer() -> None:
    written = (PINNED / "pyproject.toml").read_text(encoding="utf-8")

    assert written == pinned_pyproject(), "run `uv run python -m tests.pinned` to rewrite it"


def test_pinned_lock_is_current() -> None:
    run([tool("uv"), "lock", "--check", "--quiet", "--project", str(PINNED)], PINNED)
