from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import register
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = register
served = password_sign_in
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict, PermissionDenied)
