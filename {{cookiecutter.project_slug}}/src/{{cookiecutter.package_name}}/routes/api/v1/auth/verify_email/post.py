from fastapi import status

from {{ cookiecutter.package_name }}.auth.endpoints import verify_email
from {{ cookiecutter.package_name }}.auth.verification import InvalidVerificationToken
from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses

handler = verify_email
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(InvalidVerificationToken, Conflict)
