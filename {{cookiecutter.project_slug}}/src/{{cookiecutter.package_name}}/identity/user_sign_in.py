"""Signing in to the pages with an email and password: the session cookie keeps an access
token, the same the API accepts as a bearer token.
"""

from typing import Annotated

from fastapi.security import SecurityScopes
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.dependencies import get_caller_id, get_current_user
from ..auth.security import create_token
from ..auth.service import authenticate
from ..core.errors import AuthenticationFailed
from ..db.base import STORABLE_TEXT
from .principal import Principal
from .users import user_principal

__all__ = ["SIGN_IN_ERROR", "SIGN_IN_FIELDS", "SignInCredentials", "session_caller", "sign_in"]


class SignInCredentials(BaseModel):
    """What the pages' sign-in form asks for."""

    email: Annotated[str, Field(max_length=320, pattern=STORABLE_TEXT)]
    password: Annotated[str, Field(max_length=128)]


SIGN_IN_FIELDS = [
    {"name": "email", "label": "Email", "type": "email", "autocomplete": "username"},
    {
        "name": "password",
        "label": "Password",
        "type": "password",
        "autocomplete": "current-password",
    },
]
SIGN_IN_ERROR = "Wrong email or password."


async def sign_in(session: AsyncSession, credentials: SignInCredentials) -> str | None:
    """What the pages keep in their session cookie for this email and password: an access
    token, the same the API accepts as a bearer token; None when they are wrong.
    """
    try:
        user = await authenticate(session, credentials.email, credentials.password)
    except AuthenticationFailed:
        return None
    return create_token(user.id, "access")


async def session_caller(session: AsyncSession, credential: str) -> Principal:
    """The active user a session cookie's token names; raises AuthenticationFailed. The
    pages list items, so the token needs what the item list needs.
    """
    user_id = await get_caller_id(SecurityScopes(["items:read"]), credential)
    user = await get_current_user(session, user_id)
    return user_principal(user.id, is_superuser=user.is_superuser)
