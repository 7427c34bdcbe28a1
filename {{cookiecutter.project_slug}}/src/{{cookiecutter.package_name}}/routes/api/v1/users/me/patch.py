from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    Conflict,
    error_responses,
)
from {{ cookiecutter.package_name }}.users.endpoints import update_me

handler = update_me
responses = error_responses(AuthenticationFailed, Conflict)
