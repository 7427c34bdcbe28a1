"""The engine, the two session factories (one for transactions, one for plain reads), and
work to run once a transaction has committed.
"""

from collections.abc import Awaitable, Callable
{%- if "sqlite" in features %}
from typing import Any
{%- endif %}

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import Session, UOWTransaction

from .config import database_settings

AfterCommit = Callable[[], Awaitable[None]]


def create_engine(url: str) -> AsyncEngine:
    """A pooled engine on `url` whose every wait on the database is bounded by a setting."""
{%- if "postgresql" in features %}
    return create_async_engine(
        url,
        echo=database_settings.DATABASE_ECHO,
        pool_size=database_settings.DATABASE_POOL_SIZE,
        max_overflow=database_settings.DATABASE_MAX_OVERFLOW,
        pool_timeout=database_settings.DATABASE_POOL_TIMEOUT,
        pool_recycle=database_settings.DATABASE_POOL_RECYCLE,
        pool_pre_ping=database_settings.DATABASE_POOL_PRE_PING,
        connect_args={
            "timeout": database_settings.DATABASE_CONNECT_TIMEOUT,
            "command_timeout": database_settings.DATABASE_COMMAND_TIMEOUT,
            # Sent when each connection opens; PostgreSQL counts in milliseconds.
            "server_settings": {
                "statement_timeout": str(
                    round(database_settings.DATABASE_STATEMENT_TIMEOUT * 1000)
                ),
            },
        },
    )
{%- else %}
    engine = create_async_engine(
        url,
        echo=database_settings.DATABASE_ECHO,
        connect_args={"timeout": database_settings.DATABASE_BUSY_TIMEOUT},
    )
    event.listen(engine.sync_engine, "connect", _enforce_foreign_keys)
    return engine


def _enforce_foreign_keys(dbapi_connection: Any, _: Any) -> None:
    """SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked per connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
{%- endif %}


engine = create_engine(database_settings.DATABASE_URL)


SessionFactory = async_sessionmaker(engine, expire_on_commit=False)


class ReadOnlySession(Session):
    """The session of a GET, HEAD or OPTIONS request: it runs outside a transaction."""


@event.listens_for(ReadOnlySession, "before_flush")
def _refuse_writes(session: Session, flush_context: UOWTransaction, instances: object) -> None:
    """Without a transaction each write would commit on its own: refuse them instead."""
    raise RuntimeError("A GET, HEAD or OPTIONS request must not change the database")


# Reads need no BEGIN and COMMIT around them: on an autocommit connection each query is
# one round trip, which is most of what a read costs.
ReadOnlySessionFactory = async_sessionmaker(
    engine.execution_options(isolation_level="AUTOCOMMIT"),
    sync_session_class=ReadOnlySession,
)


def after_commit(session: Session, work: AfterCommit) -> None:
    """Run `work` once this session's transaction has committed, before the response goes
    out (for what must not happen if the transaction rolls back: dropping cached copies,
    sending messages). Works from synchronous ORM event hooks, which get the plain Session.
    """
    session.info.setdefault("after_commit", []).append(work)


async def run_after_commit(session: Session) -> None:
    works: list[AfterCommit] = session.info.pop("after_commit", [])
    for work in works:
        await work()


async def commit_now(session: AsyncSession) -> None:
    """Commit what must outlast the error about to be raised (a request's transaction rolls
    back with any error), and run the work waiting for the commit.
    """
    await session.commit()
    await run_after_commit(session.sync_session)


def discard_after_commit(session: Session) -> None:
    """Forget the work of a transaction that rolled back."""
    session.info.pop("after_commit", None)
