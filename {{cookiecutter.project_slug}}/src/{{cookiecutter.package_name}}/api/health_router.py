"""Where the liveness and readiness probes are served, outside the versioned API."""

from fastapi import APIRouter

from ..core.errors import ServiceUnavailable, error_responses
from . import health

router = APIRouter(prefix="/health", tags=["health"])
router.add_api_route("/live", health.live)
router.add_api_route("/ready", health.ready, responses=error_responses(ServiceUnavailable))
