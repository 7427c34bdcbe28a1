"""The template's own test helpers: a command the gates run is bounded, and whatever it
leaves running fails the test instead of holding it until the timeout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import helpers
from .helpers import run


def test_run_returns_the_output_of_a_command_that_succeeds(tmp_path: Path) -> None:
    assert run(["echo", "done"], tmp_path) == "done\n"


def test_run_fails_with_the_output_of_a_command_that_fails(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="exited 3\n\nwhy\n"):
        run(["bash", "-c", "echo why >&2; exit 3"], tmp_path)


def test_run_fails_a_command_that_takes_too_long(tmp_path: Path) -> None:
    with pytest.raises(pytest.fail.Exception, match="took over 1 s"):
        run(["sleep", "30"], tmp_path, timeout=1)


def test_run_names_and_kills_what_a_command_leaves_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(helpers, "LEFT_BEHIND_GRACE", 1)

    with pytest.raises(pytest.fail.Exception, match=r"left processes running: sleep 31\.5"):
        run(["bash", "-c", "sleep 31.5 & echo started"], tmp_path)

    running = [path.read_bytes() for path in Path("/proc").glob("[0-9]*/cmdline")]
    assert b"sleep\x0031.5\x00" not in running
