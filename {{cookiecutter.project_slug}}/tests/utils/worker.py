"""Wait for background work, and reach the broker the way a worker does."""

import asyncio
import os
import socket
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from httpx import AsyncClient

# Seconds to wait for a job, checking every POLL seconds.
WAIT = 15
POLL = 0.05
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
{%- if "celery_redis" in features %}
START_BROKER = "redis-server --daemonize yes (or: docker compose up -d redis)"
DEFAULT_PORT = 6379
{%- else %}
START_BROKER = "rabbitmq-server -detached (or: docker compose up -d rabbitmq)"
DEFAULT_PORT = 5672
{%- endif %}


def require_broker(url: str) -> None:
    """Skip the test when the broker is down (fail it under CI, where it must be up)."""
    parts = urlsplit(url)
    address = (parts.hostname or "127.0.0.1", parts.port or DEFAULT_PORT)
    try:
        socket.create_connection(address, timeout=2).close()
    except OSError:
        message = f"the broker at {address[0]}:{address[1]} is down; start it with {START_BROKER}"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


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
