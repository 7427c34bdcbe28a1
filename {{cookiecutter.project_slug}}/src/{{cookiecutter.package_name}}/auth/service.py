"""Check credentials, start sign-in sessions and issue their tokens; raises domain errors,
never HTTP ones.
"""

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from ..clients.service import authenticate_client, check_scopes
from ..core.errors import BadRequest
from ..credentials.errors import InvalidCredentials
from ..credentials.passwords import burn_password_check, verify_password
from ..sessions import service as sessions
from ..sessions.service import SessionEnded, SignInClient
from ..users.models import User
from ..users.service import get_user_by_email
from .config import auth_settings
from .schemas import ClientToken, Token
from .security import (
    VerifiedToken,
    create_access_token,
    create_client_token,
    create_refresh_token,
    refresh_expiry,
)

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


async def sign_in(session: AsyncSession, user: User, client: SignInClient) -> Token:
    """A new session for the user, and its first pair of tokens."""
    nonce = sessions.new_nonce()
    signed_in = await sessions.start(session, user, nonce, client, refresh_expiry())
    return Token(
        access_token=create_access_token(user.id, signed_in.id),
        refresh_token=create_refresh_token(user.id, signed_in.id, nonce),
    )


async def sign_in_without_refresh(session: AsyncSession, user: User, client: SignInClient) -> str:
    """A new session for the user that ends with its one access token (no refresh token is
    handed out): for the pages, whose cookie lives no longer than that token.
    """
    expires_at = datetime.now(UTC) + timedelta(minutes=auth_settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    signed_in = await sessions.start(session, user, sessions.new_nonce(), client, expires_at)
    return create_access_token(user.id, signed_in.id)


async def refresh(session: AsyncSession, token: VerifiedToken) -> Token:
    """The next pair of tokens of the refresh token's session. A refresh token works once:
    using one again ends its session (SessionEnded), whoever holds the newer one.
    """
    if token.session_id is None or token.nonce is None:
        raise InvalidCredentials("Invalid token")
    following = sessions.new_nonce()
    await sessions.rotate(
        session, token.user_id, token.session_id, token.nonce, following, refresh_expiry()
    )
    user = await session.get(User, token.user_id)
    if user is None or not user.is_active:
        raise SessionEnded("User not found or inactive")
    return Token(
        access_token=create_access_token(user.id, token.session_id),
        refresh_token=create_refresh_token(user.id, token.session_id, following),
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
