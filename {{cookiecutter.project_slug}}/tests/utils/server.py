"""Serve an app under uvicorn over real sockets, on the tests' own event loop."""

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress
from typing import Any

import uvicorn
from starlette.types import ASGIApp


@asynccontextmanager
async def serving(app: ASGIApp, **options: Any) -> AsyncIterator[str]:
    """The app under uvicorn (with these `uvicorn.Config` options) on a free loopback port
    until the block ends; yields its address (`127.0.0.1:<port>`). Start-up and shutdown are
    the caller's to run. As the service's commands run it, uvicorn believes no proxy headers.
    """
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        lifespan="off",
        log_config=None,
        proxy_headers=False,
        **options,
    )
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


async def response_head(reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
    """The status and headers (names lowercased) of the next response on a raw connection."""
    status_line, *lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").splitlines()
    headers = dict(line.lower().split(": ", 1) for line in lines if line)
    return int(status_line.split()[1]), headers


async def raw_request(address: str, head: str) -> tuple[int, dict[str, str], bytes]:
    """Send a request head exactly as written (no client would send some of them); returns
    the status, headers and body of the answer.
    """
    host, port = address.split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(head.encode("latin-1"))
        status, headers = await response_head(reader)
        body = await reader.readexactly(int(headers.get("content-length", 0)))
    finally:
        writer.close()
    return status, headers, body


async def send_until_closed(writer: asyncio.StreamWriter, piece: bytes, most: int) -> int:
    """Write `piece` over and over until the server closes the connection or `most` bytes
    are out; returns how many were.
    """
    sent = 0
    with suppress(ConnectionError):
        while sent < most:
            writer.write(piece)
            await writer.drain()
            sent += len(piece)
    return sent
