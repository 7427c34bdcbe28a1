from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import CurrentUser
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.schemas import PasswordChange

name = "change_password"
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(AuthenticationFailed, PermissionDenied)


async def handler(session: SessionDep, user: CurrentUser, data: PasswordChange) -> None:
    """Change your password; the current one is required (403 when it is wrong)."""
    await service.change_password(session, user, data)
