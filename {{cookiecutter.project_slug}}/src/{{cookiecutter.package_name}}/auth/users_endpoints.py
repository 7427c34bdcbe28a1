"""User endpoints: sign-up, your own profile, password and sessions, and user management for
superusers.

They sit in auth/, above users/: each asks auth/ who is calling, and auth/ reads users/ (the
user a token names), so users/ itself (models, schemas, service) imports nothing of auth/.
"""

from ..api.deps import PageDep, SessionDep
from ..audit import service as audit
from ..audit.schemas import EventKind
from ..core.errors import Conflict, PermissionDenied
from ..mail.outbox import OutboxDep
from ..sessions import service as sessions
from ..sessions.dependencies import SessionId
from ..sessions.schemas import SessionRead
from ..users import service
from ..users.dependencies import UserId
from ..users.schemas import (
    PasswordChange,
    UserCreate,
    UserPage,
    UserRead,
    UserRegister,
    UserUpdate,
    UserUpdateMe,
)
from .config import auth_settings
from .dependencies import CurrentSession, CurrentUser, Me, SuperUser


async def register(session: SessionDep, outbox: OutboxDep, data: UserRegister) -> UserRead:
    """Create your own account, when registration is open; a welcome e-mail follows."""
    if not auth_settings.REGISTRATION_OPEN:
        raise PermissionDenied("Registration is closed")
    user = await service.create_user(session, UserCreate(**data.model_dump()))
    await outbox.welcome(user.email, user.full_name)
    return UserRead.model_validate(user)


async def read_me(me: Me) -> UserRead:
    """Your own profile."""
    return UserRead.model_validate(me)


async def update_me(session: SessionDep, user: CurrentUser, data: UserUpdateMe) -> UserRead:
    """Change your name, or your email with your current password (403 without it)."""
    return UserRead.model_validate(await service.update_me(session, user, data))


async def change_password(
    session: SessionDep, user: CurrentUser, current: CurrentSession, data: PasswordChange
) -> None:
    """Change your password; the current one is required (403 when it is wrong). Every
    other session of yours ends: whoever else held your tokens is signed out.
    """
    await service.change_password(session, user, data)
    audit.record(session, EventKind.PASSWORD_CHANGED, user.id, session_id=current.session_id)
    await sessions.end_all(session, user.id, keep=current.session_id)


async def list_my_sessions(session: SessionDep, current: CurrentSession) -> list[SessionRead]:
    """Your sessions (one per sign-in that has not ended), the most recently used first."""
    rows = await sessions.list_sessions(session, current.user_id)
    return [
        SessionRead.model_validate(row).model_copy(update={"current": row.id == current.session_id})
        for row in rows
    ]


async def end_my_session(
    session: SessionDep, current: CurrentSession, session_id: SessionId
) -> None:
    """End one of your sessions: its tokens stop working at once."""
    await sessions.end(session, current.user_id, session_id)


async def end_my_sessions(session: SessionDep, current: CurrentSession) -> None:
    """End every session of yours, this one too: sign out everywhere."""
    await sessions.end_all(session, current.user_id)


async def list_users(session: SessionDep, _: SuperUser, page: PageDep) -> UserPage:
    """List all users (superusers only)."""
    rows, total = await service.list_users(session, page)
    return UserPage.of(rows, total, page)


async def create_user(session: SessionDep, _: SuperUser, data: UserCreate) -> UserRead:
    """Create a user (superusers only)."""
    return UserRead.model_validate(await service.create_user(session, data))


async def read_user(session: SessionDep, _: SuperUser, user_id: UserId) -> UserRead:
    """Read any user (superusers only)."""
    return UserRead.model_validate(await service.get_user(session, user_id))


async def update_user(
    session: SessionDep, admin: SuperUser, user_id: UserId, data: UserUpdate
) -> UserRead:
    """Change any user (superusers only; you cannot deactivate or demote yourself)."""
    if user_id == admin.id and (data.is_active is False or data.is_superuser is False):
        raise Conflict("You cannot deactivate or demote your own account")
    user = await service.get_user(session, user_id)
    await service.update_user(session, user, data)
    if not user.is_active:
        await sessions.end_all(session, user.id)
    return UserRead.model_validate(user)


async def end_user_sessions(session: SessionDep, _: SuperUser, user_id: UserId) -> None:
    """Sign a user out everywhere: end every session of theirs (superusers only)."""
    await sessions.end_all(session, (await service.get_user(session, user_id)).id)


async def delete_user(session: SessionDep, admin: SuperUser, user_id: UserId) -> None:
    """Delete a user and their items (superusers only; not yourself)."""
    if user_id == admin.id:
        raise Conflict("You cannot delete your own account")
    await service.delete_user(session, await service.get_user(session, user_id))
