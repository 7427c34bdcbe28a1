from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import SuperUser
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    Conflict,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.schemas import UserCreate, UserRead

name = "create_user"
trailing_slash = True
status_code = status.HTTP_201_CREATED
responses = error_responses(AuthenticationFailed, PermissionDenied, Conflict)


async def handler(session: SessionDep, _: SuperUser, data: UserCreate) -> UserRead:
    """Create a user (superusers only)."""
    return UserRead.model_validate(await service.create_user(session, data))
