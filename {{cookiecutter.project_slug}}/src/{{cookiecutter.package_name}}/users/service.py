"""User queries and changes; raises domain errors, never HTTP ones."""

from collections.abc import Collection
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.errors import Conflict, NotFound, PermissionDenied
from ..credentials.passwords import hash_password, verify_password
from ..db.base import utcnow
from ..db.pagination import PageParams, fetch_page
from .models import Role, User
from .schemas import PasswordChange, UserCreate, UserUpdate, UserUpdateMe


async def get_user_by_email(
    session: AsyncSession, email: str, *, for_update: bool = False
) -> User | None:
    """The user with this address; `for_update` locks the row until the transaction ends
    (on PostgreSQL), so what two transactions decide about one account happens in turn.
    """
    query = select(User).where(User.email == email.lower())
    return await session.scalar(query.with_for_update() if for_update else query)


async def get_user(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"User {user_id} not found")
    return user


async def list_users(session: AsyncSession, page: PageParams) -> tuple[list[User], int]:
    return await fetch_page(session, select(User).order_by(User.id), page)


async def ensure_email_free(session: AsyncSession, email: str) -> None:
    if await get_user_by_email(session, email) is not None:
        raise Conflict("A user with this email already exists")


async def create_user(
    session: AsyncSession, data: UserCreate, *, verified: bool, roles: Collection[str]
) -> User:
    """A new user holding those of `roles` that exist; `verified` when their address is
    known to be theirs (an admin made the account), else it waits for the link sent to it.
    """
    await ensure_email_free(session, data.email)
    user = User(
        **data.model_dump(exclude={"password"}),
        hashed_password=await hash_password(data.password),
        email_verified_at=utcnow() if verified else None,
        roles=list(await session.scalars(select(Role).where(Role.name.in_(roles)))),
    )
    session.add(user)
    await session.flush()
    return user


async def update_user(session: AsyncSession, user: User, data: UserUpdate) -> User:
    """Apply the fields the request gave; the rest stay as they are."""
    return await _apply(session, user, data.model_dump())


async def update_me(session: AsyncSession, user: User, data: UserUpdateMe) -> User:
    """Apply a user's own changes, as update_user does."""
    return await _apply(session, user, data.model_dump())


async def _apply(session: AsyncSession, user: User, changes: dict[str, Any]) -> User:
    if "email" in changes and changes["email"] != user.email:
        await ensure_email_free(session, changes["email"])
    if "password" in changes:
        user.hashed_password = await hash_password(changes.pop("password"))
    for field, value in changes.items():
        setattr(user, field, value)
    await session.flush()
    return user


async def check_current_password(user: User, password: str) -> None:
    valid, _ = await verify_password(password, user.hashed_password)
    if not valid:
        raise PermissionDenied("Current password is incorrect")


async def change_password(session: AsyncSession, user: User, data: PasswordChange) -> None:
    await check_current_password(user, data.current_password)
    user.hashed_password = await hash_password(data.new_password)
    await session.flush()


async def delete_user(session: AsyncSession, user: User) -> None:
    await session.delete(user)
    await session.flush()
