from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.core.errors import (
    Conflict,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.mail.outbox import OutboxDep
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.schemas import (
    UserCreate,
    UserRead,
    UserRegister,
)

name = "register"
status_code = status.HTTP_201_CREATED
responses = error_responses(Conflict, PermissionDenied)


async def handler(session: SessionDep, outbox: OutboxDep, data: UserRegister) -> UserRead:
    """Create your own account, when registration is open; a welcome e-mail follows."""
    if not auth_settings.REGISTRATION_OPEN:
        raise PermissionDenied("Registration is closed")
    user = await service.create_user(session, UserCreate(**data.model_dump()))
    await outbox.welcome(user.email, user.full_name)
    return UserRead.model_validate(user)
