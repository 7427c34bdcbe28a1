from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)

# A machine client's token has no session: 403 on these.
responses = error_responses(AuthenticationFailed, PermissionDenied)
