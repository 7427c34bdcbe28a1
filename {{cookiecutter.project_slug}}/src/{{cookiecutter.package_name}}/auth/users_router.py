"""Where the user endpoints are served, but those of password_router.py."""

from fastapi import APIRouter, status

from ..core.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    error_responses,
)
from . import users_endpoints as endpoints

router = APIRouter(prefix="/users", tags=["users"])
authenticated = error_responses(AuthenticationFailed)
# 403: the caller lacks the permission the endpoint names (users:read or users:manage).
permitted = error_responses(AuthenticationFailed, PermissionDenied)
router.add_api_route("/me", endpoints.read_me, responses=authenticated)
router.add_api_route(
    "/me",
    endpoints.update_me,
    methods=["PATCH"],
    responses=authenticated | error_responses(PermissionDenied),
)
router.add_api_route(
    "/me/email",
    endpoints.change_email,
    methods=["POST"],
    status_code=status.HTTP_202_ACCEPTED,
    responses=authenticated | error_responses(Conflict, PermissionDenied),
)
# A machine client's token has no session: 403 on these.
signed_in = error_responses(AuthenticationFailed, PermissionDenied)
router.add_api_route("/me/sessions", endpoints.list_my_sessions, responses=signed_in)
router.add_api_route(
    "/me/sessions",
    endpoints.end_my_sessions,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=signed_in,
)
router.add_api_route(
    "/me/sessions/{session_id:int}",
    endpoints.end_my_session,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=signed_in | error_responses(NotFound),
)
router.add_api_route("/me/two-factor", endpoints.read_my_two_factor, responses=signed_in)
router.add_api_route(
    "/me/two-factor",
    endpoints.start_my_two_factor,
    methods=["POST"],
    status_code=status.HTTP_201_CREATED,
    responses=signed_in | error_responses(Conflict),
)
router.add_api_route(
    "/me/two-factor/confirm",
    endpoints.confirm_my_two_factor,
    methods=["POST"],
    responses=signed_in | error_responses(NotFound, Conflict),
)
router.add_api_route(
    "/me/two-factor/disable",
    endpoints.disable_my_two_factor,
    methods=["POST"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=signed_in,
)
router.add_api_route("/", endpoints.list_users, responses=permitted)
router.add_api_route(
    "/",
    endpoints.create_user,
    methods=["POST"],
    status_code=status.HTTP_201_CREATED,
    responses=permitted | error_responses(Conflict),
)
one_user = "/{user_id:int}"
router.add_api_route(one_user, endpoints.read_user, responses=permitted | error_responses(NotFound))
router.add_api_route(
    one_user,
    endpoints.update_user,
    methods=["PATCH"],
    responses=permitted | error_responses(NotFound, Conflict),
)
router.add_api_route(
    f"{one_user}/roles",
    endpoints.set_user_roles,
    methods=["PUT"],
    responses=permitted | error_responses(NotFound, Conflict),
)
router.add_api_route(
    f"{one_user}/two-factor",
    endpoints.reset_user_two_factor,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=permitted | error_responses(NotFound),
)
router.add_api_route(
    f"{one_user}/sessions",
    endpoints.end_user_sessions,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=permitted | error_responses(NotFound),
)
router.add_api_route(
    one_user,
    endpoints.delete_user,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=permitted | error_responses(NotFound, Conflict),
)
