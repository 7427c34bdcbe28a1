"""The engine, the session factory and the per-request session dependency."""

from collections.abc import AsyncIterator
{%- if cookiecutter.database == "sqlite" %}
from typing import Any
{%- endif %}

{% if cookiecutter.database == "sqlite" -%}
from sqlalchemy import event
{% endif -%}
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from ..core.config import settings

engine = create_async_engine(
    settings.DATABASE_URL,
    echo=settings.DATABASE_ECHO,
{%- if cookiecutter.database == "postgresql" %}
    pool_size=settings.DATABASE_POOL_SIZE,
    max_overflow=settings.DATABASE_MAX_OVERFLOW,
    pool_timeout=settings.DATABASE_POOL_TIMEOUT,
    pool_recycle=settings.DATABASE_POOL_RECYCLE,
    pool_pre_ping=settings.DATABASE_POOL_PRE_PING,
{%- endif %}
)
{%- if cookiecutter.database == "sqlite" %}


@event.listens_for(engine.sync_engine, "connect")
def _enforce_foreign_keys(dbapi_connection: Any, _: Any) -> None:
    """SQLite ignores foreign keys (and so ON DELETE CASCADE) unless asked per connection."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
{%- endif %}


SessionFactory = async_sessionmaker(engine, expire_on_commit=False)


async def get_session() -> AsyncIterator[AsyncSession]:
    """One session per request: commit when the endpoint succeeds, roll back on any error."""
    async with SessionFactory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
        await session.commit()
