from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import create_user
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    error_responses,
)

handler = create_user
trailing_slash = True
status_code = status.HTTP_201_CREATED
responses = error_responses(AuthenticationFailed, PermissionDenied, Conflict)
