"""A write that another connection's lock holds up waits DATABASE_BUSY_TIMEOUT, then
answers the documented 503; once the lock is gone, writes succeed again.
"""

import sqlite3
import time
from collections.abc import AsyncIterator

import pytest
from httpx import AsyncClient
from sqlalchemy.engine import make_url

from {{ cookiecutter.package_name }}.db.config import database_settings
from {{ cookiecutter.package_name }}.db.session import (
    ReadOnlySessionFactory,
    SessionFactory,
    create_engine,
)

BUSY_TIMEOUT = 0.5
# Added to the timeout for the answer's upper bound: room for a busy machine.
MARGIN = 3.0
ITEMS = "/api/v1/items/"

# Before any other fixture, so that a user the test signs in as is created with it too.
pytestmark = pytest.mark.usefixtures("impatient_sessions")


@pytest.fixture
async def impatient_sessions(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[None]:
    """The app's sessions on an engine that waits BUSY_TIMEOUT for a lock."""
    monkeypatch.setattr(database_settings, "DATABASE_BUSY_TIMEOUT", BUSY_TIMEOUT)
    engine = create_engine(database_settings.DATABASE_URL)
    binds = SessionFactory.kw["bind"], ReadOnlySessionFactory.kw["bind"]
    SessionFactory.configure(bind=engine)
    ReadOnlySessionFactory.configure(bind=engine.execution_options(isolation_level="AUTOCOMMIT"))
    yield
    SessionFactory.configure(bind=binds[0])
    ReadOnlySessionFactory.configure(bind=binds[1])
    await engine.dispose()


async def test_a_write_held_up_by_a_lock_answers_503_after_the_busy_timeout(
    api_client: AsyncClient,
) -> None:
    locker = sqlite3.connect(
        str(make_url(database_settings.DATABASE_URL).database), isolation_level=None
    )
    try:
        locker.execute("BEGIN EXCLUSIVE")
        began = time.monotonic()
        response = await api_client.post(ITEMS, json={"title": "Lamp"})
        waited = time.monotonic() - began
        locker.execute("ROLLBACK")
    finally:
        locker.close()

    assert response.status_code == 503
    assert response.json()["error_code"] == "service_unavailable"
    assert BUSY_TIMEOUT <= waited < BUSY_TIMEOUT + MARGIN
    assert (await api_client.post(ITEMS, json={"title": "Lamp"})).status_code == 201
