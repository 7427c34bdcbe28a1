"""The service-core variants pass their own gates: install, lint, types, tests, migrations.

Slow (each bake installs its dependencies, from uv's shared cache); run alone with `-m slow`.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import bake, require_server, run, tool

pytestmark = pytest.mark.slow

GATE_VARIANTS = {
    "default": {},
    "postgresql": {"database": "postgresql"},
    "api_key": {"auth": "api_key"},
    "none": {"auth": "none"},
}
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def project_env(**extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    return {**env, "UV_PYTHON_DOWNLOADS": "never", **extra}


def sql(project: Path, env: dict[str, str], statement: str) -> None:
    """Run one statement on the server's maintenance database with the project's asyncpg."""
    script = (
        "import asyncio, asyncpg, sys\n"
        "async def main():\n"
        "    conn = await asyncpg.connect('postgresql://postgres@127.0.0.1:5432/postgres')\n"
        "    await conn.execute(sys.argv[1])\n"
        "    await conn.close()\n"
        "asyncio.run(main())\n"
    )
    run([tool("uv"), "run", "--no-sync", "python", "-c", script, statement], project, env)


@pytest.fixture(scope="module", params=GATE_VARIANTS.values(), ids=GATE_VARIANTS.keys())
def installed(
    request: pytest.FixtureRequest, cookies_session: Any
) -> Iterator[tuple[Path, dict[str, str]]]:
    answers: dict[str, Any] = request.param
    if answers.get("database") == "postgresql":
        require_server("PostgreSQL", 5432, START_POSTGRES)
    project = bake(cookies_session, **answers)
    env = project_env()
    run([tool("uv"), "sync", "--quiet"], project, env)
    database = None
    if answers.get("database") == "postgresql":
        database = f"gate_{uuid.uuid4().hex[:12]}"
        sql(project, env, f'CREATE DATABASE "{database}"')
        env["DATABASE_URL"] = f"{POSTGRES}/{database}"
    yield project, env
    if database:
        sql(project, env, f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def uv_run(project: Path, env: dict[str, str], *args: str) -> str:
    return run([tool("uv"), "run", "--no-sync", *args], project, env)


def test_lint_and_types(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    uv_run(project, env, "ruff", "check", ".")
    uv_run(project, env, "ruff", "format", "--check", ".")
    uv_run(project, env, "mypy")


def test_own_tests_pass_with_coverage(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    output = uv_run(project, env, "pytest", "-q", "-p", "no:cacheprovider")

    assert "Required test coverage of 90.0% reached" in output


def test_migrations_upgrade_check_and_downgrade(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    uv_run(project, env, "alembic", "upgrade", "head")
    uv_run(project, env, "alembic", "check")
    uv_run(project, env, "alembic", "downgrade", "base")
