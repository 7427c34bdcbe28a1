"""Cached bytes under keys, and one load per key however many requests miss at once, in
{% if "cache_redis" in features %}Redis (redis_backend.py){% else %}this process's memory (memory_backend.py){% endif %}: the backend keeps the copies, this
module decides when to load and when to drop.
"""

import asyncio
import hashlib
import json
from collections.abc import Awaitable, Callable, Iterable

from pydantic import BaseModel

{% if "cache_redis" in features -%}
from . import redis_backend as backend
{%- else -%}
from . import memory_backend as backend
{%- endif %}

# What the backend answers directly.
key = backend.key
get = backend.get
clear = backend.clear


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
        value, claim = await backend.read_or_claim(cache_key)
        if value is None and (value := await load()) is not None and not this.dropped:
            await backend.put_claimed(cache_key, value, claim)
    except BaseException:
        this.result.set_result(_LoadFailed())
        raise
    finally:
        if _loading.get(cache_key) is this:
            del _loading[cache_key]
    this.result.set_result(value)
    return value


async def drop(*cache_keys: str) -> None:
    """Forget these keys: the loads in flight store nothing, and the copies go."""
    _forget_loads(cache_keys)
    await backend.delete(*cache_keys)
