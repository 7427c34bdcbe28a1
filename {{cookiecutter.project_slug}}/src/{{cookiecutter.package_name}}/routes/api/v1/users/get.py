from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.users.endpoints import list_users

handler = list_users
trailing_slash = True
responses = error_responses(AuthenticationFailed, PermissionDenied)
