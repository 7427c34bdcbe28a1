"""Through Redis, a room spans processes: a message posted on one replica reaches sockets on
another, and when Redis restarts the subscription comes back by itself, the gap logged and no
acknowledged message lost.
"""

import asyncio
import json
import os
import sys
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

import httpx
import pytest
import structlog
from httpx import AsyncClient
from redis.asyncio import Redis
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.realtime import hub, redis_broadcast
from {{ cookiecutter.package_name }}.realtime.broadcast import BroadcastUnavailable, Deliver
from {{ cookiecutter.package_name }}.realtime.redis_broadcast import RedisBroadcast
from {{ cookiecutter.package_name }}.redis.client import breaker, redis
from {{ cookiecutter.package_name }}.settings import settings

from .utils import free_port
from .utils.redis_server import calls_through, own_redis, redis_server
from .utils.sockets import joined, next_frame

# Nothing listens on port 1: every call fails at once, as with Redis stopped.
UNREACHABLE = Redis.from_url("redis://127.0.0.1:1/0", socket_connect_timeout=0.2)
# Seconds a replica may take to serve: on a busy 2-core machine, starting one (Python, the
# service's imports, its start-up) took over 10 s, and the lowest-versions all-on bake more.
REPLICA_START_TIMEOUT = 60
# What a post that waited for Redis once may take beyond REDIS_TIMEOUT on a busy machine.
MARGIN = 1.5
# Messages published as soon as a restarted Redis takes them, and the pause between two: the
# burst outlasts the subscriber's RECONNECT_DELAY, so it spans the moment it reads again.
BURST = 100
BURST_PAUSE = 0.005


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


def broadcast_on(port: int, prefix: str, deliver: Deliver) -> RedisBroadcast:
    """A broadcast through the Redis on `port`, with short timeouts, as a test's own."""
    url = f"redis://127.0.0.1:{port}/0"
    return RedisBroadcast(
        publisher=Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5),
        subscriber=Redis.from_url(url, socket_connect_timeout=0.5),
        prefix=prefix,
        deliver=deliver,
    )


async def close(*broadcasts: RedisBroadcast) -> None:
    for broadcast in broadcasts:
        await broadcast.stop()
        await broadcast.publisher.aclose()


async def until(condition: Callable[[], bool], seconds: float = 5) -> bool:
    """Wait up to `seconds` for `condition`; whether it holds."""
    for _ in range(int(seconds / 0.01)):
        if condition():
            return True
        await asyncio.sleep(0.01)
    return condition()


async def publish_when_possible(broadcast: RedisBroadcast, room: str, frame: str) -> str:
    """Publish until Redis takes it, for 10 s at most (each attempt's frame tagged with its
    number, so one that failed is told apart); the frame acknowledged.
    """
    for attempt in range(1000):
        tagged = f"{frame}.{attempt}"
        try:
            await broadcast.publish(room, tagged)
        except BroadcastUnavailable:
            await asyncio.sleep(0.01)
        else:
            return tagged
    raise AssertionError(f"Redis did not take {frame!r} within 10 s")


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
        with calls_through(redis.connection_pool) as calls:
            second, _ = await post()

    assert (before, first, second) == (202, 503, 503)
    assert waited < settings.REDIS_TIMEOUT + MARGIN
    assert calls.count == 0  # the circuit was open: nothing waited for Redis


async def test_the_subscription_survives_a_redis_restart_and_logs_the_gap(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    capturing = CapturingLogger()
    monkeypatch.setattr(redis_broadcast, "logger", structlog.wrap_logger(capturing, processors=[]))
    monkeypatch.setattr(redis_broadcast, "RECONNECT_DELAY", 0.05)
    monkeypatch.setattr(breaker, "cooldown", 0.05)
    port = free_port()
    received: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    broadcast = broadcast_on(port, "restart-test:ws:", lambda *sent: received.put_nowait(sent))

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
        await close(broadcast)

    assert [before, after] == [("lobby", "before"), ("lobby", "after")]
    assert not broadcast.subscribed.is_set()  # a later start() waits for its own
    events = [call.kwargs["event"] for call in capturing.calls]
    assert events == [
        "broadcast_disconnected",
        "broadcast_publish_failed",
        "broadcast_reconnected",
    ]
    assert capturing.calls[-1].kwargs["gap_seconds"] > 0


async def test_no_acknowledged_message_is_lost_when_redis_comes_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(breaker, "cooldown", 0.05)
    monkeypatch.setattr(redis_broadcast, "RECONNECT_DELAY", 0.3)
    port = free_port()
    received: list[str] = []
    sender = broadcast_on(port, "burst-test:ws:", lambda room, frame: None)
    listener = broadcast_on(port, "burst-test:ws:", lambda room, frame: received.append(frame))

    with redis_server(port):
        await sender.start()
        await listener.start()
        acknowledged = [await publish_when_possible(sender, "lobby", "before")]
        assert await until(lambda: received == acknowledged)
    assert await until(lambda: not listener.subscribed.is_set())
    with redis_server(port):  # the same port, and empty: it kept nothing
        acknowledged.append(await publish_when_possible(sender, "lobby", "0"))
        first_before_listener_read = not listener.subscribed.is_set()
        for number in range(1, BURST):
            acknowledged.append(await publish_when_possible(sender, "lobby", str(number)))
            await asyncio.sleep(BURST_PAUSE)
        await until(lambda: set(acknowledged) <= set(received))
        await close(sender, listener)

    assert first_before_listener_read  # so the burst spans the listener's return
    assert [frame for frame in acknowledged if frame not in received] == []  # none lost
    assert [frame for frame in received if frame in acknowledged] == acknowledged  # in order
    assert len(received) == len(set(received))  # none twice


async def test_stop_returns_at_once_while_a_read_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(redis_broadcast, "READ_TIMEOUT", 30)
    with redis_server() as server:
        broadcast = broadcast_on(server.port, "stop-test:ws:", lambda room, frame: None)
        await broadcast.start()
        await asyncio.sleep(0.2)  # into XREAD, which waits READ_TIMEOUT for an entry
        started = time.monotonic()
        await close(broadcast)

    assert time.monotonic() - started < 1


async def test_stop_returns_even_when_a_cancel_is_lost(monkeypatch: pytest.MonkeyPatch) -> None:
    """On Python 3.11 a cancel landing as redis-py's asyncio.wait_for completes is dropped
    (python/cpython#86296): here the read drops the first one, as that did.
    """
    with redis_server() as server:
        broadcast = broadcast_on(server.port, "stop-test:ws:", lambda room, frame: None)
        xread = broadcast.subscriber.xread
        dropped: list[asyncio.CancelledError] = []

        async def dropping_the_first_cancel(*args: Any, **kwargs: Any) -> Any:
            try:
                return await xread(*args, **kwargs)
            except asyncio.CancelledError as cancel:
                if dropped:
                    raise
                dropped.append(cancel)
                return []

        monkeypatch.setattr(broadcast.subscriber, "xread", dropping_the_first_cancel)
        await broadcast.start()
        await asyncio.sleep(0.2)
        started = time.monotonic()
        await asyncio.wait_for(close(broadcast), 10)

    assert dropped
    assert time.monotonic() - started < 1
