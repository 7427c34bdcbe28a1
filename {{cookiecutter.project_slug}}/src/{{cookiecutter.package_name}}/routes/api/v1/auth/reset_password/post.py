from fastapi import status

from {{ cookiecutter.package_name }}.auth.endpoints import reset_password
from {{ cookiecutter.package_name }}.auth.recovery import InvalidResetToken
from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = reset_password
served = password_sign_in
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(InvalidResetToken)
