"""Talk to the rooms of an app served over real sockets."""

import asyncio
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

# Seconds to wait for a frame that should arrive.
WAIT = 5.0


@asynccontextmanager
async def joined(
    address: str, room: str, credential: list[str] | None, **options: Any
) -> AsyncIterator[ClientConnection]:
    """A socket in the room, once the server has said it is in."""
    protocols = [Subprotocol(value) for value in credential] if credential else None
    async with connect(f"ws://{address}/ws/rooms/{room}", subprotocols=protocols, **options) as ws:
        assert (await next_frame(ws, "joined"))["room"] == room
        yield ws


async def next_frame(ws: ClientConnection, kind: str) -> dict[str, Any]:
    """The next frame of this type, skipping the server's pings."""
    async with asyncio.timeout(WAIT):
        while True:
            frame: dict[str, Any] = json.loads(await ws.recv())
            if frame["type"] == kind:
                return frame
            assert frame["type"] == "ping", frame


async def close_code(ws: ClientConnection) -> int | None:
    """The code the server closed the socket with, once it has; frames it sent before are
    read and dropped.
    """
    async with asyncio.timeout(WAIT):
        with suppress(ConnectionClosed):
            while True:
                await ws.recv()
    return ws.close_code
