"""Dependencies shared by the routers, as `Annotated` aliases."""

from typing import Annotated

{% if cookiecutter.auth == "jwt" -%}
from fastapi import Depends
from fastapi.security import OAuth2PasswordBearer
{%- elif cookiecutter.auth == "api_key" -%}
from fastapi import Depends, Security
from fastapi.security import APIKeyHeader
{%- else -%}
from fastapi import Depends
{%- endif %}
from sqlalchemy.ext.asyncio import AsyncSession

{% if cookiecutter.auth == "jwt" -%}
from ..core.config import settings
from ..core.errors import AuthenticationFailed, PermissionDenied
from ..core.security import decode_token
from ..db.session import get_session
from ..users.models import User
{%- elif cookiecutter.auth == "api_key" -%}
from ..core.api_keys import is_valid_api_key
from ..core.errors import AuthenticationFailed
from ..db.session import get_session
{%- else -%}
from ..db.session import get_session
{%- endif %}
from .pagination import PageParams

# scope="function": the session commits before the response is sent, so a failed commit
# becomes an error response instead of a success the database never saw.
SessionDep = Annotated[AsyncSession, Depends(get_session, scope="function")]
PageDep = Annotated[PageParams, Depends()]
{%- if cookiecutter.auth == "jwt" %}

oauth2_scheme = OAuth2PasswordBearer(
    tokenUrl=f"{settings.API_V1_PREFIX}/auth/login", auto_error=False
)


async def get_current_user(
    session: SessionDep, token: Annotated[str | None, Depends(oauth2_scheme)]
) -> User:
    if token is None:
        raise AuthenticationFailed("Not authenticated")
    user = await session.get(User, decode_token(token, "access"))
    if user is None or not user.is_active:
        raise AuthenticationFailed("User not found or inactive")
    return user


CurrentUser = Annotated[User, Depends(get_current_user)]


async def require_superuser(user: CurrentUser) -> User:
    if not user.is_superuser:
        raise PermissionDenied("Superuser privileges required")
    return user


SuperUser = Annotated[User, Depends(require_superuser)]
{%- elif cookiecutter.auth == "api_key" %}

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


async def require_api_key(key: Annotated[str | None, Security(api_key_header)]) -> None:
    if key is None or not is_valid_api_key(key):
        raise AuthenticationFailed("Missing or invalid API key")
{%- endif %}
