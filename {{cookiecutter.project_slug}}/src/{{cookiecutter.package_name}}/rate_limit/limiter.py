"""The moving-window limiter, its storage, and who a request counts against."""

{% if "api_key" in features -%}
import hashlib
{% endif -%}
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network

from limits import RateLimitItem, parse_many
{%- if "redis" in features %}
from limits.aio.storage import RedisStorage
{%- else %}
from limits.aio.storage import MemoryStorage
{%- endif %}
from limits.aio.strategies import MovingWindowRateLimiter
from starlette.requests import Request

{% if "jwt" in features -%}
from ..auth.security import InvalidCredentials, decode_token
{% endif -%}
from ..core.middleware import header
{%- if "redis" in features %}
from ..redis.client import key as redis_key
from ..redis.client import redis
{%- endif %}
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


def parse_proxies(proxies: list[str]) -> list[IPv4Network | IPv6Network]:
    return [ip_network(proxy, strict=False) for proxy in proxies]


TRUSTED_PROXIES = parse_proxies(settings.TRUSTED_PROXIES)


def _trusted(address: str) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in TRUSTED_PROXIES)


def client_address(request: Request) -> str:
    """The client's address: the peer's, or, behind proxies listed in TRUSTED_PROXIES, the
    last address in X-Forwarded-For that none of them added.
    """
    peer = request.client.host if request.client else "unknown"
    if not _trusted(peer):
        return peer
    hops = [hop.strip() for hop in header(request.scope, b"x-forwarded-for").split(",")]
    for hop in reversed([hop for hop in hops if hop]):
        if not _trusted(hop):
            return hop
    return peer


def counted_as(request: Request) -> str:
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
        return f"key:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
{%- endif %}
    return f"address:{client_address(request)}"
