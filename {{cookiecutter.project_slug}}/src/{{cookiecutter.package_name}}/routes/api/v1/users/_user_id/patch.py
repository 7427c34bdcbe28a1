from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import SuperUser
from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.dependencies import UserId
from {{ cookiecutter.package_name }}.users.schemas import UserRead, UserUpdate

name = "update_user"
responses = error_responses(Conflict)


async def handler(
    session: SessionDep, admin: SuperUser, user_id: UserId, data: UserUpdate
) -> UserRead:
    """Change any user (superusers only; you cannot deactivate or demote yourself)."""
    if user_id == admin.id and (data.is_active is False or data.is_superuser is False):
        raise Conflict("You cannot deactivate or demote your own account")
    user = await service.get_user(session, user_id)
    return UserRead.model_validate(await service.update_user(session, user, data))
