"""Who is calling: the user behind the bearer token and its sign-in session (or the machine
client acting for them), and whether the token carries the permissions the endpoint names.
"""

from typing import Annotated, NamedTuple, Protocol

from fastapi import Depends, Security
from fastapi.openapi.models import OAuthFlowPassword, OAuthFlows
from fastapi.security import OAuth2, SecurityScopes
from fastapi.security.utils import get_authorization_scheme_param
from sqlalchemy import bindparam, select
from starlette.requests import HTTPConnection

from ..api.deps import SessionDep
from ..clients.service import ensure_active
from ..core.config import core_settings
from ..core.errors import PermissionDenied
from ..credentials.errors import InvalidCredentials
from ..credentials.scopes import SCOPES, USER_SCHEME
from ..sessions.service import PERMISSIONS_UNCHANGED, SESSION_IS_LIVE, caller_params
from ..users.models import User
{%- if "cache" in features %}
from ..users.schemas import UserRead
from .cache import CachedUser, cached_user, live_session
{%- endif %}
from .security import VerifiedToken, check_token


class BearerToken(OAuth2):
    """The bearer token in the `Authorization` header: a user's from the password flow, or a
    machine client's from the client credentials flow. One dependency serves both (one per
    flow cost every request about 60 us more); OpenAPI shows this one as the `User` scheme,
    and clients/openapi.py adds the client's as a scheme of its own.
    """

    def __init__(self) -> None:
        token_url = f"{core_settings.API_V1_PREFIX}/auth/login"
        flows = OAuthFlows(password=OAuthFlowPassword(tokenUrl=token_url, scopes=SCOPES))
        super().__init__(flows=flows, scheme_name=USER_SCHEME, auto_error=False)

    async def __call__(self, request: HTTPConnection) -> str | None:
        scheme, token = get_authorization_scheme_param(request.headers.get("Authorization"))
        return token if scheme.lower() == "bearer" and token else None


Token = Annotated[str | None, Depends(BearerToken())]


class Principal(Protocol):
    """What deciding what a caller may do needs to know of them."""

    @property
    def id(self) -> int: ...

    @property
    def is_active(self) -> bool: ...


async def get_access_token(security_scopes: SecurityScopes, token: Token) -> VerifiedToken:
    """The access token, checked but not yet against the database (for queries that check
    its user and session along with what they read).

    A user's token carries the permissions their roles gave when it was issued, and belongs
    to a sign-in session; a machine client's carries the scopes it was granted (never more
    than its owner held), is good only where the endpoint names them, and stops working when
    the client is revoked. The client acts for its owner, so what follows checks that user
    like any other, and whether the permissions either token carries are still theirs.
    """
    if token is None:
        raise InvalidCredentials("Not authenticated")
    access = check_token(token, "access")
    if access.client_id is not None and not security_scopes.scopes:
        raise PermissionDenied("Machine clients may only call endpoints that name a scope")
    if missing := set(security_scopes.scopes) - access.scopes:
        raise PermissionDenied(
            f"The token lacks the permission {' '.join(sorted(missing))}",
            headers={"WWW-Authenticate": f'Bearer scope="{security_scopes.scope_str}"'},
        )
    if access.client_id is not None:
        await ensure_active(access.client_id)
    return access


AccessToken = Annotated[VerifiedToken, Depends(get_access_token)]


# Built once, with bound parameters: composing them per request cost more than running them.
# A user's token is checked with its session in the same statement; a client's has none.
CURRENT_USER = select(User).where(
    User.id == bindparam("user_id"), User.is_active, PERMISSIONS_UNCHANGED
)
CURRENT_USER_IN_SESSION = CURRENT_USER.where(SESSION_IS_LIVE)


async def get_current_user(session: SessionDep, token: AccessToken) -> User:
    """The active user the access token names, in a live session, read from the database
    on every request (so deactivation and signing out take effect at once); for endpoints
    that change the user.
    """
    statement = CURRENT_USER if token.session_id is None else CURRENT_USER_IN_SESSION
    params = caller_params(token.user_id, token.session_id, token.permissions_version)
    user = await session.scalar(statement, params)
    if user is None:
        raise InvalidCredentials("User not found, inactive or signed out, or roles changed")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
{%- if "cache" in features %}


async def get_caller(token: AccessToken) -> CachedUser:
    """The active user the access token names, in a live session, from the cache: every
    change to a user or an end of a session drops its entry, so deactivating, changing
    their roles or signing out takes effect on the next request.
    """
    caller = await cached_user(token.user_id)
    if caller is None or not caller.is_active:
        raise InvalidCredentials("User not found or inactive")
    if caller.permissions_version != token.permissions_version:
        raise InvalidCredentials("Your roles changed: refresh the token")
    if token.session_id is not None and not await live_session(token.session_id, caller.id):
        raise InvalidCredentials("Signed out")
    return caller


# Who calls, for deciding what they may do; CurrentUser where the user itself changes.
Caller = Annotated[Principal, Depends(get_caller)]
# The caller as the API shows them: the cached copy.
Me = Annotated[UserRead, Depends(get_caller)]
{%- else %}


class CallerState(NamedTuple):
    """The columns of a user that decide what they may do (the token carries the rest)."""

    id: int
    is_active: bool


CALLER_STATE = select(User.id, User.is_active).where(
    User.id == bindparam("user_id"), PERMISSIONS_UNCHANGED
)
CALLER_STATE_IN_SESSION = CALLER_STATE.where(SESSION_IS_LIVE)


async def get_caller(session: SessionDep, token: AccessToken) -> CallerState:
    """The active user the access token names, in a live session, read on every request
    (so deactivation and signing out take effect at once), but only the columns that decide
    access.
    """
    statement = CALLER_STATE if token.session_id is None else CALLER_STATE_IN_SESSION
    params = caller_params(token.user_id, token.session_id, token.permissions_version)
    row = (await session.execute(statement, params)).one_or_none()
    if row is None or not row.is_active:
        raise InvalidCredentials("User not found, inactive or signed out, or roles changed")
    return CallerState(*row)


# Who calls, for deciding what they may do; CurrentUser where the user itself changes.
Caller = Annotated[Principal, Depends(get_caller)]
# The caller as the API shows them.
Me = CurrentUser
{%- endif %}


class SignedIn(NamedTuple):
    """The caller's sign-in session."""

    user_id: int
    session_id: int


async def get_current_session(caller: Caller, token: AccessToken) -> SignedIn:
    """The live session the caller's access token belongs to."""
    if token.session_id is None:
        raise PermissionDenied("A machine client's token has no sign-in session")
    return SignedIn(caller.id, token.session_id)


CurrentSession = Annotated[SignedIn, Depends(get_current_session)]


class Actor(NamedTuple):
    """A caller about to change accounts or roles, and the permissions their token carries
    (checked against their roles in the statement that checked them).
    """

    id: int
    permissions: frozenset[str]


async def get_actor(caller: Caller, token: AccessToken) -> Actor:
    return Actor(caller.id, token.scopes)


# Who reads and who manages accounts, roles and security events.
UserReader = Annotated[Actor, Security(get_actor, scopes=["users:read"])]
UserManager = Annotated[Actor, Security(get_actor, scopes=["users:manage"])]
