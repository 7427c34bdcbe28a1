#!/usr/bin/env python3
"""Benchmark the generated service against a bare Starlette + asyncpg baseline.

Run from the template root:

    python bench/run.py [--duration 10] [--connections 32] [--rounds 2] [--json out.json] [--keep]

It bakes the template (database=postgresql, auth=jwt) into a temporary directory, builds the
project's virtual environment with uv, creates a throw-away PostgreSQL database, migrates and
seeds it through the service's public API, then loads the service and bench/baseline.py in turn
with wrk and prints a markdown table. Everything it starts or creates is removed at the end.
Standard library only; it needs uv, psql and wrk (installed with apt-get when missing and root).
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

# The service's HTTP contract, in one place: adjust here if the template changes it.
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
POOL_SIZE = 10  # the service's DATABASE_POOL_SIZE default; the baseline's pool gets the same

LOOPBACK = "127.0.0.1"  # every server here listens on, and every request goes to, this address
PG_PORT = 5432
PG_USER = "postgres"

WARMUP_SECONDS = 2
IMPORT_RUNS = 5
# What the service imports from other packages at start-up: the floor for its import time.
# asyncpg is loaded when the engine is created, pydantic.v1 by FastAPI at the first route.
SERVICE_LIBRARIES = (
    "fastapi, sqlalchemy.ext.asyncio, sqlalchemy.orm, sqlalchemy.dialects.postgresql.asyncpg,"
    " asyncpg, pydantic.v1, pydantic_settings, structlog, jwt, pwdlib"
)
READY_TIMEOUT = 60.0
STOP_TIMEOUT = 10.0
WRK_TIMEOUT = "5s"
RESULT_MARK = "BENCH_RESULT "
# wrk calls done() once at the end: print one JSON line (latencies in microseconds).
WRK_DONE = f"""
done = function(summary, latency, requests)
  local e = summary.errors
  local fields = {{
    requests = summary.requests, duration_us = summary.duration,
    p50_us = latency:percentile(50), p90_us = latency:percentile(90),
    p99_us = latency:percentile(99), max_us = latency.max,
    connect = e.connect, read = e.read, write = e.write, status = e.status, timeout = e.timeout,
  }}
  local parts = {{}}
  for k, v in pairs(fields) do parts[#parts + 1] = string.format('"%s": %.1f', k, v) end
  io.write("{RESULT_MARK}{{" .. table.concat(parts, ", ") .. "}}\\n")
end
"""

BENCH_DIR = Path(__file__).resolve().parent
TEMPLATE_ROOT = BENCH_DIR.parent


def log(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


class BenchError(RuntimeError):
    """A step failed; the message says which and why."""


# --------------------------------------------------------------------------- processes


def run(
    cmd: Sequence[str | Path],
    *,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 600,
) -> str:
    """Run a command to completion and return its stdout; raise with its output if it fails."""
    args = [str(part) for part in cmd]
    try:
        done = subprocess.run(
            args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"timed out after {timeout:.0f}s: {' '.join(args)}") from exc
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip()[-4000:]
        raise BenchError(f"failed ({done.returncode}): {' '.join(args)}\n{output}")
    return done.stdout


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


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


# --------------------------------------------------------------------------- HTTP client

# No proxies, whatever the environment says: every request goes straight to the loopback.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Response:
    status: int
    body: Any


def http(
    url: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    json_body: Any = None,
    form: dict[str, str] | None = None,
    timeout: float = 10.0,
) -> Response:
    if urllib.parse.urlsplit(url).hostname != LOOPBACK:
        raise BenchError(f"refusing a request off the loopback: {url}")
    all_headers = dict(headers or {})
    data = None
    if json_body is not None:
        data = json.dumps(json_body).encode()
        all_headers["Content-Type"] = "application/json"
    elif form is not None:
        data = urllib.parse.urlencode(form).encode()
        all_headers["Content-Type"] = "application/x-www-form-urlencoded"
    request = urllib.request.Request(url, data=data, headers=all_headers, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as reply:
            status, raw = reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        body = json.loads(raw) if raw else None
    except ValueError:
        body = raw.decode(errors="replace")
    return Response(status, body)


def brief(body: Any, limit: int = 300) -> str:
    text = str(body)
    return text if len(text) <= limit else f"{text[:limit]}..."


def page_size() -> int:
    """The ``limit`` of the list query: the number of items a full page holds."""
    return int(urllib.parse.parse_qs(API["list_query"])["limit"][0])


def expect(response: Response, status: int | tuple[int, ...], what: str) -> Any:
    """The response's body, if its status is the one (or one of those) expected."""
    allowed = status if isinstance(status, tuple) else (status,)
    if response.status not in allowed:
        raise BenchError(
            f"{what}: expected HTTP {status}, got {response.status}: {brief(response.body)}"
        )
    return response.body


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


@functools.cache
def find_uv() -> str:
    """uv's real executable. A pyenv shim is resolved here, in the template root: run later
    inside the baked project, it would look for uv in that project's Python version and fail."""
    found = shutil.which("uv")
    if found is None:
        raise BenchError("uv not found: install it (pip install uv)")
    shims = Path(found).parent
    if shims.name == "shims":
        pyenv = shutil.which("pyenv") or shims.parent / "bin" / "pyenv"
        found = run([pyenv, "which", "uv"], cwd=TEMPLATE_ROOT).strip()
    return found


def cookiecutter_command() -> list[str]:
    local = TEMPLATE_ROOT / ".venv" / "bin" / "cookiecutter"
    if local.exists():
        return [str(local)]
    return [find_uv(), "tool", "run", "cookiecutter"]


def bake(workdir: Path, env: dict[str, str], answers: Sequence[str]) -> Path:
    out = workdir / "baked"
    out.mkdir()
    cmd: list[str | Path] = [*cookiecutter_command(), "--no-input", TEMPLATE_ROOT, "-o", out]
    cmd += [*COOKIECUTTER_ANSWERS, *answers]
    log(f"baking: {' '.join(map(str, cmd))}")
    run(cmd, env=env)
    projects = [p for p in out.iterdir() if p.is_dir()]
    if len(projects) != 1:
        raise BenchError(f"expected one baked project in {out}, found {projects}")
    return projects[0]


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
        "BENCH_POOL_SIZE": str(POOL_SIZE),
        # With a cache or rate limits baked in: keys of this run's own, and limits that
        # count every request without ever refusing one.
        "REDIS_KEY_PREFIX": f"bench_{secrets.token_hex(6)}",
        "RATE_LIMIT_DEFAULT": "1000000000/minute",
        "RATE_LIMIT_LOGIN": "1000000000/minute",
    }


# --------------------------------------------------------------------------- wrk


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise BenchError("wrk not found: install it with `apt-get install -y wrk` (Debian)")
    log("installing wrk with apt-get")
    try:
        run(["apt-get", "install", "-y", "wrk"])
    except BenchError:
        run(["apt-get", "update"])
        run(["apt-get", "install", "-y", "wrk"])
    return shutil.which("wrk") or "wrk"


def lua_string(text: str) -> str:
    if not text.isascii() or any(c in text for c in '"\\\n\r'):
        raise BenchError(f"unexpected characters for a Lua string: {text!r}")
    return f'"{text}"'


def wrk_script(paths: Sequence[str], headers: dict[str, str]) -> str:
    """Lua for wrk: set headers, rotate over the paths, print one JSON summary line at the end."""
    lines = [f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()]
    if len(paths) > 1:
        lines += [
            f"local paths = {{{', '.join(lua_string(p) for p in paths)}}}",
            "local i = 0",
            "request = function()",
            "  i = i % #paths + 1",
            "  return wrk.format(nil, paths[i])",
            "end",
        ]
    return "\n".join(lines) + "\n" + WRK_DONE


@dataclass(frozen=True)
class LoadConfig:
    wrk: str
    threads: int
    connections: int
    scratch: Path


def run_wrk(
    config: LoadConfig, base_url: str, paths: Sequence[str], headers: dict[str, str], seconds: int
) -> dict[str, float]:
    script = config.scratch / "load.lua"
    script.write_text(wrk_script(paths, headers))
    cmd = [
        config.wrk,
        f"-t{config.threads}",
        f"-c{config.connections}",
        f"-d{seconds}s",
        f"--timeout={WRK_TIMEOUT}",
        "-s",
        str(script),
        base_url + paths[0],
    ]
    output = run(cmd, timeout=seconds + 60)
    for line in output.splitlines():
        if line.startswith(RESULT_MARK):
            result: dict[str, float] = json.loads(line.removeprefix(RESULT_MARK))
            return result
    raise BenchError(f"no result line in wrk's output:\n{output}")


# --------------------------------------------------------------------------- measurements


@dataclass(frozen=True)
class Endpoint:
    name: str
    service_paths: tuple[str, ...]
    baseline_paths: tuple[str, ...]
    authenticated: bool
    is_page: bool = False

    def paths(self, target: str) -> tuple[str, ...]:
        return self.service_paths if target == "service" else self.baseline_paths


def endpoints(item_ids: Sequence[int]) -> list[Endpoint]:
    query = API["list_query"]
    return [
        Endpoint("GET /health/live", (API["health"],), (BASELINE["health"],), authenticated=False),
        Endpoint(
            f"GET /items/{{id}} ({len(item_ids)} ids)",
            tuple(API["item"].format(id=i) for i in item_ids),
            tuple(BASELINE["item"].format(id=i) for i in item_ids),
            authenticated=True,
        ),
        Endpoint(
            f"GET /items?{query}",
            (f"{API['items']}?{query}",),
            (f"{BASELINE['items']}?{query}",),
            authenticated=True,
            is_page=True,
        ),
    ]


@dataclass
class Measurement:
    endpoint: str
    target: str
    round: int
    rps: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    requests: int
    errors: dict[str, int]
    cpu_ms_per_request: float | None


def measurement(
    endpoint: str, target: str, rnd: int, raw: dict[str, float], cpu_seconds: float | None
) -> Measurement:
    """One wrk run's numbers, with the server CPU time it cost (None where not measurable)."""
    errors = {k: int(raw[k]) for k in ("connect", "read", "write", "status", "timeout")}
    requests = int(raw["requests"])
    return Measurement(
        endpoint=endpoint,
        target=target,
        round=rnd,
        rps=raw["requests"] / (raw["duration_us"] / 1e6),
        p50_ms=raw["p50_us"] / 1000,
        p90_ms=raw["p90_us"] / 1000,
        p99_ms=raw["p99_us"] / 1000,
        max_ms=raw["max_us"] / 1000,
        requests=requests,
        errors={k: v for k, v in errors.items() if v},
        cpu_ms_per_request=cpu_seconds * 1000 / requests if cpu_seconds and requests else None,
    )


@dataclass
class Bench:
    """The two running servers and what is needed to load them."""

    servers: dict[str, Server]
    email: str
    password: str
    load: LoadConfig
    duration: int

    def headers(self, endpoint: Endpoint) -> dict[str, str]:
        """A fresh token for each measurement: tokens expire, the benchmark must not care.

        The baseline is sent the same header (and ignores it), so both read identical requests.
        """
        if not endpoint.authenticated:
            return {}
        return bearer(login(self.servers["service"].base_url, self.email, self.password))

    def check(self, endpoint: Endpoint) -> None:
        """One request per target before any load: a 200, and a full page for the list."""
        headers = self.headers(endpoint)
        for target, server in self.servers.items():
            reply = http(server.base_url + endpoint.paths(target)[0], headers=headers)
            body = expect(reply, 200, f"{target} {endpoint.name}")
            if endpoint.is_page and len(body[API["list_field"]]) != page_size():
                raise BenchError(f"{target} {endpoint.name}: not a full page: {brief(body)}")

    def measure(self, endpoint: Endpoint, target: str, rnd: int) -> Measurement:
        server = self.servers[target]
        paths = endpoint.paths(target)
        headers = self.headers(endpoint)
        run_wrk(self.load, server.base_url, paths, headers, WARMUP_SECONDS)
        cpu_before = server.cpu_seconds()
        raw = run_wrk(self.load, server.base_url, paths, headers, self.duration)
        cpu_after = server.cpu_seconds()
        cpu = cpu_after - cpu_before if cpu_before is not None and cpu_after is not None else None
        result = measurement(endpoint.name, target, rnd, raw, cpu)
        log(
            f"round {rnd} {endpoint.name:<28} {target:<8} {result.rps:9.1f} rps  "
            f"p50 {result.p50_ms:.2f} ms  p99 {result.p99_ms:.2f} ms  "
            f"cpu {format_ms(result.cpu_ms_per_request)} ms/req"
            + (f"  errors {result.errors}" if result.errors else "")
        )
        return result

    def rounds(self, eps: Sequence[Endpoint], count: int) -> list[Measurement]:
        """Service and baseline back to back for each endpoint, the order swapped every round."""
        results: list[Measurement] = []
        for rnd in range(1, count + 1):
            order = ("service", "baseline") if rnd % 2 else ("baseline", "service")
            for endpoint in eps:
                results += [self.measure(endpoint, target, rnd) for target in order]
        return results


def import_time(python: Path, module: str, cwd: Path, env: dict[str, str]) -> float:
    """Median seconds to import a module in a fresh interpreter (start-up itself excluded)."""
    snippet = (
        f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    )
    # Deployed images compile bytecode; measure that, not a machine-wide "don't write .pyc".
    env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
    run([python, "-c", snippet], cwd=cwd, env=env)  # warm-up: bytecode caches written
    samples = [float(run([python, "-c", snippet], cwd=cwd, env=env)) for _ in range(IMPORT_RUNS)]
    return statistics.median(samples)


VERSIONS_SNIPPET = """
import importlib.metadata, json, platform
found = {"python": platform.python_version()}
for name in %r:
    try:
        found[name] = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        pass
print(json.dumps(found))
"""
REPORTED_PACKAGES = (
    "fastapi",
    "starlette",
    "pydantic",
    "sqlalchemy",
    "asyncpg",
    "uvicorn",
    "uvloop",
    "httptools",
)


def versions(python: Path, env: dict[str, str]) -> dict[str, str]:
    """What was measured: the project's interpreter and packages, PostgreSQL, the CPU count."""
    snippet = VERSIONS_SNIPPET % (REPORTED_PACKAGES,)
    found: dict[str, str] = json.loads(run([python, "-c", snippet], env=env))
    found["postgresql"] = psql("SHOW server_version").strip()
    found["cpus"] = str(os.cpu_count())
    return found


# --------------------------------------------------------------------------- report


TARGETS = ("service", "baseline")
SUMMARY_KEYS = ("rps", "p50_ms", "p90_ms", "p99_ms", "cpu_ms_per_request")


def median_or_none(values: Sequence[float | None]) -> float | None:
    """The median, or None if any value is missing."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known and len(known) == len(values) else None


def format_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def summarize(results: Sequence[Measurement], eps: Sequence[Endpoint]) -> list[dict[str, Any]]:
    """Per endpoint and target, the median of each number over the rounds."""
    rows: list[dict[str, Any]] = []
    for endpoint in eps:
        row: dict[str, Any] = {"endpoint": endpoint.name}
        for target in TARGETS:
            mine = [m for m in results if m.endpoint == endpoint.name and m.target == target]
            row[target] = {
                key: median_or_none([getattr(m, key) for m in mine]) for key in SUMMARY_KEYS
            }
            row[target]["errors"] = sum(sum(m.errors.values()) for m in mine)
        row["ratio"] = row["service"]["rps"] / row["baseline"]["rps"]
        rows.append(row)
    return rows


def table(rows: Sequence[dict[str, Any]], imports: dict[str, float]) -> str:
    """The results as markdown: throughput and latency per endpoint, then import times."""
    lines = [
        "| endpoint | service rps | baseline rps | ratio (service/baseline)"
        + " | service p50/p99 ms | baseline p50/p99 ms | server CPU ms/req (service/baseline) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        svc, base = row["service"], row["baseline"]
        cells = [
            row["endpoint"],
            f"{svc['rps']:.0f}",
            f"{base['rps']:.0f}",
            f"{row['ratio']:.2f}",
            f"{svc['p50_ms']:.2f} / {svc['p99_ms']:.2f}",
            f"{base['p50_ms']:.2f} / {base['p99_ms']:.2f}",
            f"{format_ms(svc['cpu_ms_per_request'])} / {format_ms(base['cpu_ms_per_request'])}",
        ]
        lines.append(f"| {' | '.join(cells)} |")
    lines += [
        "",
        f"| import (median of {IMPORT_RUNS}, ms) | service | its libraries alone | baseline |",
        "| --- | ---: | ---: | ---: |",
        f"| `import app` | {imports['service'] * 1000:.0f} | {imports['libraries'] * 1000:.0f}"
        f" | {imports['baseline'] * 1000:.0f} |",
    ]
    failed = [
        f"- {row['endpoint']} {target}: {row[target]['errors']} failed requests"
        for row in rows
        for target in TARGETS
        if row[target]["errors"]
    ]
    if failed:
        lines += ["", "Failed requests (HTTP status >= 400, socket errors, timeouts):", *failed]
    return "\n".join(lines)


LAYER_NAMES = {
    "starlette": "Starlette + asyncpg (the baseline app)",
    "fastapi": "FastAPI + asyncpg, a response model",
    "fastapi_orm": "FastAPI + the service's SQLAlchemy session and model",
    "service": "the service (middleware, JWT, user lookup, owner rule)",
}


def layer_table(layers: dict[str, dict[str, float]]) -> str:
    """CPU per request in-process, and as a multiple of the Starlette baseline's."""
    floor = layers["starlette"]
    lines = [
        "",
        "| in-process CPU per request, us (x baseline) | `/health/live` | item read |",
        "| --- | ---: | ---: |",
    ]
    for name, label in LAYER_NAMES.items():
        cells = [
            f"{layers[name][endpoint]:.0f} ({layers[name][endpoint] / floor[endpoint]:.1f}x)"
            if endpoint in layers[name]
            else "-"
            for endpoint in ("health", "item")
        ]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32, help="wrk open connections")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--rounds", type=int, default=2, help="measurements per endpoint/target")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    parser.add_argument(
        "--answers",
        nargs="*",
        default=[],
        metavar="KEY=VALUE",
        help="more cookiecutter answers for the bake, e.g. cache=redis use_rate_limit=true",
    )
    args = parser.parse_args(argv)
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    if not 1 <= args.threads <= args.connections <= 10_000:
        parser.error("need 1 <= --threads <= --connections <= 10000")
    return args


def start_servers(
    stack: contextlib.ExitStack, project: Path, package: str, env: dict[str, str], logs: Path
) -> dict[str, Server]:
    uvicorn = str(project / ".venv/bin/uvicorn")
    specs = {
        "service": [uvicorn, f"{package}.main:app"],
        "baseline": [uvicorn, "baseline:app", "--app-dir", str(BENCH_DIR)],
    }
    servers: dict[str, Server] = {}
    for name, cmd in specs.items():
        server = Server(name, cmd, project, env, logs / f"{name}.log")
        stack.callback(server.stop)
        server.start(API["health"] if name == "service" else BASELINE["health"])
        servers[name] = server
    return servers


def prepare_database(project: Path, package: str, env: dict[str, str]) -> None:
    log("migrating and creating the first superuser")
    run([project / ".venv/bin/alembic", "upgrade", "head"], cwd=project, env=env)
    run([project / ".venv/bin/python", "-m", f"{package}.users.initial_data"], cwd=project, env=env)


def bench(args: argparse.Namespace, stack: contextlib.ExitStack) -> dict[str, Any]:
    wrk = ensure_wrk()
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    if args.keep:
        log(f"keeping {workdir}")
    else:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)

    environment = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    project = bake(workdir, environment, args.answers)
    package = package_name(project)
    base_env = sync(project)
    if not venv_has(project, "starlette", "asyncpg"):
        raise BenchError("the project's venv lacks starlette or asyncpg, which the baseline needs")

    password = f"{secrets.token_urlsafe(24)}-Aa1"
    env = service_env(base_env, stack.enter_context(database()), password)
    prepare_database(project, package, env)
    servers = start_servers(stack, project, package, env, workdir)

    token = login(servers["service"].base_url, FIRST_SUPERUSER_EMAIL, password)
    item_ids = seed_items(servers["service"].base_url, token, SEED_ITEMS)
    log(f"seeded {len(item_ids)} items through the API")

    load = LoadConfig(wrk, args.threads, args.connections, workdir)
    runner = Bench(servers, FIRST_SUPERUSER_EMAIL, password, load, args.duration)
    eps = endpoints(item_ids)
    for endpoint in eps:
        runner.check(endpoint)
    per_run = args.duration + WARMUP_SECONDS
    log(f"measuring: about {len(eps) * 2 * args.rounds * per_run} s of load")
    results = runner.rounds(eps, args.rounds)

    python = project / ".venv/bin/python"
    log("timing the layers in-process")
    token = login(servers["service"].base_url, FIRST_SUPERUSER_EMAIL, password)
    layer_cmd = [python, BENCH_DIR / "layers.py", package, str(item_ids[0]), token]
    layers = json.loads(run(layer_cmd, cwd=project, env=env))
    imports = {
        "service": import_time(python, f"{package}.main", project, env),
        "libraries": import_time(python, SERVICE_LIBRARIES, project, env),
        "baseline": import_time(python, "baseline", BENCH_DIR, env),
    }
    return {
        "config": {
            "duration_s": args.duration,
            "warmup_s": WARMUP_SECONDS,
            "rounds": args.rounds,
            "connections": args.connections,
            "threads": args.threads,
            "seed_items": SEED_ITEMS,
            "pool_size": POOL_SIZE,
            "cookiecutter": [*COOKIECUTTER_ANSWERS, *args.answers],
        },
        "versions": versions(python, env),
        "import_s": imports,
        "layers_us": layers,
        "summary": summarize(results, eps),
        "measurements": [asdict(m) for m in results],
    }


def run_cleanly(
    measure: Callable[[argparse.Namespace, contextlib.ExitStack], dict[str, Any]],
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Run a benchmark whose every server, database and directory is removed at the end, also
    after an error, Ctrl-C or SIGTERM; exit 1 (or 130) when it did not finish.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        with contextlib.ExitStack() as stack:
            return measure(args, stack)
    except BenchError as exc:
        log(f"error: {exc}")
        sys.exit(1)
    except KeyboardInterrupt:
        log("interrupted; everything started was stopped and removed")
        sys.exit(130)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run_cleanly(bench, args)
    print(table(report["summary"], report["import_s"]))
    print(layer_table(report["layers_us"]))
    measured_with = ", ".join(f"{name} {version}" for name, version in report["versions"].items())
    print(f"\nMeasured with: {measured_with}.")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
        log(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
