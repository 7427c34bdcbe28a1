"""With Redis down, reads come from the database and the outage is logged once; a frozen
Redis costs one request REDIS_TIMEOUT at most and the next ones nothing while the circuit is
open; when Redis returns the cache resumes, emptied of copies that may have gone stale.
"""

import time

import pytest
import structlog
from httpx import AsyncClient, Response
from redis.asyncio import Redis
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.cache import redis_backend, store
from {{ cookiecutter.package_name }}.items.cache import item_key
from {{ cookiecutter.package_name }}.redis.client import breaker, redis
from {{ cookiecutter.package_name }}.settings import settings

from .utils.redis_server import calls_through, own_redis

# Nothing listens on port 1: every call fails at once, as with Redis stopped.
UNREACHABLE = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
# Seconds the circuit stays open in these tests: long enough that no trial call happens by
# chance on a busy machine. A test ends the cool-down by setting it to 0 (the next call is
# the trial). MARGIN: what a request that waited for Redis once may take beyond REDIS_TIMEOUT.
COOLDOWN = 60
MARGIN = 1.5


@pytest.fixture
async def logged(monkeypatch: pytest.MonkeyPatch) -> CapturingLogger:
    """What the cache logs, event by event, from a cache that is up."""
    await store.get(store.key("probe"))  # ends an outage an earlier test left behind
    capturing = CapturingLogger()
    monkeypatch.setattr(redis_backend, "logger", structlog.wrap_logger(capturing, processors=[]))
    monkeypatch.setattr(breaker, "cooldown", COOLDOWN)
    return capturing


def events(logged: CapturingLogger) -> list[str]:
    return [call.args[0] if call.args else call.kwargs["event"] for call in logged.calls]


async def cached_item(api_client: AsyncClient) -> int:
    created = await api_client.post("/api/v1/items/", json={"title": "Lamp"})
    item_id: int = created.json()["id"]
    await api_client.get(f"/api/v1/items/{item_id}")
    return item_id


async def timed_get(api_client: AsyncClient, path: str) -> tuple[Response, float]:
    started = time.monotonic()
    response = await api_client.get(path)
    return response, time.monotonic() - started


async def test_reads_and_writes_succeed_and_the_outage_is_logged_once(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch, logged: CapturingLogger
) -> None:
    path = f"/api/v1/items/{await cached_item(api_client)}"
    monkeypatch.setattr(redis_backend, "redis", UNREACHABLE)

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
    monkeypatch.setattr(redis_backend, "redis", UNREACHABLE)
    await api_client.get(f"/api/v1/items/{other}")

    monkeypatch.setattr(redis_backend, "redis", redis)
    monkeypatch.setattr(breaker, "cooldown", 0)  # over: the next call is the trial
    back = await api_client.get(f"/api/v1/items/{other}")

    assert back.status_code == 200
    assert events(logged) == ["cache_unavailable", "cache_recovered"]
    # Copies from before the outage are gone; the answer that found Redis back is cached.
    assert await store.get(item_key(before)) is None
    assert await store.get(item_key(other)) is not None


async def test_a_frozen_redis_costs_one_wait_then_none_until_a_trial_finds_it_back(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch, logged: CapturingLogger
) -> None:
    async with own_redis(redis.connection_pool) as server:
        path = f"/api/v1/items/{await cached_item(api_client)}"
        server.freeze()
        first, waited = await timed_get(api_client, path)
        with calls_through(redis.connection_pool) as calls:
            during = [await api_client.get(path) for _ in range(5)]
        server.resume()
        monkeypatch.setattr(breaker, "cooldown", 0)  # over: the next call is the trial
        back = await api_client.get(path)
        again = await api_client.get(path)

    assert first.status_code == 200
    assert waited < settings.REDIS_TIMEOUT + MARGIN
    assert {response.status_code for response in during} == {200}
    assert calls.count == 0  # not one of them waited for Redis: the circuit was open
    assert (back.status_code, again.status_code) == (200, 200)
    assert breaker.opened_at is None
    assert events(logged) == ["cache_unavailable", "cache_recovered"]


async def test_a_stopped_redis_costs_no_wait(
    api_client: AsyncClient, logged: CapturingLogger
) -> None:
    async with own_redis(redis.connection_pool) as server:
        path = f"/api/v1/items/{await cached_item(api_client)}"
        server.stop()
        with calls_through(redis.connection_pool) as calls:
            answers = [await api_client.get(path) for _ in range(3)]

    assert {response.status_code for response in answers} == {200}
    assert calls.count == 1  # refused at once, then the circuit kept the rest away
    assert events(logged) == ["cache_unavailable"]
