"""Signed access and refresh tokens (PyJWT), and the checks every token goes through."""

import time
from collections.abc import Collection
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Literal, NamedTuple

import jwt

# Re-exported: what depends on auth names the error of a failed token check from here.
from ..credentials.errors import InvalidCredentials
from .config import auth_settings

ALGORITHM = "HS256"
TokenKind = Literal["access", "refresh"]


def _encode(user_id: int, kind: TokenKind, minutes: int, **extra: str | int) -> str:
    now = datetime.now(UTC)
    claims = {
        "sub": str(user_id),
        "type": kind,
        "iat": now,
        "exp": now + timedelta(minutes=minutes),
        **extra,
    }
    return jwt.encode(claims, auth_settings.SECRET_KEY, algorithm=ALGORITHM)


def create_access_token(
    user_id: int, session_id: int, permissions: Collection[str], permissions_version: int
) -> str:
    """An access token of this user's sign-in session, carrying their permissions as its
    scopes, and the count of changes to them (`pv`) they are current as of.
    """
    minutes = auth_settings.ACCESS_TOKEN_EXPIRE_MINUTES
    scope = " ".join(sorted(permissions))
    return _encode(
        user_id, "access", minutes, sid=str(session_id), scope=scope, pv=permissions_version
    )


def create_refresh_token(user_id: int, session_id: int, nonce: str) -> str:
    """A refresh token of this session; the session knows it by the digest of `nonce`."""
    minutes = auth_settings.REFRESH_TOKEN_EXPIRE_MINUTES
    return _encode(user_id, "refresh", minutes, sid=str(session_id), jti=nonce)


def refresh_expiry() -> datetime:
    """When a refresh token issued now stops working, and its session with it."""
    return datetime.now(UTC) + timedelta(minutes=auth_settings.REFRESH_TOKEN_EXPIRE_MINUTES)


def create_client_token(
    user_id: int, client_id: str, scopes: Collection[str], permissions_version: int
) -> str:
    """An access token for a machine client acting for this user, limited to `scopes`, and
    good while the user's permissions stay as they were (`pv`).
    """
    scope = " ".join(sorted(scopes))
    minutes = auth_settings.CLIENT_TOKEN_EXPIRE_MINUTES
    return _encode(
        user_id, "access", minutes, client_id=client_id, scope=scope, pv=permissions_version
    )


class VerifiedToken(NamedTuple):
    kind: str
    user_id: int
    expires_at: int
    # A user's token belongs to a sign-in session; a refresh token also carries its nonce.
    session_id: int | None = None
    nonce: str | None = None
    # What an access token permits (a user's permissions, or a machine client's scopes), and
    # the count of changes to its user's permissions it was issued at.
    scopes: frozenset[str] = frozenset()
    permissions_version: int | None = None
    # A machine client's id; a user's token has none.
    client_id: str | None = None


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
    session, nonce, version = claims.get("sid"), claims.get("jti"), claims.get("pv")
    if not isinstance(subject, str) or not subject.isdigit():
        raise InvalidCredentials("Invalid token")
    if not isinstance(client_id, str | None) or not isinstance(scope, str):
        raise InvalidCredentials("Invalid token")
    if not isinstance(nonce, str | None) or not isinstance(version, int | None):
        raise InvalidCredentials("Invalid token")
    kind, user_id, expires_at = claims["type"], int(subject), int(claims["exp"])
    scopes = frozenset(scope.split())
    if client_id is not None:
        return VerifiedToken(
            kind,
            user_id,
            expires_at,
            scopes=scopes,
            permissions_version=version,
            client_id=client_id,
        )
    # A user's token without a session was issued before sessions existed: sign in again.
    if not isinstance(session, str) or not session.isdigit():
        raise InvalidCredentials("Invalid token")
    return VerifiedToken(
        kind,
        user_id,
        expires_at,
        session_id=int(session),
        nonce=nonce,
        scopes=scopes,
        permissions_version=version,
    )


def check_token(token: str, expected_kind: TokenKind) -> VerifiedToken:
    """A valid, unexpired token of the expected kind."""
    verified = _verify(token)
    if time.time() >= verified.expires_at:
        raise InvalidCredentials("Invalid or expired token")
    if verified.kind != expected_kind:
        raise InvalidCredentials("Invalid token")
    return verified
