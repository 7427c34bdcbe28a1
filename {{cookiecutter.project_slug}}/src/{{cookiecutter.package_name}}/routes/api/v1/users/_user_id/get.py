from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import SuperUser
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.dependencies import UserId
from {{ cookiecutter.package_name }}.users.schemas import UserRead

name = "read_user"


async def handler(session: SessionDep, _: SuperUser, user_id: UserId) -> UserRead:
    """Read any user (superusers only)."""
    return UserRead.model_validate(await service.get_user(session, user_id))
