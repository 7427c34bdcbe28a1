from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.realtime.endpoints import (
    POST_ERRORS,
    post_message,
)

handler = post_message
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(*POST_ERRORS)
