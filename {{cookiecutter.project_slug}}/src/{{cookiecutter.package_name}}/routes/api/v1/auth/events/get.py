from {{ cookiecutter.package_name }}.auth.endpoints import list_security_events
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)

handler = list_security_events
responses = error_responses(AuthenticationFailed, PermissionDenied)
