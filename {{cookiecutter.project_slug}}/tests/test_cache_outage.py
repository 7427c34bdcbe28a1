"""With Redis down, reads come from the database and the outage is logged once; when Redis
returns the cache resumes, emptied of copies that may have gone stale meanwhile.
"""

import pytest
import structlog
from httpx import AsyncClient
from redis.asyncio import Redis
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.cache import store
from {{ cookiecutter.package_name }}.items.cache import item_key
from {{ cookiecutter.package_name }}.redis.client import redis

# Nothing listens on port 1: every call fails at once, as with Redis stopped.
UNREACHABLE = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)


@pytest.fixture
async def logged(monkeypatch: pytest.MonkeyPatch) -> CapturingLogger:
    """What the cache logs, event by event, from a cache that is up."""
    await store.get(store.key("probe"))  # ends an outage an earlier test left behind
    capturing = CapturingLogger()
    monkeypatch.setattr(store, "logger", structlog.wrap_logger(capturing, processors=[]))
    return capturing


def events(logged: CapturingLogger) -> list[str]:
    return [call.args[0] if call.args else call.kwargs["event"] for call in logged.calls]


async def cached_item(api_client: AsyncClient) -> int:
    created = await api_client.post("/api/v1/items/", json={"title": "Lamp"})
    item_id: int = created.json()["id"]
    await api_client.get(f"/api/v1/items/{item_id}")
    return item_id


async def test_reads_and_writes_succeed_and_the_outage_is_logged_once(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch, logged: CapturingLogger
) -> None:
    path = f"/api/v1/items/{await cached_item(api_client)}"
    monkeypatch.setattr(store, "redis", UNREACHABLE)

    reads = [await api_client.get(path) for _ in range(3)]
    changed = await api_client.patch(path, json={"title": "Desk lamp"})
    read_after = await api_client.get(path)

    assert {read.status_code for read in reads} == {200}
    assert changed.status_code == 200
    assert read_after.json()["title"] == "Desk lamp"
    assert events(logged) == ["cache_unavailable"]


async def test_the_cache_resumes_empty_when_redis_returns(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch, logged: CapturingLogger
) -> None:
    before = await cached_item(api_client)
    other = await cached_item(api_client)
    monkeypatch.setattr(store, "redis", UNREACHABLE)
    await api_client.get(f"/api/v1/items/{other}")

    monkeypatch.setattr(store, "redis", redis)
    back = await api_client.get(f"/api/v1/items/{other}")

    assert back.status_code == 200
    assert events(logged) == ["cache_unavailable", "cache_recovered"]
    # Copies from before the outage are gone; the answer that found Redis back is cached.
    assert await store.get(item_key(before)) is None
    assert await store.get(item_key(other)) is not None
