{%- if "cache_redis" in features -%}
"""Cached bytes under keys in Redis, and one load per key however many requests miss at once.

Redis being down never fails a request: reads miss, so the database answers; writes and
deletes are skipped; a warning is logged once when Redis goes and once when it is back. A
frozen Redis costs a request REDIS_TIMEOUT at most, and the requests after it nothing while
the Redis circuit is open (redis/client.py). On its return every cached copy of this service
is dropped, because deletes that were skipped while it was away would otherwise leave stale
copies behind.

A read that misses claims the key before it loads, and stores what it loaded only if the
claim is still there: a change dropped in any replica meanwhile deletes the claim, so a read
that raced a write never leaves the old copy behind.
"""

import asyncio
import hashlib
import json
import secrets
from collections.abc import Awaitable, Callable, Iterable

import structlog
from pydantic import BaseModel

from ..redis.client import UNAVAILABLE, guarded, redis
from ..redis.client import key as redis_key
from .config import cache_settings

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


# How long a claim lasts: longer than any load the database lets run. A load that takes
# longer stores nothing, which costs a miss, never a stale copy.
CLAIM_MILLISECONDS = 60_000
# Stores the value only while the load's claim (KEYS[2]) still holds its token; 1 if it did.
_PUT_IF_CLAIMED = redis.register_script(
    """
    if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
    redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
    redis.call('DEL', KEYS[2])
    return 1
    """
)


def _claim_key(cache_key: str) -> str:
    return f"{cache_key}:claim"


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


async def _read_or_claim(cache_key: str) -> tuple[bytes | None, str | None]:
    """The cached value; on a miss, the claim the caller's load will store its copy under,
    taken before the load reads the database (a hit costs no more than a read).
    """
    if (value := await get(cache_key)) is not None:
        return value, None
    claim = secrets.token_hex(8)
    try:
        with guarded():
            await redis.set(_claim_key(cache_key), claim, px=CLAIM_MILLISECONDS)
    except UNAVAILABLE as error:
        _went_down(error)
        return None, None
    return None, claim


async def _put_claimed(cache_key: str, value: bytes, claim: str | None) -> None:
    if claim is None:
        return
    try:
        with guarded():
            await _PUT_IF_CLAIMED(
                keys=[cache_key, _claim_key(cache_key)],
                args=[claim, value, cache_settings.CACHE_TTL_SECONDS],
                client=redis,
            )
    except UNAVAILABLE as error:
        _went_down(error)


async def drop(*cache_keys: str) -> None:
    _forget_loads(cache_keys)
    try:
        with guarded():
            await redis.unlink(*cache_keys, *map(_claim_key, cache_keys))
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
from collections.abc import Awaitable, Callable, Iterable

from cachetools import TTLCache
from pydantic import BaseModel

from .config import cache_settings

_entries: TTLCache[str, bytes] = TTLCache(
    maxsize=cache_settings.CACHE_MAX_ENTRIES, ttl=cache_settings.CACHE_TTL_SECONDS
)


def key(*parts: object) -> str:
    return ":".join(map(str, ("cache", *parts)))


async def get(cache_key: str) -> bytes | None:
    return _entries.get(cache_key)


async def _read_or_claim(cache_key: str) -> tuple[bytes | None, None]:
    """The cached value. A load needs no claim here: a drop in this process reaches every
    load in flight (see get_or_load), and no other process shares these copies.
    """
    return _entries.get(cache_key), None


async def _put_claimed(cache_key: str, value: bytes, claim: None) -> None:
    _entries[cache_key] = value


async def drop(*cache_keys: str) -> None:
    _forget_loads(cache_keys)
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


class _Load:
    """A load in flight: its result, for the requests that miss the same key meanwhile, and
    whether a change has dropped the key since it began (then what it read may be old).
    """

    def __init__(self) -> None:
        self.result: asyncio.Future[bytes | _LoadFailed | None] = (
            asyncio.get_running_loop().create_future()
        )
        self.dropped = False


# The loads in flight, by key: later misses of the same key wait for the first one.
_loading: dict[str, _Load] = {}


def _forget_loads(cache_keys: Iterable[str]) -> None:
    """A change to these keys: the loads in flight store nothing, and later misses load anew
    rather than wait for what those read before the change.
    """
    for cache_key in cache_keys:
        if (load := _loading.pop(cache_key, None)) is not None:
            load.dropped = True


async def get_or_load(cache_key: str, load: Callable[[], Awaitable[bytes | None]]) -> bytes | None:
    """The cached value, or `load()`'s, cached; requests that want the same key while one is
    already looking it up wait for that one, so concurrent misses load it once.

    `None` from `load` means there is nothing to cache (a missing row) and is not stored.
    """
    if (pending := _loading.get(cache_key)) is not None:
        result = await asyncio.shield(pending.result)
        return await load() if isinstance(result, _LoadFailed) else result
    this = _loading[cache_key] = _Load()
    try:
        value, claim = await _read_or_claim(cache_key)
        if value is None and (value := await load()) is not None and not this.dropped:
            await _put_claimed(cache_key, value, claim)
    except BaseException:
        this.result.set_result(_LoadFailed())
        raise
    finally:
        if _loading.get(cache_key) is this:
            del _loading[cache_key]
    this.result.set_result(value)
    return value
