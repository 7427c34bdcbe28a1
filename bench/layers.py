"""Where a request's CPU goes: the same reads served by apps that add one layer at a time.

Started by bench/run.py with the baked project's interpreter, from the project directory,
with the environment the service runs with (DATABASE_URL, SECRET_KEY, ...):

    .venv/bin/python <template>/bench/layers.py PACKAGE ITEM_ID TOKEN

Each app serves `/health/live`, the item read and the page of 20 (the floor only the two
reads) and is called in-process through ASGI, one request at a time, so the figures are the
Python cost of each stack without HTTP parsing, sockets or load-generator noise. Prints one
JSON object: per app and endpoint, the best of several runs of CPU microseconds per request.

The apps, each the previous one plus a layer:

- ``starlette``: bench/baseline.py itself (Starlette and an asyncpg pool);
- ``fastapi``: the same routes and raw asyncpg queries in FastAPI, with a response model;
- ``fastapi_orm``: bench/floor.py, FastAPI reading through the service's own
  SQLAlchemy model and read-only session factory, the one its GET requests use (no
  transaction): the floor bench/run.py also serves over HTTP;
- ``service``: the generated service: its middleware, JWT check, user lookup and owner rule.
"""

import importlib
import json
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated, Any

import asyncpg  # type: ignore[import-untyped]
import uvloop
from fastapi import FastAPI, Query

sys.path.insert(0, str(Path(__file__).resolve().parent))
import baseline
import floor
from floor import ItemOut, ItemPage, Status
from service import API, BASELINE

REQUESTS = 400  # per run
RUNS = 7  # the best run counts: the least disturbed by the rest of the machine
WARMUP = 200

App = Callable[[dict[str, Any], Any, Any], Awaitable[None]]


def fastapi_app(pool: asyncpg.Pool) -> FastAPI:
    app = FastAPI()

    @app.get("/health/live")
    async def live() -> Status:
        return Status()

    @app.get("/items/{item_id}")
    async def read_item(item_id: int) -> ItemOut:
        row = await pool.fetchrow(baseline.SELECT_ONE, item_id)
        return ItemOut.model_validate(dict(row))

    @app.get("/items")
    async def list_items(
        limit: Annotated[int, Query(ge=1, le=baseline.MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> ItemPage:
        rows = await pool.fetch(baseline.SELECT_PAGE, limit, offset)
        total = rows[0]["total"] if rows else await pool.fetchval(baseline.COUNT)
        items = [ItemOut.model_validate(dict(row)) for row in rows]
        return ItemPage(items=items, total=total, limit=limit, offset=offset)

    return app


def scope(target: str, token: str) -> dict[str, Any]:
    path, _, query = target.partition("?")
    return {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query.encode(),
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {token}".encode()),
        ],
        "server": ("127.0.0.1", 8000),
        "client": ("127.0.0.1", 50000),
        "state": {},
    }


class Case:
    """One endpoint of one app, called in-process with a fixed request."""

    def __init__(self, app: App, path: str, token: str) -> None:
        self.app = app
        self.scope = scope(path, token)
        self.statuses: set[int] = set()

    async def receive(self) -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(self, message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            self.statuses.add(message["status"])

    async def call(self, count: int) -> None:
        for _ in range(count):
            await self.app(dict(self.scope), self.receive, self.send)

    async def cpu_per_request(self) -> float:
        """CPU microseconds per request over one run of REQUESTS requests."""
        started = time.process_time()
        await self.call(REQUESTS)
        return (time.process_time() - started) / REQUESTS * 1e6


async def main(package: str, item_id: int, token: str) -> dict[str, dict[str, float]]:
    service = importlib.import_module(f"{package}.main").app
    pool = await asyncpg.create_pool(baseline.database_dsn(), min_size=2, max_size=2)
    baseline.app.state.pool = pool
    query = API["list_query"]
    bare = {
        "health": BASELINE["health"],
        "item": BASELINE["item"].format(id=item_id),
        "page": f"{BASELINE['items']}?{query}",
    }
    apps: dict[str, tuple[App, dict[str, str]]] = {
        "starlette": (baseline.app, bare),
        "fastapi": (fastapi_app(pool), bare),
        "fastapi_orm": (floor.create_app(package), {"item": bare["item"], "page": bare["page"]}),
        "service": (
            service,
            {
                "health": API["health"],
                "item": API["item"].format(id=item_id),
                "page": f"{API['items']}?{query}",
            },
        ),
    }
    cases = {
        (name, endpoint): Case(app, path, token)
        for name, (app, paths) in apps.items()
        for endpoint, path in paths.items()
    }
    best = dict.fromkeys(cases, float("inf"))
    try:
        for case in cases.values():
            await case.call(WARMUP)
        # Runs interleave the apps, so a slow spell on the machine hits them all alike.
        for _ in range(RUNS):
            for key, case in cases.items():
                best[key] = min(best[key], await case.cpu_per_request())
    finally:
        await pool.close()
        await importlib.import_module(f"{package}.db.session").engine.dispose()
    for (name, endpoint), case in cases.items():
        if case.statuses != {200}:
            raise SystemExit(f"{name} {endpoint}: HTTP statuses {sorted(case.statuses)}")
    results: dict[str, dict[str, float]] = {name: {} for name in apps}
    for (name, endpoint), value in best.items():
        results[name][endpoint] = round(value, 1)
    return results


if __name__ == "__main__":
    package_name, item, bearer = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    # The event loop the service runs on under uvicorn.
    print(json.dumps(uvloop.run(main(package_name, item, bearer))))
