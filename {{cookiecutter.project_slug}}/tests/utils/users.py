"""Make users and sign requests as them."""

from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.service import sign_in
from {{ cookiecutter.package_name }}.sessions.service import SignInClient
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


async def auth_headers(session: AsyncSession, user: User) -> dict[str, str]:
    """Headers that sign a request as this user, in a new session of theirs."""
    tokens = await sign_in(session, user, SignInClient("tests", "127.0.0.1"))
    await session.commit()
    return {"Authorization": f"Bearer {tokens.access_token}"}
