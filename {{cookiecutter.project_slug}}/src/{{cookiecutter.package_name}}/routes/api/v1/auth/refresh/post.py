from {{ cookiecutter.package_name }}.auth.endpoints import refresh
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)

handler = refresh
responses = error_responses(AuthenticationFailed)
