"""Through Redis, a room spans processes: a message posted on one replica reaches sockets on
another, and when Redis restarts the subscription comes back by itself, the gap logged.
"""

import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

import httpx
import pytest
import structlog
from httpx import AsyncClient
from redis.asyncio import Redis
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.realtime import hub, redis_broadcast
from {{ cookiecutter.package_name }}.realtime.broadcast import BroadcastUnavailable
from {{ cookiecutter.package_name }}.realtime.redis_broadcast import RedisBroadcast
from {{ cookiecutter.package_name }}.redis.client import breaker, redis
from {{ cookiecutter.package_name }}.settings import settings

from .utils.redis_server import free_port, own_redis, redis_server
from .utils.sockets import joined, next_frame

# Nothing listens on port 1: every call fails at once, as with Redis stopped.
UNREACHABLE = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
# Seconds a replica may take to serve: on a busy 2-core machine, starting one (Python, the
# service's imports, its start-up) took over 10 s, and the lowest-versions all-on bake more.
REPLICA_START_TIMEOUT = 60
# What a post that waited for Redis once may take beyond REDIS_TIMEOUT on a busy machine.
MARGIN = 1.5


async def answers(client: AsyncClient, path: str) -> bool:
    with suppress(httpx.TransportError):
        return (await client.get(path)).status_code == 200
    return False


@asynccontextmanager
async def replica() -> AsyncIterator[str]:
    """The service in a uvicorn process of its own, as deployed; yields its address once it
    serves (within REPLICA_START_TIMEOUT).
    """
    port = free_port()
    app = "{{ cookiecutter.package_name }}.main:app"
    process = await asyncio.create_subprocess_exec(
        *[sys.executable, "-m", "uvicorn", app, "--no-proxy-headers"],
        *["--host", "127.0.0.1", "--port", str(port)],
        env={**os.environ, "LOG_LEVEL": "WARNING"},
    )
    address = f"127.0.0.1:{port}"
    try:
        async with (
            asyncio.timeout(REPLICA_START_TIMEOUT),
            httpx.AsyncClient(base_url=f"http://{address}") as client,
        ):
            while not await answers(client, "/health/live"):
                assert process.returncode is None, f"the replica exited with {process.returncode}"
                await asyncio.sleep(0.05)
        yield address
    finally:
        process.terminate()
        await process.wait()


async def test_a_message_sent_on_one_replica_reaches_a_socket_on_another(
    credential: list[str] | None, api_client: AsyncClient
) -> None:
    async with (
        replica() as first,
        replica() as second,
        joined(first, "team", credential) as speaker,
        joined(second, "team", credential) as listener,
    ):
        await speaker.send(json.dumps({"type": "say", "text": "From the first"}))
        said = await next_frame(listener, "message")
        headers = dict(api_client.headers)
        async with httpx.AsyncClient(base_url=f"http://{first}", headers=headers) as http:
            posted = await http.post("/api/v1/rooms/team/messages", json={"text": "Over HTTP"})
        notified = await next_frame(listener, "message")

    assert said["text"] == "From the first"
    assert posted.status_code == 202
    assert notified == posted.json()


async def test_with_redis_unreachable_posting_answers_503_and_a_socket_gets_an_error_frame(
    address: str,
    credential: list[str] | None,
    api_client: AsyncClient,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert isinstance(hub.broadcast, RedisBroadcast)
    monkeypatch.setattr(hub.broadcast, "publisher", UNREACHABLE)

    async with joined(address, "team", credential) as ws:
        await ws.send(json.dumps({"type": "say", "text": "Lost"}))
        error = await next_frame(ws, "error")
    response = await api_client.post("/api/v1/rooms/team/messages", json={"text": "Lost"})

    assert error["error_code"] == "service_unavailable"
    assert response.status_code == 503
    assert response.json()["error_code"] == "service_unavailable"


async def test_a_frozen_redis_costs_one_post_a_wait_and_the_next_none(
    api_client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(breaker, "cooldown", 60)  # open for the rest of the test

    async def post() -> tuple[int, float]:
        started = time.monotonic()
        response = await api_client.post("/api/v1/rooms/team/messages", json={"text": "Hi"})
        return response.status_code, time.monotonic() - started

    async with own_redis(redis.connection_pool) as server:
        before, _ = await post()
        server.freeze()
        first, waited = await post()
        second, waited_again = await post()

    assert (before, first, second) == (202, 503, 503)
    assert waited < settings.REDIS_TIMEOUT + MARGIN
    assert waited_again < settings.REDIS_TIMEOUT  # the circuit was open: no wait


async def test_the_subscription_survives_a_redis_restart_and_logs_the_gap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    capturing = CapturingLogger()
    monkeypatch.setattr(redis_broadcast, "logger", structlog.wrap_logger(capturing, processors=[]))
    monkeypatch.setattr(redis_broadcast, "RECONNECT_DELAY", 0.05)
    monkeypatch.setattr(breaker, "cooldown", 0.05)
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    received: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    broadcast = RedisBroadcast(
        publisher=Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5),
        subscriber=Redis.from_url(url, socket_connect_timeout=0.5),
        prefix="restart-test:ws:",
        deliver=lambda room, frame: received.put_nowait((room, frame)),
    )

    with redis_server(port):
        await broadcast.start()
        await broadcast.publish("lobby", "before")
        before = await asyncio.wait_for(received.get(), 5)
    for _ in range(500):
        if not broadcast.subscribed.is_set():
            break
        await asyncio.sleep(0.01)
    with pytest.raises(BroadcastUnavailable):
        await broadcast.publish("lobby", "during")
    with redis_server(port):
        await asyncio.wait_for(broadcast.subscribed.wait(), 10)
        await asyncio.sleep(breaker.cooldown)  # posting is tried again after the cool-down
        await broadcast.publish("lobby", "after")
        after = await asyncio.wait_for(received.get(), 5)
        await broadcast.stop()
        await broadcast.publisher.aclose()

    assert [before, after] == [("lobby", "before"), ("lobby", "after")]
    assert not broadcast.subscribed.is_set()  # a later start() waits for its own
    events = [call.kwargs["event"] for call in capturing.calls]
    assert events == [
        "broadcast_disconnected",
        "broadcast_publish_failed",
        "broadcast_reconnected",
    ]
    assert capturing.calls[-1].kwargs["gap_seconds"] > 0
