"""Signing in to the pages with an API key: a person who holds one pastes it once, and the
session cookie keeps it.
"""

from collections.abc import Collection
from typing import Annotated

from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from ..api_keys.keys import is_valid_api_key
from .api_keys import holder_of
from .principal import Principal

__all__ = [
    "SIGN_IN_ERROR",
    "SIGN_IN_FIELDS",
    "SIGN_IN_REFUSED_LINKS",
    "SignInCredentials",
    "session_caller",
    "sign_in",
    "sign_in_form_served",
    "sign_in_links",
    "sign_out",
]


class SignInCredentials(BaseModel):
    """What the pages' sign-in form asks for: a person who holds a key pastes it once."""

    api_key: Annotated[str, Field(max_length=256)]


SIGN_IN_FIELDS = [
    {"name": "api_key", "label": "API key", "type": "password", "autocomplete": "off"}
]
SIGN_IN_ERROR = "That API key is not valid."
# A listed key is never refused.
SIGN_IN_REFUSED_LINKS: list[tuple[str, str]] = []


def sign_in_form_served() -> bool:
    """The form is the only way in with a key: always served."""
    return True


def sign_in_links() -> list[tuple[str, str]]:
    """Nothing to link to: a lost key is replaced by whoever lists the keys."""
    return []


async def sign_in(
    session: AsyncSession, credentials: SignInCredentials, connection: HTTPConnection
) -> str | None:
    """What the pages keep in their session cookie: the key, when it is a listed one."""
    return credentials.api_key if is_valid_api_key(credentials.api_key) else None


async def sign_out(session: AsyncSession, credential: str) -> None:
    """Nothing to end: a key stays listed until the service's settings change."""


async def session_caller(
    session: AsyncSession, credential: str, permissions: Collection[str]
) -> Principal:
    """Whoever holds the session cookie's key, which opens every page; raises
    ApiKeyRequired.
    """
    return holder_of(credential)
