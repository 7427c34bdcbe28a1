from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import change_password
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = change_password
served = password_sign_in
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(AuthenticationFailed, PermissionDenied)
