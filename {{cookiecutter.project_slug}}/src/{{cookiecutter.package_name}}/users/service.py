"""User queries and changes; raises domain errors, never HTTP ones."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api.pagination import PageParams, fetch_page
from ..core.errors import BadRequest, Conflict, NotFound
from ..core.security import hash_password, verify_password
from .models import User
from .schemas import PasswordChange, UserCreate, UserUpdate, UserUpdateMe


async def get_user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email.lower()))


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} not found")
    return user


async def list_users(session: AsyncSession, page: PageParams) -> tuple[list[User], int]:
    return await fetch_page(session, select(User).order_by(User.id), page)


async def _ensure_email_free(session: AsyncSession, email: str) -> None:
    if await get_user_by_email(session, email) is not None:
        raise Conflict("A user with this email already exists")


async def create_user(session: AsyncSession, data: UserCreate) -> User:
    await _ensure_email_free(session, data.email)
    user = User(
        **data.model_dump(exclude={"email", "password"}),
        email=data.email.lower(),
        hashed_password=hash_password(data.password),
    )
    session.add(user)
    await session.flush()
    return user


async def update_user(session: AsyncSession, user: User, data: UserUpdate | UserUpdateMe) -> User:
    changes = data.model_dump(exclude_unset=True)
    if (email := changes.pop("email", None)) is not None and email.lower() != user.email:
        await _ensure_email_free(session, email)
        user.email = email.lower()
    if (password := changes.pop("password", None)) is not None:
        user.hashed_password = hash_password(password)
    for field, value in changes.items():
        if value is not None:
            setattr(user, field, value)
    await session.flush()
    return user


async def change_password(session: AsyncSession, user: User, data: PasswordChange) -> None:
    valid, _ = verify_password(data.current_password, user.hashed_password)
    if not valid:
        raise BadRequest("Current password is incorrect")
    user.hashed_password = hash_password(data.new_password)
    await session.flush()


async def delete_user(session: AsyncSession, user: User) -> None:
    await session.delete(user)
    await session.flush()
