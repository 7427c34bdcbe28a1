"""The gate variants pass their own gates: install, lint, types, tests, migrations, real HTTP,
their OpenAPI contract under a fuzzer, and the README's first command on a fresh database.

Slow (each bake installs its dependencies, from uv's shared cache); run alone with `-m slow`.
Every test of one variant runs in one xdist worker (`--dist loadgroup`), so each variant is
baked and installed once.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .conftest import TOOLS, bake, require_server, run, tool
from .servers import private_postgres
from .test_bake import HOSTILE

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class Variant:
    answers: dict[str, Any]
    env: dict[str, str] = field(default_factory=dict)  # for every command, uv's included


# Each later Python version rides along with another variant, so error codes and the rest are
# checked on 3.11, 3.12 and 3.13 without a bake of their own. Every auth answer runs on both
# databases, as the contract fuzzing must.
VARIANTS = {
    "default": Variant({}),
    "postgresql": Variant({"database": "postgresql"}),
    "api_key": Variant({"auth": "api_key", "python_version": "3.12"}),
    "api_key-postgresql": Variant({"auth": "api_key", "database": "postgresql"}),
    "none": Variant({"auth": "none", "python_version": "3.13"}),
    "none-postgresql": Variant({"auth": "none", "database": "postgresql"}),
    "hostile": Variant(HOSTILE),
    "file_transfer": Variant({"use_file_transfer": True}),
    "pages": Variant({"use_pages": True}),
    # Both together, with each auth answer; PostgreSQL for the two that have tables to own.
    "pages-files-postgresql": Variant(
        {"use_pages": True, "use_file_transfer": True, "database": "postgresql"}
    ),
    "pages-files-api_key": Variant(
        {"use_pages": True, "use_file_transfer": True, "auth": "api_key", "python_version": "3.12"}
    ),
    "pages-files-none-postgresql": Variant(
        {"use_pages": True, "use_file_transfer": True, "auth": "none", "database": "postgresql"}
    ),
    # The lowest versions pyproject.toml allows must pass the same gates.
    "lowest": Variant({}, env={"UV_RESOLUTION": "lowest-direct"}),
}
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"
API_KEY = "gate-api-key"
API_KEY_HASH = hashlib.sha256(API_KEY.encode()).hexdigest()
SUPERUSER = {"username": "admin@example.com", "password": "a-strong-password"}
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
# Bounded so the fuzzing stays a small share of the suite's time; the seed makes it repeatable.
FUZZ_EXAMPLES = 25
FUZZ_SEED = 20261127


@dataclass
class Installed:
    name: str
    project: Path
    env: dict[str, str]
    package: str = field(init=False)

    def __post_init__(self) -> None:
        self.package = next((self.project / "src").iterdir()).name

    @property
    def postgresql(self) -> bool:
        return VARIANTS[self.name].answers.get("database") == "postgresql"

    @property
    def auth(self) -> str:
        return str(VARIANTS[self.name].answers.get("auth", "jwt"))

    def has(self, answer: str) -> bool:
        return bool(VARIANTS[self.name].answers.get(answer))

    def uv_run(self, *args: str, env: dict[str, str] | None = None) -> str:
        return run([tool("uv"), "run", "--no-sync", *args], self.project, env or self.env)


def gate(*names: str) -> pytest.MarkDecorator:
    """Run the test on these variants, each in the xdist worker that installed it."""
    params = [pytest.param(name, id=name, marks=pytest.mark.xdist_group(name)) for name in names]
    return pytest.mark.parametrize("installed", params, indirect=True)


def project_env() -> dict[str, str]:
    """The environment a developer would have: uv on PATH, no other virtualenv active."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("VIRTUAL_ENV")}
    path = os.pathsep.join([str(TOOLS), env.get("PATH", "")])
    return {**env, "PATH": path, "UV_PYTHON_DOWNLOADS": "never"}


def sql(installed: Installed, statement: str) -> None:
    """Run one statement on the server's maintenance database with the project's asyncpg."""
    script = (
        "import asyncio, asyncpg, sys\n"
        "async def main():\n"
        "    conn = await asyncpg.connect('postgresql://postgres@127.0.0.1:5432/postgres')\n"
        "    await conn.execute(sys.argv[1])\n"
        "    await conn.close()\n"
        "asyncio.run(main())\n"
    )
    installed.uv_run("python", "-c", script, statement)


@pytest.fixture(scope="module")
def installed(request: pytest.FixtureRequest, cookies_session: Any) -> Iterator[Installed]:
    variant = VARIANTS[request.param]
    if variant.answers.get("database") == "postgresql":
        require_server("PostgreSQL", 5432, START_POSTGRES)
    project = bake(cookies_session, **variant.answers)
    env = {**project_env(), **variant.env}
    run([tool("uv"), "sync", "--quiet"], project, env)
    baked = Installed(request.param, project, env)
    with fresh_database(baked) as database_env:
        baked.env = database_env
        yield baked


@contextmanager
def fresh_database(installed: Installed, create: bool = True) -> Iterator[dict[str, str]]:
    """The variant's environment pointed at a database of its own, dropped afterwards; with
    create=False, PostgreSQL's is left for the service to create.
    """
    name = f"gate_{uuid.uuid4().hex[:12]}"
    if not installed.postgresql:
        path = installed.project / f"{name}.db"
        yield {**installed.env, "DATABASE_URL": f"sqlite+aiosqlite:///{path}"}
        path.unlink(missing_ok=True)
        return
    if create:
        sql(installed, f'CREATE DATABASE "{name}"')
    try:
        yield {**installed.env, "DATABASE_URL": f"{POSTGRES}/{name}"}
    finally:
        sql(installed, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@gate(*VARIANTS)
def test_lint_and_types(installed: Installed) -> None:
    installed.uv_run("ruff", "check", ".")
    installed.uv_run("ruff", "format", "--check", ".")
    installed.uv_run("mypy")


@gate(*VARIANTS)
def test_pre_commit_hooks_pass_offline(installed: Installed) -> None:
    run(["git", "init", "--quiet"], installed.project, installed.env)
    run(["git", "add", "--all"], installed.project, installed.env)
    installed.uv_run("pre-commit", "run", "--all-files")


@gate(*VARIANTS)
def test_own_tests_pass_with_coverage(installed: Installed) -> None:
    output = installed.uv_run("pytest", "-q", "-p", "no:cacheprovider")

    assert "Required test coverage of 90.0% reached" in output


@gate(*VARIANTS)
def test_migrations_upgrade_check_and_downgrade(installed: Installed) -> None:
    installed.uv_run("alembic", "upgrade", "head")
    installed.uv_run("alembic", "check")
    installed.uv_run("alembic", "downgrade", "base")


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
def serving(installed: Installed, env: dict[str, str]) -> Iterator[str]:
    """Run the service under uvicorn, as deployed, until the block ends; yield its base URL."""
    port = free_port()
    log_path = installed.project / f"uvicorn-{port}.log"
    # The log goes to a file: a pipe nobody reads would stall a chatty server.
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [tool("uv"), "run", "--no-sync", "uvicorn", f"{installed.package}.main:app",
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log"],
            cwd=installed.project, env=env, stdout=log, stderr=subprocess.STDOUT,
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


@contextmanager
def running_service(
    installed: Installed, database_env: dict[str, str] | None = None
) -> Iterator[tuple[str, dict[str, str]]]:
    """The service migrated and served on a database of its own (with its first superuser
    under jwt); yields its base URL and the headers of a caller it accepts.
    """
    with fresh_database(installed) as env:
        env = {**(database_env or env), "FIRST_SUPERUSER_PASSWORD": SUPERUSER["password"]}
        env["API_KEY_HASHES"] = API_KEY_HASH
        installed.uv_run("alembic", "upgrade", "head", env=env)
        if installed.auth == "jwt":
            installed.uv_run("python", "-m", f"{installed.package}.users.initial_data", env=env)
        with serving(installed, env) as base:
            headers = {"api_key": {"X-API-Key": API_KEY}, "none": {}}.get(installed.auth)
            if headers is None:
                form = urllib.parse.urlencode(SUPERUSER).encode()
                status, tokens = request(f"{base}/api/v1/auth/login", form)
                assert status == 200, tokens
                headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            yield base, headers


@gate(*VARIANTS)
def test_serves_real_http(installed: Installed) -> None:
    with running_service(installed) as (base, headers):
        if installed.auth == "jwt":
            status, tokens = request(
                f"{base}/api/v1/auth/login", urllib.parse.urlencode(SUPERUSER).encode()
            )
            status, tokens = post_json(
                f"{base}/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}
            )
            assert status == 200, tokens
            status, me = request(f"{base}/api/v1/users/me", headers=headers)
            assert (status, me["email"]) == (200, SUPERUSER["username"])
            new_user = {"email": "twin@example.com", "password": "a-long-password"}
            assert post_json(f"{base}/api/v1/users/", new_user, headers)[0] == 201
            status, error = post_json(f"{base}/api/v1/users/", new_user, headers)
            assert status == 409
            assert error["error_code"] == "conflict"
            assert error["request_id"]
        if installed.auth != "none":
            assert request(f"{base}/api/v1/items/")[0] == 401
        status, item = post_json(f"{base}/api/v1/items/", {"title": "over HTTP"}, headers)
        assert (status, item["title"]) == (201, "over HTTP")
        assert request(f"{base}/health/ready")[0] == 200
        if installed.has("use_file_transfer"):
            upload_and_resume(base, headers)
        if installed.has("use_pages"):
            landing_page_and_its_assets(base)

    unreachable = (
        f"{POSTGRES.replace('5432', '1')}/none"
        if installed.postgresql
        else "sqlite+aiosqlite:////nonexistent/directory/service.db"
    )
    with serving(installed, {**installed.env, "DATABASE_URL": unreachable}) as base:
        status, error = request(f"{base}/health/ready")
        assert status == 503
        assert error["error_code"] == "service_unavailable"


def landing_page_and_its_assets(base: str) -> None:
    """The landing page and every asset it links, with the headers a CDN goes by."""
    with urllib.request.urlopen(f"{base}/", timeout=10) as response:
        assert response.headers["Content-Type"] == "text/html; charset=utf-8"
        page = response.read().decode()
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page))
    assert assets
    for asset in assets:
        with urllib.request.urlopen(f"{base}{asset}", timeout=10) as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def upload_and_resume(base: str, headers: dict[str, str]) -> None:
    """A file larger than the request body limit goes up in one multipart body and comes back
    in two ranged requests, as a resumed download would fetch it.
    """
    content = os.urandom(3 * 1024 * 1024)
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="data.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    content_type = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    status, stored = request(f"{base}/api/v1/files/", body, {**headers, **content_type})
    assert (status, stored["sha256"]) == (201, hashlib.sha256(content).hexdigest()), stored

    halves = []
    for asked in ("bytes=0-1048575", "bytes=1048576-"):
        ranged = urllib.request.Request(
            f"{base}/api/v1/files/{stored['id']}", headers={**headers, "Range": asked}
        )
        with urllib.request.urlopen(ranged, timeout=10) as response:
            assert response.status == 206
            halves.append(response.read())
    assert b"".join(halves) == content


@gate(*VARIANTS)
def test_contract_holds_under_fuzzing(installed: Installed) -> None:
    """schemathesis, every check, against the served app, signed in where auth applies."""
    with running_service(installed) as (base, headers):
        run(
            [tool("schemathesis"), "run", f"{base}/api/v1/openapi.json", "--url", base,
             *(arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")),
             "--checks", "all", "--max-examples", str(FUZZ_EXAMPLES), "--seed", str(FUZZ_SEED),
             "--generation-database", "none", "--no-color", "--request-timeout", "10"],
            installed.project, installed.env,
        )  # fmt: skip


@gate(*VARIANTS)
def test_production_refuses_placeholder_secrets(installed: Installed) -> None:
    production = {**installed.env, "ENVIRONMENT": "production", "SECRET_KEY": "changethis",
                  "API_KEY_HASHES": "", "ALLOWED_HOSTS": "*"}  # fmt: skip
    proc = subprocess.run(
        [tool("uv"), "run", "--no-sync", "python", "-c", f"import {installed.package}.main"],
        cwd=installed.project, env=production, capture_output=True, text=True, timeout=60,
        check=False,
    )  # fmt: skip

    assert proc.returncode != 0
    refused = ("SECRET_KEY", "API_KEY_HASHES", "ALLOWED_HOSTS")
    assert any(f"{name} must" in proc.stderr for name in refused), proc.stderr


def readme_first_command(project: Path) -> tuple[str, str]:
    """The README's first command, split into the set-up and the server it starts last."""
    readme = (project / "README.md").read_text(encoding="utf-8")
    first = re.search(r"```bash\n(.+)\n", readme)
    assert first is not None, "the README opens with no command"
    setup, _, serve = first.group(1).rpartition(" && ")
    assert serve.startswith("uv run uvicorn "), serve
    return setup, serve


def table_names(installed: Installed, env: dict[str, str]) -> set[str]:
    script = (
        "import asyncio\n"
        "from sqlalchemy import inspect\n"
        f"from {installed.package}.db.session import engine\n"
        "async def main():\n"
        "    async with engine.connect() as c:\n"
        "        print(*await c.run_sync(lambda s: inspect(s).get_table_names()))\n"
        "asyncio.run(main())\n"
    )
    return set(installed.uv_run("python", "-c", script, env=env).split())


@gate("default", "postgresql")
def test_readme_first_command_serves_on_a_fresh_database(installed: Installed) -> None:
    """As a new user runs it, the server start replaced by a readiness check."""
    setup, _ = readme_first_command(installed.project)

    with fresh_database(installed, create=False) as env:
        run(["bash", "-c", setup], installed.project, env)
        with serving(installed, env) as base:
            assert request(f"{base}/health/ready")[0] == 200

        assert "items" in table_names(installed, env)


@gate("default")
def test_make_install_works_in_a_fresh_bake(installed: Installed, tmp_path: Path) -> None:
    """Not a git repository yet: `make install` starts one for the pre-commit hooks."""
    fresh = tmp_path / installed.project.name
    shutil.copytree(installed.project, fresh, ignore=shutil.ignore_patterns(".venv", ".git"))

    run(["make", "install"], fresh, installed.env)

    assert (fresh / ".git" / "hooks" / "pre-commit").is_file()
    # The lock the first install wrote is what CI and the Dockerfile install from.
    run([tool("uv"), "sync", "--locked", "--quiet"], fresh, installed.env)


@gate("postgresql")
def test_database_outage_answers_503_in_time_and_recovers(installed: Installed) -> None:
    """On a PostgreSQL server of the test's own, stopped and started under the running app."""
    connect_timeout = 2
    with private_postgres() as server:
        env = {**installed.env, "DATABASE_URL": f"{server.url}/service"}
        env["DATABASE_CONNECT_TIMEOUT"] = str(connect_timeout)
        with running_service(installed, env) as (base, headers):
            items = f"{base}/api/v1/items/"
            assert post_json(items, {"title": "kept"}, headers)[0] == 201

            server.stop()
            began = time.monotonic()
            status, error = request(items, headers=headers)
            waited = time.monotonic() - began
            assert (status, error["error_code"]) == (503, "service_unavailable")
            assert waited < connect_timeout + 1

            server.start()
            deadline = time.monotonic() + 10
            while (answer := request(items, headers=headers))[0] != 200:
                assert time.monotonic() < deadline, answer
                time.sleep(0.2)
            assert [item["title"] for item in answer[1]["items"]] == ["kept"]
