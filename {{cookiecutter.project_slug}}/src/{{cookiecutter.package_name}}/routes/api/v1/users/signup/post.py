from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import Conflict, PermissionDenied, error_responses
from {{ cookiecutter.package_name }}.users.endpoints import register

handler = register
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict, PermissionDenied)
