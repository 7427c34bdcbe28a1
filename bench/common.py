"""What every bench script shares: logging, running commands, baking the template, a free
port, and an HTTP client that only talks to the loopback. Standard library only.

The template's tests bake and find ports with the same `bake` and `free_port`: they import
this module as `bench.common`, so it imports nothing from the other bench modules.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping, Sequence
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
    """A port nothing listens on now, on the loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        port: int = sock.getsockname()[1]
        return port


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


# --------------------------------------------------------------------------- baking

# cookiecutter's Python API, run in a process of its own: the answers keep their JSON types
# (a boolean stays one; cookiecutter also reads "true" and "false" for a boolean question),
# and the caller's own interpreter needs no cookiecutter. Prints the project's directory.
BAKE = """
import json, sys
from cookiecutter.main import cookiecutter
template, answers, into = sys.argv[1:]
print(cookiecutter(template, no_input=True, extra_context=json.loads(answers), output_dir=into))
"""


def cookiecutter_python() -> list[str]:
    """A Python with cookiecutter: the template's own environment's, else one uv provides."""
    local = TEMPLATE_ROOT / ".venv" / "bin" / "python"
    if local.exists():
        return [str(local)]
    return [find_uv(), "run", "--no-project", "--with", "cookiecutter", "python"]


def bake(
    answers: Mapping[str, Any],
    into: Path,
    *,
    template: Path = TEMPLATE_ROOT,
    env: dict[str, str] | None = None,
) -> Path:
    """Bake the template with these answers (every other one its default) in the directory
    `into`, made if missing; return the project's directory. Without `env`, this process's
    environment less VIRTUAL_ENV: the bake is a project of its own.
    """
    into = into.resolve()
    into.mkdir(parents=True, exist_ok=True)
    if env is None:
        env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    command: list[str | Path] = [*cookiecutter_python(), "-c", BAKE, template.resolve()]
    command += [json.dumps(dict(answers)), into]
    # Run from `into`: `python -c` puts the working directory first on sys.path, and from the
    # template repository that would make another release's `hooks` this one's.
    return Path(run(command, cwd=into, env=env).splitlines()[-1])


def answers_from(items: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` answers, as cookiecutter's command line takes them, as a mapping."""
    pairs = [item.partition("=") for item in items]
    wrong = [item for item, (_, equals, _) in zip(items, pairs, strict=True) if not equals]
    if wrong:
        raise BenchError(f"answers are KEY=VALUE: {', '.join(wrong)}")
    return {key: value for key, _, value in pairs}


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
