"""Servers that accept connections and never answer: a mail server or a broker that hangs.

The connections are accepted by a thread of the server's own, on plain sockets: every one the
kernel hands over is held and closed by the server, whatever the event loop is doing (with
asyncio's own server, a connection accepted as a test ended could be left to the garbage
collector, unclosed).
"""

import asyncio
import select
import socket
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager, suppress

# Seconds the clients get, once the server stops, to hang up by themselves.
HANG_UP = 10


def hung_up(connection: socket.socket) -> bool:
    """Whether the client has closed its end; whatever it sent is read and dropped."""
    try:
        while connection.recv(65536, socket.MSG_DONTWAIT):
            pass
    except BlockingIOError:
        return False
    except OSError:
        pass
    return True


class HungServer:
    """Accepts every connection on a loopback port and never writes a byte."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self.listener.getsockname()[1]
        self.accepted = asyncio.Event()
        self.connections: list[socket.socket] = []
        # The most connections open at once, counted as each arrives from those whose client
        # has not hung up: a client that gave up may connect again before the hang-up is read.
        self.peak = 0
        self._lock = threading.Lock()
        self._loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._accept, name="hung-server", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:  # the listener was shut down
                return
            with self._lock:
                self.connections.append(connection)
                self.peak = max(self.peak, sum(not hung_up(held) for held in self.connections))
            self._loop.call_soon_threadsafe(self.accepted.set)

    async def stop(self) -> None:
        """Stop accepting, end each connection's stream and wait for its client to close it,
        so a thread blocked reading one returns before the test ends; then close them all.
        """
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread
        self.listener.close()
        await asyncio.to_thread(self._thread.join)
        for connection in self.connections:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_WR)
        try:
            await asyncio.to_thread(self._wait_for_hang_ups)
        finally:
            for connection in self.connections:
                connection.close()

    def _wait_for_hang_ups(self) -> None:
        """Block until every client has closed its end (its socket reads as ended)."""
        deadline = time.monotonic() + HANG_UP
        waiting = [connection for connection in self.connections if not hung_up(connection)]
        while waiting:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{len(waiting)} clients did not hang up in {HANG_UP} s")
            select.select(waiting, [], [], left)
            waiting = [connection for connection in waiting if not hung_up(connection)]


@asynccontextmanager
async def hung_server() -> AsyncIterator[HungServer]:
    """A hung server on a free port until the block ends."""
    server = HungServer()
    server.start()
    try:
        yield server
    finally:
        await server.stop()
