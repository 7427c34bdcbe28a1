from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)
from {{ cookiecutter.package_name }}.files.endpoints import delete_file

handler = delete_file
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(NotFound)
