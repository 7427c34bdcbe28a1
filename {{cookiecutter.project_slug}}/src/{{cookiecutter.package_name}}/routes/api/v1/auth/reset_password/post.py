from fastapi import status

from {{ cookiecutter.package_name }}.auth.endpoints import reset_password
from {{ cookiecutter.package_name }}.auth.recovery import InvalidResetToken
from {{ cookiecutter.package_name }}.core.errors import error_responses

handler = reset_password
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(InvalidResetToken)
