"""The cache's copies in this process's memory.

Each worker process keeps its own copies: a change drops the copy in the process that made
it, and the others serve theirs until CACHE_TTL_SECONDS runs out. Run one worker per
container, or choose the Redis cache, where replicas must agree at once.
"""

from cachetools import TTLCache

from .config import cache_settings

_entries: TTLCache[str, bytes] = TTLCache(
    maxsize=cache_settings.CACHE_MAX_ENTRIES, ttl=cache_settings.CACHE_TTL_SECONDS
)


def key(*parts: object) -> str:
    return ":".join(map(str, ("cache", *parts)))


async def get(cache_key: str) -> bytes | None:
    return _entries.get(cache_key)


async def read_or_claim(cache_key: str) -> tuple[bytes | None, None]:
    """The cached value. A load needs no claim here: a drop in this process reaches every
    load in flight (see store.get_or_load), and no other process shares these copies.
    """
    return _entries.get(cache_key), None


async def put_claimed(cache_key: str, value: bytes, claim: None) -> None:
    _entries[cache_key] = value


async def delete(*cache_keys: str) -> None:
    for cache_key in cache_keys:
        _entries.pop(cache_key, None)


async def clear() -> int:
    """Drop every cached copy in this process; how many there were."""
    dropped = len(_entries)
    _entries.clear()
    return dropped
