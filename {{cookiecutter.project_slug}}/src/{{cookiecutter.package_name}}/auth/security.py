"""Password hashing (argon2 through pwdlib) and signed access and refresh tokens (PyJWT)."""

import os
import time
from collections.abc import Collection, Mapping
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple

import anyio
import jwt

from ..core.errors import AuthenticationFailed
from .config import auth_settings

if TYPE_CHECKING:
    from pwdlib import PasswordHash

ALGORITHM = "HS256"
TokenKind = Literal["access", "refresh"]
# An argon2 hash or check holds a core and 64 MiB for about 0.1 s. It runs in a worker
# thread (argon2 releases the GIL), so the event loop serves other requests meanwhile, but
# no more of them at once than there are cores to run them.
HASHING = anyio.CapacityLimiter(os.cpu_count() or 1)


@cache
def password_hash() -> "PasswordHash":
    """The argon2 hasher, imported on first use: only sign-in and password changes need it."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(),))


class InvalidCredentials(AuthenticationFailed):
    """A 401 naming the scheme that would succeed, as RFC 9110 asks of every 401."""

    default_headers: ClassVar[Mapping[str, str]] = {"WWW-Authenticate": "Bearer"}


async def hash_password(password: str) -> str:
    return await anyio.to_thread.run_sync(password_hash().hash, password, limiter=HASHING)


async def verify_password(password: str, hashed: str) -> tuple[bool, str | None]:
    """Whether the password matches, and a new hash when the stored one is outdated."""
    check = password_hash().verify_and_update
    return await anyio.to_thread.run_sync(check, password, hashed, limiter=HASHING)


@cache
def _unknown_user_hash() -> str:
    return password_hash().hash("not-a-real-password")


def _check_against_unknown_user(password: str) -> None:
    password_hash().verify(password, _unknown_user_hash())


async def burn_password_check(password: str) -> None:
    """Spend a real hash check on an unknown user, so login time does not reveal emails."""
    await anyio.to_thread.run_sync(_check_against_unknown_user, password, limiter=HASHING)


def _encode(user_id: int, kind: TokenKind, minutes: int, **extra: str) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "type": kind,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        **extra,
    }
    return jwt.encode(claims, auth_settings.SECRET_KEY, algorithm=ALGORITHM)


def create_token(user_id: int, kind: TokenKind) -> str:
    minutes = (
        auth_settings.ACCESS_TOKEN_EXPIRE_MINUTES
        if kind == "access"
        else auth_settings.REFRESH_TOKEN_EXPIRE_MINUTES
    )
    return _encode(user_id, kind, minutes)


def create_client_token(user_id: int, client_id: str, scopes: Collection[str]) -> str:
    """An access token for a machine client acting for this user, limited to `scopes`."""
    scope = " ".join(sorted(scopes))
    minutes = auth_settings.CLIENT_TOKEN_EXPIRE_MINUTES
    return _encode(user_id, "access", minutes, client_id=client_id, scope=scope)


class VerifiedToken(NamedTuple):
    kind: str
    user_id: int
    expires_at: int
    # A machine client's id and the scopes it was granted; a user's token has neither.
    client_id: str | None = None
    scopes: frozenset[str] | None = None


# Clients send the same token on every request until it expires; checking its signature
# (and PyJWT's parsing) costs more than the rest of an authenticated request's Python code,
# so each valid token is verified once. Expiry is still checked on every use, and rejected
# tokens are never cached.
@lru_cache(maxsize=4096)
def _verify(token: str) -> VerifiedToken:
    try:
        claims = jwt.decode(
            token,
            auth_settings.SECRET_KEY,
            algorithms=[ALGORITHM],
            options={"require": ["exp", "sub", "type"]},
        )
    except jwt.PyJWTError as exc:
        raise InvalidCredentials("Invalid or expired token") from exc
    subject, client_id, scope = claims["sub"], claims.get("client_id"), claims.get("scope", "")
    if not isinstance(subject, str) or not subject.isdigit():
        raise InvalidCredentials("Invalid token")
    if not isinstance(client_id, str | None) or not isinstance(scope, str):
        raise InvalidCredentials("Invalid token")
    scopes = None if client_id is None else frozenset(scope.split())
    return VerifiedToken(claims["type"], int(subject), int(claims["exp"]), client_id, scopes)


def check_token(token: str, expected_kind: TokenKind) -> VerifiedToken:
    """A valid, unexpired token of the expected kind."""
    verified = _verify(token)
    if time.time() >= verified.expires_at:
        raise InvalidCredentials("Invalid or expired token")
    if verified.kind != expected_kind:
        raise InvalidCredentials("Invalid token")
    return verified


def decode_token(token: str, expected_kind: TokenKind) -> int:
    """The user id in a valid, unexpired token of the expected kind."""
    return check_token(token, expected_kind).user_id
