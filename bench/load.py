"""Load generation with wrk: the endpoints measured, one measurement per run, the rounds."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from common import BenchError, brief, expect, format_ms, http, log, run
from service import API, BASELINE, Server, bearer, login, page_size

WARMUP_SECONDS = 2


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
        """The floor app serves the baseline's paths."""
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
    """The running servers (service, floor, baseline) and what is needed to load them."""

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
        """The servers back to back for each endpoint, the order rotated every round, so a
        slow spell on the machine does not always hit the same one.
        """
        results: list[Measurement] = []
        targets = list(self.servers)
        for rnd in range(1, count + 1):
            shift = (rnd - 1) % len(targets)
            order = targets[shift:] + targets[:shift]
            for endpoint in eps:
                results += [self.measure(endpoint, target, rnd) for target in order]
        return results
