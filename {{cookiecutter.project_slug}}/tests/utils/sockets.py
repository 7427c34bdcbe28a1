"""Serve the app over real sockets on the tests' own event loop, and talk to its rooms."""

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import uvicorn
from fastapi import FastAPI
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

# Seconds to wait for a frame that should arrive.
WAIT = 5.0


@asynccontextmanager
async def serving(app: FastAPI) -> AsyncIterator[str]:
    """The app under uvicorn on a free loopback port until the block ends; yields its
    address (`127.0.0.1:<port>`). Start-up and shutdown are the caller's to run.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="off", log_config=None)
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    for _ in range(500):
        if server.started:
            break
        await asyncio.sleep(0.01)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        await task


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
