#!/usr/bin/env python3
"""Measure background jobs: enqueue-to-done latency and tasks per second through one worker,
on each broker.

Run from the template root:

    python bench/jobs.py [--tasks 200] [--burst 500] [--json out.json] [--keep]

For each of background_jobs=celery_redis and celery_rabbitmq it bakes the template (SQLite,
no auth), migrates, starts one worker process as deployed (prefork, one child), and drives
beat's real purge task from the project's own interpreter: `--tasks` of them one after
another (each sent, then awaited: p50 and p99 of enqueue to result), then `--burst` sent at
once (tasks per second until the last is done). Each task opens and disposes of its own
database engine, as every task of the service does. The brokers are the machine's Redis
(127.0.0.1:6379) and RabbitMQ (127.0.0.1:5672); the run uses queues and keys of its own and
deletes them. Standard library only; reuses the bench's modules.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import BenchError, bake, log, run, run_cleanly
from service import STOP_TIMEOUT, package_name, sync

BROKERS = ("celery_redis", "celery_rabbitmq")
ANSWERS = {"auth": "none", "database": "sqlite"}

DRIVER = """
import json, statistics, sys, time
from {package}.jobs import tasks
from {package}.worker.app import celery_app

count, burst = int(sys.argv[1]), int(sys.argv[2])
purge = tasks.purge_finished
purge.delay().get(timeout=120)  # the worker is up and has run one
latencies = []
for _ in range(count):
    began = time.perf_counter()
    purge.delay().get(timeout=60)
    latencies.append(time.perf_counter() - began)
began = time.perf_counter()
for result in [purge.delay() for _ in range(burst)]:
    result.get(timeout=600)
seconds = time.perf_counter() - began
latencies.sort()
with celery_app.connection_for_write() as connection:
    for queue in celery_app.amqp.queues.values():
        queue.bind(connection.default_channel).delete()
print(json.dumps({{
    "p50_ms": statistics.median(latencies) * 1000,
    "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000,
    "tasks_per_s": burst / seconds,
}}))
"""


def measure(workdir: Path, broker: str, args: argparse.Namespace) -> dict[str, float]:
    project = bake(ANSWERS | {"background_jobs": broker}, workdir / broker)
    env = sync(project)
    package = package_name(project)
    run_id = f"bench_{uuid.uuid4().hex[:8]}"
    env |= {
        "ENVIRONMENT": "local",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": f"sqlite+aiosqlite:///{workdir}/{broker}.db",
        "CELERY_QUEUE": run_id,
        "REDIS_KEY_PREFIX": run_id,
    }
    run([project / ".venv/bin/alembic", "upgrade", "heads"], cwd=project, env=env)
    python = str(project / ".venv/bin/python")
    log_path = workdir / f"{broker}-worker.log"
    with log_path.open("w") as worker_log:
        worker = subprocess.Popen(
            [python, "-m", "celery", "--app", f"{package}.worker.app", "worker",
             "--concurrency", "1", "--loglevel", "WARNING"],
            cwd=project, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        log(f"{broker}: {args.tasks} tasks one by one, then {args.burst} at once")
        driver = DRIVER.format(package=package)
        output = run([python, "-c", driver, str(args.tasks), str(args.burst)], cwd=project, env=env)
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            worker.kill()
    figures: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return figures


def bench(args: argparse.Namespace, stack: contextlib.ExitStack) -> dict[str, Any]:
    workdir = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    if args.keep:
        log(f"keeping {workdir}")
    else:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
    return {broker: measure(workdir, broker, args) for broker in BROKERS}


def table(report: dict[str, Any]) -> str:
    lines = [
        "One worker (prefork, one child), beat's purge task on SQLite:",
        "",
        "| broker | enqueue to done p50 | p99 | tasks/s (burst) |",
        "| --- | ---: | ---: | ---: |",
    ]
    for broker, row in report.items():
        lines.append(
            f"| {broker.removeprefix('celery_')} | {row['p50_ms']:.1f} ms | "
            f"{row['p99_ms']:.1f} ms | {row['tasks_per_s']:.0f} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200, help="tasks sent one by one")
    parser.add_argument("--burst", type=int, default=500, help="tasks sent at once")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if not (1 <= args.tasks <= 100_000 and 1 <= args.burst <= 100_000):
        raise BenchError("--tasks and --burst must be between 1 and 100000")
    report = run_cleanly(bench, args)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
