"""Create the database DATABASE_URL names when its server does not have it yet.

`alembic upgrade heads` calls this first, so a fresh PostgreSQL server needs no manual
`createdb`. Only when the database is missing does it connect to the server's `postgres`
database, as the same user, to create it; a user without the CREATEDB privilege gets
PostgreSQL's own error saying so.
"""

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine

INVALID_CATALOG_NAME = "3D000"  # SQLSTATE of "database ... does not exist"
DUPLICATE_DATABASE = "42P04"  # another process created it first


def _sqlstate(error: DBAPIError) -> str | None:
    return getattr(error.orig, "sqlstate", None)


async def database_exists(url: str) -> bool:
    engine = create_async_engine(url)
    try:
        async with engine.connect():
            return True
    except DBAPIError as error:
        if _sqlstate(error) == INVALID_CATALOG_NAME:
            return False
        raise
    finally:
        await engine.dispose()


async def create_database_if_missing(url: str) -> bool:
    """Create the database if it does not exist; True if this call created it."""
    if await database_exists(url):
        return False
    target = make_url(url)
    server = create_async_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        async with server.connect() as connection:
            name = connection.dialect.identifier_preparer.quote(target.database or "")
            await connection.execute(text(f"CREATE DATABASE {name}"))
    except DBAPIError as error:
        if _sqlstate(error) != DUPLICATE_DATABASE:
            raise
        return False
    finally:
        await server.dispose()
    return True
