from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import create_role
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    error_responses,
)

handler = create_role
trailing_slash = True
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict)
