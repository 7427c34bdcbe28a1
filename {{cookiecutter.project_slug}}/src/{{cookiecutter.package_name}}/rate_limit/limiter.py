"""The moving-window limiter, its storage, and who a request counts against."""

from limits import RateLimitItem, parse_many
{%- if "redis" in features %}
from limits.aio.storage import RedisStorage
{%- else %}
from limits.aio.storage import MemoryStorage
{%- endif %}
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.requests import HTTPConnection

from .. import identity
{% if "redis" in features -%}
from ..redis.client import key as redis_key
from ..redis.client import redis
from ..redis.config import redis_settings
{% endif -%}
from .config import rate_limit_settings

{%- if "redis" in features %}

# The service's own Redis connection pool; limits reads and writes its counters through it.
storage = RedisStorage(
    redis_settings.REDIS_URL,
    implementation="redispy",
    # A documented option, though limits types its options as plain values.
    connection_pool=redis.connection_pool,  # type: ignore[arg-type]
    key_prefix=redis_key("rate"),
)
{%- else %}

storage = MemoryStorage()
{%- endif %}
limiter = MovingWindowRateLimiter(storage)

DEFAULT_LIMITS: list[RateLimitItem] = parse_many(rate_limit_settings.RATE_LIMIT_DEFAULT)
LOGIN_LIMITS: list[RateLimitItem] = parse_many(rate_limit_settings.RATE_LIMIT_LOGIN)


def client_address(connection: HTTPConnection) -> str:
    """The client's address (behind a proxy in TRUSTED_PROXIES, the one it forwarded)."""
    return connection.client.host if connection.client else "unknown"


def counted_as(request: HTTPConnection) -> str:
    """Whom the request counts against: the caller its credential names, else its address."""
    return identity.counted_as(request) or f"address:{client_address(request)}"
