from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses
from {{ cookiecutter.package_name }}.users.endpoints import delete_user

handler = delete_user
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(Conflict)
