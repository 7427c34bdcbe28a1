from fastapi import status

from {{ cookiecutter.package_name }}.auth.endpoints import logout
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)

handler = logout
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(AuthenticationFailed, PermissionDenied)
