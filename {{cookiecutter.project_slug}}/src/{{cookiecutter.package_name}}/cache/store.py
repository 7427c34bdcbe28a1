{%- if "cache_redis" in features -%}
"""Cached bytes under keys in Redis, and one load per key however many requests miss at once.

Redis being down never fails a request: reads miss, so the database answers; writes and
deletes are skipped; a warning is logged once when Redis goes and once when it is back. A
frozen Redis costs a request REDIS_TIMEOUT at most, and the requests after it nothing while
the Redis circuit is open (redis/client.py). On its return every cached copy of this service
is dropped, because deletes that were skipped while it was away would otherwise leave stale
copies behind.
"""

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable

import structlog
from pydantic import BaseModel

from ..redis.client import UNAVAILABLE, guarded, redis
from ..redis.client import key as redis_key
from ..settings import settings

logger = structlog.get_logger(__name__)

# Set while Redis is unreachable; the next call that succeeds clears it.
_outage: Exception | None = None


def key(*parts: object) -> str:
    """A cache key in this service's Redis namespace."""
    return redis_key("cache", *parts)


def _went_down(error: Exception) -> None:
    global _outage
    if _outage is None:
        logger.warning("cache_unavailable", error=repr(error))
    _outage = error


async def clear() -> int:
    """Drop every cached copy of this service; how many there were."""
    dropped = 0
    async for stale in redis.scan_iter(match=key("*"), count=1000):
        dropped += await redis.unlink(stale)
    return dropped


async def _came_back() -> None:
    """Drop every cached copy: deletes skipped during the outage may have left stale ones."""
    global _outage
    try:
        with guarded():
            dropped = await clear()
    except UNAVAILABLE as error:
        _went_down(error)
        return
    _outage = None
    logger.warning("cache_recovered", dropped=dropped)


async def get(cache_key: str) -> bytes | None:
    try:
        with guarded():
            value = await redis.get(cache_key)
    except UNAVAILABLE as error:
        _went_down(error)
        return None
    if _outage is not None:
        await _came_back()
        return None
    return value if isinstance(value, bytes) else None


async def put(cache_key: str, value: bytes) -> None:
    try:
        with guarded():
            await redis.set(cache_key, value, ex=settings.CACHE_TTL_SECONDS)
    except UNAVAILABLE as error:
        _went_down(error)


async def drop(*cache_keys: str) -> None:
    try:
        with guarded():
            await redis.unlink(*cache_keys)
    except UNAVAILABLE as error:
        _went_down(error)
{%- else -%}
"""Cached bytes under keys in this process's memory, and one load per key however many
requests miss at once.

Each worker process keeps its own copies: a change drops the copy in the process that made
it, and the others serve theirs until CACHE_TTL_SECONDS runs out. Run one worker per
container, or choose the Redis cache, where replicas must agree at once.
"""

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable

from cachetools import TTLCache
from pydantic import BaseModel

from ..settings import settings

_entries: TTLCache[str, bytes] = TTLCache(
    maxsize=settings.CACHE_MAX_ENTRIES, ttl=settings.CACHE_TTL_SECONDS
)


def key(*parts: object) -> str:
    return ":".join(map(str, ("cache", *parts)))


async def get(cache_key: str) -> bytes | None:
    return _entries.get(cache_key)


async def put(cache_key: str, value: bytes) -> None:
    _entries[cache_key] = value


async def drop(*cache_keys: str) -> None:
    for cache_key in cache_keys:
        _entries.pop(cache_key, None)


async def clear() -> int:
    """Drop every cached copy in this process; how many there were."""
    dropped = len(_entries)
    _entries.clear()
    return dropped
{%- endif %}


def shape_version(model: type[BaseModel]) -> str:
    """A short digest of a model's JSON schema, for cache keys: a deploy that changes the
    cached shape reads and writes new keys instead of the old copies.
    """
    schema = json.dumps(model.model_json_schema(), sort_keys=True)
    return hashlib.blake2b(schema.encode(), digest_size=4).hexdigest()


class _LoadFailed:
    """What a waiter gets when the load it waited for failed: it then loads by itself."""


# The loads in flight, by key: later misses of the same key wait for the first one.
_loading: dict[str, asyncio.Future[bytes | _LoadFailed | None]] = {}


async def get_or_load(cache_key: str, load: Callable[[], Awaitable[bytes | None]]) -> bytes | None:
    """The cached value, or `load()`'s, cached; requests that want the same key while one is
    already looking it up wait for that one, so concurrent misses load it once.

    `None` from `load` means there is nothing to cache (a missing row) and is not stored.
    """
    if (pending := _loading.get(cache_key)) is not None:
        result = await asyncio.shield(pending)
        return await load() if isinstance(result, _LoadFailed) else result
    future: asyncio.Future[bytes | _LoadFailed | None] = asyncio.get_running_loop().create_future()
    _loading[cache_key] = future
    try:
        value = await get(cache_key)
        if value is None and (value := await load()) is not None:
            await put(cache_key, value)
    except BaseException:
        future.set_result(_LoadFailed())
        raise
    finally:
        del _loading[cache_key]
    future.set_result(value)
    return value
