#!/usr/bin/env python3
"""Measure file transfer: a 1 GiB upload and its download, over loopback.

Run from the template root:

    python bench/files.py [--size-mib 1024] [--json out.json] [--keep]

It bakes the template with `use_file_transfer=true` (SQLite, no auth: the transfer is what is
measured), serves it with uvicorn as in production, streams a file up as one multipart body
and down again, checking the SHA-256 both ways, and reports MB/s (10^6 bytes a second) and
how far the server's resident memory rose above where it stood before the transfer (its peak
from /proc's VmHWM, reset first through clear_refs, and from sampling VmRSS). Everything it
starts or creates is removed at the end. Standard library only; reuses the bench's modules.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import secrets
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from common import LOOPBACK, BenchError, bake, log, run, run_cleanly, save_json
from service import Server, package_name, sync

ANSWERS = {"use_file_transfer": True, "auth": "none", "database": "sqlite"}
BLOCK = 1024 * 1024  # what the client writes and reads at a time
RSS_LIMIT_MIB = 64  # the growth the service must stay under
SAMPLE_SECONDS = 0.05


def memory_kib(pid: int, field: str) -> int:
    """A line of /proc/<pid>/status, such as VmRSS or VmHWM, in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise BenchError(f"no {field} for process {pid}")


@contextlib.contextmanager
def peak_rss_growth(pid: int) -> Iterator[dict[str, float]]:
    """Yield a dict that holds, once the block ends, the peak resident memory above the
    starting point, in MiB."""
    with contextlib.suppress(OSError):  # reset VmHWM to the current RSS (Linux, needs rights)
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    start = memory_kib(pid, "VmRSS")
    sampled = start
    done = threading.Event()

    def sample() -> None:
        nonlocal sampled
        while not done.wait(SAMPLE_SECONDS):
            with contextlib.suppress(OSError, BenchError):
                sampled = max(sampled, memory_kib(pid, "VmRSS"))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    result: dict[str, float] = {}
    try:
        yield result
    finally:
        done.set()
        sampler.join()
        peak = max(sampled, memory_kib(pid, "VmHWM"))
        result["start_mib"] = start / 1024
        result["growth_mib"] = (peak - start) / 1024


def content(size: int) -> Iterator[bytes]:
    """`size` bytes in blocks, made once and repeated, so the client holds one block."""
    block = secrets.token_bytes(BLOCK)
    for start in range(0, size, BLOCK):
        yield block[: min(BLOCK, size - start)]


def upload(port: int, size: int) -> tuple[dict[str, Any], str, float]:
    """Stream `size` bytes up as one multipart body; the reply, the sent SHA-256, seconds."""
    boundary = secrets.token_hex(16)
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench.bin"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n"
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    digest = hashlib.sha256()

    def body() -> Iterator[bytes]:
        yield head
        for block in content(size):
            digest.update(block)
            yield block
        yield tail

    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=600)
    headers = {
        "Content-Type": f"multipart/form-data; boundary={boundary}",
        "Content-Length": str(len(head) + size + len(tail)),
    }
    began = time.perf_counter()
    connection.request("POST", "/api/v1/files/", body=body(), headers=headers)
    response = connection.getresponse()
    reply = json.loads(response.read())
    seconds = time.perf_counter() - began
    connection.close()
    if response.status != 201:
        raise BenchError(f"upload answered {response.status}: {reply}")
    return reply, digest.hexdigest(), seconds


def download(port: int, file_id: int) -> tuple[int, str, float]:
    """Read the file back in blocks; its size, SHA-256 and the seconds it took."""
    connection = http.client.HTTPConnection(LOOPBACK, port, timeout=600)
    began = time.perf_counter()
    connection.request("GET", f"/api/v1/files/{file_id}")
    response = connection.getresponse()
    if response.status != 200:
        raise BenchError(f"download answered {response.status}")
    digest = hashlib.sha256()
    size = 0
    while block := response.read(BLOCK):
        digest.update(block)
        size += len(block)
    seconds = time.perf_counter() - began
    connection.close()
    return size, digest.hexdigest(), seconds


def bench(args: argparse.Namespace, stack: contextlib.ExitStack) -> dict[str, Any]:
    size = args.size_mib * 1024 * 1024
    workdir = Path(tempfile.mkdtemp(prefix="bench-files-"))
    if args.keep:
        log(f"keeping {workdir}")
    else:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    project = bake(ANSWERS, workdir / "baked")
    env = sync(project)
    package = package_name(project)
    env |= {
        "ENVIRONMENT": "production",
        "ALLOWED_HOSTS": LOOPBACK,
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/bench.db",
        "UPLOAD_DIR": str(workdir / "uploads"),
        "MAX_UPLOAD_BYTES": str(size),
    }
    run([project / ".venv/bin/alembic", "upgrade", "heads"], cwd=project, env=env)
    python = str(project / ".venv/bin/python")
    server = Server("service", [python, "-m", "uvicorn", f"{package}.main:app"], project, env,
                    workdir / "service.log")  # fmt: skip
    stack.callback(server.stop)
    server.start("/health/live")
    assert server.process is not None
    pid = server.process.pid

    upload(server.port, BLOCK)  # warm up: the first request imports and allocates
    log(f"uploading {args.size_mib} MiB")
    with peak_rss_growth(pid) as up_memory:
        stored, sent_sha, up_seconds = upload(server.port, size)
    log("downloading it")
    with peak_rss_growth(pid) as down_memory:
        got_size, got_sha, down_seconds = download(server.port, stored["id"])
    if not (stored["sha256"] == sent_sha == got_sha and got_size == size == stored["size"]):
        raise BenchError("the bytes that came back differ from those sent")
    return {
        "size_bytes": size,
        "upload": {"seconds": up_seconds, "mb_per_s": size / up_seconds / 1e6, **up_memory},
        "download": {"seconds": down_seconds, "mb_per_s": size / down_seconds / 1e6, **down_memory},
    }


def table(report: dict[str, Any]) -> str:
    lines = [
        f"{report['size_bytes'] // 2**20} MiB over loopback, one uvicorn worker:",
        "",
        "| transfer | MB/s | seconds | server RSS before | peak RSS growth |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in ("upload", "download"):
        row = report[name]
        lines.append(
            f"| {name} | {row['mb_per_s']:.0f} | {row['seconds']:.1f} | "
            f"{row['start_mib']:.0f} MiB | {row['growth_mib']:.1f} MiB |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-mib", type=int, default=1024, help="file size (default 1024)")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    report = run_cleanly(bench, args)
    print(table(report))
    growth = max(report[name]["growth_mib"] for name in ("upload", "download"))
    save_json(args.json, report)
    if growth >= RSS_LIMIT_MIB:
        log(f"peak RSS growth {growth:.1f} MiB is over the {RSS_LIMIT_MIB} MiB budget")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
