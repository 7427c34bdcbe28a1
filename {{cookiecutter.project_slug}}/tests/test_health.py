"""Liveness and readiness probes, and the headers every response carries."""

import pytest
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.package_name }}.health import checks


async def test_live_returns_ok(client: AsyncClient) -> None:
    response = await client.get("/health/live")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_responses_carry_request_id_and_security_headers(client: AsyncClient) -> None:
    response = await client.get("/health/live")

    assert len(response.headers["x-request-id"]) == 32
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


async def test_ready_returns_ok_when_database_answers(client: AsyncClient) -> None:
    response = await client.get("/health/ready")

    assert response.status_code == 200


async def test_ready_returns_503_when_database_is_unreachable(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
{%- if "postgresql" in features %}
    unreachable = create_async_engine("postgresql+asyncpg://postgres@127.0.0.1:1/none")
{%- else %}
    unreachable = create_async_engine("sqlite+aiosqlite:////nonexistent/dir/none.db")
{%- endif %}
    monkeypatch.setattr(checks, "engine", unreachable)

    response = await client.get("/health/ready", headers={"X-Request-ID": "probe-1"})

    assert response.status_code == 503
    assert response.json() == {
        "detail": "Database is unreachable",
        "error_code": "service_unavailable",
        "request_id": "probe-1",
    }
    await unreachable.dispose()
