"""Who is calling: the user behind the bearer token, and the superuser check."""

from typing import Annotated

from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer

from ..api.deps import SessionDep
from ..core.errors import PermissionDenied
from ..settings import settings
from ..users.models import User
from .security import InvalidCredentials, decode_token

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl=f"{settings.API_V1_PREFIX}/auth/login", auto_error=False
)


async def get_current_user(
    session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    """The active user the access token names; read on every request, so deactivating a
    user takes effect at once.
    """
    if token is None:
        raise InvalidCredentials("Not authenticated")
    user = await session.get(User, decode_token(token, "access"))
    if user is None or not user.is_active:
        raise InvalidCredentials("User not found or inactive")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def require_superuser(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise PermissionDenied("Superuser privileges required")
    return user


SuperUser = Annotated[User, Depends(require_superuser)]
