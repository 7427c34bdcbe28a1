"""Liveness and readiness: what the probes answer, and the check readiness makes."""

import asyncio
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import text

from ..core.errors import ServiceUnavailable
from ..db.session import engine

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
