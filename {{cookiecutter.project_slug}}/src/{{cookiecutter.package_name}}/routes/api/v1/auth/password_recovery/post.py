from fastapi import status

from {{ cookiecutter.package_name }}.auth.endpoints import recover_password
from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.mail.outbox import RECOVERY_ERRORS
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = recover_password
served = password_sign_in
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(*RECOVERY_ERRORS)
