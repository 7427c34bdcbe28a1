"""Fixtures: one fresh database for the test run, emptied after every test, and clients."""

{% if "celery_redis" in features -%}
import gc
{% endif -%}
{% if "api_key" in features -%}
import hashlib
{% endif -%}
import os
{%- if "sqlite" in features or "file_transfer" in features %}
import tempfile
{%- endif %}
{%- if "postgresql" in features or "redis" in features or "celery" in features %}
import uuid
{%- endif %}
from collections.abc import AsyncIterator{% if "celery" in features or "mail" in features or "redis" in features %}, Iterator{% endif %}
{%- if "celery" in features %}
from contextlib import suppress
{%- endif %}
{%- if "file_transfer" in features %}
from pathlib import Path
{%- endif %}

import pytest
from httpx import ASGITransport, AsyncClient
{%- if "celery" in features %}
from kombu.exceptions import OperationalError
{%- endif %}
{%- if "redis" in features %}
from redis import Redis
{%- endif %}
{%- if "postgresql" in features %}
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
{%- else %}
from sqlalchemy.ext.asyncio import AsyncSession
{%- endif %}
{%- if "mail" in features %}

from .utils import free_port
from .utils.mailbox import Mailbox
{%- endif %}

# The settings come from here alone: a developer's `.env` is not read.
os.environ["ENV_FILE"] = ""
{%- if "postgresql" in features %}

# A database of its own for this run, on the server DATABASE_URL names (or the local one).
os.environ["DATABASE_URL"] = (
    make_url(os.environ.get("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/"))
    .set(database=f"test_{uuid.uuid4().hex[:12]}")
    .render_as_string(hide_password=False)
)
{%- else %}

os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/test.db"
{%- endif %}
{%- if "file_transfer" in features %}
os.environ["UPLOAD_DIR"] = tempfile.mkdtemp()
os.environ["MAX_UPLOAD_BYTES"] = str(4 * 1024 * 1024)
{%- endif %}
os.environ["ENVIRONMENT"] = "local"
os.environ["LOG_JSON"] = "false"
{%- if "redis" in features %}
# Keys of their own on the shared Redis, so parallel runs never see each other's.
os.environ["REDIS_KEY_PREFIX"] = f"test_{uuid.uuid4().hex[:12]}"
{%- endif %}
{%- if "rate_limit" in features %}
# Out of the way of the other tests; test_rate_limit sets small limits of its own.
os.environ["RATE_LIMIT_DEFAULT"] = "1000000/minute"
{%- if "jwt" in features %}
os.environ["RATE_LIMIT_LOGIN"] = "1000000/minute"
{%- endif %}
{%- endif %}
{%- if "celery" in features %}
# Queues of their own on the shared broker, so parallel runs never take each other's tasks;
# short retries and timeouts, so the tests of failures are quick.
os.environ["CELERY_QUEUE"] = f"test_{uuid.uuid4().hex[:12]}"
os.environ["CELERY_MAX_RETRIES"] = "2"
os.environ["CELERY_RETRY_BACKOFF_MAX"] = "1"
os.environ["CELERY_ENQUEUE_TIMEOUT"] = "1"
{%- endif %}
{%- if "mail" in features %}
os.environ["SMTP_PORT"] = str(free_port())
{%- endif %}
{%- if "jwt" in features %}
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-for-hs256"
# Password hashes at a thousandth of the work: at the default costs, hashing was two thirds
# of the suite's time. test_auth checks the defaults where they matter.
os.environ["PASSWORD_HASH_TIME_COST"] = "1"
os.environ["PASSWORD_HASH_MEMORY_KIB"] = "256"
{%- elif "api_key" in features %}
os.environ["API_KEY_HASHES"] = hashlib.sha256(b"test-api-key").hexdigest()
{%- endif %}

{% if "cache" in features -%}
from {{ cookiecutter.package_name }}.cache import store
{% endif -%}
{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.credentials.scopes import ADMIN_ROLE
{% endif -%}
{% if "postgresql" in features -%}
from {{ cookiecutter.package_name }}.db.provision import create_database_if_missing
{% endif -%}
from {{ cookiecutter.package_name }}.db.session import SessionFactory, engine
{%- if "file_transfer" in features %}
from {{ cookiecutter.package_name }}.files.dependencies import storage
{%- endif %}
from {{ cookiecutter.package_name }}.main import app
from {{ cookiecutter.package_name }}.models import Base
{%- if "websockets" in features %}
from {{ cookiecutter.package_name }}.realtime import hub
{%- endif %}
{%- if "redis" in features %}
from {{ cookiecutter.package_name }}.redis.client import breaker
from {{ cookiecutter.package_name }}.redis.config import redis_settings
{%- endif %}
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.roles import ensure_standard_roles
{%- endif %}
{%- if "celery" in features %}
from {{ cookiecutter.package_name }}.worker.app import celery_app
from {{ cookiecutter.package_name }}.worker.runtime import close_runtimes
{%- endif %}
{%- if "websockets" in features or "jwt" in features or "celery" in features %}
{# the local imports, apart #}
{%- endif %}
{%- if "websockets" in features %}
from .utils.server import serving
{%- endif %}
{%- if "jwt" in features %}
from .utils.users import auth_headers, create_user
{%- endif %}
{%- if "celery" in features %}
from .utils.worker import require_broker
{%- endif %}
{%- if "postgresql" in features %}

TEST_DATABASE_URL = os.environ["DATABASE_URL"]
{%- endif %}
{%- if "api_key" in features %}

TEST_API_KEY = "test-api-key"  # its digest is in API_KEY_HASHES above
{%- endif %}
{%- if "celery_redis" in features %}

# The worker below runs in a thread of its own and sends each retry from there, which
# subscribes to the task's result on that thread's Redis backend (Celery keeps one per
# thread), out of the teardown's reach. One backend for every thread, closed at the end.
celery_app.conf.result_backend_thread_safe = True
{%- endif %}


@pytest.fixture(scope="session", autouse=True)
async def database() -> AsyncIterator[None]:
{%- if "postgresql" in features %}
    await create_database_if_missing(TEST_DATABASE_URL)
{%- endif %}
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield
    await engine.dispose()
{%- if "postgresql" in features %}
    server_url = make_url(TEST_DATABASE_URL).set(database="postgres")
    server = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with server.connect() as connection:
        name = make_url(TEST_DATABASE_URL).database
        await connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
    await server.dispose()
{%- endif %}
{%- if "redis" in features %}


@pytest.fixture(scope="session", autouse=True)
def _forget_redis_keys() -> Iterator[None]:
    """Leave nothing under the run's own key prefix on the shared Redis: rate limits, rooms,
    the broker's bindings and task results among them (torn down after the fixtures below).
    """
    yield
    with Redis.from_url(redis_settings.REDIS_URL) as client:
        keys = list(client.scan_iter(f"{redis_settings.REDIS_KEY_PREFIX}:*", count=1000))
        if keys:
            client.unlink(*keys)
{%- endif %}


@pytest.fixture(autouse=True)
async def _empty_tables() -> AsyncIterator[None]:
    yield
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
{%- if "cache" in features %}
    await store.clear()  # the rows went behind the ORM's back, so their copies go too
{%- endif %}
{%- if "redis" in features %}


@pytest.fixture(autouse=True)
def _redis_in_use() -> None:
    """Each test starts with the Redis circuit closed, whatever the test before did to Redis."""
    breaker.record_success()
{%- endif %}


@pytest.fixture
async def session() -> AsyncIterator[AsyncSession]:
    async with SessionFactory() as session:
        yield session


@pytest.fixture
async def client() -> AsyncIterator[AsyncClient]:
    """A client with no credentials."""
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client
{%- if "jwt" in features %}


@pytest.fixture
async def user(session: AsyncSession) -> User:
    return await create_user(session)


@pytest.fixture(autouse=True)
async def _standard_roles() -> None:
    """The roles a migrated database starts with: the tests' tables are made, not migrated."""
    async with SessionFactory() as session:
        await ensure_standard_roles(session)
        await session.commit()


@pytest.fixture
async def admin(session: AsyncSession) -> User:
    return await create_user(session, "admin@example.com", roles=[ADMIN_ROLE])


@pytest.fixture
async def api_client(client: AsyncClient, session: AsyncSession, user: User) -> AsyncClient:
    """A client the API accepts: signed in as `user`."""
    client.headers.update(await auth_headers(session, user))
    return client


@pytest.fixture
async def admin_client(client: AsyncClient, session: AsyncSession, admin: User) -> AsyncClient:
    client.headers.update(await auth_headers(session, admin))
    return client
{%- elif "api_key" in features %}


@pytest.fixture
async def api_client(client: AsyncClient) -> AsyncClient:
    """A client the API accepts: it sends a listed API key."""
    client.headers["X-API-Key"] = TEST_API_KEY
    return client
{%- else %}


@pytest.fixture
async def api_client(client: AsyncClient) -> AsyncClient:
    """A client the API accepts: any client, as the API asks for no credentials."""
    return client
{%- endif %}
{%- if "file_transfer" in features %}


@pytest.fixture
def upload_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A storage directory of the test's own (the service creates it on the first upload)."""
    directory = tmp_path / "uploads"
    monkeypatch.setattr(storage, "root", directory)
    return directory
{%- endif %}
{%- if "pages" in features %}


@pytest.fixture
async def page_client(api_client: AsyncClient) -> AsyncClient:
{%- if "jwt" in features %}
    """A browser the pages accept: signed in as `user`, as the sign-in form would leave it."""
    token = api_client.headers["Authorization"].removeprefix("Bearer ")
    api_client.cookies.set("session", token)
{%- elif "api_key" in features %}
    """A browser the pages accept: signed in with the API key, as the sign-in form leaves it."""
    api_client.cookies.set("session", TEST_API_KEY)
{%- else %}
    """A browser the pages accept: any, as the service asks for no credentials."""
{%- endif %}
    return api_client
{%- endif %}
{%- if "websockets" in features %}


@pytest.fixture
async def address() -> AsyncIterator[str]:
    """The app served over real sockets (`host:port`), its rooms started as at start-up."""
    await hub.start()
    async with serving(app) as address:
        yield address
        await hub.stop()
{%- if "jwt" in features %}


@pytest.fixture
async def credential(session: AsyncSession, user: User) -> list[str]:
    """What a browser offers as subprotocols to join a room: the scheme, then the token."""
    headers = await auth_headers(session, user)
    return ["bearer", headers["Authorization"].removeprefix("Bearer ")]
{%- elif "api_key" in features %}


@pytest.fixture
def credential() -> list[str]:
    """What a browser offers as subprotocols to join a room: the scheme, then the key."""
    return ["api-key", TEST_API_KEY]
{%- else %}


@pytest.fixture
def credential() -> None:
    """What a browser offers to join a room: nothing, as the service asks for nothing."""
    return None
{%- endif %}
{%- endif %}
{%- if "mail" in features %}


@pytest.fixture(scope="session")
def smtp_server() -> Iterator[Mailbox]:
    """An SMTP server in this process, on the port SMTP_PORT names."""
    with Mailbox.serving(int(os.environ["SMTP_PORT"])) as mailbox:
        yield mailbox


@pytest.fixture
def mailbox(smtp_server: Mailbox{% if "mail_tasks" in features %}, worker: object{% endif %}) -> Mailbox:
{%- if "mail_tasks" in features %}
    """The messages the service sends during the test, through the worker."""
    celery_app.control.purge()  # welcomes that tests without a worker left queued
{%- else %}
    """The messages the service sends during the test."""
{%- endif %}
    smtp_server.clear()
    return smtp_server
{%- endif %}
{%- if "celery" in features %}


@pytest.fixture(scope="session")
def worker() -> Iterator[object]:
    """A Celery worker in this process, consuming the run's own queues on the real broker.

    Its one task thread is not the thread of its event loop. With the solo pool a task read
    in the loop's first drain after (re)connecting runs inside the loop's callback, and its
    late ack waits for the loop's next poll: up to 10 s during which the broker holds the
    next message back (prefetch 1). A thread's ack wakes the loop at once.
    """
    from celery.contrib.testing.worker import start_worker

    require_broker(celery_app.conf.broker_url)
    with start_worker(
        celery_app, pool="threads", concurrency=1, perform_ping_check=False
    ) as running:
        yield running
    # A worker process closes its task loop and engine as it stops; this thread's, not.
    close_runtimes()


@pytest.fixture(scope="session", autouse=True)
def _delete_queues() -> Iterator[None]:
    """Leave nothing of the run's own queues on the shared broker, and no connection open."""
    yield
    with suppress(OSError, OperationalError), celery_app.connection_for_write() as connection:
        for queue in celery_app.amqp.queues.values():
            queue.bind(connection.default_channel).delete()
    celery_app.close()
{%- if "celery_redis" in features %}
    # A result the tests dropped unsubscribes from its channel when it is collected: collect
    # them while the result consumer runs. After stop(), the unsubscribe would reconnect its
    # pub/sub during pytest's last collection and leave that socket open (Celery 5.7).
    gc.collect()
    # The Redis result backend's pub/sub (results arrive on it) and its pool: attributes of
    # RedisBackend that celery's types, which name the base Backend, do not know.
    celery_app.backend.result_consumer.stop()  # type: ignore[attr-defined]
    celery_app.backend.client.connection_pool.disconnect()  # type: ignore[attr-defined]
{%- endif %}
{%- endif %}
