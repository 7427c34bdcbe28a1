from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import end_my_session
from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)

handler = end_my_session
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(NotFound)
