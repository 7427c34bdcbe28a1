from fastapi import status

from {{ cookiecutter.package_name }}.auth import recovery
from {{ cookiecutter.package_name }}.auth.schemas import Message, PasswordRecovery
from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.mail.outbox import RECOVERY_ERRORS, OutboxDep

name = "recover_password"
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(*RECOVERY_ERRORS)


async def handler(body: PasswordRecovery, outbox: OutboxDep) -> Message:
    """E-mail a password reset link to the address, if it has an account; the answer is the
    same either way, and the lookup happens after it.
    """
    await recovery.start_recovery(outbox, body.email)
    return recovery.RECOVERY_STARTED
