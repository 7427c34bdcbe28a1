"""Where the upstreams' health check is served, beside the probes."""

from fastapi import APIRouter

from ..core.errors import error_responses
from . import endpoints

router = APIRouter(prefix="/health", tags=["health"])
router.add_api_route(
    "/upstreams", endpoints.upstreams, responses=error_responses(*endpoints.UPSTREAM_ERRORS)
)
