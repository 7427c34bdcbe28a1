from {{ cookiecutter.package_name }}.api.deps import PageDep, SessionDep
from {{ cookiecutter.package_name }}.auth.dependencies import SuperUser
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    PermissionDenied,
    error_responses,
)
from {{ cookiecutter.package_name }}.users import service
from {{ cookiecutter.package_name }}.users.schemas import UserPage, UserRead

name = "list_users"
trailing_slash = True
responses = error_responses(AuthenticationFailed, PermissionDenied)


async def handler(session: SessionDep, _: SuperUser, page: PageDep) -> UserPage:
    """List all users (superusers only)."""
    rows, total = await service.list_users(session, page)
    return UserPage(
        items=[UserRead.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
