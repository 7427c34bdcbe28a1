from fastapi import status

from {{ cookiecutter.package_name }}.auth.endpoints import resend_verification
from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.mail.outbox import RECOVERY_ERRORS

handler = resend_verification
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(*RECOVERY_ERRORS)
