"""The moving-window limiter, its storage, and who a request counts against."""

from limits import RateLimitItem, parse_many
{%- if "redis" in features %}
from limits.aio.storage import RedisStorage
{%- else %}
from limits.aio.storage import MemoryStorage
{%- endif %}
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.requests import HTTPConnection

{% if "api_key" in features -%}
from ..api_keys.keys import key_holder
{% endif -%}
{% if "jwt" in features -%}
from ..auth.security import InvalidCredentials, decode_token
{% endif -%}
{% if "jwt" in features or "api_key" in features -%}
from ..core.middleware import header
{% endif -%}
{% if "redis" in features -%}
from ..redis.client import key as redis_key
from ..redis.client import redis
{% endif -%}
from ..settings import settings

{%- if "redis" in features %}

# The service's own Redis connection pool; limits reads and writes its counters through it.
storage = RedisStorage(
    settings.REDIS_URL,
    implementation="redispy",
    # A documented option, though limits types its options as plain values.
    connection_pool=redis.connection_pool,  # type: ignore[arg-type]
    key_prefix=redis_key("rate"),
)
{%- else %}

storage = MemoryStorage()
{%- endif %}
limiter = MovingWindowRateLimiter(storage)

DEFAULT_LIMITS: list[RateLimitItem] = parse_many(settings.RATE_LIMIT_DEFAULT)
{%- if "jwt" in features %}
LOGIN_LIMITS: list[RateLimitItem] = parse_many(settings.RATE_LIMIT_LOGIN)
{%- endif %}


def client_address(connection: HTTPConnection) -> str:
    """The client's address (behind a proxy in TRUSTED_PROXIES, the one it forwarded)."""
    return connection.client.host if connection.client else "unknown"


def counted_as(request: HTTPConnection) -> str:
    """Whom the request counts against: the signed-in principal, else the client address."""
{%- if "jwt" in features %}
    scheme, _, token = header(request.scope, b"authorization").partition(" ")
    if scheme.lower() == "bearer" and token:
        try:
            return f"user:{decode_token(token, 'access')}"
        except InvalidCredentials:
            pass  # counted by address, like any anonymous request
{%- elif "api_key" in features %}
    if key := header(request.scope, b"x-api-key"):
        return key_holder(key)
{%- endif %}
    return f"address:{client_address(request)}"
