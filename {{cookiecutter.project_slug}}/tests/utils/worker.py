"""Wait for background work, and reach the broker the way a worker does."""

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from celery import Celery
from celery.result import AsyncResult
from httpx import AsyncClient

from {{ cookiecutter.package_name }}.worker import broker
from {{ cookiecutter.package_name }}.worker.app import celery_app
from {{ cookiecutter.package_name }}.worker.config import celery_settings

from . import unavailable
{% if "celery_redis" in features -%}
from .redis_server import redis_server
{% endif -%}
from .stand_ins import HungServer, hung_server

# Seconds to wait for a job, checking every POLL seconds.
WAIT = 15
POLL = 0.05
{%- if "celery_redis" in features %}
START_BROKER = "redis-server --daemonize yes (or: docker compose up -d redis)"
DEFAULT_PORT = 6379
HUNG_BROKER_URL = "redis://127.0.0.1:{port}/0"
{%- else %}
START_BROKER = "rabbitmq-server -detached (or: docker compose up -d rabbitmq)"
DEFAULT_PORT = 5672
HUNG_BROKER_URL = "amqp://guest:guest@127.0.0.1:{port}//"
{%- endif %}
# CELERY_ENQUEUE_TIMEOUT against a hung broker: the service's default, so that on a loaded
# machine the requests reach the broker well before they give up on it.
HUNG_ENQUEUE_TIMEOUT = 3.0


def require_broker(url: str) -> None:
    """Skip the test when the broker is down (fail it under CI, where it must be up)."""
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or DEFAULT_PORT)
    try:
        socket.create_connection(address, timeout=2).close()
    except OSError:
        host, port = address
        unavailable(f"the broker at {host}:{port} is down; start it with {START_BROKER}")


def ready(result: AsyncResult[Any], timeout: float = WAIT) -> AsyncResult[Any]:
    """The task's result once it is ready, polled for rather than waited on with `get()`.
{%- if "celery_rabbitmq" in features %}

    `get()` consumes the rpc:// backend's one reply queue, which is auto-delete: once that
    AsyncResult is dropped it stops consuming, RabbitMQ deletes the queue, and a reply sent
    before the next `get()` declares it again is lost (celery/celery#2902). Polling reads
    the queue without becoming its consumer, so it stays.
    """
{%- else %}"""
{%- endif %}
    deadline = time.monotonic() + timeout
    while not result.ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"task {result.id} gave no result within {timeout} s")
        time.sleep(POLL)
    return result


async def eventually(check: Callable[[], Awaitable[bool]]) -> None:
    """Wait until `check` holds, failing after WAIT seconds."""
    for _ in range(int(WAIT / POLL)):
        if await check():
            return
        await asyncio.sleep(POLL)
    raise AssertionError(f"{check.__name__} did not hold within {WAIT} s")


async def wait_until_finished(client: AsyncClient, location: str) -> Any:
    """The job at `location` once the worker has finished it."""
    job: Any = None

    async def finished() -> bool:
        nonlocal job
        job = (await client.get(location)).json()
        return job["finished_at"] is not None

    await eventually(finished)
    return job


class Relay:
    """A TCP relay to the broker that can be cut and restored: a broker outage as the worker
    sees it, without stopping the broker other test runs share.
    """

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        # The accepting thread registers each relayed pair under the lock, so a connection
        # accepted while `cut` or `close` runs is either closed by them or never relayed.
        self.lock = threading.Lock()
        self.open = True
        self.sockets: list[socket.socket] = []
        self.accepting = threading.Thread(target=self._accept, daemon=True)
        self.accepting.start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(self.target)
            with self.lock:
                relayed = self.open
                if relayed:
                    self.sockets += [client, upstream]
            if not relayed:
                client.close()
                upstream.close()
                continue
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, sink: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                sink.sendall(data)
        with suppress(OSError):
            sink.shutdown(socket.SHUT_WR)

    def cut(self) -> None:
        """Drop every connection and refuse new ones until `restore`."""
        with self.lock:
            self.open = False
            cut, self.sockets = self.sockets, []
        for connection in cut:
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()

    def restore(self) -> None:
        with self.lock:
            self.open = True

    def close(self) -> None:
        """Drop every connection and stop accepting: once this returns, the relay holds no
        socket open (one left to the garbage collector fails the run as unclosed).
        """
        self.cut()
        # Closing alone leaves the thread blocked in accept() on Linux; a shutdown wakes it.
        with suppress(OSError):
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        self.accepting.join(timeout=5)


@asynccontextmanager
async def hung_broker(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[HungServer]:
    """Until the block ends, the API sends its tasks to a broker that accepts connections
    and never answers (CELERY_BROKER_URL names it), waiting HUNG_ENQUEUE_TIMEOUT seconds.
    """
    async with (
        hung_server() as server,
        sending_to(HUNG_BROKER_URL.format(port=server.port), monkeypatch),
    ):
        try:
            yield server
        finally:
            # The threads the API gave up on return once the server hangs up; then the
            # app's connections can close.
            await server.stop()


@dataclass
class Outage:
    resume: Callable[[], None]


@asynccontextmanager
async def frozen_broker(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Outage]:
    """Until the block ends, the API sends its tasks, with the service's broker settings
    and waiting HUNG_ENQUEUE_TIMEOUT seconds, to a broker that hangs until `resume`:
{%- if "celery_redis" in features %}
    a redis-server of the test's own, sent a task (so the API holds connections to it) and
    then frozen (SIGSTOP: connections stay open, nothing answers).
    """
    with redis_server() as server:
        async with sending_to(f"redis://127.0.0.1:{server.port}/0", monkeypatch):
            await broker.enqueue("jobs.purge_finished")
            server.freeze()
            yield Outage(resume=server.resume)
{%- else %}
    a stand-in that accepts connections and never answers, until `resume` gives the API the
    service's own broker back (a RabbitMQ of the test's own would take seconds to start).
    """
    async with hung_server() as server:
        with monkeypatch.context() as patch:
            async with sending_to(HUNG_BROKER_URL.format(port=server.port), patch):
                try:
                    yield Outage(resume=patch.undo)
                finally:
                    await server.stop()
{%- endif %}


@asynccontextmanager
async def sending_to(url: str, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Celery]:
    """The API sends its tasks to the broker at `url`, with the service's broker settings,
    waiting HUNG_ENQUEUE_TIMEOUT seconds.
    """
    monkeypatch.setattr(celery_settings, "CELERY_ENQUEUE_TIMEOUT", HUNG_ENQUEUE_TIMEOUT)
    # Celery takes CELERY_BROKER_URL from the environment over the broker it is given.
    monkeypatch.setenv("CELERY_BROKER_URL", url)
    app = Celery(broker=url, set_as_current=False)
    app.conf.broker_connection_timeout = HUNG_ENQUEUE_TIMEOUT
    app.conf.broker_transport_options = celery_app.conf.broker_transport_options
    monkeypatch.setattr(broker, "celery", lambda: app)
    try:
        yield app
    finally:
        app.close()


class Sending:
    """How many threads are sending a task to the broker: waiting for a connection from the
    pool, or on the broker itself.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 0
        self.lock = threading.Lock()
        send = broker.send

        def counted(*args: Any) -> None:
            with self.lock:
                self.now += 1
            try:
                send(*args)
            finally:
                with self.lock:
                    self.now -= 1

        monkeypatch.setattr(broker, "send", counted)
