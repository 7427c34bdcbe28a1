#!/usr/bin/env python3
"""Measure the start-up cost of file-based routing: the generated tree and 500 route files.

Run from the template root:

    python bench/routes.py [--files 500] [--json out.json] [--keep]

It bakes `routing=filesystem` with every feature that adds endpoints (SQLite, JWT), builds its
venv, and times `load_routes` in fresh interpreters (median of 5, after a warm-up run that
writes the bytecode), as wall time and as the process's CPU time (the figure the budget is
checked on: the wall time of a busy shared machine measures its neighbours too). First on the
service's own tree, with the service's other modules and the libraries imported first, so
the figure is what routing adds to start-up (walking the tree, loading each route file,
registering its route); then on a synthetic tree of `--files` route files (a fifth each of GET
and POST on a collection, and GET, PATCH and DELETE on `_item_id`, handlers with a path
parameter, a body model and a response model), next to the same routes registered by hand
with `add_api_route`, which is FastAPI's own share of it. It exits 1 when the synthetic tree
takes 0.5 s of CPU or more. Once loaded, the routes are FastAPI's own `APIRoute`s: nothing
runs per request that routers written by hand would not run. Standard library only; reuses
the bench's modules.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from common import BenchError, answers_from, bake, log, run
from service import package_name, sync

ANSWERS = ("routing=filesystem", "use_pages=true", "use_file_transfer=true")
RUNS = 5
BUDGET_SECONDS = 0.5
METHODS_PER_RESOURCE = 5

# Everything but the route files is imported before the clock starts.
TIME_SERVICE_TREE = """
import importlib, pkgutil, sys, time
import {package}
for module in pkgutil.walk_packages({package}.__path__, "{package}."):
    if not module.name.startswith(("{package}.routes", "{package}.main")):
        importlib.import_module(module.name)
from {package} import routes
from {package}.filesystem_routing import load_routes
wall, cpu = time.perf_counter(), time.process_time()
router = load_routes(routes)
print(time.perf_counter() - wall, time.process_time() - cpu, len(router.routes))
"""
TIME_SYNTHETIC_TREE = """
import importlib, sys, time
sys.path.insert(0, sys.argv[1])
import pydantic, fastapi, synthetic._schemas
from {package}.filesystem_routing import load_routes
wall, cpu = time.perf_counter(), time.process_time()
if sys.argv[2] == "files":
    routes = load_routes(importlib.import_module("synthetic")).routes
else:
    routes = importlib.import_module("by_hand").router.routes
print(time.perf_counter() - wall, time.process_time() - cpu, len(routes))
"""
# The same routes as the synthetic tree, registered by hand.
BY_HAND = """
from fastapi import APIRouter

from synthetic._schemas import Thing

router = APIRouter()
for index in range({resources}):

    async def list_things(limit: int = 20) -> list[Thing]:
        return []

    async def create_thing(thing: Thing) -> Thing:
        return thing

    async def read_thing(item_id: int) -> Thing:
        return Thing(title=str(item_id))

    async def update_thing(item_id: int, thing: Thing) -> Thing:
        return thing

    async def delete_thing(item_id: int) -> None:
        return None

    collection, member = f"/resource-{{index}}/", f"/resource-{{index}}/{{{{item_id:int}}}}"
    router.add_api_route(collection, list_things, methods=["GET"])
    router.add_api_route(collection, create_thing, methods=["POST"], status_code=201)
    router.add_api_route(member, read_thing, methods=["GET"])
    router.add_api_route(member, update_thing, methods=["PATCH"])
    router.add_api_route(member, delete_thing, methods=["DELETE"], status_code=204)
"""
SCHEMAS = """
from pydantic import BaseModel


class Thing(BaseModel):
    title: str
    done: bool = False
"""
COLLECTION = {
    "get.py": (
        "from synthetic._schemas import Thing\n\ntrailing_slash = True\n\n\n"
        "async def handler(limit: int = 20) -> list[Thing]:\n    return []\n"
    ),
    "post.py": (
        "from synthetic._schemas import Thing\n\ntrailing_slash = True\nstatus_code = 201\n\n\n"
        "async def handler(thing: Thing) -> Thing:\n    return thing\n"
    ),
}
MEMBER = {
    "get.py": (
        "from synthetic._schemas import Thing\n\n\n"
        "async def handler(item_id: int) -> Thing:\n    return Thing(title=str(item_id))\n"
    ),
    "patch.py": (
        "from synthetic._schemas import Thing\n\n\n"
        "async def handler(item_id: int, thing: Thing) -> Thing:\n    return thing\n"
    ),
    "delete.py": (
        "status_code = 204\n\n\nasync def handler(item_id: int) -> None:\n    return None\n"
    ),
}


def write_synthetic_tree(root: Path, files: int) -> None:
    package = root / "synthetic"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "_schemas.py").write_text(SCHEMAS)
    resources = files // METHODS_PER_RESOURCE
    (root / "by_hand.py").write_text(BY_HAND.format(resources=resources))
    for index in range(resources):
        resource = package / f"resource_{index}"
        (resource / "_item_id").mkdir(parents=True)
        for name, text in COLLECTION.items():
            (resource / name).write_text(text)
        for name, text in MEMBER.items():
            (resource / "_item_id" / name).write_text(text)


def measure(python: Path, code: str, args: list[str], cwd: Path) -> dict[str, float]:
    """Median wall and CPU seconds over fresh interpreters, and how many routes there were."""
    cmd: list[str | Path] = [python, "-c", code, *args]
    # Deployed images compile bytecode; measure that, not a machine-wide "don't write .pyc".
    env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
    run(cmd, cwd=cwd, env=env)  # warm-up: bytecode written
    samples = [[float(v) for v in run(cmd, cwd=cwd, env=env).split()] for _ in range(RUNS)]
    return {
        "wall_seconds": round(statistics.median(wall for wall, _, _ in samples), 4),
        "cpu_seconds": round(statistics.median(cpu for _, cpu, _ in samples), 4),
        "routes": samples[0][2],
    }


def row(name: str, figures: dict[str, float]) -> str:
    wall, cpu = figures["wall_seconds"] * 1000, figures["cpu_seconds"] * 1000
    return f"| {name} | {figures['routes']:.0f} | {cpu:.0f} ms | {wall:.0f} ms |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500, help="route files in the synthetic tree")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the bake and the tree")
    options = parser.parse_args(argv)

    with contextlib.ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="bench-routes-"))
        if not options.keep:
            stack.callback(lambda: run(["rm", "-rf", str(work)]))
        log(f"baking {' '.join(ANSWERS)} in {work}")
        project = bake(answers_from(ANSWERS), work)
        sync(project)
        python = project / ".venv" / "bin" / "python"
        package = package_name(project)

        synthetic_code = TIME_SYNTHETIC_TREE.format(package=package)
        tree = str(work / "tree")
        write_synthetic_tree(work / "tree", options.files)
        figures = {
            "service_tree": measure(python, TIME_SERVICE_TREE.format(package=package), [], project),
            "synthetic_tree": measure(python, synthetic_code, [tree, "files"], project),
            "synthetic_by_hand": measure(python, synthetic_code, [tree, "by_hand"], project),
        }

    print(f"| routes | count | CPU (median of {RUNS}) | wall |")
    print("| --- | ---: | ---: | ---: |")
    print(row(f"the service's tree ({' '.join(ANSWERS)})", figures["service_tree"]))
    print(row("synthetic tree, load_routes", figures["synthetic_tree"]))
    print(row("the same routes by hand, add_api_route", figures["synthetic_by_hand"]))
    if options.json:
        options.json.write_text(json.dumps(figures, indent=2) + "\n")
    spent = figures["synthetic_tree"]["cpu_seconds"]
    if spent >= BUDGET_SECONDS:
        log(f"{options.files} route files took {spent:.3f} s of CPU, over {BUDGET_SECONDS} s")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        log(str(exc))
        sys.exit(2)
