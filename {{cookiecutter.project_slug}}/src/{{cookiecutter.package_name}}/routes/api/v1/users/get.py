from {{ cookiecutter.package_name }}.auth.users_endpoints import list_users
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)

handler = list_users
trailing_slash = True
responses = error_responses(AuthenticationFailed, PermissionDenied)
