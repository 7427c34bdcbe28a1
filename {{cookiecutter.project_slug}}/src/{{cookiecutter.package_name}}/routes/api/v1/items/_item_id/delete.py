from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)
from {{ cookiecutter.package_name }}.items.endpoints import delete_item

handler = delete_item
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(NotFound)
