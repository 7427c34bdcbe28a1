from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.schemas import (
    UserCreate,
    UserRead,
    UserRegister,
)

name = "register"
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict, PermissionDenied)


async def handler(session: SessionDep, data: UserRegister) -> UserRead:
    """Create your own account, when registration is open."""
    if not settings.REGISTRATION_OPEN:
        raise PermissionDenied("Registration is closed")
    user = await service.create_user(session, UserCreate(**data.model_dump()))
    return UserRead.model_validate(user)
