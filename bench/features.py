#!/usr/bin/env python3
"""What each feature adds: import time and in-process CPU per request, one bake per answer set.

Run from the template root:

    python bench/features.py                                  # every landed feature
    python bench/features.py --feature cache=redis --feature use_rate_limit=true

Each ``--feature`` is one bake: its answers (space-separated ``KEY=VALUE``) on top of
``database=postgresql auth=jwt``; the first row is always that bare bake. For each, it builds the
venv, migrates a throw-away database, starts the service to log in and create one item, then
times ``import <package>.main`` and runs bench/layers.py for the in-process cost of
``/health/live`` and the authenticated item read. No load generator: about half a minute per
bake, and the figures are CPU per request, so they hold on a busy machine better than wrk's.
Prints one markdown table (cost over the bare bake in brackets) and, with ``--json``, every number.
"""

from __future__ import annotations

import argparse
import contextlib
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import log, run_cleanly, save_json
from imports import import_time
from service import COOKIECUTTER_ANSWERS, deploy, seed_items, workdir

# The landed features, each alone; the README's per-feature table is this run's output.
FEATURES = (
    "cache=memory",
    "cache=redis",
    "use_rate_limit=true",
    "use_pages=true",
    "use_pages=true use_admin=true",
    "use_file_transfer=true",
    "websockets=local",
    "websockets=redis",
    "background_jobs=celery_redis",
    "background_jobs=celery_rabbitmq",
    "use_observability=true",
    "use_outbound_client=true",
    "routing=filesystem",
)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--feature",
        action="append",
        metavar="'KEY=VALUE ...'",
        help="answers for one bake (repeat for more); every landed feature alone by default",
    )
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directories")
    args = parser.parse_args(argv)
    args.feature = args.feature or list(FEATURES)
    for answers in args.feature:
        if not all("=" in answer for answer in shlex.split(answers)):
            parser.error(f"--feature {answers!r}: answers are KEY=VALUE")
    return args


def measure_one(stack: contextlib.ExitStack, keep: bool, answers: list[str]) -> dict[str, Any]:
    """Bake with ``answers`` and time the import and the in-process requests."""
    log(f"measuring {' '.join(answers) or 'the bare bake'}")
    with contextlib.ExitStack() as bake_stack:  # each bake's server and database go at once
        deployment = deploy(bake_stack, workdir(stack, keep), answers)
        server = deployment.serve(bake_stack)
        [item_id] = seed_items(server.base_url, deployment.token(server), 1)
        layers = deployment.layers(server, item_id)
        app = f"{deployment.package}.main"
        imported = import_time(deployment.python, app, deployment.project, deployment.env)
    return {"answers": answers, "import_ms": imported * 1000, "layers_us": layers}


def bench(args: argparse.Namespace, stack: contextlib.ExitStack) -> dict[str, Any]:
    rows = [measure_one(stack, args.keep, [])]
    rows += [measure_one(stack, args.keep, shlex.split(answers)) for answers in args.feature]
    return {"base_answers": list(COOKIECUTTER_ANSWERS), "rows": rows}


def cell(value: float, base: float, unit: str) -> str:
    return f"{value:.0f} ({value - base:+.0f} {unit})"


def feature_table(rows: Sequence[dict[str, Any]]) -> str:
    """One row per bake: its figures, and what it adds over the first (bare) one."""
    base = rows[0]
    base_service = base["layers_us"]["service"]
    lines = [
        "| answers | import, ms | `/health/live`, us | item read, us | item read / FastAPI + ORM |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        label = " ".join(f"`{answer}`" for answer in row["answers"]) or "(bare)"
        service, floor = row["layers_us"]["service"], row["layers_us"]["fastapi_orm"]
        cells = [
            cell(row["import_ms"], base["import_ms"], "ms"),
            cell(service["health"], base_service["health"], "us"),
            cell(service["item"], base_service["item"], "us"),
            f"{service['item'] / floor['item']:.2f}x",
        ]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    report = run_cleanly(bench, args)
    print(feature_table(report["rows"]))
    save_json(args.json, report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
