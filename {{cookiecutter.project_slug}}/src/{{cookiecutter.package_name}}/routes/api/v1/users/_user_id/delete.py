from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import SuperUser
from {{ cookiecutter.package_name }}.core.errors import Conflict, error_responses
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.dependencies import UserId

name = "delete_user"
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(Conflict)


async def handler(session: SessionDep, admin: SuperUser, user_id: UserId) -> None:
    """Delete a user and their items (superusers only; not yourself)."""
    if user_id == admin.id:
        raise Conflict("You cannot delete your own account")
    await service.delete_user(session, await service.get_user(session, user_id))
