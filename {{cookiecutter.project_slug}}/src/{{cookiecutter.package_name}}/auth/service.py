"""Check credentials, start sign-in sessions and issue their tokens; raises domain errors,
never HTTP ones.
"""

from datetime import UTC, datetime, timedelta
from typing import NoReturn

from sqlalchemy import bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..audit import service as audit
from ..audit.schemas import EventKind
from ..audit.service import Failures
from ..clients.service import InvalidClient, authenticate_client, check_scopes
from ..core.errors import BadRequest
from ..credentials.errors import InvalidCredentials
from ..credentials.passwords import burn_password_check, verify_password
from ..db.base import utcnow
from ..db.session import commit_now
from ..sessions import service as sessions
from ..sessions.models import SignInSession
from ..sessions.service import SessionEnded, SignInClient
from ..two_factor import service as two_factor
from ..users.models import User
from . import verification
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
# password, a deactivated account and a locked one apart.
SIGN_IN_FAILED = "Incorrect email or password"
# Doublings of the lockout beyond which SIGN_IN_LOCKOUT_MAX_MINUTES applies anyway.
MAX_DOUBLINGS = 20
# The account with an address, and its failed sign-ins since the last successful one: one
# statement, whether or not the address has an account, so both answers take as long.
SIGN_IN_CANDIDATE = select(User, *audit.failures_since_success(User.id)).where(
    User.email == bindparam("email")
)


class CodeRequired(InvalidCredentials):
    """The password is right, and the account signs in with a one-time code too."""


async def authenticate(
    session: AsyncSession,
    email: str,
    password: str,
    client: SignInClient,
    one_time_code: str | None = None,
) -> User:
    """The active, unlocked user with these credentials; upgrades an outdated password hash.
    Every attempt is a security event; a failure's is committed before the error. With the
    right password, an address still to be verified is EmailNotVerified (if that matters),
    and an account with two-factor sign-in without a code is CodeRequired; a wrong code
    fails like a wrong password, and counts towards the lockout.
    """
    found = (await session.execute(SIGN_IN_CANDIDATE, {"email": email.lower()})).one_or_none()
    if found is None:
        await burn_password_check(password)
        await _refuse(session, None, client)
    user, failed, last_failed_at = found
    failures = Failures(failed, last_failed_at)
    # Checked even for a locked account, so its answer takes as long as any other.
    valid, new_hash = await verify_password(password, user.hashed_password)
    if (until := locked_until(failures)) is not None and utcnow() < until:
        await _refuse(session, user, client, EventKind.SIGN_IN_LOCKED)
    if not valid or not user.is_active:
        await _refuse(session, user, client, failures=failures)
    verification.check_verified(user)
    if (authenticator := await two_factor.required(session, user.id)) is not None:
        if not one_time_code:
            raise CodeRequired("This account signs in with a one-time code too")
        if not await two_factor.accept(session, authenticator, one_time_code):
            await _refuse(session, user, client, failures=failures)
    if new_hash is not None:
        user.hashed_password = new_hash
    return user


def locked_until(failures: Failures) -> datetime | None:
    """When an account with these failed sign-ins in a row is unlocked again: locked for
    SIGN_IN_LOCKOUT_MINUTES after SIGN_IN_LOCKOUT_THRESHOLD failures, twice as long after
    twice as many, and so on up to SIGN_IN_LOCKOUT_MAX_MINUTES; None below the threshold.
    """
    threshold = auth_settings.SIGN_IN_LOCKOUT_THRESHOLD
    if failures.failed < threshold or failures.last_at is None:
        return None
    doublings = min((failures.failed - threshold) // threshold, MAX_DOUBLINGS)
    minutes = min(
        auth_settings.SIGN_IN_LOCKOUT_MINUTES * 2**doublings,
        auth_settings.SIGN_IN_LOCKOUT_MAX_MINUTES,
    )
    return failures.last_at + timedelta(minutes=minutes)


async def _refuse(
    session: AsyncSession,
    user: User | None,
    client: SignInClient,
    kind: EventKind = EventKind.SIGN_IN_FAILED,
    failures: Failures | None = None,
) -> NoReturn:
    """Record the refused sign-in (and the lockout it starts), commit, and answer 401."""
    user_id = None if user is None else user.id
    audit.record(session, kind, user_id, address=client.address)
    threshold = auth_settings.SIGN_IN_LOCKOUT_THRESHOLD
    if failures is not None and (failures.failed + 1) % threshold == 0:
        audit.record(session, EventKind.ACCOUNT_LOCKED, user_id, address=client.address)
    await commit_now(session)  # before the error, which rolls the request's transaction back
    raise InvalidCredentials(SIGN_IN_FAILED)


async def sign_in(session: AsyncSession, user: User, client: SignInClient) -> Token:
    """A new session for the user, and its first pair of tokens."""
    nonce = sessions.new_nonce()
    signed_in = await _start_session(session, user, nonce, client, refresh_expiry())
    return Token(
        access_token=_access_token(user, signed_in.id),
        refresh_token=create_refresh_token(user.id, signed_in.id, nonce),
    )


async def sign_in_without_refresh(session: AsyncSession, user: User, client: SignInClient) -> str:
    """A new session for the user that ends with its one access token (no refresh token is
    handed out): for the pages, whose cookie lives no longer than that token.
    """
    expires_at = datetime.now(UTC) + timedelta(minutes=auth_settings.ACCESS_TOKEN_EXPIRE_MINUTES)
    signed_in = await _start_session(session, user, sessions.new_nonce(), client, expires_at)
    return _access_token(user, signed_in.id)


def _access_token(user: User, session_id: int) -> str:
    """An access token of this session with the permissions the user's roles give now."""
    return create_access_token(user.id, session_id, user.permissions, user.permissions_version)


async def _start_session(
    session: AsyncSession, user: User, nonce: str, client: SignInClient, expires_at: datetime
) -> SignInSession:
    """Start the session, and forget security events past their retention meanwhile."""
    retention = timedelta(days=auth_settings.SECURITY_EVENTS_RETENTION_DAYS)
    await audit.forget_older_than(session, retention)
    return await sessions.start(
        session, user, nonce, client, expires_at, at_most=auth_settings.SESSIONS_PER_USER
    )


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
        access_token=_access_token(user, token.session_id),
        refresh_token=create_refresh_token(user.id, token.session_id, following),
    )


async def grant_client_token(
    session: AsyncSession, client_id: str, secret: str, scope: str | None
) -> ClientToken:
    """A machine client's short-lived access token carrying the scopes asked for (all the
    client's when `scope` is empty); BadRequest for a scope it was not granted.
    """
    client = await authenticate_client(session, client_id, secret)
    owner = await session.get(User, client.owner_id)
    if owner is None or not owner.is_active:
        raise InvalidClient("The client's owner is inactive")
    # Never more than its owner holds now, whatever the client was registered with.
    asked = set(scope.split()) if scope else client.scope_set & owner.permissions
    check_scopes(asked)
    if not asked <= client.scope_set:
        raise BadRequest(f"Scope not granted: {' '.join(sorted(asked - client.scope_set))}")
    if not asked <= owner.permissions:
        beyond = " ".join(sorted(asked - owner.permissions))
        raise BadRequest(f"The client's owner does not hold: {beyond}")
    return ClientToken(
        access_token=create_client_token(
            owner.id, client.client_id, asked, owner.permissions_version
        ),
        expires_in=auth_settings.CLIENT_TOKEN_EXPIRE_MINUTES * 60,
        scope=" ".join(sorted(asked)),
    )
