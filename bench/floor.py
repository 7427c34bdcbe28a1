"""The stack's floor: FastAPI and one read through the service's own SQLAlchemy session and
model, and nothing else.

The service keeps FastAPI and the ORM on its request path on purpose, so what it adds is best
judged against this app rather than only against the bare Starlette + asyncpg baseline: the
same reads (bench/baseline.py's paths and queries), each a FastAPI route with a response model
that reads through the baked package's read-only session factory and `Item` model. No
middleware, authentication, owner rule or error handling of the service's.

Served by bench/run.py with the baked project's interpreter and uvicorn, from the project
directory, with the service's environment:

    BENCH_PACKAGE=my_service .venv/bin/uvicorn floor:app --app-dir <template>/bench ...

and called in-process by bench/layers.py through `create_app`.
"""

import importlib
import os
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated

from baseline import MAX_LIMIT
from fastapi import Depends, FastAPI, Query
from pydantic import BaseModel, ConfigDict
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession


class Status(BaseModel):
    status: str = "ok"


class ItemOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
    owner_id: int
    created_at: datetime
    updated_at: datetime


class ItemPage(BaseModel):
    items: list[ItemOut]
    total: int
    limit: int
    offset: int


def create_app(package: str) -> FastAPI:
    """The floor app on the baked package's session factory, engine and `Item` model."""
    sessions = importlib.import_module(f"{package}.db.session").ReadOnlySessionFactory
    # Every model, so the item's relationships resolve, as the service's import does.
    item_model = importlib.import_module(f"{package}.models").Item
    newest_first = (item_model.created_at.desc(), item_model.id)

    async def session() -> AsyncIterator[AsyncSession]:
        async with sessions() as db:
            yield db

    # Closed before the response is sent, as the service's session is: a session held until
    # after the response keeps its connection from the pool longer.
    Session = Annotated[AsyncSession, Depends(session, scope="function")]

    app = FastAPI()

    @app.get("/health/live")
    async def live() -> Status:
        return Status()

    @app.get("/items/{item_id}")
    async def read_item(db: Session, item_id: int) -> ItemOut:
        item = await db.get(item_model, item_id)
        return ItemOut.model_validate(item)

    @app.get("/items")
    async def list_items(
        db: Session,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 20,
        offset: Annotated[int, Query(ge=0)] = 0,
    ) -> ItemPage:
        # The page and its total in one query, as the service and the baseline send it.
        query = select(item_model, func.count().over()).order_by(*newest_first)
        rows = (await db.execute(query.limit(limit).offset(offset))).all()
        total = rows[0][1] if rows else await db.scalar(select(func.count(item_model.id)))
        items = [ItemOut.model_validate(row[0]) for row in rows]
        return ItemPage(items=items, total=total or 0, limit=limit, offset=offset)

    return app


if "BENCH_PACKAGE" in os.environ:
    app = create_app(os.environ["BENCH_PACKAGE"])
