"""Fixtures: one fresh database for the test run, emptied after every test, and clients."""

{% if cookiecutter.auth == "api_key" -%}
import hashlib
{% endif -%}
import os
{%- if cookiecutter.database == "postgresql" %}
import uuid
{%- else %}
import tempfile
{%- endif %}
{%- if cookiecutter.auth == "jwt" %}
from collections.abc import AsyncIterator, Awaitable, Callable
{%- else %}
from collections.abc import AsyncIterator
{%- endif %}

import pytest
from httpx import ASGITransport, AsyncClient
{%- if cookiecutter.database == "postgresql" %}
from sqlalchemy import text
from sqlalchemy.engine import make_url
{%- endif %}
{%- if cookiecutter.database == "postgresql" %}
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine
{%- else %}
from sqlalchemy.ext.asyncio import AsyncSession
{%- endif %}

{%- if cookiecutter.database == "postgresql" %}

# A database of its own for this run, on the server DATABASE_URL names (or the local one).
os.environ["TEST_DATABASE"] = f"test_{uuid.uuid4().hex[:12]}"
os.environ["DATABASE_URL"] = (
    make_url(os.environ.get("DATABASE_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/"))
    .set(database=os.environ["TEST_DATABASE"])
    .render_as_string(hide_password=False)
)
{%- else %}

os.environ["DATABASE_URL"] = f"sqlite+aiosqlite:///{tempfile.mkdtemp()}/test.db"
{%- endif %}
os.environ["ENVIRONMENT"] = "local"
os.environ["LOG_JSON"] = "false"
{%- if cookiecutter.auth == "jwt" %}
os.environ["SECRET_KEY"] = "test-secret-key-that-is-long-enough-for-hs256"
{%- elif cookiecutter.auth == "api_key" %}
os.environ["API_KEY_HASHES"] = hashlib.sha256(b"test-api-key").hexdigest()
{%- endif %}

{% if cookiecutter.auth == "jwt" -%}
from {{ cookiecutter.package_name }}.core.security import create_token
{% endif -%}
from {{ cookiecutter.package_name }}.db.models import Base
from {{ cookiecutter.package_name }}.db.session import SessionFactory, engine
from {{ cookiecutter.package_name }}.main import app
{%- if cookiecutter.auth == "jwt" %}
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.schemas import UserCreate
from {{ cookiecutter.package_name }}.users.service import create_user

PASSWORD = "correct-horse-battery"
UserFactory = Callable[..., Awaitable[User]]
{%- endif %}


{%- if cookiecutter.database == "postgresql" %}

TEST_DATABASE = os.environ["TEST_DATABASE"]
{%- endif %}


@pytest.fixture(scope="session", autouse=True)
async def database() -> AsyncIterator[None]:
{%- if cookiecutter.database == "postgresql" %}
    server_url = make_url(os.environ["DATABASE_URL"]).set(database="postgres")
    server = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    async with server.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{TEST_DATABASE}"'))
{%- endif %}
    async with engine.begin() as connection:
        await connection.run_sync(Base.metadata.create_all)
    yield
    await engine.dispose()
{%- if cookiecutter.database == "postgresql" %}
    async with server.connect() as connection:
        await connection.execute(text(f'DROP DATABASE "{TEST_DATABASE}" WITH (FORCE)'))
    await server.dispose()
{%- endif %}


@pytest.fixture(autouse=True)
async def _empty_tables() -> AsyncIterator[None]:
    yield
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())


@pytest.fixture
async def session() -> AsyncIterator[AsyncSession]:
    async with SessionFactory() as session:
        yield session


@pytest.fixture
async def client() -> AsyncIterator[AsyncClient]:
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client
{%- if cookiecutter.auth == "jwt" %}


@pytest.fixture
def make_user(session: AsyncSession) -> UserFactory:
    """Create and commit a user; the password is PASSWORD unless given."""

    async def make(
        email: str = "user@example.com", password: str = PASSWORD, **fields: object
    ) -> User:
        user = await create_user(session, UserCreate(email=email, password=password, **fields))
        await session.commit()
        return user

    return make


@pytest.fixture
async def user(make_user: UserFactory) -> User:
    return await make_user()


@pytest.fixture
async def superuser(make_user: UserFactory) -> User:
    return await make_user("admin@example.com", is_superuser=True)


def auth_headers(user: User) -> dict[str, str]:
    return {"Authorization": f"Bearer {create_token(user.id, 'access')}"}


@pytest.fixture
async def user_client(client: AsyncClient, user: User) -> AsyncClient:
    client.headers.update(auth_headers(user))
    return client


@pytest.fixture
async def superuser_client(client: AsyncClient, superuser: User) -> AsyncClient:
    client.headers.update(auth_headers(superuser))
    return client
{%- elif cookiecutter.auth == "api_key" %}


TEST_API_KEY = "test-api-key"  # its digest is in API_KEY_HASHES above


@pytest.fixture
async def authorized_client(client: AsyncClient) -> AsyncClient:
    client.headers["X-API-Key"] = TEST_API_KEY
    return client
{%- endif %}
