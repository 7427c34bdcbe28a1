"""Whatever the database does (refuse, start up, shut down, crash, hang, run out of pooled
connections), a request answers the documented 503 within the wait a setting bounds, and
the service recovers by itself once the database is back, losing no acknowledged write.

The app's sessions run here on a PostgreSQL cluster of this module's own, with short
timeouts, so that a test can stop, freeze or crash the server.
"""

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Iterator

import pytest
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.db.config import database_settings
from {{ cookiecutter.package_name }}.db.provision import create_database_if_missing
from {{ cookiecutter.package_name }}.db.session import (
    ReadOnlySessionFactory,
    SessionFactory,
    create_engine,
)
from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.models import Base
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.roles import ensure_standard_roles
{%- endif %}

from .utils.postgres import PrivatePostgres, private_postgres

STATEMENT_TIMEOUT = 1.0
COMMAND_TIMEOUT = 1.5
CONNECT_TIMEOUT = 1.0
POOL_TIMEOUT = 0.5
POOL_SIZE = 2
# SQLAlchemy gives a connection it drops, after a timeout, this long to close politely.
POLITE_CLOSE = 2.0
# Added to a timeout for an answer's upper bound: room for a busy machine, far from a hang.
MARGIN = 3.0
# How long the service may take to serve again once the database is back.
RECOVERY = 10.0
ITEMS = "/api/v1/items/"

# Before any other fixture, so that a user the test signs in as is created there too.
pytestmark = pytest.mark.usefixtures("on_private_server")


@pytest.fixture(scope="module")
def server() -> Iterator[PrivatePostgres]:
    with private_postgres() as server:
        yield server


@pytest.fixture
async def on_private_server(
    server: PrivatePostgres, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[AsyncEngine]:
    """The app's sessions on the private server, emptied, with short waits; the server runs
    and answers again at the end, whatever the test did to it.
    """
    for name, value in {
        "DATABASE_STATEMENT_TIMEOUT": STATEMENT_TIMEOUT,
        "DATABASE_COMMAND_TIMEOUT": COMMAND_TIMEOUT,
        "DATABASE_CONNECT_TIMEOUT": CONNECT_TIMEOUT,
        "DATABASE_POOL_TIMEOUT": POOL_TIMEOUT,
        "DATABASE_POOL_SIZE": POOL_SIZE,
        "DATABASE_MAX_OVERFLOW": 0,
    }.items():
        monkeypatch.setattr(database_settings, name, value)
    url = server.url("service")
    await create_database_if_missing(url)
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
    binds = SessionFactory.kw["bind"], ReadOnlySessionFactory.kw["bind"]
    SessionFactory.configure(bind=engine)
    ReadOnlySessionFactory.configure(bind=engine.execution_options(isolation_level="AUTOCOMMIT"))
{%- if "jwt" in features %}
    async with SessionFactory() as session:
        await ensure_standard_roles(session)
        await session.commit()
{%- endif %}
    try:
        yield engine
    finally:
        SessionFactory.configure(bind=binds[0])
        ReadOnlySessionFactory.configure(bind=binds[1])
        server.restore()
        await engine.dispose()


@pytest.fixture
async def admin(server: PrivatePostgres) -> AsyncIterator[AsyncEngine]:
    """Connections of the test's own to the private server, outside the app's pool."""
    engine = create_async_engine(server.url("service"), poolclass=NullPool)
    yield engine
    await engine.dispose()


def assert_unavailable(response: Response) -> None:
    """The documented 503: the error shape, its code and the request's id."""
    assert response.status_code == 503, response.text
    assert response.json() == {
        "detail": "A server this service depends on is unavailable",
        "error_code": "service_unavailable",
        "request_id": response.headers["x-request-id"],
    }


async def timed(request: Awaitable[Response]) -> tuple[Response, float]:
    began = time.monotonic()
    response = await request
    return response, time.monotonic() - began


async def served_again(client: AsyncClient) -> float:
    """Seconds until a read answers 200 again; every answer before it is the 503."""
    began = time.monotonic()
    while (response := await client.get(ITEMS)).status_code != 200:
        assert_unavailable(response)
        assert time.monotonic() - began < RECOVERY, "the service did not recover"
        await asyncio.sleep(0.1)
    return time.monotonic() - began


async def saved_ids(engine: AsyncEngine) -> set[int]:
    async with engine.connect() as connection:
        return set((await connection.scalars(select(Item.id))).all())


async def write_until(
    client: AsyncClient, done: asyncio.Event, answers: list[Response], acknowledged: asyncio.Event
) -> None:
    """Create items one after another until `done` is set, keeping every answer."""
    while not done.is_set():
        answer = await client.post(ITEMS, json={"title": "written through a fault"})
        answers.append(answer)
        if answer.status_code == 201:
            acknowledged.set()
        await asyncio.sleep(0.01)


async def writes_through(client: AsyncClient, fault: Awaitable[object]) -> list[Response]:
    """Every answer to writes from four clients running before, during and after `fault`."""
    done, acknowledged = asyncio.Event(), asyncio.Event()
    answers: list[Response] = []
    writers = [
        asyncio.create_task(write_until(client, done, answers, acknowledged)) for _ in range(4)
    ]
    await asyncio.wait_for(acknowledged.wait(), RECOVERY)
    await fault
    await asyncio.sleep(0.5)
    done.set()
    await asyncio.gather(*writers)
    return answers


def assert_no_acknowledged_write_lost(answers: list[Response], saved: set[int]) -> None:
    """Each write answered 201 or the documented 503, and those answered 201 are saved."""
    for answer in answers:
        if answer.status_code != 201:
            assert_unavailable(answer)
    acknowledged = {answer.json()["id"] for answer in answers if answer.status_code == 201}
    assert acknowledged <= saved


APP_BACKEND = text(
    "SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
    " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
    " AND (wait_event_type = 'Lock' OR NOT :waiting_on_a_lock) LIMIT 1"
)


async def app_backend(connection: AsyncConnection, *, waiting_on_a_lock: bool = False) -> int:
    """The pid of a server process serving the app (not `connection`)."""
    for _ in range(100):
        pid = await connection.scalar(APP_BACKEND, {"waiting_on_a_lock": waiting_on_a_lock})
        if pid is not None:
            return int(pid)
        await asyncio.sleep(0.01)
    raise AssertionError("no server process of the app is there")


def lock_items(connection: AsyncConnection) -> Awaitable[object]:
    """Hold, until the connection's transaction ends, a lock that blocks every statement
    on the items table.
    """
    return connection.execute(text("LOCK TABLE items IN ACCESS EXCLUSIVE MODE"))


async def test_refused_connections_answer_503_at_once(
    server: PrivatePostgres, api_client: AsyncClient
) -> None:
    server.stop()

    response, waited = await timed(api_client.get(ITEMS))

    assert_unavailable(response)
    assert waited < MARGIN
    server.start()
    assert await served_again(api_client) < RECOVERY


async def test_a_restarted_server_is_served_again_without_restarting_the_service(
    server: PrivatePostgres, api_client: AsyncClient
) -> None:
    assert (await api_client.get(ITEMS)).status_code == 200  # connections in the pool
    server.stop()
    server.start(wait=False)  # answering "the database system is starting up" at first

    assert await served_again(api_client) < RECOVERY


async def test_a_fast_shutdown_under_writes_answers_503_and_loses_no_acknowledged_write(
    server: PrivatePostgres, admin: AsyncEngine, api_client: AsyncClient
) -> None:
    answers = await writes_through(api_client, asyncio.to_thread(server.stop, "fast"))
    server.start()
    await served_again(api_client)

    assert_no_acknowledged_write_lost(answers, await saved_ids(admin))
    assert 503 in {answer.status_code for answer in answers}


async def test_a_crash_under_writes_answers_503_and_the_server_recovers_alone(
    admin: AsyncEngine, api_client: AsyncClient
) -> None:
    """A server process killed by SIGKILL makes PostgreSQL end every session and recover
    from its log, refusing connections meanwhile ("the database system is in recovery mode").
    """

    async def crash() -> None:
        async with admin.connect() as connection:
            pid = await app_backend(connection)
        os.kill(pid, signal.SIGKILL)

    answers = await writes_through(api_client, crash())
    await served_again(api_client)

    assert_no_acknowledged_write_lost(answers, await saved_ids(admin))
    assert 503 in {answer.status_code for answer in answers}


async def test_a_server_process_ended_mid_statement_answers_503(
    admin: AsyncEngine, api_client: AsyncClient
) -> None:
    async with admin.connect() as locker:
        await lock_items(locker)
        blocked = asyncio.create_task(timed(api_client.get(ITEMS)))
        waiting = await app_backend(locker, waiting_on_a_lock=True)
        await locker.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": waiting})
        response, waited = await blocked

    assert_unavailable(response)
    assert waited < STATEMENT_TIMEOUT
    assert await served_again(api_client) < 1


async def test_a_slow_statement_is_cancelled_by_the_server_and_answers_503(
    admin: AsyncEngine, api_client: AsyncClient
) -> None:
    async with admin.connect() as locker:
        await lock_items(locker)
        response, waited = await timed(api_client.get(ITEMS))

    assert_unavailable(response)
    assert STATEMENT_TIMEOUT <= waited < STATEMENT_TIMEOUT + MARGIN
    assert (await api_client.get(ITEMS)).status_code == 200


async def test_a_hung_server_answers_503_within_the_command_timeout(
    server: PrivatePostgres, api_client: AsyncClient
) -> None:
    assert (await api_client.get(ITEMS)).status_code == 200  # connections in the pool
    server.freeze()

    on_pooled, waited = await timed(api_client.get(ITEMS))
    on_new, waited_new = await timed(api_client.get(ITEMS))

    assert_unavailable(on_pooled)
    assert COMMAND_TIMEOUT <= waited < COMMAND_TIMEOUT + POLITE_CLOSE + MARGIN
    assert_unavailable(on_new)
    assert CONNECT_TIMEOUT <= waited_new < CONNECT_TIMEOUT + MARGIN
    server.thaw()
    assert await served_again(api_client) < RECOVERY


async def test_an_exhausted_pool_answers_503_within_the_pool_timeout(
    on_private_server: AsyncEngine, api_client: AsyncClient
) -> None:
    pool = on_private_server
    async with pool.connect(), pool.connect():  # every connection the pool may open
        response, waited = await timed(api_client.get(ITEMS))

    assert_unavailable(response)
    assert POOL_TIMEOUT <= waited < POOL_TIMEOUT + MARGIN
    assert (await api_client.get(ITEMS)).status_code == 200


wrong = APIRouter()


@wrong.get("/divide-by-zero")
async def divide_by_zero(session: SessionDep) -> None:
    await session.execute(text("SELECT 1 / 0"))


@wrong.post("/rename/{first}/then/{second}")
async def rename_both(first: int, second: int, session: SessionDep) -> None:
    # Looks for a deadlock well before its statement timeout (the default is a second).
    await session.execute(text("SET LOCAL deadlock_timeout = '100ms'"))
    for item_id in (first, second):
        await session.execute(RENAME, {"id": item_id})


RENAME = text("UPDATE items SET title = 'renamed' WHERE id = :id")


def with_wrong_routes() -> AsyncClient:
    app = create_app()
    app.include_router(wrong)
    return AsyncClient(transport=ASGITransport(app=app), base_url="http://test")


async def test_a_statement_the_server_rejects_is_a_bug_and_answers_500() -> None:
    async with with_wrong_routes() as client:
        response = await client.get("/divide-by-zero")

    assert response.status_code == 500
    assert response.json()["error_code"] == "internal_error"


async def test_a_transaction_that_loses_a_deadlock_answers_503(
    admin: AsyncEngine, api_client: AsyncClient
) -> None:
    first, second = [
        (await api_client.post(ITEMS, json={"title": title})).json()["id"]
        for title in ("first", "second")
    ]
    async with admin.connect() as other, with_wrong_routes() as client:
        # This side looks for a deadlock much later, so the request's transaction is the one
        # PostgreSQL ends.
        await other.execute(text("SET deadlock_timeout = '60s'"))
        await other.execute(RENAME, {"id": second})
        request = asyncio.create_task(client.post(f"/rename/{first}/then/{second}"))
        await app_backend(other, waiting_on_a_lock=True)
        await other.execute(RENAME, {"id": first})  # each now waits for the other
        response = await request
        await other.rollback()

    assert_unavailable(response)
