"""Every error answers in one shape with a stable code; failed requests leave no writes."""

from collections.abc import AsyncIterator

import pytest
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient, Response
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession, create_async_engine

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import ERROR_CODES, Conflict
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.settings import settings

from .utils.database import add_row, assert_nothing_written

broken = APIRouter()


@broken.get("/crash")
async def crash() -> None:
    raise RuntimeError("secret internals")


@broken.post("/write-then-fail")
async def write_then_fail(session: SessionDep) -> None:
    add_row(session)
    await session.flush()
    raise Conflict("Changed my mind")


@broken.get("/write-on-read")
async def write_on_read(session: SessionDep) -> None:
    add_row(session)
    await session.flush()


@broken.get("/database-down")
async def database_down() -> None:
    raise OperationalError("SELECT 1", {}, ConnectionError("server closed the connection"))


@broken.get("/pool-exhausted")
async def pool_exhausted() -> None:
    engine = create_async_engine(
        settings.DATABASE_URL, pool_size=1, max_overflow=0, pool_timeout=0.1
    )
    try:
        async with engine.connect(), engine.connect():  # the second waits for the first
            pass
    finally:
        await engine.dispose()


@broken.get("/connection-refused")
async def connection_refused() -> None:
    raise ConnectionRefusedError(111, "Connect call failed")


@pytest.fixture
async def broken_client() -> AsyncIterator[AsyncClient]:
    app = create_app()
    app.include_router(broken)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://test") as client:
        yield client


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
    assert body["error_code"] == "content_too_large"
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


@pytest.mark.parametrize("path", ["/database-down", "/pool-exhausted", "/connection-refused"])
async def test_unreachable_server_returns_503(broken_client: AsyncClient, path: str) -> None:
    response = await broken_client.get(path)

    assert response.status_code == 503
    assert response.json()["error_code"] == "service_unavailable"


async def test_wrong_method_returns_405_listing_every_method_of_the_path(
    api_client: AsyncClient,
) -> None:
    response = await api_client.put("/api/v1/items/1", json={})

    assert response.status_code == 405
    assert response.json()["error_code"] == "method_not_allowed"
    assert set(response.headers["allow"].split(", ")) >= {"GET", "PATCH", "DELETE"}


async def test_body_that_is_not_json_returns_422(api_client: AsyncClient) -> None:
    response = await api_client.post(
        "/api/v1/items/", content=b"{not json", headers={"content-type": "application/json"}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


async def test_body_that_cannot_be_decoded_returns_documented_400(
    api_client: AsyncClient,
) -> None:
    response = await api_client.post(
        "/api/v1/items/", content=b'"\xff"', headers={"content-type": "application/json"}
    )
    schema = (await api_client.get("/api/v1/openapi.json")).json()

    assert response.status_code == 400
    assert response.json()["error_code"] == "bad_request"
    assert "400" in schema["paths"]["/api/v1/items/"]["post"]["responses"]


async def test_every_documented_error_uses_the_code_table(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()
    documented = {
        (path, method, int(code)): response["description"]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for code, response in operation["responses"].items()
        if int(code) >= 400
    }

    assert documented
    assert {key: ERROR_CODES[key[2]] for key in documented} == documented
