"""`alembic upgrade heads` on a fresh server creates the database first."""

import os
import uuid

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.package_name }}.db import provision


async def test_missing_database_is_created_once() -> None:
    url = make_url(os.environ["DATABASE_URL"]).set(database=f"fresh_{uuid.uuid4().hex[:12]}")
    fresh = url.render_as_string(hide_password=False)
    server = create_async_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        assert not await provision.database_exists(fresh)
        assert await provision.create_database_if_missing(fresh) is True
        assert await provision.create_database_if_missing(fresh) is False
        assert await provision.database_exists(fresh)
    finally:
        async with server.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)'))
        await server.dispose()
