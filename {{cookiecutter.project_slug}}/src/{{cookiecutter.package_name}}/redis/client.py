"""The service's Redis client: one connection pool per process, closed at shutdown, and the
circuit breaker every call to it goes through.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from redis import exceptions
from redis.asyncio import Redis

from ..core.breaker import CircuitBreaker, CircuitOpen
from .config import redis_settings

# A call made through from_url is not retried, so it waits REDIS_TIMEOUT at most.
redis = Redis.from_url(
    redis_settings.REDIS_URL,
    socket_timeout=redis_settings.REDIS_TIMEOUT,
    socket_connect_timeout=redis_settings.REDIS_TIMEOUT,
    # Connections idle past this are pinged before use, so a restarted Redis is noticed.
    health_check_interval=30,
)

# One call that finds Redis down or frozen opens the circuit, so a request waits for Redis
# once at most, and the requests after it not at all for REDIS_BREAKER_COOLDOWN seconds.
breaker = CircuitBreaker("Redis", threshold=1, cooldown=redis_settings.REDIS_BREAKER_COOLDOWN)

# What a guarded call raises when Redis cannot be used: it failed, or was not called.
UNAVAILABLE: tuple[type[Exception], ...] = (exceptions.RedisError, CircuitOpen)
# What opens the circuit: Redis did not answer, or not in time.
NO_ANSWER: tuple[type[Exception], ...] = (exceptions.ConnectionError, exceptions.TimeoutError)


@contextmanager
def guarded() -> Iterator[None]:
    """Around calls to Redis: raise CircuitOpen at once while Redis is left alone, otherwise
    tell the breaker whether Redis answered.
    """
    breaker.before_call()
    try:
        yield
    except NO_ANSWER:
        breaker.record_failure()
        raise
    breaker.record_success()


def key(*parts: object) -> str:
    """A key in this service's namespace: `<prefix>:<environment>:<parts...>`."""
    return ":".join((redis_settings.REDIS_KEY_PREFIX, redis_settings.ENVIRONMENT, *map(str, parts)))
