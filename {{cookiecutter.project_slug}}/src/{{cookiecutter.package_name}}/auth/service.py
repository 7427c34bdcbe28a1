"""Check credentials and issue token pairs; raises domain errors, never HTTP ones."""

from sqlalchemy.ext.asyncio import AsyncSession

from ..credentials.errors import InvalidCredentials
from ..credentials.passwords import burn_password_check, verify_password
from ..users.models import User
from ..users.service import get_user_by_email
from .schemas import Token
from .security import create_token


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    """The active user with these credentials; upgrades an outdated password hash."""
    user = await get_user_by_email(session, email)
    if user is None:
        await burn_password_check(password)
        raise InvalidCredentials("Incorrect email or password")
    valid, new_hash = await verify_password(password, user.hashed_password)
    if not valid:
        raise InvalidCredentials("Incorrect email or password")
    if not user.is_active:
        raise InvalidCredentials("User is inactive")
    if new_hash is not None:
        user.hashed_password = new_hash
    return user


async def refresh(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise InvalidCredentials("User not found or inactive")
    return user


def issue_tokens(user: User) -> Token:
    return Token(
        access_token=create_token(user.id, "access"),
        refresh_token=create_token(user.id, "refresh"),
    )
