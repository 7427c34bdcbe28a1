from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import register
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    PermissionDenied,
    error_responses,
)

handler = register
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict, PermissionDenied)
