"""Who is calling: the user behind the bearer token, and the superuser check."""

{% if "cache" in features -%}
from typing import Annotated, Protocol
{%- else -%}
from typing import Annotated, NamedTuple, Protocol
{%- endif %}

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
{%- if "cache" not in features %}
from sqlalchemy import bindparam, select
{%- endif %}

from ..api.deps import SessionDep
from ..core.errors import PermissionDenied
from ..settings import settings
from ..users.models import User
{%- if "cache" in features %}
from ..users.schemas import UserRead
from .cache import cached_user
{%- endif %}
from .security import InvalidCredentials, decode_token

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl=f"{settings.API_V1_PREFIX}/auth/login", auto_error=False
)
Token = Annotated[str | None, Depends(oauth2_scheme)]


class Principal(Protocol):
    """What deciding what a caller may do needs to know of them."""

    @property
    def id(self) -> int: ...

    @property
    def is_active(self) -> bool: ...

    @property
    def is_superuser(self) -> bool: ...


async def get_caller_id(token: Token) -> int:
    """The id of the user the access token names, not yet checked against the database
    (for queries that check the user along with what they read).
    """
    if token is None:
        raise InvalidCredentials("Not authenticated")
    return decode_token(token, "access")


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
