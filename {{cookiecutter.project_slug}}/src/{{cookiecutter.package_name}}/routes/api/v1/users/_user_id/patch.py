from {{ cookiecutter.package_name }}.auth.users_endpoints import update_user
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    error_responses,
)

handler = update_user
responses = error_responses(Conflict)
