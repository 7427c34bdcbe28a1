"""The admin's database sessions: starlette-admin opens one a request and commits it itself."""

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..db.session import discard_after_commit, engine, run_after_commit


class AdminSession(AsyncSession):
    """A session that runs the work waiting for its commit (dropping cached users, ...)
    once it commits, and forgets it when it rolls back, as a request's transaction does.
    """

    async def commit(self) -> None:
        await super().commit()
        await run_after_commit(self.sync_session)

    async def rollback(self) -> None:
        await super().rollback()
        discard_after_commit(self.sync_session)


AdminSessionFactory: async_sessionmaker[AsyncSession] = async_sessionmaker(
    engine, class_=AdminSession, expire_on_commit=False
)
