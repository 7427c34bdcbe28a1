"""`make initial-data` creates the first superuser once, however often it runs."""

from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.users.initial_data import create_first_superuser
from {{ cookiecutter.package_name }}.users.service import get_user_by_email


async def test_first_superuser_is_created_once(session: AsyncSession) -> None:
    first = await create_first_superuser(session)
    second = await create_first_superuser(session)
    await session.commit()

    user = await get_user_by_email(session, settings.FIRST_SUPERUSER_EMAIL)
    assert (first, second) == (True, False)
    assert user is not None
    assert user.is_superuser
