"""Where single sign-on is served for API clients: only when a provider is configured."""

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from ..core.errors import AuthenticationFailed, PermissionDenied, error_responses
from . import endpoints
from .service import ProviderUnavailable

router = APIRouter(prefix="/auth/sso", tags=["auth"])
router.add_api_route(
    "",
    endpoints.start_sign_on,
    status_code=303,
    response_class=RedirectResponse,
    responses=error_responses(ProviderUnavailable),
)
router.add_api_route(
    "/callback",
    endpoints.finish_sign_on,
    name=endpoints.CALLBACK,
    responses=error_responses(AuthenticationFailed, PermissionDenied, ProviderUnavailable),
)
