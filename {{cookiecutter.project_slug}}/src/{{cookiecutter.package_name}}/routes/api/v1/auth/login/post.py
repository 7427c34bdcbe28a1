from {{ cookiecutter.package_name }}.auth.endpoints import login
from {{ cookiecutter.package_name }}.auth.verification import EmailNotVerified
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)

handler = login
responses = error_responses(AuthenticationFailed, EmailNotVerified)
