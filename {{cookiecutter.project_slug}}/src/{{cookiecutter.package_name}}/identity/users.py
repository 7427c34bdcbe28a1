"""Who calls, when the service has user accounts: the user a bearer token names (or the
machine client acting for them), with the permissions it carries. Each user sees and changes
the rows they own; a holder of the permission a feature names (`items:manage`) every row.
"""

from collections.abc import Callable, Sequence
from functools import cache
from typing import Annotated, Any, Protocol{% if cookiecutter.python_version == "3.11" %}, TypeVar{% endif %}

from fastapi import Depends
from sqlalchemy import ColumnElement, Select, bindparam, event, select
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapper, Session, object_session
from starlette.requests import HTTPConnection

from ..auth import dependencies as auth
from ..auth.security import VerifiedToken, check_token
from ..core.config import core_settings
from ..core.errors import AppError, AuthenticationFailed, PermissionDenied
from ..core.middleware import header
from ..credentials.errors import InvalidCredentials
from ..db.base import Base
from ..db.session import ReadOnlySessionFactory
from ..sessions.service import PERMISSIONS_UNCHANGED, SESSION_IS_LIVE, caller_params
from ..users.models import User
from .principal import Principal

__all__ = [
    "CALLER_ERRORS",
    "CREDENTIAL_LABEL",
    "CREDENTIAL_PATHS",
    "CREDENTIAL_SUBPROTOCOL",
    "Caller",
    "ClaimedCaller",
    "Principal",
    "confirm",
    "counted_as",
    "credential_in_headers",
    "find_visible",
    "get_caller",
    "get_claimed_caller",
    "on_owner_deleted",
    "owner_fields",
    "owns",
    "same_owner",
    "socket_caller",
    "speaker_name",
    "still_allowed",
    "visible",
]

# What finding out who calls can answer instead of the endpoint (403: a machine client's
# token without the scope the endpoint names).
CALLER_ERRORS: tuple[type[AppError], ...] = (AuthenticationFailed, PermissionDenied)

# Where a secret is checked (a password, a refresh, reset or verification token, a client's
# secret) or a recovery or verification e-mail sent: rate limited per client address by
# RATE_LIMIT_LOGIN, one count for them all, so guessing through any of them is as slow as
# through the login.
CREDENTIAL_PATHS = frozenset(
    f"{core_settings.API_V1_PREFIX}{path}"
    for path in (
        "/auth/login",
        "/auth/refresh",
        "/auth/token",
        "/auth/password-recovery",
        "/auth/reset-password",
        "/auth/verify-email",
        "/auth/verify-email/resend",
        "/users/me/password",
        "/users/me/email",
        "/users/me/two-factor",
        "/users/me/two-factor/confirm",
        "/users/me/two-factor/disable",
    )
)

# A browser cannot set headers on a WebSocket handshake, so it sends the token as the second
# of two subprotocols, `new WebSocket(url, ["bearer", token])`.
CREDENTIAL_SUBPROTOCOL = "bearer"
# What a person pastes to open a socket by hand, as the rooms demo page asks for it.
CREDENTIAL_LABEL = "Access token"


class Owned(Protocol):
    """A row, or the API's view of one, that names its owner."""

    @property
    def owner_id(self) -> int: ...
{%- if cookiecutter.python_version == "3.11" %}


Row = TypeVar("Row", bound=Base)
{%- endif %}


def _column(model: type[Base], name: str) -> ColumnElement[Any]:
    """A column of a table whose rows have an owner: `owner_id` and `id`."""
    return model.__table__.c[name]


def user_principal(token: VerifiedToken) -> Principal:
    """The user an access token names as a caller, with the permissions it carries, named
    `user:<id>` in rooms and rate limits alike.
    """
    return Principal(
        token.user_id,
        f"user:{token.user_id}",
        token.scopes,
        session_id=token.session_id,
        permissions_version=token.permissions_version,
    )


def _params(caller: Principal, **params: int) -> dict[str, int | None]:
    return caller_params(caller.id, caller.session_id, caller.permissions_version, **params)


async def get_claimed_caller(token: auth.AccessToken) -> Principal:
    """The user the token names, not yet checked against the database: for reads that
    check them, their session and their permissions in the same statement (`visible`,
    `find_visible`).
    """
    return user_principal(token)


async def get_caller(_checked: auth.Caller, token: auth.AccessToken) -> Principal:
    """The active user the token names, in a live session, with the permissions it carries
    still theirs, checked (deactivation, signing out and role changes take effect at once).
    """
    return user_principal(token)


# The functions above are async though they wait for nothing: FastAPI runs plain ones in a thread.
Caller = Annotated[Principal, Depends(get_caller)]
ClaimedCaller = Annotated[Principal, Depends(get_claimed_caller)]


def owns(caller: Principal, row: Owned, *, any_with: str | None = None) -> bool:
    """Whether the caller may act on the row: their own, or any one if they hold the
    permission `any_with`.
    """
    return row.owner_id == caller.id or (any_with is not None and caller.holds(any_with))


def owner_fields(caller: Principal) -> dict[str, int]:
    """The columns that make a new row the caller's."""
    return {"owner_id": caller.id} if caller.id is not None else {}


def on_owner_deleted(model: type[Base], forget: Callable[[Session, Sequence[int]], None]) -> None:
    """Have `forget` called with the ids of a user's rows of `model` as the user is deleted:
    the database deletes those rows with them (ON DELETE CASCADE), out of the ORM's sight.
    """

    @event.listens_for(User, "before_delete")
    def _owner_deleted(mapper: Mapper[User], connection: Connection, user: User) -> None:
        query = select(_column(model, "id")).where(_column(model, "owner_id") == user.id)
        owned = connection.scalars(query).all()
        if owned and (session := object_session(user)) is not None:
            forget(session, owned)


def same_owner(model: type[Base], row: Owned) -> ColumnElement[bool]:
    """The rows of `model` owned by whoever owns `row`."""
    return _column(model, "owner_id") == row.owner_id


# The caller is an active user whose permissions are the ones their token carries.
CALLER_IS_CURRENT = (User.is_active, PERMISSIONS_UNCHANGED)


@cache
{% if cookiecutter.python_version == "3.11" -%}
def _visible(model: type[Row], every_row: bool, in_session: bool) -> Select[Row]:
{%- else -%}
def _visible[Row: Base](model: type[Row], every_row: bool, in_session: bool) -> Select[Row]:
{%- endif %}
    # Built once per table: composing a statement costs more CPU than running it.
    statement = select(model).join(User, User.id == bindparam("user_id")).where(*CALLER_IS_CURRENT)
    if not every_row:
        statement = statement.where(_column(model, "owner_id") == User.id)
    return statement.where(SESSION_IS_LIVE) if in_session else statement


{% if cookiecutter.python_version == "3.11" -%}
def visible(model: type[Row], caller: Principal, *, any_with: str | None = None) -> Select[Row]:
{%- else -%}
def visible[Row: Base](
    model: type[Row], caller: Principal, *, any_with: str | None = None
) -> Select[Row]:
{%- endif %}
    """The rows of `model` the caller may see (their own, or all if they hold `any_with`),
    as a statement that checks the caller too: one who is inactive, gone, signed out or
    whose roles changed matches no rows (`confirm` tells them apart).
    """
    every_row = any_with is not None and caller.holds(any_with)
    return _visible(model, every_row, caller.session_id is not None).params(_params(caller))


# Built once, with bound parameters: composing them per request cost more than running them.
CALLER_IS_ACTIVE = select(User.is_active).where(
    User.id == bindparam("user_id"), PERMISSIONS_UNCHANGED
)
CALLER_IS_SIGNED_IN = CALLER_IS_ACTIVE.where(SESSION_IS_LIVE)


async def confirm(session: AsyncSession, caller: Principal) -> None:
    """Raise InvalidCredentials unless the caller is an active user in a live session, whose
    roles have not changed since their token was issued.
    """
    statement = CALLER_IS_ACTIVE if caller.session_id is None else CALLER_IS_SIGNED_IN
    if not await session.scalar(statement, _params(caller)):
        raise InvalidCredentials("User not found, inactive or signed out, or roles changed")


@cache
{% if cookiecutter.python_version == "3.11" -%}
def _row_for_caller(model: type[Row], in_session: bool) -> Select[bool, bool, Row]:
{%- else -%}
def _row_for_caller[Row: Base](model: type[Row], in_session: bool) -> Select[bool, bool, Row]:
{%- endif %}
    owned = _column(model, "owner_id") == User.id
    statement = (
        select(User.is_active, owned, model)
        .select_from(User)
        .outerjoin(model, _column(model, "id") == bindparam("row_id"))
        .where(User.id == bindparam("user_id"), PERMISSIONS_UNCHANGED)
    )
    return statement.where(SESSION_IS_LIVE) if in_session else statement


{% if cookiecutter.python_version == "3.11" -%}
async def find_visible(
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    caller: Principal,
    *,
    any_with: str | None = None,
) -> Row | None:
{%- else -%}
async def find_visible[Row: Base](
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    caller: Principal,
    *,
    any_with: str | None = None,
) -> Row | None:
{%- endif %}
    """The row with this id if the caller may act on it (their own, or any if they hold
    `any_with`), else None. The caller is checked in the same statement
    (InvalidCredentials), so it costs no round trip of its own.
    """
    statement = _row_for_caller(model, caller.session_id is not None)
    params = _params(caller, row_id=row_id)
    found = (await session.execute(statement, params)).one_or_none()
    if found is None or not found[0]:
        raise InvalidCredentials("User not found, inactive or signed out, or roles changed")
    _, own, row = found
    allowed = own or (any_with is not None and caller.holds(any_with))
    return row if row is not None and allowed else None


def credential_in_headers(connection: HTTPConnection) -> str | None:
    """The bearer token in the Authorization header, if there is one."""
    scheme, _, token = header(connection.scope, b"authorization").partition(" ")
    return token if scheme.lower() == "bearer" and token else None


def counted_as(connection: HTTPConnection) -> str | None:
    """Whom a rate limit counts the request against: the user a valid access token names
    (not checked against the database), else None for the client address.
    """
    token = credential_in_headers(connection)
    if token is None:
        return None
    try:
        access = check_token(token, "access")
    except InvalidCredentials:
        return None  # counted by address, like any anonymous request
    return user_principal(access).name


SOCKET_CALLER = select(User.id).where(
    User.id == bindparam("user_id"), *CALLER_IS_CURRENT, SESSION_IS_LIVE
)


async def socket_caller(credential: str | None) -> Principal:
    """The active user an access token names, in a live session, for a socket's handshake
    (in a database session of its own: the socket outlives any request's); raises
    AuthenticationFailed.
    """
    if credential is None:
        raise InvalidCredentials("No credentials")
    access = check_token(credential, "access")
    if access.session_id is None:
        # Rooms name no scope, so a machine client may not speak there (as over HTTP).
        raise InvalidCredentials("A machine client's token cannot open a socket")
    caller = user_principal(access)
    if not await still_allowed(caller):
        raise InvalidCredentials("User not found, inactive or signed out, or roles changed")
    return caller


async def still_allowed(caller: Principal) -> bool:
    """Whether a caller let in earlier is still an active user in a live session, with the
    permissions their token carries: for sockets, which outlive the check at their handshake.
    """
    async with ReadOnlySessionFactory() as session:
        return await session.scalar(SOCKET_CALLER, _params(caller)) is not None


SPEAKER_NAME = select(User.full_name).where(User.id == bindparam("user_id"))


async def speaker_name(caller: Principal) -> str:
    """How a room names the caller to everyone in it: the name they gave, else `user:<id>`;
    never their address.
    """
    async with ReadOnlySessionFactory() as session:
        full_name = await session.scalar(SPEAKER_NAME, {"user_id": caller.id})
    return (full_name or "").strip() or caller.name
