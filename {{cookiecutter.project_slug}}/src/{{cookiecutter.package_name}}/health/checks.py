"""Liveness and readiness: the probes, and the checks readiness makes.

Readiness checks what every answer needs, and nothing more, so an outage of something only
some answers use (a cache, an upstream) does not pull the replica out of service.
"""

import asyncio
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import text

from ..core.errors import ServiceUnavailable
from ..db.session import engine
{%- if "rate_limit" in features and "redis" in features %}
from ..rate_limit.dependencies import check_rate_limits
{%- endif %}

READY_TIMEOUT_SECONDS = 2


class HealthStatus(BaseModel):
    status: Literal["ok"] = "ok"


async def check_database() -> None:
    """Raise ServiceUnavailable unless the database answers within the timeout."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        raise ServiceUnavailable("Database is unreachable") from exc


async def check_ready() -> None:
    """Raise ServiceUnavailable unless what every answer needs can be reached."""
    await check_database()
{%- if "rate_limit" in features and "redis" in features %}
    await check_rate_limits()  # Redis, while rate limits fail closed
{%- endif %}


async def live() -> HealthStatus:
    """The process is up and serving requests."""
    return HealthStatus()


async def ready() -> HealthStatus:
    """The service can reach everything its answers depend on."""
    await check_ready()
    return HealthStatus()
