"""The generated service under test: baking it, building its venv, a throw-away database,
its server processes, and the HTTP contract the bench relies on."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from common import (
    BENCH_DIR,
    LOOPBACK,
    BenchError,
    answers_from,
    bake,
    expect,
    find_uv,
    free_port,
    http,
    log,
    run,
)

API: dict[str, str] = {
    "health": "/health/live",
    "login": "/api/v1/auth/login",  # form fields: username, password
    "token_field": "access_token",
    "items": "/api/v1/items/",  # POST creates an item, GET lists a page
    "item": "/api/v1/items/{id}",
    "list_query": "limit=20&offset=0",
    "id_field": "id",
    "list_field": "items",
}
# The same reads in bench/baseline.py.
BASELINE: dict[str, str] = {
    "health": "/health/live",
    "items": "/items",
    "item": "/items/{id}",
}
COOKIECUTTER_ANSWERS = ("database=postgresql", "auth=jwt")
FIRST_SUPERUSER_EMAIL = "admin@example.com"
SEED_ITEMS = 100
# The service's pool shape by default (DATABASE_POOL_SIZE, no overflow), given to the service,
# the floor and the baseline alike; `--env DATABASE_POOL_SIZE=... DATABASE_MAX_OVERFLOW=...`
# changes it for all three.
POOL_SIZE = 20


PG_PORT = 5432
PG_USER = "postgres"


READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0


@dataclass
class Server:
    """A uvicorn process in its own process group, logging to a file."""

    name: str
    cmd: list[str]
    cwd: Path
    env: dict[str, str]
    log_path: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://{LOOPBACK}:{self.port}"

    def start(self, health_path: str) -> None:
        cmd = [*self.cmd, "--host", LOOPBACK, "--port", str(self.port), "--no-access-log"]
        log(f"starting {self.name}: {' '.join(cmd)}")
        with self.log_path.open("wb") as out:
            self.process = subprocess.Popen(
                cmd,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_ready(health_path)

    def _wait_ready(self, health_path: str) -> None:
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise BenchError(f"{self.name} exited at start-up:\n{self.log_tail()}")
            with contextlib.suppress(OSError):
                if http(self.base_url + health_path, timeout=1.0).status == 200:
                    return
            time.sleep(0.2)
        raise BenchError(f"{self.name} not ready after {READY_TIMEOUT:.0f}s:\n{self.log_tail()}")

    def cpu_seconds(self) -> float | None:
        """User plus system CPU time the server has used so far (Linux /proc; else None)."""
        if self.process is None:
            return None
        try:
            stat = Path(f"/proc/{self.process.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rpartition(")")[2].split()  # fields[0] is the state, field 3 of stat(5)
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log_path.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        pgid = self.process.pid  # start_new_session: the server leads its own group
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            self.process.wait()
        log(f"stopped {self.name}")


def page_size() -> int:
    """The ``limit`` of the list query: the number of items a full page holds."""
    return int(urllib.parse.parse_qs(API["list_query"])["limit"][0])


def login(base_url: str, email: str, password: str) -> str:
    reply = http(
        base_url + API["login"], method="POST", form={"username": email, "password": password}
    )
    token: str = expect(reply, 200, "login")[API["token_field"]]
    return token


def seed_items(base_url: str, token: str, count: int) -> list[int]:
    headers = bearer(token)
    ids: list[int] = []
    for n in range(1, count + 1):
        item = {"title": f"item {n}", "description": f"Benchmark item number {n}."}
        reply = http(base_url + API["items"], method="POST", headers=headers, json_body=item)
        created = expect(reply, (200, 201), "create item")
        ids.append(int(created[API["id_field"]]))
    return ids


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# --------------------------------------------------------------------------- project setup


def python_for(version: str) -> Path | None:
    """An interpreter that runs and reports ``version`` (``3.12`` or ``3.12.1``): pyenv's, then
    PATH's. Each candidate is run once, since a pyenv shim on PATH may exist and still not work.
    """
    minor = ".".join(version.split(".")[:2])
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates = sorted((pyenv_root / "versions").glob(f"{version}*/bin/python{minor}"))[::-1]
    on_path = shutil.which(f"python{minor}")
    candidates += [Path(on_path)] if on_path else []
    check = "import platform; print(platform.python_version())"
    for candidate in candidates:
        reply = subprocess.run(
            [candidate, "-c", check], check=False, capture_output=True, text=True
        )
        if reply.returncode == 0 and f"{reply.stdout.strip()}.".startswith(f"{version}."):
            return candidate
    return None


def uv_env(project: Path) -> tuple[dict[str, str], Path | None]:
    """Environment for uv: no interpreter downloads, the project's Python version first in PATH."""
    env = {k: v for k, v in os.environ.items() if k not in {"VIRTUAL_ENV", "PYTHONPATH"}}
    env["UV_PYTHON_DOWNLOADS"] = "never"
    version_file = project / ".python-version"
    version = version_file.read_text().split()[0] if version_file.exists() else ""
    python = python_for(version) if version else None
    if version and python is None:
        log(f"no python{version} found on PATH or in pyenv; letting uv choose")
    if python is not None:
        env["PATH"] = f"{python.parent}{os.pathsep}{env.get('PATH', '')}"
    return env, python


def sync(project: Path) -> dict[str, str]:
    env, python = uv_env(project)
    cmd: list[str | Path] = [find_uv(), "sync", "--no-dev"]
    if python is not None:
        cmd += ["--python", python]
    log(f"building the project's venv: {' '.join(map(str, cmd))}")
    run(cmd, cwd=project, env=env)
    return env


def package_name(project: Path) -> str:
    packages = [p.name for p in (project / "src").iterdir() if (p / "__init__.py").exists()]
    if len(packages) != 1:
        raise BenchError(f"expected one package under {project / 'src'}, found {packages}")
    return packages[0]


def venv_has(project: Path, *modules: str) -> bool:
    check = f"import {', '.join(modules)}"
    return subprocess.run([project / ".venv/bin/python", "-c", check], check=False).returncode == 0


# --------------------------------------------------------------------------- database


def psql(sql: str, database: str = "postgres") -> str:
    if shutil.which("psql") is None:
        raise BenchError("psql not found; install postgresql-client")
    cmd = ["psql", "-h", LOOPBACK, "-p", str(PG_PORT), "-U", PG_USER, "-d", database]
    return run([*cmd, "-v", "ON_ERROR_STOP=1", "-qAtc", sql], timeout=60)


@contextlib.contextmanager
def database() -> Iterator[str]:
    """A fresh database, dropped on the way out whatever happened."""
    name = f"bench_{secrets.token_hex(6)}"
    psql(f'CREATE DATABASE "{name}"')
    log(f"created database {name}")
    try:
        yield name
    finally:
        psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        log(f"dropped database {name}")


def database_url(name: str) -> str:
    return f"postgresql+asyncpg://{PG_USER}@{LOOPBACK}:{PG_PORT}/{name}"


def service_env(base: dict[str, str], db_name: str, password: str) -> dict[str, str]:
    return base | {
        "ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "FIRST_SUPERUSER_EMAIL": FIRST_SUPERUSER_EMAIL,
        "FIRST_SUPERUSER_PASSWORD": password,
        "ALLOWED_HOSTS": json.dumps([LOOPBACK, "localhost"]),
        "DATABASE_URL": database_url(db_name),
        "LOG_LEVEL": "WARNING",
        "DATABASE_POOL_SIZE": str(POOL_SIZE),
        "DATABASE_MAX_OVERFLOW": "0",
        # With a cache or rate limits baked in: keys of this run's own, and limits that
        # count every request without ever refusing one.
        "REDIS_KEY_PREFIX": f"bench_{secrets.token_hex(6)}",
        "RATE_LIMIT_DEFAULT": "1000000000/minute",
        "RATE_LIMIT_LOGIN": "1000000000/minute",
        # With observability baked in: spans are recorded but not exported, as no collector
        # runs here; exporting to the default endpoint would log retries to stdout, where
        # bench/layers.py writes its figures, and time a dead socket's retries.
        # `bench/run.py --env OTEL_TRACES_EXPORTER=otlp` measures export against a collector.
        "OTEL_TRACES_EXPORTER": "none",
    }


def workdir(stack: contextlib.ExitStack, keep: bool) -> Path:
    """A temporary directory for the bake, logs and scripts; removed at the end unless kept."""
    path = Path(tempfile.mkdtemp(prefix="bench-"))
    if keep:
        log(f"keeping {path}")
    else:
        stack.callback(shutil.rmtree, path, ignore_errors=True)
    return path


@dataclass
class Deployment:
    """A baked project with its venv, a migrated database of its own and a first admin."""

    project: Path
    package: str
    env: dict[str, str]
    password: str
    logs: Path

    @property
    def python(self) -> Path:
        return self.project / ".venv/bin/python"

    def serve(self, stack: contextlib.ExitStack, name: str = "service") -> Server:
        """The service, bench/floor.py (``name="floor"``) or bench/baseline.py
        (``name="baseline"``), each as the Dockerfile runs the service.
        """
        uvicorn = str(self.project / ".venv/bin/uvicorn")
        env = self.env
        if name == "service":
            cmd, health = [uvicorn, f"{self.package}.main:app"], API["health"]
        else:
            cmd = [uvicorn, f"{name}:app", "--app-dir", str(BENCH_DIR)]
            health = BASELINE["health"]
            env = env | {"BENCH_PACKAGE": self.package}
        server = Server(name, cmd, self.project, env, self.logs / f"{name}.log")
        stack.callback(server.stop)
        server.start(health)
        return server

    def token(self, server: Server) -> str:
        return login(server.base_url, FIRST_SUPERUSER_EMAIL, self.password)

    def layers(self, server: Server, item_id: int) -> dict[str, dict[str, float]]:
        """bench/layers.py's in-process CPU costs, run with the project's interpreter."""
        log("timing the layers in-process")
        cmd: list[str | Path] = [
            self.python,
            BENCH_DIR / "layers.py",
            self.package,
            str(item_id),
            self.token(server),
        ]
        costs: dict[str, dict[str, float]] = json.loads(run(cmd, cwd=self.project, env=self.env))
        return costs


def deploy(
    stack: contextlib.ExitStack,
    work: Path,
    answers: Sequence[str],
    extra_env: Mapping[str, str] | None = None,
) -> Deployment:
    """Bake with ``answers``, build the venv, migrate a fresh database, create the first admin.
    ``extra_env`` goes on top of the service's environment (every server, the layers, the
    import timings).
    """
    chosen = [*COOKIECUTTER_ANSWERS, *answers]
    log(f"baking {' '.join(chosen)}")
    project = bake(answers_from(chosen), work / "baked")
    package = package_name(project)
    base_env = sync(project)
    if not venv_has(project, "starlette", "asyncpg"):
        raise BenchError("the project's venv lacks starlette or asyncpg, which the bench needs")
    password = f"{secrets.token_urlsafe(24)}-Aa1"
    env = service_env(base_env, stack.enter_context(database()), password) | dict(extra_env or {})
    log("migrating and creating the first admin")
    run([project / ".venv/bin/alembic", "upgrade", "heads"], cwd=project, env=env)
    run([project / ".venv/bin/python", "-m", f"{package}.users.initial_data"], cwd=project, env=env)
    return Deployment(project, package, env, password, work)
