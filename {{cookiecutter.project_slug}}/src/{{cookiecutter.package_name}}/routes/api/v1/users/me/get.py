from {{ cookiecutter.package_name }}.auth.dependencies import Me
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)
from {{ cookiecutter.package_name }}.users.schemas import UserRead

name = "read_me"
responses = error_responses(AuthenticationFailed)


async def handler(me: Me) -> UserRead:
    """Your own profile."""
    return UserRead.model_validate(me)
