from {{ cookiecutter.package_name }}.auth.users_endpoints import update_me
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)

handler = update_me
responses = error_responses(AuthenticationFailed, PermissionDenied)
