"""Who is calling: the user behind the bearer token, and the superuser check."""

from typing import Annotated, Protocol

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

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
{%- else %}

# Who calls, for deciding what they may do: the current user, read once per request.
Caller = Annotated[Principal, Depends(get_current_user)]
{%- endif %}


async def require_superuser(caller: Caller) -> Principal:
    if not caller.is_superuser:
        raise PermissionDenied("Superuser privileges required")
    return caller


SuperUser = Annotated[Principal, Depends(require_superuser)]
