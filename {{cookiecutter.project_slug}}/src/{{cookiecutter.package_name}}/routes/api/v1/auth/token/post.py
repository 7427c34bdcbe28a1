from {{ cookiecutter.package_name }}.auth.endpoints import client_token
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    BadRequest,
    error_responses,
)

handler = client_token
responses = error_responses(AuthenticationFailed, BadRequest)
