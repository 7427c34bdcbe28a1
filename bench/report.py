"""Medians over the rounds and the markdown tables the bench prints."""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from common import format_ms, run
from imports import IMPORT_RUNS
from load import Endpoint, Measurement
from service import psql

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


TARGETS = ("service", "floor", "baseline")
SUMMARY_KEYS = ("rps", "p50_ms", "p90_ms", "p99_ms", "cpu_ms_per_request")


def median_or_none(values: Sequence[float | None]) -> float | None:
    """The median, or None if any value is missing."""
    known = [v for v in values if v is not None]
    return statistics.median(known) if known and len(known) == len(values) else None


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
        row["ratio_to_floor"] = row["service"]["rps"] / row["floor"]["rps"]
        row["floor_ratio"] = row["floor"]["rps"] / row["baseline"]["rps"]
        rows.append(row)
    return rows


def table(rows: Sequence[dict[str, Any]], imports: dict[str, float]) -> str:
    """The results as markdown: throughput and latency per endpoint, then import times."""
    lines = [
        "| endpoint | service rps | floor rps | baseline rps | service/baseline"
        + " | service/floor | floor/baseline | service p50/p99 ms"
        + " | server CPU ms/req (service / floor / baseline) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        svc, floor, base = row["service"], row["floor"], row["baseline"]
        cpu = (format_ms(row[target]["cpu_ms_per_request"]) for target in TARGETS)
        cells = [
            row["endpoint"],
            f"{svc['rps']:.0f}",
            f"{floor['rps']:.0f}",
            f"{base['rps']:.0f}",
            f"{row['ratio']:.2f}",
            f"{row['ratio_to_floor']:.2f}",
            f"{row['floor_ratio']:.2f}",
            f"{svc['p50_ms']:.2f} / {svc['p99_ms']:.2f}",
            " / ".join(cpu),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    lines += [
        "",
        f"| import (best of {IMPORT_RUNS}, ms) | service | its libraries alone | baseline |",
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
        "| in-process CPU per request, us (x baseline) | `/health/live` | item read | page of 20 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, label in LAYER_NAMES.items():
        cells = [
            f"{layers[name][endpoint]:.0f} ({layers[name][endpoint] / floor[endpoint]:.1f}x)"
            if endpoint in layers[name]
            else "-"
            for endpoint in ("health", "item", "page")
        ]
        lines.append(f"| {label} | {' | '.join(cells)} |")
    return "\n".join(lines)


def import_table(slowest: dict[str, float]) -> str:
    """Where importing the app goes: ``-X importtime`` self time per package, slowest first."""
    lines = ["", "| package (import self time, ms) | ms |", "| --- | ---: |"]
    lines += [f"| {name} | {seconds * 1000:.0f} |" for name, seconds in slowest.items()]
    return "\n".join(lines)
