"""The cache's copies in Redis, shared by every process and replica of the service.

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

import secrets

import structlog

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


async def read_or_claim(cache_key: str) -> tuple[bytes | None, str | None]:
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


async def put_claimed(cache_key: str, value: bytes, claim: str | None) -> None:
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


async def delete(*cache_keys: str) -> None:
    try:
        with guarded():
            await redis.unlink(*cache_keys, *map(_claim_key, cache_keys))
    except UNAVAILABLE as error:
        _went_down(error)
