"""Where the auth endpoints are served, but those of password_router.py."""

from fastapi import APIRouter, status

from ..core.errors import (
    AuthenticationFailed,
    BadRequest,
    Conflict,
    PermissionDenied,
    error_responses,
)
from ..mail.outbox import RECOVERY_ERRORS
from . import endpoints, verification

router = APIRouter(prefix="/auth", tags=["auth"])
authenticated = error_responses(AuthenticationFailed)
router.add_api_route("/refresh", endpoints.refresh, methods=["POST"], responses=authenticated)
router.add_api_route(
    "/logout",
    endpoints.logout,
    methods=["POST"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(AuthenticationFailed, PermissionDenied),
)
router.add_api_route(
    "/token",
    endpoints.client_token,
    methods=["POST"],
    responses=error_responses(AuthenticationFailed, BadRequest),
)
router.add_api_route(
    "/verify-email",
    endpoints.verify_email,
    methods=["POST"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(verification.InvalidVerificationToken, Conflict),
)
router.add_api_route(
    "/verify-email/resend",
    endpoints.resend_verification,
    methods=["POST"],
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(*RECOVERY_ERRORS),
)
router.add_api_route(
    "/events",
    endpoints.list_security_events,
    responses=error_responses(AuthenticationFailed, PermissionDenied),
)
