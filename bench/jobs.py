#!/usr/bin/env python3
"""Measure background jobs: enqueue-to-done latency and tasks per second through one worker,
on each broker, for the worker's design and the one it replaced, side by side.

Run from the template root:

    python bench/jobs.py [--tasks 200] [--burst 500] [--json out.json] [--keep]

For each of background_jobs=celery_redis and celery_rabbitmq it bakes the template (SQLite,
no auth), migrates, starts one worker process as deployed (prefork, one child), and drives
beat's real purge task from the project's own interpreter: `--tasks` of them one after
another (each sent, then awaited: p50 and p99 of enqueue to result), then `--burst` sent at
once (tasks per second until the last is done). It does so twice per broker, one design after
the other on the same bake:

- `process`: the service as baked, one event loop and one pooled engine per worker child,
  opened at the child's start and reused by every task (`worker/runtime.py`);
- `task`: the design before it, re-created by the bench in a module it writes into the bake
  (the service no longer ships it): each task opens an engine of its own (one connection)
  on a new event loop (`asyncio.run`) and disposes of it before returning.

Targets (issue 31): the burst at least 5x the per-task design's on each broker, and p50
enqueue-to-done on Redis at most 5 ms. It prints them met or missed and exits 1 when one is
missed. The brokers are the machine's Redis (127.0.0.1:6379) and RabbitMQ (127.0.0.1:5672);
the run uses queues and keys of its own and deletes them. Standard library only; reuses the
bench's modules.
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
from service import STOP_TIMEOUT, database_url, package_name, sync
from service import database as fresh_database

BROKERS = ("celery_redis", "celery_rabbitmq")
DATABASES = ("sqlite", "postgresql")
ANSWERS = {"auth": "none"}
# What each row runs: the worker's app, and the task sent to it. `floor` is Celery's own cost
# per task on that broker (a task that does nothing, through the same worker), which no
# design of a task's database access can go below.
DESIGNS = {
    "process": ("{package}.worker.app", "jobs.purge_finished"),
    "task": ("bench_per_task_engine", "jobs.purge_finished"),
    "floor": ("bench_no_op", "bench.no_op"),
}
# Issue 31's targets: the burst against the per-task design's, and the latency on Redis.
BURST_RATIO_TARGET = 5.0
REDIS_P50_TARGET_MS = 5.0

# The worker's design until 2026-12 (an engine per task), as a Celery app module the worker
# can run: the service's app with its tasks' database calls swapped for the old ones.
PER_TASK_APP = """
import asyncio

from sqlalchemy.ext.asyncio import AsyncSession

from {package}.db.config import database_settings
from {package}.db.session import create_engine
from {package}.jobs import tasks
from {package}.worker.app import celery_app


def run_with_session(work):
    async def main():
        engine = create_engine(database_settings.DATABASE_URL)
        try:
            async with AsyncSession(engine, expire_on_commit=False) as session:
                return await work(session)
        finally:
            await engine.dispose()

    return asyncio.run(main())


tasks.run_with_session = run_with_session
__all__ = ["celery_app"]
"""

# The service's app with a task that does nothing, for the floor.
NO_OP_APP = """
from {package}.worker.app import celery_app


@celery_app.task(name="bench.no_op")
def no_op():
    return 0


__all__ = ["celery_app"]
"""

DRIVER = """
import json, statistics, sys, time
from {package}.worker.app import celery_app

count, burst, task = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
purge = celery_app.signature(task)
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


def measure(
    workdir: Path, broker: str, database: str, args: argparse.Namespace
) -> dict[str, dict[str, float]]:
    name = f"{broker}-{database}"
    project = bake(ANSWERS | {"background_jobs": broker, "database": database}, workdir / name)
    env = sync(project)
    package = package_name(project)
    run_id = f"bench_{uuid.uuid4().hex[:8]}"
    with contextlib.ExitStack() as stack:
        if database == "postgresql":
            url = database_url(stack.enter_context(fresh_database()))
        else:
            url = f"sqlite+aiosqlite:///{workdir}/{name}.db"
        env |= {
            "ENVIRONMENT": "local",
            "LOG_LEVEL": "WARNING",
            "DATABASE_URL": url,
            "CELERY_QUEUE": run_id,
            "REDIS_KEY_PREFIX": run_id,
        }
        run([project / ".venv/bin/alembic", "upgrade", "heads"], cwd=project, env=env)
        (project / "bench_per_task_engine.py").write_text(PER_TASK_APP.format(package=package))
        (project / "bench_no_op.py").write_text(NO_OP_APP.format(package=package))
        return {
            design: through_worker(
                workdir, project, env, app.format(package=package), task, f"{name} ({design})",
                args,
            )
            for design, (app, task) in DESIGNS.items()
        }  # fmt: skip


def through_worker(
    workdir: Path,
    project: Path,
    env: dict[str, str],
    app: str,
    task: str,
    name: str,
    args: argparse.Namespace,
) -> dict[str, float]:
    python = str(project / ".venv/bin/python")
    log_path = workdir / f"{name.replace(' ', '-')}-worker.log"
    with log_path.open("w") as worker_log:
        worker = subprocess.Popen(
            [python, "-m", "celery", "--app", app, "worker",
             "--concurrency", "1", "--loglevel", "WARNING"],
            cwd=project, env=env, stdout=worker_log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        log(f"{name}: {args.tasks} tasks one by one, then {args.burst} at once")
        driver = DRIVER.format(package=package_name(project))
        output = run(
            [python, "-c", driver, str(args.tasks), str(args.burst), task], cwd=project, env=env
        )
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
    return {
        f"{broker.removeprefix('celery_')}, {database}": measure(workdir, broker, database, args)
        for database in args.databases
        for broker in BROKERS
    }


def targets(report: dict[str, Any]) -> list[tuple[str, bool]]:
    """Each of issue 31's targets for the workers, with whether this run met it."""
    checks = []
    for run_name, designs in report.items():
        ratio = designs["process"]["tasks_per_s"] / designs["task"]["tasks_per_s"]
        ceiling = designs["floor"]["tasks_per_s"] / designs["task"]["tasks_per_s"]
        checks.append((
            f"{run_name}: burst {ratio:.1f}x the per-task design's (target at least "
            f"{BURST_RATIO_TARGET:g}x; a task doing nothing would be {ceiling:.1f}x)",
            ratio >= BURST_RATIO_TARGET,
        ))  # fmt: skip
        if run_name.startswith("redis"):
            p50 = designs["process"]["p50_ms"]
            checks.append((
                f"{run_name}: p50 enqueue to done {p50:.1f} ms (target at most "
                f"{REDIS_P50_TARGET_MS:g} ms; a task doing nothing: "
                f"{designs['floor']['p50_ms']:.1f} ms)",
                p50 <= REDIS_P50_TARGET_MS,
            ))  # fmt: skip
    return checks


def table(report: dict[str, Any]) -> str:
    lines = [
        "One worker (prefork, one child), beat's purge task; `process` is the",
        "service's design (a loop and a pooled engine per worker child), `task` the one it",
        "replaced (an engine and a loop per task), `floor` a task that does nothing",
        "through the same worker (what Celery itself costs per task):",
        "",
        "| broker, database | design | enqueue to done p50 | p99 | tasks/s (burst) |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for run_name, designs in report.items():
        for design, row in designs.items():
            lines.append(
                f"| {run_name} | {design} | {row['p50_ms']:.1f} ms | "
                f"{row['p99_ms']:.1f} ms | {row['tasks_per_s']:.0f} |"
            )
    lines.append("")
    for text, met in targets(report):
        lines.append(f"- {'met' if met else 'MISSED'}: {text}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=200, help="tasks sent one by one")
    parser.add_argument("--burst", type=int, default=500, help="tasks sent at once")
    parser.add_argument(
        "--databases",
        type=lambda value: value.split(","),
        default=list(DATABASES),
        help="comma-separated: sqlite, postgresql (default both)",
    )
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)
    if not (1 <= args.tasks <= 100_000 and 1 <= args.burst <= 100_000):
        raise BenchError("--tasks and --burst must be between 1 and 100000")
    if not args.databases or set(args.databases) - set(DATABASES):
        raise BenchError(f"--databases takes some of {', '.join(DATABASES)}")
    report = run_cleanly(bench, args)
    print(table(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n")
    return 0 if all(met for _, met in targets(report)) else 1


if __name__ == "__main__":
    sys.exit(main())
