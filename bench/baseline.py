"""The "bare limit" for the benchmark: plain Starlette and an asyncpg pool, no framework on top.

It serves the same reads as the generated service, against the same database, with nothing
else: no authentication, no validation, no dependency injection, no ORM, no middleware.
The gap between it and the service is what the service's extra layers cost per request.

Started by bench/run.py with the generated project's own interpreter and uvicorn:

    .venv/bin/uvicorn baseline:app --app-dir bench --host 127.0.0.1 --port PORT --no-access-log

Configuration comes from the environment:

- DATABASE_URL: the service's URL; a ``postgresql+asyncpg://`` scheme is accepted.
- DATABASE_POOL_SIZE: connections kept in the pool, as the service reads it (default 20, the
  service's); like the service's by default, the pool opens none beyond it.

Pooled like the service: a fixed number of connections, and one round trip per read (asyncpg
would otherwise reset each connection on release with a second one, which the service's
AUTOCOMMIT reads do not send).
"""

from __future__ import annotations

import os
import re
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg  # type: ignore[import-untyped]
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

# The service's items table (items/models.py) and the queries its ORM sends for an admin.
COLUMNS = "id, title, description, owner_id, created_at, updated_at"
SELECT_ONE = f"SELECT {COLUMNS} FROM items WHERE id = $1"
# The page carries its total as a window count, as the service's pages do.
SELECT_PAGE = (
    f"SELECT {COLUMNS}, count(*) OVER () AS total FROM items"
    " ORDER BY created_at DESC, id LIMIT $1 OFFSET $2"
)
COUNT = "SELECT count(*) FROM items"
MAX_LIMIT = 100


def database_dsn() -> str:
    """asyncpg wants a plain libpq URL; drop SQLAlchemy's ``+driver`` suffix if present."""
    url = os.environ["DATABASE_URL"]
    return re.sub(r"^postgres(ql)?\+\w+://", "postgresql://", url)


def row_to_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row as JSON-ready values: the timestamps become ISO 8601 strings."""
    return {
        key: value.isoformat() if isinstance(value, datetime) else value
        for key, value in row.items()
        if key != "total"
    }


def _int_param(request: Request, name: str, default: int, maximum: int | None = None) -> int:
    try:
        value = int(request.query_params.get(name, default))
    except ValueError:
        value = default
    value = max(value, 0)
    return min(value, maximum) if maximum is not None else value


async def health_live(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def read_item(request: Request) -> JSONResponse:
    pool: asyncpg.Pool = request.app.state.pool
    row = await pool.fetchrow(SELECT_ONE, request.path_params["item_id"])
    if row is None:
        return JSONResponse({"detail": "Item not found"}, status_code=404)
    return JSONResponse(row_to_dict(row))


async def list_items(request: Request) -> JSONResponse:
    limit = _int_param(request, "limit", 20, MAX_LIMIT)
    offset = _int_param(request, "offset", 0)
    pool: asyncpg.Pool = request.app.state.pool
    rows = await pool.fetch(SELECT_PAGE, limit, offset)
    total = rows[0]["total"] if rows else 0
    if not rows and offset:  # past the end: count separately, as the service does
        total = await pool.fetchval(COUNT)
    items = [row_to_dict(row) for row in rows]
    return JSONResponse({"items": items, "total": total, "limit": limit, "offset": offset})


async def keep_as_is(connection: asyncpg.Connection) -> None:
    """Release a connection without asyncpg's reset query: a read leaves nothing to reset."""


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    size = int(os.environ.get("DATABASE_POOL_SIZE", "20"))
    async with asyncpg.create_pool(
        database_dsn(), min_size=size, max_size=size, reset=keep_as_is
    ) as pool:
        app.state.pool = pool
        yield


app = Starlette(
    routes=[
        Route("/health/live", health_live),
        Route("/items/{item_id:int}", read_item),
        Route("/items", list_items),
    ],
    lifespan=lifespan,
)
