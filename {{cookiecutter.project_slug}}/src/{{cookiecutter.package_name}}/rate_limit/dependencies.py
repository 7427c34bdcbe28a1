{%- if "redis" in features -%}
"""The check every versioned route runs first, and room sockets run on each frame: the
caller's limit, with RateLimit headers.

The counts live in Redis. While it cannot be reached, requests go through (logged once) or
answer 503, as RATE_LIMIT_FAIL_OPEN says, after one REDIS_TIMEOUT at most, and at once while
the Redis circuit is open; fail-closed, readiness fails too (`check_rate_limits`).
"""
{%- else -%}
"""The check every versioned route runs first, and room sockets run on each frame: the
caller's limit, with RateLimit headers.
"""
{%- endif %}

import math
import time

{% if "redis" in features -%}
import structlog
{% endif -%}
from fastapi import Depends, Request, Response
from limits import RateLimitItem
from limits.util import WindowStats

{% if "redis" in features -%}
from ..api.deps import SAFE_METHODS
from ..core.breaker import CircuitOpen
from ..core.errors import AppError, ServiceUnavailable
from ..identity import CREDENTIAL_PATHS
from ..redis.client import UNAVAILABLE, guarded, redis
from .config import rate_limit_settings
{%- else -%}
from ..api.deps import SAFE_METHODS
from ..core.errors import AppError
from ..identity import CREDENTIAL_PATHS
{%- endif %}
from .limiter import DEFAULT_LIMITS, LOGIN_LIMITS, client_address, counted_as, limiter
{%- if "redis" in features %}

logger = structlog.get_logger(__name__)
{%- endif %}


class TooManyRequests(AppError, status_code=429): ...


def rate_limit_headers(limit: int, window: WindowStats) -> dict[str, str]:
    """The IETF draft's RateLimit fields: the limit, what is left, seconds until it resets."""
    return {
        "RateLimit-Limit": str(limit),
        "RateLimit-Remaining": str(window.remaining),
        "RateLimit-Reset": str(max(0, math.ceil(window.reset_time - time.time()))),
    }
{%- if "redis" in features %}


# Set while Redis is unreachable, so the outage is logged once, not on every request.
_storage_down = False
{%- endif %}


async def check_limits(limits: list[RateLimitItem], identity: str) -> dict[str, str]:
    """Count one request (or room frame) of `identity` against each limit; raises
    TooManyRequests, with Retry-After, once one is used up. Returns the tightest limit's
    RateLimit headers.
    """
{%- if "redis" in features %}
    global _storage_down
{%- endif %}
    tightest: dict[str, str] = {}
    remaining = math.inf
    for limit in limits:
{%- if "redis" in features %}
        try:
            with guarded():
                allowed = await limiter.hit(limit, identity)
                window = await limiter.get_window_stats(limit, identity)
        except UNAVAILABLE as error:
            if not _storage_down:
                logger.warning("rate_limits_unavailable", error=repr(error))
            _storage_down = True
            if rate_limit_settings.RATE_LIMIT_FAIL_OPEN:
                return {}
            raise _cannot_check(error) from error
        if _storage_down:
            logger.warning("rate_limits_recovered")
            _storage_down = False
{%- else %}
        allowed = await limiter.hit(limit, identity)
        window = await limiter.get_window_stats(limit, identity)
{%- endif %}
        headers = rate_limit_headers(limit.amount, window)
        if not allowed:
            retry = {"Retry-After": headers["RateLimit-Reset"]}
            raise TooManyRequests("Too many requests; try again later", {**headers, **retry})
        if window.remaining < remaining:
            tightest, remaining = headers, window.remaining
    return tightest


async def enforce_rate_limit(request: Request, response: Response) -> None:
    """Count the request against each limit that applies, the tightest one's RateLimit
    headers on the answer. A read of a credential path checks no secret (the two-factor
    status): the default limit counts it.
    """
    if request.method not in SAFE_METHODS and request.url.path in CREDENTIAL_PATHS:
        await enforce_login_limit(request, response)
    else:
        response.headers.update(await check_limits(DEFAULT_LIMITS, counted_as(request)))


async def enforce_login_limit(request: Request, response: Response) -> None:
    """Count a try at a secret against the login limit of the client's address, one count
    wherever it is tried.
    """
    identity = f"login:{client_address(request)}"
    response.headers.update(await check_limits(LOGIN_LIMITS, identity))


RateLimited = Depends(enforce_rate_limit)
LoginRateLimited = Depends(enforce_login_limit)
{%- if "redis" in features %}


def _cannot_check(error: Exception) -> ServiceUnavailable:
    retry = error.headers if isinstance(error, CircuitOpen) else None
    return ServiceUnavailable("Rate limits cannot be checked now", retry)


async def check_rate_limits() -> None:
    """For readiness: raise ServiceUnavailable while limits fail closed and Redis cannot be
    reached, as every limited request then answers 503. Fail-open, Redis is not essential.
    """
    if rate_limit_settings.RATE_LIMIT_FAIL_OPEN:
        return
    try:
        with guarded():
            # A round trip any Redis serves; ping() is typed as maybe not awaitable before
            # redis-py 8.
            await redis.echo("ready")
    except UNAVAILABLE as error:
        raise _cannot_check(error) from error
{%- endif %}
