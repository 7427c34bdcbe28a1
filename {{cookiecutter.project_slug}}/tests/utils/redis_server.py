"""A Redis server of a test's own, which it can freeze (SIGSTOP: connections stay open and
nothing answers) or stop, and the service's Redis connections pointed at it.
"""

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from redis.asyncio import ConnectionPool

from . import free_port, unavailable

# Seconds a fresh redis-server may take to accept connections.
START_TIMEOUT = 5
NO_PERSISTENCE = ("--save", "", "--appendonly", "no")


@dataclass
class RedisServer:
    process: subprocess.Popen[bytes]
    port: int

    def freeze(self) -> None:
        """Stop the process without closing its sockets: connections open, nothing answers."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        """Stop it for good: connections are refused at once."""
        self.resume()
        self.process.terminate()
        self.process.wait(10)


@contextmanager
def redis_server(port: int | None = None) -> Iterator[RedisServer]:
    """A redis-server of the test's own (never the shared one, which other runs use), on
    `port` or a free one; terminated, even if frozen, when the block ends.
    """
    executable = shutil.which("redis-server")
    if executable is None:
        unavailable("redis-server is not installed: apt-get install -y redis-server")
    port = free_port() if port is None else port
    with tempfile.TemporaryDirectory() as directory:
        process = subprocess.Popen(  # noqa: S603 (the installed redis-server)
            [executable, "--port", str(port), "--bind", "127.0.0.1", *NO_PERSISTENCE],
            cwd=directory,
            stdout=subprocess.DEVNULL,
        )
        server = RedisServer(process, port)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            while time.monotonic() < deadline:
                with socket.socket() as sock:
                    if sock.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.02)
            yield server
        finally:
            server.stop()


async def _repoint(pool: ConnectionPool, port: int) -> None:
    await pool.disconnect()
    # A connection keeps the address it was made for: reset() forgets them (untyped in redis-py).
    reset: Callable[[], None] = pool.reset
    reset()
    pool.connection_kwargs["port"] = port


@asynccontextmanager
async def own_redis(pool: ConnectionPool) -> AsyncIterator[RedisServer]:
    """A redis-server of the test's own, which `pool` (the service's) connects to for the
    block; then the pool goes back to the shared Redis.
    """
    shared = pool.connection_kwargs["port"]
    with redis_server() as server:
        await _repoint(pool, server.port)
        try:
            yield server
        finally:
            server.resume()
            await _repoint(pool, shared)


@dataclass
class Calls:
    count: int = 0


@contextmanager
def calls_through(pool: ConnectionPool) -> Iterator[Calls]:
    """Count the connections `pool` hands out in the block: each is a call to Redis, tried
    or made. Zero means the circuit kept every call away, however slow the machine is.
    """
    calls = Calls()
    take: Callable[..., Awaitable[Any]] = pool.get_connection  # untyped in redis-py

    async def counted(*args: Any, **kwargs: Any) -> Any:
        calls.count += 1
        return await take(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pool, "get_connection", counted)
        yield calls
