from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import delete_user
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    error_responses,
)

handler = delete_user
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(Conflict)
