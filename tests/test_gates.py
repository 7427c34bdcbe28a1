"""The gate variants pass their own gates: install, lint, types, tests, migrations, real HTTP,
their OpenAPI contract under a fuzzer, and the README's first command on a fresh database.

Slow (each bake installs its dependencies, from uv's shared cache); run alone with `-m slow`.
Every test of one variant runs in one xdist worker (`--dist loadgroup`), so each variant is
baked and installed once.
"""

from __future__ import annotations

import fcntl
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
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

from bench.common import free_port
from hooks.features import enabled_features

from . import deployment
from .helpers import Bake, project_env, require_server, run, tool, unavailable
from .matrix import GATES
from .servers import private_postgres, private_redis

pytestmark = pytest.mark.slow


POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432"
API_KEY = "gate-api-key"
API_KEY_HASH = hashlib.sha256(API_KEY.encode()).hexdigest()
SUPERUSER = {"username": "admin@example.com", "password": "a-strong-password"}
START_RABBITMQ = "rabbitmq-server -detached"
START_POSTGRES = "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start"
START_REDIS = (
    'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no'
    " --dir /var/lib/redis --logfile /var/log/redis/ci.log"
)
# Bounded so the fuzzing stays a small share of the suite's time; the seed makes it repeatable.
FUZZ_EXAMPLES = 25
FUZZ_SEED = 20261127


@dataclass
class Installed:
    name: str
    project: Path
    env: dict[str, str]
    package: str = field(init=False)
    answers: dict[str, Any] = field(init=False)
    features: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        self.package = next((self.project / "src").iterdir()).name
        self.answers = GATES[self.name].full
        self.features = frozenset(enabled_features(self.answers))

    @property
    def postgresql(self) -> bool:
        return "postgresql" in self.features

    @property
    def celery(self) -> bool:
        return "celery" in self.features

    @property
    def auth(self) -> str | None:
        """How callers sign in, by the manifest's name for it: jwt, api_key, or None."""
        return next((name for name in ("jwt", "api_key") if name in self.features), None)

    def uv_run(self, *args: str, env: dict[str, str] | None = None, timeout: int = 600) -> str:
        command = [tool("uv"), "run", "--no-sync", *args]
        return run(command, self.project, env or self.env, timeout)


# The variants to run, comma-separated (all when unset): the template's CI gives each of its
# parallel jobs a share of them.
# The routes that can end the caller's own sign-in session (auth=jwt).
SIGNING_OUT = r"/auth/logout$|/sessions"
CHOSEN = os.environ.get("GATE_VARIANTS")
if CHOSEN and not set(CHOSEN.split(",")) <= set(GATES):
    raise ValueError(f"GATE_VARIANTS={CHOSEN}: the variants are {', '.join(GATES)}")


def gate(*names: str) -> pytest.MarkDecorator:
    """Run the test on these variants, each in the xdist worker that installed it."""
    if CHOSEN:
        names = tuple(name for name in names if name in CHOSEN.split(","))
    params = [pytest.param(name, id=name, marks=pytest.mark.xdist_group(name)) for name in names]
    return pytest.mark.parametrize("installed", params, indirect=True)


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
def installed(request: pytest.FixtureRequest, bake: Bake) -> Iterator[Installed]:
    scenario = GATES[request.param]
    chosen = frozenset(enabled_features(scenario.full))
    if "postgresql" in chosen:
        require_server("PostgreSQL", 5432, START_POSTGRES)
    if "redis" in chosen:
        require_server("Redis", 6379, START_REDIS)
    if "celery_rabbitmq" in chosen:
        require_server("RabbitMQ", 5672, START_RABBITMQ)
    project = bake(scenario.answers)
    env = {**project_env(), **scenario.env}
    # What the bake installs is the lock the post-generation hook narrowed from the pinned set,
    # as the project's CI and Dockerfile install it; the lowest-versions scenarios resolve
    # their own.
    locked = [] if "UV_RESOLUTION" in scenario.env else ["--locked"]
    run([tool("uv"), "sync", "--quiet", *locked], project, env)
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


@gate(*GATES)
def test_make_lint_passes(installed: Installed) -> None:
    """ruff, its formatter and mypy --strict, as the README tells a user to run them."""
    run(["make", "lint"], installed.project, installed.env)


@gate(*GATES)
def test_first_commit_passes_the_pre_commit_hooks_offline(installed: Installed) -> None:
    """`make install` (git repository, hooks), then the user's first commit of the whole bake:
    every hook runs from the project's own environment, nothing is fetched.
    """
    identity = {f"GIT_{role}_{part}": value for role in ("AUTHOR", "COMMITTER")
                for part, value in (("NAME", "Gate"), ("EMAIL", "gate@example.com"))}  # fmt: skip
    env = {**installed.env, **identity}
    run(["make", "install"], installed.project, env)
    run(["git", "add", "--all"], installed.project, env)
    run(["git", "commit", "--quiet", "--message", "First commit"], installed.project, env)

    assert run(["git", "status", "--porcelain"], installed.project, env) == ""


# What a developer's `.env` might say, each line enough to fail the tests if they read it.
DEVELOPER_ENV = "API_V1_PREFIX=/elsewhere\nMAX_REQUEST_BODY_BYTES=16\nREGISTRATION_OPEN=true\n"


@gate(*GATES)
def test_own_tests_pass_with_coverage(installed: Installed) -> None:
    """With a developer's `.env` beside them, which the tests do not read."""
    env_file = installed.project / ".env"
    written = env_file.read_text(encoding="utf-8")
    env_file.write_text(written + DEVELOPER_ENV, encoding="utf-8")
    try:
        # An all-on suite, with its fault tests, takes about 160 s alone on 2 cores; beside the
        # other worker's gates on a loaded machine, the lowest-versions one took over 600 s.
        # Each test has its own 120 s timeout (pytest-timeout), so a hang still names its test.
        output = installed.uv_run("pytest", "-q", "-p", "no:cacheprovider", timeout=1200)
    finally:
        env_file.write_text(written, encoding="utf-8")

    assert "Required test coverage of 90.0% reached" in output


@gate(*GATES)
def test_migrations_upgrade_check_and_downgrade(installed: Installed) -> None:
    installed.uv_run("alembic", "upgrade", "heads")
    installed.uv_run("alembic", "check")
    installed.uv_run("alembic", "downgrade", "base")


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
             "--host", "127.0.0.1", "--port", str(port), "--no-access-log", "--no-proxy-headers"],
            cwd=installed.project, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(server, f"{base}/health/live", log_path)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        log_path.unlink()


def wait_until_serving(server: subprocess.Popen[Any], url: str, log_path: Path) -> None:
    """Return once `url` answers 200; fail with the server's log if it exits or takes 30 s."""
    deadline = time.monotonic() + 30
    while not _answers(url):
        if server.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"{' '.join(map(str, server.args))} did not serve:\n{log_path.read_text()}")
        time.sleep(0.2)


def _answers(url: str) -> bool:
    with suppress(OSError):
        return request(url)[0] == 200
    return False


@contextmanager
def running_service(installed: Installed, **settings: str) -> Iterator[tuple[str, dict[str, str]]]:
    """The service migrated and served on a database of its own (with its first admin
    under jwt), with these settings on top; yields its base URL and the headers of a caller
    it accepts.
    """
    with fresh_database(installed) as env:
        env = {**env, "FIRST_SUPERUSER_PASSWORD": SUPERUSER["password"]}
        env["API_KEY_HASHES"] = API_KEY_HASH
        # Rate limits out of the fuzzer's way; the project's own tests cover the 429s.
        env["RATE_LIMIT_DEFAULT"] = env["RATE_LIMIT_LOGIN"] = "1000000/minute"
        env["REDIS_KEY_PREFIX"] = env["CELERY_QUEUE"] = f"gate_{uuid.uuid4().hex[:12]}"
        env |= settings
        installed.uv_run("alembic", "upgrade", "heads", env=env)
        if installed.auth == "jwt":
            installed.uv_run("python", "-m", f"{installed.package}.users.initial_data", env=env)
        with (
            forgotten_keys(installed, env),
            serving(installed, env) as base,
            celery_worker(installed, env),
        ):
            headers = {"X-API-Key": API_KEY} if installed.auth == "api_key" else {}
            if installed.auth == "jwt":
                form = urllib.parse.urlencode(SUPERUSER).encode()
                status, tokens = request(f"{base}/api/v1/auth/login", form)
                assert status == 200, tokens
                headers = {"Authorization": f"Bearer {tokens['access_token']}"}
            yield base, headers


# Deletes every key under the run's prefix; run with the baked project's redis-py.
FORGET_KEYS = """
import os
from redis import Redis
with Redis.from_url(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")) as client:
    keys = list(client.scan_iter(os.environ["REDIS_KEY_PREFIX"] + ":*", count=1000))
    if keys:
        client.unlink(*keys)
"""


@contextmanager
def forgotten_keys(installed: Installed, env: dict[str, str]) -> Iterator[None]:
    """With Redis, nothing the block left under its key prefix (rate limits, rooms, the
    broker's bindings, task results) stays on the shared server afterwards.
    """
    try:
        yield
    finally:
        if "redis" in installed.features:
            installed.uv_run("python", "-c", FORGET_KEYS, env=env)


@contextmanager
def celery_worker(installed: Installed, env: dict[str, str]) -> Iterator[None]:
    """With Celery, a worker process on the run's own queues as deployed (`celery worker`),
    consuming them before the block starts, and those queues deleted from the shared broker
    afterwards.
    """
    if not installed.celery:
        yield
        return
    app = f"{installed.package}.worker.app"
    # A name of its own: other workers on the shared broker answer pings too, and two workers
    # of one name fight over its exclusive control queue (RESOURCE_LOCKED), one of them dying.
    node = f"gate-{uuid.uuid4().hex[:12]}@localhost"
    log_path = installed.project / f"worker-{uuid.uuid4().hex[:8]}.log"
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [tool("uv"), "run", "--no-sync", "celery", "--app", app, "worker", "--hostname", node,
             "--pool", "prefork", "--concurrency", "1",
             "--without-heartbeat", "--without-gossip", "--without-mingle"],
            cwd=installed.project, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_consuming(installed, env, app, node, log_path)
        yield
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log_path.unlink()
        delete_queues = (
            f"from {app} import celery_app as app\n"
            "with app.connection_for_write() as connection:\n"
            "    for queue in app.amqp.queues.values():\n"
            "        queue.bind(connection.default_channel).delete()\n"
        )
        installed.uv_run("python", "-c", delete_queues, env=env)


# Pings a worker by name until it answers; run with the baked project's Celery.
WORKER_PING = """
import importlib, sys
app = importlib.import_module(sys.argv[1]).celery_app
while not app.control.ping([sys.argv[2]], timeout=0.5):
    pass
"""
# Seconds a worker may take to start: on a busy 2-core machine, importing Celery and the
# service took 20 s at a load average of 12; a worker that has not started by then is broken.
WORKER_START_TIMEOUT = 120


def wait_until_consuming(
    installed: Installed, env: dict[str, str], app: str, node: str, log_path: Path
) -> None:
    """Return once the worker `node` answers a ping: it consumes its queues before it reads
    its control messages, so a job sent from then on is taken at once, and the time a test
    gives a job is the job's own, not the worker's start-up. Fail with the worker's log if it
    has not answered within WORKER_START_TIMEOUT.
    """
    try:
        subprocess.run(
            [tool("uv"), "run", "--no-sync", "python", "-c", WORKER_PING, app, node],
            cwd=installed.project, env=env, capture_output=True, text=True, check=True,
            timeout=WORKER_START_TIMEOUT,
        )  # fmt: skip
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"{error}\n{error.stderr or ''}\nthe worker's log:\n{log_path.read_text()}")


def export_over_http(base: str, headers: dict[str, str]) -> None:
    """An export job started over HTTP is done by the worker and readable at its Location."""
    status, job = post_json(f"{base}/api/v1/jobs/exports", {}, headers)
    assert status == 202, job
    deadline = time.monotonic() + 30
    while job["finished_at"] is None:
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        status, job = request(f"{base}/api/v1/jobs/{job['id']}", headers=headers)
    assert job["status"] == "succeeded", job
    assert "over HTTP" in job["result"]


@pytest.fixture(scope="module")
def served(installed: Installed) -> Iterator[tuple[str, dict[str, str]]]:
    """One running service per variant for the tests that talk to it over HTTP, started once:
    the real-HTTP checks, then the fuzzer (last, as it may end the session it was given).
    """
    with running_service(installed) as service:
        yield service


@gate(*GATES)
def test_serves_real_http(installed: Installed, served: tuple[str, dict[str, str]]) -> None:
    base, headers = served
    if installed.auth == "jwt":
        status, tokens = request(
            f"{base}/api/v1/auth/login", urllib.parse.urlencode(SUPERUSER).encode()
        )
        sign_out_over_http(base, tokens)
        status, me = request(f"{base}/api/v1/users/me", headers=headers)
        assert (status, me["email"]) == (200, SUPERUSER["username"])
        new_user = {"email": "twin@example.com", "password": "a-long-password"}
        assert post_json(f"{base}/api/v1/users/", new_user, headers)[0] == 201
        status, error = post_json(f"{base}/api/v1/users/", new_user, headers)
        assert status == 409
        assert error["error_code"] == "conflict"
        assert error["request_id"]
    if installed.auth is not None:
        assert request(f"{base}/api/v1/items/")[0] == 401
    status, item = post_json(f"{base}/api/v1/items/", {"title": "over HTTP"}, headers)
    assert (status, item["title"]) == (201, "over HTTP")
    assert request(f"{base}/health/ready")[0] == 200
    if "file_transfer" in installed.features:
        upload_and_resume(base, headers)
    if "pages" in installed.features:
        landing_page_and_its_assets(base)
    if "websockets" in installed.features:
        room_hears_a_post(installed, base, headers)
    if "observability" in installed.features:
        metrics_count_the_requests(base)
    if installed.celery:
        export_over_http(base, headers)

    unreachable = (
        f"{POSTGRES.replace('5432', '1')}/none"
        if installed.postgresql
        else "sqlite+aiosqlite:////nonexistent/directory/service.db"
    )
    with serving(installed, {**installed.env, "DATABASE_URL": unreachable}) as base:
        status, error = request(f"{base}/health/ready")
        assert status == 503
        assert error["error_code"] == "service_unavailable"


def sign_out_over_http(base: str, tokens: dict[str, Any]) -> None:
    """A session's refresh token rotates, works once, and its reuse ends the session; a
    logout ends another session at once.
    """
    refresh = f"{base}/api/v1/auth/refresh"
    status, rotated = post_json(refresh, {"refresh_token": tokens["refresh_token"]})
    assert status == 200, rotated
    assert post_json(refresh, {"refresh_token": tokens["refresh_token"]})[0] == 401
    assert post_json(refresh, {"refresh_token": rotated["refresh_token"]})[0] == 401
    status, other = request(f"{base}/api/v1/auth/login", urllib.parse.urlencode(SUPERUSER).encode())
    bearer = {"Authorization": f"Bearer {other['access_token']}"}
    assert request(f"{base}/api/v1/users/me", headers=bearer)[0] == 200
    assert request(f"{base}/api/v1/auth/logout", b"", bearer)[0] == 204
    assert request(f"{base}/api/v1/users/me", headers=bearer)[0] == 401


# Joins a room as a browser would (credentials as subprotocols), posts to it over HTTP and
# waits for the message; run with the baked project's own websockets and httpx.
ROOM_CLIENT = """
import asyncio, json, sys
import httpx
from websockets.asyncio.client import connect

async def main():
    base, protocols, headers = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3])
    url = base.replace("http", "ws", 1) + "/ws/rooms/gate"
    async with connect(url, subprotocols=protocols or None) as ws:
        assert json.loads(await ws.recv())["type"] == "joined"
        async with httpx.AsyncClient() as client:
            posted = await client.post(
                f"{base}/api/v1/rooms/gate/messages", json={"text": "gate"}, headers=headers
            )
        assert posted.status_code == 202, posted.text
        assert json.loads(await asyncio.wait_for(ws.recv(), 5)) == posted.json()

asyncio.run(main())
"""


def room_hears_a_post(installed: Installed, base: str, headers: dict[str, str]) -> None:
    """A socket in a room of the served app hears what is posted to the room over HTTP."""
    by_auth: dict[str | None, list[str]] = {
        "jwt": ["bearer", headers.get("Authorization", "").removeprefix("Bearer ")],
        "api_key": ["api-key", API_KEY],
        None: [],
    }
    protocols = json.dumps(by_auth[installed.auth])
    installed.uv_run("python", "-c", ROOM_CLIENT, base, protocols, json.dumps(headers))


def metrics_count_the_requests(base: str) -> None:
    """/metrics, read from loopback, counts the item requests above by route template."""
    with urllib.request.urlopen(f"{base}/metrics", timeout=10) as response:
        assert response.headers["Content-Type"].startswith("text/plain")
        text = response.read().decode()
    assert re.search(
        r'^http_server_request_duration_seconds_count\{[^}]*http_route="/api/v1/items/"[^}]*\}'
        r" [1-9]",
        text,
        re.MULTILINE,
    ), text


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


@gate(*GATES)
def test_contract_holds_under_fuzzing(
    installed: Installed, served: tuple[str, dict[str, str]]
) -> None:
    """schemathesis, every check, against the served app, signed in where auth applies; every
    phase on the named gates, all but the boundary values' on the covering set's. The routes
    that end the fuzzer's own sign-in session are fuzzed last, in a run of their own: before
    the rest, they would leave it nothing but 401s to check.
    """
    phases = [] if GATES[installed.name].boundaries else ["--phases", "examples,fuzzing,stateful"]
    base, headers = served
    command = [
        tool("schemathesis"), "run", f"{base}/api/v1/openapi.json", "--url", base,
        *(arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")),
        "--checks", "all", "--max-examples", str(FUZZ_EXAMPLES), "--seed", str(FUZZ_SEED),
        "--generation-database", "none", "--no-color", "--request-timeout", "10",
        *phases,
    ]  # fmt: skip
    if installed.auth != "jwt":
        run(command, installed.project, installed.env)
        return
    run([*command, "--exclude-path-regex", SIGNING_OUT], installed.project, installed.env)
    run([*command, "--include-path-regex", SIGNING_OUT], installed.project, installed.env)


@gate(*GATES)
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


def dotenv(project: Path) -> dict[str, str]:
    """The settings the bake wrote to `.env`."""
    lines = (project / ".env").read_text(encoding="utf-8").splitlines()
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("#"))


@gate("default", "postgresql")
def test_readme_first_command_serves_on_a_fresh_database(installed: Installed) -> None:
    """As a new user runs it, the server start replaced by a readiness check; with users,
    the first admin signs in with what the README names.
    """
    setup, _ = readme_first_command(installed.project)
    readme = (installed.project / "README.md").read_text(encoding="utf-8")

    with fresh_database(installed, create=False) as env:
        run(["bash", "-c", setup], installed.project, env)
        with serving(installed, env) as base:
            assert request(f"{base}/health/ready")[0] == 200
            if installed.auth == "jwt":
                assert "Sign in as the first admin with `FIRST_SUPERUSER_EMAIL`" in readme
                assert "`FIRST_SUPERUSER_PASSWORD` the template drew for your `.env`" in readme
                written = dotenv(installed.project)
                form = {
                    "username": written["FIRST_SUPERUSER_EMAIL"],
                    "password": written["FIRST_SUPERUSER_PASSWORD"],
                }
                login = f"{base}/api/v1/auth/login"
                status, tokens = request(login, urllib.parse.urlencode(form).encode())
                assert status == 200, tokens
                bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
                status, me = request(f"{base}/api/v1/users/me", headers=bearer)
                assert (status, me["email"]) == (200, written["FIRST_SUPERUSER_EMAIL"])

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
    with (
        private_postgres() as server,
        running_service(
            installed,
            DATABASE_URL=f"{server.url}/service",
            DATABASE_CONNECT_TIMEOUT=str(connect_timeout),
        ) as (base, headers),
    ):
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


@gate("cache-redis")
def test_redis_outage_keeps_the_service_up_and_the_cache_resumes(installed: Installed) -> None:
    """On a Redis server of the test's own, stopped and started under the running app: reads
    and writes go on (cache bypassed, rate limits failing open), then the cache fills again.
    """
    with (
        private_redis() as server,
        running_service(installed, REDIS_URL=server.url) as (
            base,
            headers,
        ),
    ):
        items = f"{base}/api/v1/items/"
        status, item = post_json(items, {"title": "kept"}, headers)
        assert status == 201
        assert request(f"{items}{item['id']}", headers=headers)[0] == 200

        server.stop()
        began = time.monotonic()
        assert request(f"{items}{item['id']}", headers=headers)[0] == 200
        assert time.monotonic() - began < 3
        assert post_json(items, {"title": "during the outage"}, headers)[0] == 201

        server.start()
        # Redis is left alone for REDIS_BREAKER_COOLDOWN (5 s) after the outage began; reads
        # then find it back and fill the cache again.
        dbsize = f"import redis; print(redis.Redis(port={server.port}).dbsize())"
        deadline = time.monotonic() + 30
        while True:
            answers = [request(f"{items}{item['id']}", headers=headers) for _ in range(2)]
            assert {status for status, _ in answers} == {200}
            if int(installed.uv_run("python", "-c", dbsize)) > 0:
                break
            assert time.monotonic() < deadline, "the cache did not fill again"
            time.sleep(0.5)


@contextmanager
def port_of_our_own(port: int) -> Iterator[None]:
    """Hold a fixed port for one test at a time (across xdist workers); skip, or fail under
    CI, when something else listens on it.
    """
    with open(f"/tmp/fastapi-template-port-{port}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        with socket.socket() as probe:
            # As the server binds it: a port whose last connections wait out TIME_WAIT is free.
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("0.0.0.0", port))
            except OSError:
                unavailable(f"port {port}, which the image's command binds, is taken")
        yield


@gate("default", "postgresql")
def test_image_commands_serve_directly(installed: Installed) -> None:
    """The image's migration and server commands, read from its Dockerfile and compose file,
    run as they are against the real database with the image's production settings: the
    server answers its health check and every probe, takes the client's address from the
    proxy the app's TRUSTED_PROXIES names and from no other (uvicorn on its own would believe
    127.0.0.1), and stops within its graceful timeout on SIGTERM.
    """
    project = installed.project
    server = deployment.server_command(project)
    port = int(deployment.option(server, "--port"))
    grace = int(deployment.option(server, "--timeout-graceful-shutdown"))
    base = f"http://127.0.0.1:{port}"
    with port_of_our_own(port), fresh_database(installed) as database_env:
        # As the image runs them: its virtual environment first on PATH, two workers.
        path = os.pathsep.join([str(project / ".venv" / "bin"), database_env["PATH"]])
        env = {**database_env, "PATH": path, "ENVIRONMENT": "production", "WEB_CONCURRENCY": "2",
               "ALLOWED_HOSTS": "127.0.0.1", "TRUSTED_PROXIES": "127.0.0.2"}  # fmt: skip
        run(deployment.migration_command(project), project, env)
        log_path = project / "image-server.log"
        with log_path.open("w") as log:
            process = subprocess.Popen(
                server, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        try:
            wait_until_serving(process, f"{base}/health/ready", log_path)
            run(deployment.healthcheck_command(project), project, env)
            for path in probe_paths(project):
                assert request(f"{base}{path}")[0] == 200, path
            for peer in ("127.0.0.1", "127.0.0.2"):
                forwarded = {"X-Forwarded-For": "203.0.113.7", "X-Request-ID": f"from-{peer}"}
                assert status_from(peer, port, "/health/live", forwarded) == 200
        finally:
            began = time.monotonic()
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace + 10)
        assert time.monotonic() - began < grace
        logged = [json.loads(line) for line in log_path.read_text().splitlines() if line[:1] == "{"]
        log_path.unlink()
        clients = {
            line["request_id"]: line["client"] for line in logged if line.get("event") == "request"
        }
        assert clients["from-127.0.0.1"] == "127.0.0.1"  # not a trusted proxy
        assert clients["from-127.0.0.2"] == "203.0.113.7"


def status_from(peer: str, port: int, path: str, headers: dict[str, str]) -> int:
    """The status of a GET sent from the loopback address `peer` (any 127.x is this host)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10, source_address=(peer, 0))
    try:
        connection.request("GET", path, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()


def probe_paths(project: Path) -> set[str]:
    """The paths the Kubernetes probes ask, on the port the image serves; just the health
    check's where the answers have no Kubernetes.
    """
    if not (project / "deploy" / "kubernetes").is_dir():
        return {"/health/live"}
    paths = set()
    for overlay in deployment.KUSTOMIZE_OVERLAYS:
        api = deployment.manifest(deployment.kustomize(project, overlay), "Deployment", "api")
        container = api["spec"]["template"]["spec"]["containers"][0]
        served = deployment.option(deployment.server_command(project), "--port")
        assert [str(port["containerPort"]) for port in container["ports"]] == [served]
        paths |= {
            container[f"{kind}Probe"]["httpGet"]["path"]
            for kind in ("startup", "liveness", "readiness")
        }
    return paths
