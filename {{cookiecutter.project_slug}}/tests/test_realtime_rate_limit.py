"""Room frames count against the caller's rate limit as requests do: a `say` over it is not
posted but answered with a `too_many_requests` error frame, and the socket stays open.
"""

import asyncio
import json
from typing import Any

import pytest
from httpx import AsyncClient
from limits import parse_many
from websockets.asyncio.client import ClientConnection

from {{ cookiecutter.package_name }}.rate_limit import dependencies, limiter
from {{ cookiecutter.package_name }}.realtime import limits

from .utils.sockets import WAIT, joined, next_frame


@pytest.fixture(autouse=True)
async def two_per_minute(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two messages a minute, by socket or over HTTP, counted afresh."""
    await limiter.storage.reset()
    for module in (dependencies, limits):
        monkeypatch.setattr(module, "DEFAULT_LIMITS", parse_many("2/minute"))


async def say(ws: ClientConnection, text: str) -> None:
    await ws.send(json.dumps({"type": "say", "text": text}))


async def frames(ws: ClientConnection, count: int) -> list[dict[str, Any]]:
    """The next `count` frames but the server's pings, in the order they came."""
    seen: list[dict[str, Any]] = []
    async with asyncio.timeout(WAIT):
        while len(seen) < count:
            frame = json.loads(await ws.recv())
            if frame["type"] != "ping":
                seen.append(frame)
    return seen


async def test_a_say_over_the_limit_gets_an_error_frame_and_reaches_no_one(
    address: str, credential: list[str] | None
) -> None:
    async with joined(address, "busy", credential) as ws:
        for text in ("one", "two", "three"):
            await say(ws, text)
        seen = await frames(ws, 3)
        await ws.send(json.dumps({"type": "ping"}))
        await next_frame(ws, "pong")  # still open, and no third message came first

    messages = [frame["text"] for frame in seen if frame["type"] == "message"]
    [error] = [frame for frame in seen if frame["type"] == "error"]
    assert messages == ["one", "two"]
    assert error["error_code"] == "too_many_requests"


async def test_posts_over_http_and_frames_share_the_callers_limit(
    address: str, credential: list[str] | None, api_client: AsyncClient
) -> None:
    async with joined(address, "shared", credential) as ws:
        posted = await api_client.post("/api/v1/rooms/shared/messages", json={"text": "http"})
        await say(ws, "socket")
        await say(ws, "over")
        seen = await frames(ws, 3)
        refused = await api_client.post("/api/v1/rooms/shared/messages", json={"text": "late"})

    assert posted.status_code == 202
    assert sorted(frame["type"] for frame in seen) == ["error", "message", "message"]
    assert refused.status_code == 429
