from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.config import settings
from {{ cookiecutter.package_name }}.core.errors import Conflict
{%- if cookiecutter.auth == "jwt" %}
from {{ cookiecutter.package_name }}.core.security import hash_password
{%- endif %}
from {{ cookiecutter.package_name }}.db.models import Base
{%- if cookiecutter.auth != "jwt" %}
from {{ cookiecutter.package_name }}.items.models import Item
{%- endif %}
from {{ cookiecutter.package_name }}.main import create_app
{%- if cookiecutter.auth == "jwt" %}
from {{ cookiecutter.package_name }}.users.models import User
{%- endif %}

broken = APIRouter()


@broken.get("/crash")
async def crash() -> None:
    raise RuntimeError("secret internals")


def add_ghost(session: AsyncSession) -> None:
{%- if cookiecutter.auth == "jwt" %}
    session.add(User(email="ghost@example.com", hashed_password=hash_password("whatever1")))
{%- else %}
    session.add(Item(title="ghost"))
{%- endif %}


@broken.post("/write-then-fail")
async def write_then_fail(session: SessionDep) -> None:
    add_ghost(session)
    await session.flush()
    raise Conflict("Changed my mind")


@broken.get("/write-on-read")
async def write_on_read(session: SessionDep) -> None:
    add_ghost(session)
    await session.flush()


@pytest.fixture
async def broken_client() -> AsyncIterator[AsyncClient]:
    app = create_app()
    app.include_router(broken)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client


async def assert_nothing_written(session: AsyncSession) -> None:
    for table in Base.metadata.sorted_tables:
        assert await session.scalar(select(func.count()).select_from(table)) == 0


async def test_unknown_route_returns_404_in_error_shape(client: AsyncClient) -> None:
    response = await client.get("/nowhere", headers={"X-Request-ID": "abc-123"})

    assert response.status_code == 404
    assert response.json() == {
        "detail": "Not Found",
        "error_code": "not_found",
        "request_id": "abc-123",
    }
    assert response.headers["x-request-id"] == "abc-123"


async def test_malformed_request_id_is_replaced(client: AsyncClient) -> None:
    response = await client.get("/health/live", headers={"X-Request-ID": "bad id\nforged"})

    assert response.headers["x-request-id"] != "bad id\nforged"
    assert len(response.headers["x-request-id"]) == 32


async def test_unhandled_exception_returns_500_without_internals(
    broken_client: AsyncClient,
) -> None:
    response = await broken_client.get("/crash")

    assert response.status_code == 500
    body = response.json()
    assert body["error_code"] == "internal_error"
    assert body["request_id"] == response.headers["x-request-id"]
    assert "secret internals" not in response.text


async def test_failed_request_rolls_back_its_writes(
    broken_client: AsyncClient, session: AsyncSession
) -> None:
    response = await broken_client.post("/write-then-fail")

    assert response.status_code == 409
    await assert_nothing_written(session)


async def test_read_request_cannot_write(broken_client: AsyncClient, session: AsyncSession) -> None:
    response = await broken_client.get("/write-on-read")

    assert response.status_code == 500
    assert response.json()["error_code"] == "internal_error"
    await assert_nothing_written(session)


async def assert_refused_as_too_large(response: Response, session: AsyncSession) -> None:
    assert response.status_code == 413
    body = response.json()
    assert "too_large" in body["error_code"]
    assert body["request_id"] == response.headers["x-request-id"]
    await assert_nothing_written(session)


async def test_body_declared_over_the_limit_is_refused(
    client: AsyncClient, session: AsyncSession
) -> None:
    response = await client.post(
        "/api/v1/items/",
        content=b"x" * (settings.MAX_REQUEST_BODY_BYTES + 1),
        headers={"content-type": "application/json"},
    )

    await assert_refused_as_too_large(response, session)


async def test_chunked_body_over_the_limit_is_refused(
    client: AsyncClient, session: AsyncSession
) -> None:
    chunk = b"x" * 65536

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(settings.MAX_REQUEST_BODY_BYTES // len(chunk) + 1):
            yield chunk

    response = await client.post(
        "/api/v1/items/", content=chunks(), headers={"content-type": "application/json"}
    )

    await assert_refused_as_too_large(response, session)
