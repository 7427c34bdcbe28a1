"""Who is calling: the user behind the bearer token (or the machine client acting for them),
whether the token carries the scopes the endpoint names, and the superuser check.
"""

{% if "cache" in features -%}
from typing import Annotated, Protocol
{%- else -%}
from typing import Annotated, NamedTuple, Protocol
{%- endif %}

from fastapi import Depends
from fastapi.openapi.models import OAuthFlowClientCredentials, OAuthFlowPassword, OAuthFlows
from fastapi.security import OAuth2, SecurityScopes
from fastapi.security.utils import get_authorization_scheme_param
{%- if "cache" not in features %}
from sqlalchemy import bindparam, select
{%- endif %}
from starlette.requests import HTTPConnection

from ..api.deps import SessionDep
from ..clients.service import ensure_active
from ..core.config import core_settings
from ..core.errors import PermissionDenied
from ..credentials.errors import InvalidCredentials
from ..credentials.scopes import SCOPES
from ..users.models import User
{%- if "cache" in features %}
from ..users.schemas import UserRead
from .cache import cached_user
{%- endif %}
from .security import check_token


class BearerToken(OAuth2):
    """The bearer token of either flow: a user's from the password flow, a machine client's
    from the client credentials flow. OpenAPI shows both with their scopes, so the docs'
    Authorize dialog offers them.
    """

    def __init__(self) -> None:
        prefix = core_settings.API_V1_PREFIX
        flows = OAuthFlows(
            password=OAuthFlowPassword(tokenUrl=f"{prefix}/auth/login", scopes=SCOPES),
            clientCredentials=OAuthFlowClientCredentials(
                tokenUrl=f"{prefix}/auth/token", scopes=SCOPES
            ),
        )
        super().__init__(flows=flows, scheme_name="OAuth2", auto_error=False)

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

    @property
    def is_superuser(self) -> bool: ...


async def get_caller_id(security_scopes: SecurityScopes, token: Token) -> int:
    """The id of the user the access token acts for, not yet checked against the database
    (for queries that check the user along with what they read).

    A user's token carries every scope; a machine client's only those it was granted, is
    good only where the endpoint names them, and stops working when the client is revoked.
    The client acts for its owner, so what follows checks that user like any other.
    """
    if token is None:
        raise InvalidCredentials("Not authenticated")
    access = check_token(token, "access")
    if access.client_id is None or access.scopes is None:
        return access.user_id
    if not security_scopes.scopes:
        raise PermissionDenied("Machine clients may only call endpoints that name a scope")
    if missing := set(security_scopes.scopes) - access.scopes:
        raise PermissionDenied(
            f"The token lacks the scope {' '.join(sorted(missing))}",
            headers={"WWW-Authenticate": f'Bearer scope="{security_scopes.scope_str}"'},
        )
    await ensure_active(access.client_id)
    return access.user_id


CallerId = Annotated[int, Depends(get_caller_id)]


async def get_current_user(session: SessionDep, user_id: CallerId) -> User:
    """The active user the access token names, read from the database on every request
    (so deactivating a user takes effect at once); for endpoints that change the user.
    """
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise InvalidCredentials("User not found or inactive")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]
{%- if "cache" in features %}


async def get_caller(user_id: CallerId) -> UserRead:
    """The active user the access token names, from the cache: every change to a user drops
    their entry, so deactivating or demoting one takes effect on the next request.
    """
    caller = await cached_user(user_id)
    if caller is None or not caller.is_active:
        raise InvalidCredentials("User not found or inactive")
    return caller


# Who calls, for deciding what they may do; CurrentUser where the user itself changes.
Caller = Annotated[Principal, Depends(get_caller)]
# The caller as the API shows them: the cached copy.
Me = Annotated[UserRead, Depends(get_caller)]
{%- else %}


class CallerState(NamedTuple):
    """The columns of a user that decide what they may do."""

    id: int
    is_active: bool
    is_superuser: bool


# Built once, with a bound parameter: composing it per request cost more than running it.
CALLER_STATE = select(User.id, User.is_active, User.is_superuser).where(
    User.id == bindparam("user_id")
)


async def get_caller(session: SessionDep, user_id: CallerId) -> CallerState:
    """The active user the access token names, read on every request (so deactivating a
    user takes effect at once), but only the columns that decide access.
    """
    row = (await session.execute(CALLER_STATE, {"user_id": user_id})).one_or_none()
    if row is None or not row.is_active:
        raise InvalidCredentials("User not found or inactive")
    return CallerState(*row)


# Who calls, for deciding what they may do; CurrentUser where the user itself changes.
Caller = Annotated[Principal, Depends(get_caller)]
# The caller as the API shows them.
Me = CurrentUser
{%- endif %}


async def require_superuser(caller: Caller) -> Principal:
    if not caller.is_superuser:
        raise PermissionDenied("Superuser privileges required")
    return caller


SuperUser = Annotated[Principal, Depends(require_superuser)]
