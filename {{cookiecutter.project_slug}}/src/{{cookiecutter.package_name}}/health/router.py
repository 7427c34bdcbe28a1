"""Where the liveness and readiness probes are served, outside the versioned API."""

from fastapi import APIRouter

from ..core.errors import ServiceUnavailable, error_responses
from . import checks

router = APIRouter(prefix="/health", tags=["health"])
router.add_api_route("/live", checks.live)
router.add_api_route("/ready", checks.ready, responses=error_responses(ServiceUnavailable))
