"""Liveness and readiness probes, outside the versioned API."""

from fastapi import APIRouter

from ..core.errors import ServiceUnavailable, error_responses
from .checks import HealthStatus, check_ready

router = APIRouter(prefix="/health", tags=["health"])


@router.get("/live")
async def live() -> HealthStatus:
    """The process is up and serving requests."""
    return HealthStatus()


@router.get("/ready", responses=error_responses(ServiceUnavailable))
async def ready() -> HealthStatus:
    """The service can reach everything its answers depend on."""
    await check_ready()
    return HealthStatus()
