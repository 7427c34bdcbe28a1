#!/usr/bin/env python3
"""Measure room fan-out: one message to N sockets, in one process and across two through Redis.

Run from the template root:

    python bench/broadcast.py [--clients 1000] [--broadcasts 20] [--messages 500] [--json out.json]

It bakes the template twice (`websockets=local` and `websockets=redis`, SQLite, no auth: the
fan-out is what is measured) and serves each with uvicorn as in production. Then
bench/fanout.py, in the baked project's interpreter, joins `--clients` sockets to one room
(with Redis, half on each of two processes), and a sender socket on the first process says
`--broadcasts` messages one at a time: the time from sending until each receiver has it gives
p50, p99 and the slowest receiver per broadcast (the table shows their medians). Then it sends
`--messages` more, at most 32 ahead of the slowest receiver, for messages and deliveries per
second. Memory per connection is the servers' resident memory growth while the sockets join,
over the number of sockets. Needs the shared Redis on 127.0.0.1:6379 for the Redis run.
Everything it starts or creates is removed at the end. Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import secrets
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import BENCH_DIR, LOOPBACK, bake, log, run, run_cleanly, save_json
from service import Server, package_name, sync

ANSWERS = {"auth": "none", "database": "sqlite"}
TARGET_P99_MS = 150


def scenario(
    args: argparse.Namespace, stack: contextlib.ExitStack, workdir: Path, websockets: str
) -> dict[str, Any]:
    project = bake(ANSWERS | {"websockets": websockets}, workdir / websockets)
    env = sync(project)
    env |= {
        "ENVIRONMENT": "production",
        "ALLOWED_HOSTS": LOOPBACK,
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/{websockets}.db",
        "REDIS_KEY_PREFIX": f"bench_{secrets.token_hex(6)}",
    }
    python = str(project / ".venv/bin/python")
    app = f"{package_name(project)}.main:app"
    servers = []
    for number in range(2 if websockets == "redis" else 1):
        name = f"{websockets}-{number}"
        server = Server(name, [python, "-m", "uvicorn", app], project, env,
                        workdir / f"{name}.log")  # fmt: skip
        stack.callback(server.stop)
        server.start("/health/live")
        servers.append(server)
    config = {
        "servers": [f"{LOOPBACK}:{server.port}" for server in servers],
        "pids": [server.process.pid for server in servers if server.process is not None],
        "receivers": args.clients,
        "broadcasts": args.broadcasts,
        "messages": args.messages,
    }
    log(f"{websockets}: {args.clients} sockets on {len(servers)} process(es)")
    output = run([python, str(BENCH_DIR / "fanout.py"), json.dumps(config)], cwd=project, env=env)
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    for server in servers:
        server.stop()
    return result


def bench(args: argparse.Namespace, stack: contextlib.ExitStack) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-broadcast-"))
    if args.keep:
        log(f"keeping {workdir}")
    else:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    return {name: scenario(args, stack, workdir, name) for name in ("local", "redis")}


def table(report: dict[str, Any]) -> str:
    lines = [
        "| broadcast | sockets | p50 | p99 | slowest | messages/s | deliveries/s | memory/socket |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    names = {"local": "in-process, 1 process", "redis": "Redis, 2 processes"}
    for name, row in report.items():
        latency = row["latency_ms"]
        lines.append(
            f"| {names[name]} | {row['receivers']} | {latency['p50']:.0f} ms | "
            f"{latency['p99']:.0f} ms | {latency['max']:.0f} ms | {row['messages_per_s']:.0f} | "
            f"{row['deliveries_per_s']:.0f} | {row['rss_kib_per_connection']:.0f} KiB |"
        )
        if row["dropped"]:
            lines.append(f"\n{name}: {row['dropped']} sockets were dropped during the run")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1000, help="receiving sockets")
    parser.add_argument("--broadcasts", type=int, default=20, help="timed broadcasts")
    parser.add_argument("--messages", type=int, default=500, help="messages for throughput")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 5000:
        parser.error("--clients must be between 1 and 5000")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run_cleanly(bench, args)
    print(table(report))
    print(f"\nTarget: every one of 1000 sockets within {TARGET_P99_MS} ms at p99.")
    save_json(args.json, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
