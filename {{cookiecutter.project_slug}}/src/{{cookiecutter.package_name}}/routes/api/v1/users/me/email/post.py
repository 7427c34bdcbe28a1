from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import change_email
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    error_responses,
)

handler = change_email
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(AuthenticationFailed, Conflict, PermissionDenied)
