"""User endpoints: sign-up, your own profile, password, two-factor sign-in and sessions;
accounts and roles for holders of `users:read` (reading) and `users:manage` (changing).

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
from ..two_factor import service as two_factor
from ..two_factor.schemas import (
    Enrolment,
    EnrolmentConfirmation,
    EnrolmentStart,
    RecoveryCodes,
    TwoFactorRemoval,
    TwoFactorStatus,
)
from ..users import roles, service
from ..users.dependencies import RoleId, UserId
from ..users.schemas import (
    EmailChange,
    PasswordChange,
    RoleAssignment,
    RoleCreate,
    RoleRead,
    RoleUpdate,
    UserCreate,
    UserPage,
    UserRead,
    UserRegister,
    UserUpdate,
    UserUpdateMe,
)
from . import verification
from .config import auth_settings
from .dependencies import CurrentSession, CurrentUser, Me, UserManager, UserReader
from .schemas import Message


async def register(session: SessionDep, outbox: OutboxDep, data: UserRegister) -> UserRead:
    """Create your own account, when registration is open; a welcome e-mail follows, with
    the link that verifies your address.
    """
    return UserRead.model_validate(await verification.register(session, outbox, data))


async def read_me(me: Me) -> UserRead:
    """Your own profile."""
    return UserRead.model_validate(me)


async def update_me(session: SessionDep, user: CurrentUser, data: UserUpdateMe) -> UserRead:
    """Change your name (your address changes through POST /users/me/email)."""
    return UserRead.model_validate(await service.update_me(session, user, data))


async def change_email(
    session: SessionDep, outbox: OutboxDep, user: CurrentUser, data: EmailChange
) -> Message:
    """Ask for a new address, with your current password (403 when it is wrong): it becomes
    yours once you open the link sent to it, and your current address is told.
    """
    await verification.request_email_change(session, outbox, user, data)
    return verification.CHANGE_STARTED


async def change_password(
    session: SessionDep, user: CurrentUser, current: CurrentSession, data: PasswordChange
) -> None:
    """Change your password; the current one is required (403 when it is wrong). Every
    other session of yours ends: whoever else held your tokens is signed out.
    """
    await service.change_password(session, user, data)
    audit.record(session, EventKind.PASSWORD_CHANGED, user.id, session_id=current.session_id)
    await sessions.end_all(session, user.id, keep=current.session_id)


async def read_my_two_factor(session: SessionDep, current: CurrentSession) -> TwoFactorStatus:
    """Whether your sign-ins need a one-time code, and how many recovery codes are left."""
    return await two_factor.status(session, current.user_id)


async def start_my_two_factor(
    session: SessionDep, user: CurrentUser, _: CurrentSession, data: EnrolmentStart
) -> Enrolment:
    """Start turning on two-factor sign-in, with your current password (403 when it is
    wrong; 409 when it is on already): the secret for your authenticator app, shown this
    once. Sign-ins need no code until one from the app confirms it.
    """
    return await two_factor.start(session, user, data.current_password)


async def confirm_my_two_factor(
    session: SessionDep, current: CurrentSession, data: EnrolmentConfirmation
) -> RecoveryCodes:
    """Turn two-factor sign-in on with a code from the app (403 when it does not match):
    from then on every sign-in needs a code. Your recovery codes are shown this once, and
    every other session of yours ends.
    """
    codes = await two_factor.confirm(session, current.user_id, data.code, current.session_id)
    return RecoveryCodes(recovery_codes=codes)


async def disable_my_two_factor(
    session: SessionDep, user: CurrentUser, current: CurrentSession, data: TwoFactorRemoval
) -> None:
    """Turn two-factor sign-in off, with your current password and a code from the app or
    a recovery code (403 when either is wrong).
    """
    await two_factor.turn_off(session, user, data.current_password, data.code, current.session_id)


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


async def list_users(session: SessionDep, _: UserReader, page: PageDep) -> UserPage:
    """List all users."""
    rows, total = await service.list_users(session, page)
    return UserPage.of(rows, total, page)


async def create_user(session: SessionDep, _: UserManager, data: UserCreate) -> UserRead:
    """Create a user with the role new accounts get; the address counts as verified."""
    roles = [auth_settings.NEW_ACCOUNT_ROLE]
    user = await service.create_user(session, data, verified=True, roles=roles)
    return UserRead.model_validate(user)


async def read_user(session: SessionDep, _: UserReader, user_id: UserId) -> UserRead:
    """Read any user."""
    return UserRead.model_validate(await service.get_user(session, user_id))


async def update_user(
    session: SessionDep, admin: UserManager, user_id: UserId, data: UserUpdate
) -> UserRead:
    """Change any user (you cannot deactivate yourself)."""
    if user_id == admin.id and data.is_active is False:
        raise Conflict("You cannot deactivate your own account")
    user = await service.get_user(session, user_id)
    await service.update_user(session, user, data)
    if not user.is_active:
        await sessions.end_all(session, user.id)
    return UserRead.model_validate(user)


async def set_user_roles(
    session: SessionDep, admin: UserManager, user_id: UserId, data: RoleAssignment
) -> UserRead:
    """Give a user exactly these roles (not yourself; giving or taking away only roles that
    permit nothing you do not hold; 409 naming a role that does not exist). Their tokens
    from before stop working: a refresh carries the new permissions.
    """
    user = await service.get_user(session, user_id)
    if await roles.assign_roles(session, user, data.roles, admin.id, admin.permissions):
        audit.record(session, EventKind.ROLES_ASSIGNED, user.id)
    return UserRead.model_validate(user)


async def reset_user_two_factor(session: SessionDep, admin: UserManager, user_id: UserId) -> None:
    """Turn off a user's two-factor sign-in, when they have lost their app and their
    recovery codes; they sign in with their password alone until they turn it on again.
    Not your own: yours is turned off with one of its codes.
    """
    if user_id == admin.id:
        raise PermissionDenied("Turn your own two-factor sign-in off with one of its codes")
    await two_factor.reset(session, (await service.get_user(session, user_id)).id)


async def end_user_sessions(session: SessionDep, _: UserManager, user_id: UserId) -> None:
    """Sign a user out everywhere: end every session of theirs."""
    await sessions.end_all(session, (await service.get_user(session, user_id)).id)


async def delete_user(session: SessionDep, admin: UserManager, user_id: UserId) -> None:
    """Delete a user and their items (not yourself)."""
    if user_id == admin.id:
        raise Conflict("You cannot delete your own account")
    await service.delete_user(session, await service.get_user(session, user_id))


async def list_roles(session: SessionDep, _: UserReader) -> list[RoleRead]:
    """Every role, by name, with the permissions it gives."""
    return [RoleRead.model_validate(role) for role in await roles.list_roles(session)]


async def create_role(session: SessionDep, admin: UserManager, data: RoleCreate) -> RoleRead:
    """A new role, permitting only what you hold yourself."""
    role = await roles.create_role(session, data, admin.permissions)
    audit.record(session, EventKind.ROLE_CHANGED, admin.id)
    return RoleRead.model_validate(role)


async def update_role(
    session: SessionDep, admin: UserManager, role_id: RoleId, data: RoleUpdate
) -> RoleRead:
    """Change a role you do not hold: its description, or its permissions (adding or removing
    only what you hold). Its holders' tokens from before stop working: a refresh carries the
    new ones.
    """
    role = await roles.get_role(session, role_id)
    await roles.update_role(session, role, data, admin.id, admin.permissions)
    audit.record(session, EventKind.ROLE_CHANGED, admin.id)
    return RoleRead.model_validate(role)


async def delete_role(session: SessionDep, admin: UserManager, role_id: RoleId) -> None:
    """Delete a role you do not hold (and could have written); its holders lose what it
    gave them.
    """
    role = await roles.get_role(session, role_id)
    await roles.delete_role(session, role, admin.id, admin.permissions)
    audit.record(session, EventKind.ROLE_CHANGED, admin.id)
