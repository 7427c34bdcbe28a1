"""Liveness and readiness probes, outside the versioned API."""

import asyncio
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from ..core.errors import ServiceUnavailable, error_responses
from ..db.session import engine

READY_TIMEOUT_SECONDS = 2

router = APIRouter(prefix="/health", tags=["health"])


class HealthStatus(BaseModel):
    status: Literal["ok"] = "ok"


@router.get("/live")
async def live() -> HealthStatus:
    """The process is up and serving requests."""
    return HealthStatus()


@router.get("/ready", responses=error_responses(ServiceUnavailable))
async def ready() -> HealthStatus:
    """The service can reach its database."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception as exc:
        raise ServiceUnavailable("Database is unreachable") from exc
    return HealthStatus()
