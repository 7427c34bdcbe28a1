"""Where the role endpoints are served."""

from fastapi import APIRouter, status

from ..core.errors import (
    AuthenticationFailed,
    Conflict,
    NotFound,
    PermissionDenied,
    error_responses,
)
from . import users_endpoints as endpoints

router = APIRouter(prefix="/roles", tags=["roles"])
# 403: the caller lacks users:read or users:manage, holds the role to change, or would grant
# a permission they do not hold.
permitted = error_responses(AuthenticationFailed, PermissionDenied)
router.add_api_route("/", endpoints.list_roles, responses=permitted)
router.add_api_route(
    "/",
    endpoints.create_role,
    methods=["POST"],
    status_code=status.HTTP_201_CREATED,
    responses=permitted | error_responses(Conflict),
)
one_role = "/{role_id:int}"
router.add_api_route(
    one_role,
    endpoints.update_role,
    methods=["PATCH"],
    responses=permitted | error_responses(NotFound),
)
router.add_api_route(
    one_role,
    endpoints.delete_role,
    methods=["DELETE"],
    status_code=status.HTTP_204_NO_CONTENT,
    responses=permitted | error_responses(NotFound),
)
