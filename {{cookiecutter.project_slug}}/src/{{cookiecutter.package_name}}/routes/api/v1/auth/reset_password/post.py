from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth import recovery
from {{ cookiecutter.package_name }}.auth.schemas import PasswordReset
from {{ cookiecutter.package_name }}.core.errors import error_responses

name = "reset_password"
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(recovery.InvalidResetToken)


async def handler(session: SessionDep, body: PasswordReset) -> None:
    """Set a new password with the token from a reset e-mail (403 when it is invalid,
    expired or already used).
    """
    await recovery.reset_password(session, body.token, body.new_password)
