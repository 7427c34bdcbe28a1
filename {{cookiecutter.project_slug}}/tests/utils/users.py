"""Make users and sign requests as them."""

from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.security import create_token
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.schemas import UserCreate
from {{ cookiecutter.package_name }}.users.service import create_user as add_user

PASSWORD = "correct-horse-battery"


async def create_user(
    session: AsyncSession,
    email: str = "user@example.com",
    password: str = PASSWORD,
    **fields: object,
) -> User:
    """Create and commit a user; the password is PASSWORD unless given."""
    user = await add_user(session, UserCreate(email=email, password=password, **fields))
    await session.commit()
    return user


def auth_headers(user: User) -> dict[str, str]:
    """Headers that sign a request as this user."""
    return {"Authorization": f"Bearer {create_token(user.id, 'access')}"}
