"""Check credentials and issue token pairs; raises domain errors, never HTTP ones."""

from sqlalchemy.ext.asyncio import AsyncSession

from ..clients.service import authenticate_client, check_scopes
from ..core.errors import BadRequest
from ..credentials.errors import InvalidCredentials
from ..credentials.passwords import burn_password_check, verify_password
from ..users.models import User
from ..users.service import get_user_by_email
from .config import auth_settings
from .schemas import ClientToken, Token
from .security import create_client_token, create_token

# The one answer to every failed sign-in: it does not tell an unknown address, a wrong
# password and a deactivated account apart.
SIGN_IN_FAILED = "Incorrect email or password"


async def authenticate(session: AsyncSession, email: str, password: str) -> User:
    """The active user with these credentials; upgrades an outdated password hash."""
    user = await get_user_by_email(session, email)
    if user is None:
        await burn_password_check(password)
        raise InvalidCredentials(SIGN_IN_FAILED)
    valid, new_hash = await verify_password(password, user.hashed_password)
    if not valid or not user.is_active:
        raise InvalidCredentials(SIGN_IN_FAILED)
    if new_hash is not None:
        user.hashed_password = new_hash
    return user


async def refresh(session: AsyncSession, user_id: int) -> User:
    user = await session.get(User, user_id)
    if user is None or not user.is_active:
        raise InvalidCredentials("User not found or inactive")
    return user


def issue_tokens(user: User) -> Token:
    return Token(
        access_token=create_token(user.id, "access"),
        refresh_token=create_token(user.id, "refresh"),
    )


async def grant_client_token(
    session: AsyncSession, client_id: str, secret: str, scope: str | None
) -> ClientToken:
    """A machine client's short-lived access token carrying the scopes asked for (all the
    client's when `scope` is empty); BadRequest for a scope it was not granted.
    """
    client = await authenticate_client(session, client_id, secret)
    asked = set(scope.split()) if scope else client.scope_set
    check_scopes(asked)
    if not asked <= client.scope_set:
        raise BadRequest(f"Scope not granted: {' '.join(sorted(asked - client.scope_set))}")
    return ClientToken(
        access_token=create_client_token(client.owner_id, client.client_id, asked),
        expires_in=auth_settings.CLIENT_TOKEN_EXPIRE_MINUTES * 60,
        scope=" ".join(sorted(asked)),
    )
