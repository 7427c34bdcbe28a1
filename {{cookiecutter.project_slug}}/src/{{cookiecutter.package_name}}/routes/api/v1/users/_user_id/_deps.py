from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    error_responses,
)

responses = error_responses(AuthenticationFailed, PermissionDenied, NotFound)
