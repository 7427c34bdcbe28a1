from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import CurrentUser
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    Conflict,
    error_responses,
)
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.schemas import UserRead, UserUpdateMe

name = "update_me"
responses = error_responses(AuthenticationFailed, Conflict)


async def handler(session: SessionDep, user: CurrentUser, data: UserUpdateMe) -> UserRead:
    """Change your email or name."""
    return UserRead.model_validate(await service.update_user(session, user, data))
