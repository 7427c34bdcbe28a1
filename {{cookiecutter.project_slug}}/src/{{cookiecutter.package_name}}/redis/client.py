"""The service's Redis client: one connection pool per process, closed at shutdown."""

from redis.asyncio import Redis

from ..settings import settings

redis = Redis.from_url(
    settings.REDIS_URL,
    socket_timeout=settings.REDIS_TIMEOUT,
    socket_connect_timeout=settings.REDIS_TIMEOUT,
    # Connections idle past this are pinged before use, so a restarted Redis is noticed.
    health_check_interval=30,
)


def key(*parts: object) -> str:
    """A key in this service's namespace: `<prefix>:<environment>:<parts...>`."""
    return ":".join((settings.REDIS_KEY_PREFIX, settings.ENVIRONMENT, *map(str, parts)))
