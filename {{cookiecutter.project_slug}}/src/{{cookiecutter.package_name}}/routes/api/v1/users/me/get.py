from {{ cookiecutter.package_name }}.auth.users_endpoints import read_me
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)

handler = read_me
responses = error_responses(AuthenticationFailed)
