"""Dependencies every router shares, as `Annotated` aliases: the session and a page."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

from fastapi import Depends, Query, Request
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.config import core_settings
from ..db.base import MAX_INTEGER
from ..db.pagination import PageParams
from ..db.session import (
    ReadOnlySessionFactory,
    SessionFactory,
    discard_after_commit,
    run_after_commit,
)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request. Safe methods only read; anything else runs in a
    transaction that commits when the endpoint succeeds and rolls back on any error.
    """
    if request.method in SAFE_METHODS:
        async with ReadOnlySessionFactory() as session:
            yield session
        return
    async with _transaction() as session:
        yield session


async def get_transaction() -> AsyncIterator[AsyncSession]:
    """A session in a transaction whatever the method: for the one GET that writes (a
    provider's redirect back to its callback, which OAuth makes a GET, and which consumes a
    one-time code).
    """
    async with _transaction() as session:
        yield session


@asynccontextmanager
async def _transaction() -> AsyncIterator[AsyncSession]:
    """A session whose transaction commits when the block succeeds and rolls back on any
    error.
    """
    async with SessionFactory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            discard_after_commit(session.sync_session)
            raise
        await session.commit()
        await run_after_commit(session.sync_session)


# scope="function": the session commits before the response is sent, so a failed commit
# becomes an error response instead of a success the database never saw.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
TransactionDep = Annotated[AsyncSession, Depends(get_transaction, scope="function")]


async def page_params(
    limit: Annotated[
        int, Query(ge=1, le=core_settings.MAX_PAGE_SIZE, description="How many rows to return")
    ] = core_settings.DEFAULT_PAGE_SIZE,
    offset: Annotated[int, Query(ge=0, le=MAX_INTEGER, description="How many rows to skip")] = 0,
) -> PageParams:
    return PageParams(limit=limit, offset=offset)


# async although it waits for nothing: FastAPI would run a plain function in a thread.
PageDep = Annotated[PageParams, Depends(page_params)]
