"""What the template's tests share that is not a fixture: the template's answers, running
commands (bounded, and failing the test with their output), the tools from the template's
own environment, and skipping (failing, under CI) for want of a server or a program.

Baking and free ports are bench/common.py's, which the benchmarks use too.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import IO, Any, NoReturn

import pytest

from hooks.naming import default_slug

TEMPLATE = Path(__file__).resolve().parents[1]
# What the `bake` fixture gives: the template baked with these answers, the project's directory.
Bake = Callable[[Mapping[str, Any]], Path]

# Each question's default; the slug and package as cookiecutter derives them from the
# default name.
DEFAULTS: dict[str, Any] = {
    key: value[0] if isinstance(value, list) else value
    for key, value in json.loads((TEMPLATE / "cookiecutter.json").read_text()).items()
    if not key.startswith("_")
}
DEFAULTS |= {"project_slug": "my_service", "package_name": "my_service"}


def answers(**overrides: Any) -> dict[str, Any]:
    """Every answer a bake with these gets: the defaults, and the slug derived from the name and
    the package from the slug unless they are given, as cookiecutter.json derives them.
    """
    chosen = {**DEFAULTS, **overrides}
    if "project_slug" not in overrides:
        chosen["project_slug"] = default_slug(str(chosen["project_name"]))
    if "package_name" not in overrides:
        chosen["package_name"] = chosen["project_slug"]
    return chosen


IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TOOLS = Path(sys.executable).parent  # ruff, uv and cookiecutter from the template's own venv


def project_env() -> dict[str, str]:
    """The environment a developer would have: uv on PATH, no other virtualenv active, and no
    UV_PROJECT_ENVIRONMENT, which would have each bake's `uv sync` replace the template's own.
    """
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("VIRTUAL_ENV") and key != "UV_PROJECT_ENVIRONMENT"
    }
    path = os.pathsep.join([str(TOOLS), env.get("PATH", "")])
    return {**env, "PATH": path, "UV_PYTHON_DOWNLOADS": "never"}


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    """Run a command; on failure, fail the test with its output.

    The output goes to files, not pipes: with pipes, a process the command leaves behind
    (a server a test started and never stopped) holds them open, and the wait for their end
    lasts until the timeout. The command runs in a process group of its own; whatever of it
    outlives the command by LEFT_BEHIND_GRACE seconds is killed and fails the test, named.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            cmd, cwd=cwd, env=env, stdout=out, stderr=err, start_new_session=True
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc.pid)
            proc.wait()
            pytest.fail(
                f"{' '.join(map(str, cmd))} took over {timeout} s\n{_read(out)}\n{_read(err)}"
            )
        left_behind = outlives(proc.pid)
        stdout, stderr = (_read(file) for file in (out, err))
    command = " ".join(map(str, cmd))
    if proc.returncode != 0:
        pytest.fail(f"{command} exited {proc.returncode}\n{stdout}\n{stderr}")
    if left_behind:
        pytest.fail(f"{command} left processes running: {left_behind}\n{stdout}\n{stderr}")
    return stdout


# Seconds the processes a command started may take to exit after it did.
LEFT_BEHIND_GRACE = 10


def kill_group(group: int) -> None:
    with suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)


def outlives(group: int) -> str:
    """The command lines of the group's processes still running after LEFT_BEHIND_GRACE
    seconds (all of them then killed), or "" once the group has emptied.
    """
    left = _members_after(group, LEFT_BEHIND_GRACE)
    if not left:
        return ""
    names = ", ".join(_command_line(member) for member in left)
    kill_group(group)
    _members_after(group, LEFT_BEHIND_GRACE)
    return names


def _members_after(group: int, seconds: float) -> list[Path]:
    """The group's live processes once it empties or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while True:
        members = [
            path.parent for path in Path("/proc").glob("[0-9]*/stat") if _runs_in(path, group)
        ]
        if not members or time.monotonic() > deadline:
            return members
        time.sleep(0.1)


def _runs_in(stat: Path, group: int) -> bool:
    """Whether the process is alive (not a zombie waiting to be reaped) and in the group."""
    with suppress(OSError, IndexError, ValueError):
        # After the command's name (which may hold spaces): state, parent, process group.
        state, _, process_group = stat.read_text().rpartition(")")[2].split()[:3]
        return state != "Z" and int(process_group) == group
    return False


def _command_line(process: Path) -> str:
    with suppress(OSError):
        return (process / "cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    return process.name


def _read(file: IO[bytes]) -> str:
    file.seek(0)
    return file.read().decode(errors="replace")


def tool(name: str) -> str:
    found = TOOLS / name
    return str(found) if found.exists() else shutil.which(name) or name


def require_server(name: str, port: int, start: str) -> None:
    """Skip (or, under CI, fail) when a server the scenario needs is not listening."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        unavailable(f"{name} is not reachable on 127.0.0.1:{port}; start it with: {start}")


def unavailable(message: str) -> NoReturn:
    """Skip the test for want of something the machine lacks; under CI, where everything must
    be there, fail it.
    """
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)
