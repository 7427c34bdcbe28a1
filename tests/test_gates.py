"""The service-core variants pass their own gates: install, lint, types, tests, migrations.

Slow (each bake installs its dependencies, from uv's shared cache); run alone with `-m slow`.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOOLS, bake, require_server, run, tool
from .test_bake import HOSTILE

pytestmark = pytest.mark.slow

# Each later Python version rides along with another variant, so error codes and the rest
# are checked on 3.11, 3.12 and 3.13 without a bake of their own.
GATE_VARIANTS = {
    "default": {},
    "postgresql": {"database": "postgresql"},
    "api_key": {"auth": "api_key", "python_version": "3.12"},
    "none": {"auth": "none", "python_version": "3.13"},
    "hostile": HOSTILE,
}
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"
API_KEY = "gate-api-key"
API_KEY_HASH = hashlib.sha256(API_KEY.encode()).hexdigest()
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"


def project_env() -> dict[str, str]:
    """The environment a developer would have: uv on PATH, no other virtualenv active."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    path = os.pathsep.join([str(TOOLS), env.get("PATH", "")])
    return {**env, "PATH": path, "UV_PYTHON_DOWNLOADS": "never"}


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


def test_pre_commit_hooks_pass_offline(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    run(["git", "init", "--quiet"], project, env)
    run(["git", "add", "--all"], project, env)
    uv_run(project, env, "pre-commit", "run", "--all-files")


def test_own_tests_pass_with_coverage(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    output = uv_run(project, env, "pytest", "-q", "-p", "no:cacheprovider")

    assert "Required test coverage of 90.0% reached" in output


def test_migrations_upgrade_check_and_downgrade(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    uv_run(project, env, "alembic", "upgrade", "head")
    uv_run(project, env, "alembic", "check")
    uv_run(project, env, "alembic", "downgrade", "base")


def package_of(project: Path) -> str:
    return next((project / "src").iterdir()).name


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def request(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, Any]]:
    """One HTTP request with the standard library; returns the status and the JSON body."""
    req = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=10) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def post_json(url: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    return request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json", **(headers or {})}
    )


@contextmanager
def serving(project: Path, env: dict[str, str]) -> Iterator[str]:
    """Run the service under uvicorn, as deployed, until the block ends; yield its base URL."""
    port = free_port()
    log_path = project / f"uvicorn-{port}.log"
    # The log goes to a file: a pipe nobody reads would stall a chatty server.
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [tool("uv"), "run", "--no-sync", "uvicorn", f"{package_of(project)}.main:app",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while not _answers(f"{base}/health/live"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"uvicorn did not come up:\n{log_path.read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log_path.unlink()


def _answers(url: str) -> bool:
    with suppress(OSError):
        return request(url)[0] == 200
    return False


def test_serves_real_http(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    package = package_of(project)
    auth = (project / "src" / package / "auth").is_dir()
    api_key = (project / "src" / package / "api_keys").is_dir()
    env = {**env, "FIRST_SUPERUSER_PASSWORD": "a-strong-password", "API_KEY_HASHES": API_KEY_HASH}
    uv_run(project, env, "alembic", "upgrade", "head")
    if auth:
        uv_run(project, env, "python", "-m", f"{package}.users.initial_data")

    with serving(project, env) as base:
        headers = {"X-API-Key": API_KEY} if api_key else {}
        if auth:
            form = urllib.parse.urlencode(
                {"username": "admin@example.com", "password": "a-strong-password"}
            )
            status, tokens = request(f"{base}/api/v1/auth/login", form.encode())
            assert status == 200, tokens
            status, tokens = post_json(
                f"{base}/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}
            )
            assert status == 200, tokens
            headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            status, me = request(f"{base}/api/v1/users/me", headers=headers)
            assert (status, me["email"]) == (200, "admin@example.com")
            new_user = {"email": "twin@example.com", "password": "a-long-password"}
            assert post_json(f"{base}/api/v1/users/", new_user, headers)[0] == 201
            status, error = post_json(f"{base}/api/v1/users/", new_user, headers)
            assert status == 409
            assert error["error_code"] == "conflict"
            assert error["request_id"]
        if api_key:
            assert request(f"{base}/api/v1/items/")[0] == 401
        status, item = post_json(f"{base}/api/v1/items/", {"title": "over HTTP"}, headers)
        assert (status, item["title"]) == (201, "over HTTP")
        assert request(f"{base}/health/ready")[0] == 200

    unreachable = (
        f"{POSTGRES.replace('5432', '1')}/none"
        if "postgresql" in env.get("DATABASE_URL", "")
        else "sqlite+aiosqlite:////nonexistent/directory/service.db"
    )
    with serving(project, {**env, "DATABASE_URL": unreachable}) as base:
        status, error = request(f"{base}/health/ready")
        assert status == 503
        assert error["error_code"] == "service_unavailable"


def test_production_refuses_placeholder_secrets(installed: tuple[Path, dict[str, str]]) -> None:
    project, env = installed
    package = package_of(project)
    production = {**env, "ENVIRONMENT": "production", "SECRET_KEY": "changethis",
                  "API_KEY_HASHES": "", "ALLOWED_HOSTS": "*"}  # fmt: skip
    proc = subprocess.run(
        [tool("uv"), "run", "--no-sync", "python", "-c", f"import {package}.main"],
        cwd=project, env=production, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip

    assert proc.returncode != 0
    refused = ("SECRET_KEY", "API_KEY_HASHES", "ALLOWED_HOSTS")
    assert any(f"{name} must" in proc.stderr for name in refused), proc.stderr
