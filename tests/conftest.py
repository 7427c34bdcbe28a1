"""Shared helpers for baking the template and inspecting what it produced."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

TEMPLATE = Path(__file__).resolve().parents[1]

DEFAULTS: dict[str, Any] = {
    key: value[0] if isinstance(value, list) else value
    for key, value in json.loads((TEMPLATE / "cookiecutter.json").read_text()).items()
    if not key.startswith("_")
}
DEFAULTS |= {"project_slug": "my_service", "package_name": "my_service"}

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
TOOLS = Path(sys.executable).parent  # ruff, uv and cookiecutter from the template's own venv


def answers(**overrides: Any) -> dict[str, Any]:
    return {**DEFAULTS, **overrides}


def bake(cookies: Any, **overrides: Any) -> Path:
    """Bake with these answers and return the project directory; fail loudly if it breaks."""
    result = cookies.bake(extra_context=overrides)
    assert result.exception is None, result.exception
    assert result.exit_code == 0
    return Path(result.project_path)


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None, timeout: int = 600) -> str:
    """Run a command; on failure, fail the test with its output."""
    proc = subprocess.run(
        cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if proc.returncode != 0:
        pytest.fail(f"{' '.join(cmd)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}")
    return proc.stdout


def tool(name: str) -> str:
    found = TOOLS / name
    return str(found) if found.exists() else shutil.which(name) or name


def require_server(name: str, port: int, start: str) -> None:
    """Skip (or, under CI, fail) when a server the variant needs is not listening."""
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
    except OSError:
        message = f"{name} is not reachable on 127.0.0.1:{port}; start it with: {start}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
