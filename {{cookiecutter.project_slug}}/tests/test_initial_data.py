"""`make initial-data` creates the first admin once, however often it runs, and the standard
roles where they are missing.
"""

from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.credentials.scopes import SCOPES
from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.users.initial_data import create_first_admin
from {{ cookiecutter.package_name }}.users.service import get_user_by_email


async def test_the_first_admin_is_created_once(session: AsyncSession) -> None:
    first = await create_first_admin(session)
    second = await create_first_admin(session)
    await session.commit()

    user = await get_user_by_email(session, settings.FIRST_SUPERUSER_EMAIL)
    assert (first, second) == (True, False)
    assert user is not None
    assert user.role_names == ["admin"]
    assert user.permissions == SCOPES.keys()
    assert user.email_verified_at is not None  # it can sign in at once
