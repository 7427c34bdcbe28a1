"""Where the endpoints that take or set a password are served: sign-in, sign-up, recovery
and change. routers.py leaves them out when single sign-on is the only way in.
"""

from fastapi import APIRouter, status

from ..core.errors import (
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    error_responses,
)
from ..mail.outbox import RECOVERY_ERRORS
from . import endpoints, recovery, users_endpoints, verification

router = APIRouter()
router.add_api_route(
    "/auth/login",
    endpoints.login,
    methods=["POST"],
    tags=["auth"],
    responses=error_responses(AuthenticationFailed, verification.EmailNotVerified),
)
router.add_api_route(
    "/auth/password-recovery",
    endpoints.recover_password,
    methods=["POST"],
    tags=["auth"],
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(*RECOVERY_ERRORS),
)
router.add_api_route(
    "/auth/reset-password",
    endpoints.reset_password,
    methods=["POST"],
    tags=["auth"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(recovery.InvalidResetToken),
)
router.add_api_route(
    "/users/signup",
    users_endpoints.register,
    methods=["POST"],
    tags=["users"],
    status_code=status.HTTP_201_CREATED,
    responses=error_responses(Conflict, PermissionDenied),
)
router.add_api_route(
    "/users/me/password",
    users_endpoints.change_password,
    methods=["POST"],
    tags=["users"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(AuthenticationFailed, PermissionDenied),
)
