from fastapi import status

from {{ cookiecutter.package_name }}.auth.users_endpoints import start_my_two_factor
from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses

handler = start_my_two_factor
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict)
