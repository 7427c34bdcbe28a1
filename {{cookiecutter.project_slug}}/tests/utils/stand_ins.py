"""Servers that accept connections and never answer: a mail server or a broker that hangs."""

import asyncio
import os
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

# Seconds the clients get, once the server stops, to hang up by themselves.
HANG_UP = 10


def hung_up(writer: asyncio.StreamWriter) -> bool:
    """Whether the client has closed its end, though the loop may not have read that yet."""
    fileno = writer.get_extra_info("socket").fileno()
    if fileno < 0:  # this end is closed already
        return True
    with socket.socket(fileno=os.dup(fileno)) as peer:
        try:
            return peer.recv(1, socket.MSG_PEEK | socket.MSG_DONTWAIT) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True


class HungServer:
    """Accepts every connection on a loopback port and never writes a byte."""

    def __init__(self) -> None:
        self.listener: asyncio.Server | None = None
        self.port = 0
        self.accepted = asyncio.Event()
        self.writers: set[asyncio.StreamWriter] = set()
        self.idle = asyncio.Event()  # set while no connection is open
        self.idle.set()
        self.stopping = False
        # The most connections open at once, counted as each arrives from those whose client
        # has not hung up: a client that gave up may connect again before the hang-up is read.
        self.peak = 0

    async def start(self) -> None:
        self.listener = await asyncio.start_server(self.hold, "127.0.0.1", 0)
        self.port = self.listener.sockets[0].getsockname()[1]

    async def hold(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.writers.add(writer)
        self.peak = max(self.peak, sum(not hung_up(open_one) for open_one in self.writers))
        self.idle.clear()
        self.accepted.set()
        if self.stopping:  # accepted just before the listener closed
            writer.write_eof()
        try:
            await reader.read()  # whatever the client says, until it hangs up
        finally:
            writer.close()
            with suppress(OSError):
                await writer.wait_closed()
            self.writers.discard(writer)
            if not self.writers:
                self.idle.set()

    async def stop(self) -> None:
        """Stop accepting, end each connection's stream and wait for its client to close
        it, so a thread blocked reading one returns before the test ends.
        """
        assert self.listener is not None
        self.stopping = True
        self.listener.close()
        for writer in self.writers:
            with suppress(OSError):
                writer.write_eof()
        await asyncio.wait_for(self.idle.wait(), HANG_UP)
        await self.listener.wait_closed()


@asynccontextmanager
async def hung_server() -> AsyncIterator[HungServer]:
    """A hung server on a free port until the block ends."""
    server = HungServer()
    await server.start()
    try:
        yield server
    finally:
        await server.stop()
