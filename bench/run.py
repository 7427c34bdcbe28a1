#!/usr/bin/env python3
"""Benchmark the generated service against a bare Starlette + asyncpg baseline, and against
its floor: FastAPI and one read through its own SQLAlchemy session and model.

Run from the template root:

    python bench/run.py [--duration 10] [--connections 32] [--rounds 2] [--json out.json] [--keep]

It bakes the template (database=postgresql, auth=jwt) into a temporary directory, builds the
project's virtual environment with uv, creates a throw-away PostgreSQL database, migrates and
seeds it through the service's public API, then loads the service, bench/floor.py and
bench/baseline.py in turn with wrk and prints a markdown table. Everything it starts or
creates is removed at the end. Standard library only; it needs uv, psql and wrk (installed
with apt-get when missing and root).
See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from common import BENCH_DIR, log, run_cleanly, save_json
from imports import import_time, libraries_time, slowest_packages
from load import WARMUP_SECONDS, Bench, LoadConfig, endpoints, ensure_wrk
from report import import_table, layer_table, summarize, table, versions
from service import (
    COOKIECUTTER_ANSWERS,
    FIRST_SUPERUSER_EMAIL,
    POOL_SIZE,
    SEED_ITEMS,
    deploy,
    seed_items,
    workdir,
)


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
    parser.add_argument(
        "--env",
        nargs="*",
        default=[],
        metavar="KEY=VALUE",
        help="more environment for the service and the in-process layers, e.g. "
        "OTEL_TRACES_SAMPLER_ARG=0",
    )
    args = parser.parse_args(argv)
    if any("=" not in pair or pair.startswith("=") for pair in args.env):
        parser.error("--env takes KEY=VALUE pairs")
    if not 1 <= args.duration <= 600:
        parser.error("--duration must be between 1 and 600 seconds")
    if not 1 <= args.rounds <= 20:
        parser.error("--rounds must be between 1 and 20")
    if not 1 <= args.threads <= args.connections <= 10_000:
        parser.error("need 1 <= --threads <= --connections <= 10000")
    return args


def bench(args: argparse.Namespace, stack: contextlib.ExitStack) -> dict[str, Any]:
    wrk = ensure_wrk()
    work = workdir(stack, args.keep)
    extra_env = dict(pair.split("=", 1) for pair in args.env)
    deployment = deploy(stack, work, args.answers, extra_env)
    servers = {name: deployment.serve(stack, name) for name in ("service", "floor", "baseline")}
    item_ids = seed_items(
        servers["service"].base_url, deployment.token(servers["service"]), SEED_ITEMS
    )
    log(f"seeded {len(item_ids)} items through the API")

    load = LoadConfig(wrk, args.threads, args.connections, work)
    runner = Bench(servers, FIRST_SUPERUSER_EMAIL, deployment.password, load, args.duration)
    eps = endpoints(item_ids)
    for endpoint in eps:
        runner.check(endpoint)
    per_run = args.duration + WARMUP_SECONDS
    log(f"measuring: about {len(eps) * len(servers) * args.rounds * per_run} s of load")
    results = runner.rounds(eps, args.rounds)

    layers = deployment.layers(servers["service"], item_ids[0])
    python, project, env = deployment.python, deployment.project, deployment.env
    app = f"{deployment.package}.main"
    imports = {
        "service": import_time(python, app, project, env),
        "libraries": libraries_time(python, app, project, env),
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
            "env": args.env,
        },
        "versions": versions(python, env),
        "import_s": imports,
        "slowest_imports_s": slowest_packages(python, app, project, env),
        "layers_us": layers,
        "summary": summarize(results, eps),
        "measurements": [asdict(m) for m in results],
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run_cleanly(bench, args)
    print(table(report["summary"], report["import_s"]))
    print(import_table(report["slowest_imports_s"]))
    print(layer_table(report["layers_us"]))
    measured_with = ", ".join(f"{name} {version}" for name, version in report["versions"].items())
    print(f"\nMeasured with: {measured_with}.")
    save_json(args.json, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
