"""What every bench script shares: logging, running commands, and an HTTP client that
only talks to the loopback. Standard library only."""

from __future__ import annotations

import argparse
import contextlib
import json
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LOOPBACK = "127.0.0.1"  # every server here listens on, and every request goes to, this address


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


def expect(response: Response, status: int | tuple[int, ...], what: str) -> Any:
    """The response's body, if its status is the one (or one of those) expected."""
    allowed = status if isinstance(status, tuple) else (status,)
    if response.status not in allowed:
        raise BenchError(
            f"{what}: expected HTTP {status}, got {response.status}: {brief(response.body)}"
        )
    return response.body


def format_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


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


def save_json(path: Path | None, report: dict[str, Any]) -> None:
    """Write every number of a run as JSON, when asked to (``--json PATH``)."""
    if path is not None:
        path.write_text(json.dumps(report, indent=2) + "\n")
        log(f"wrote {path}")
