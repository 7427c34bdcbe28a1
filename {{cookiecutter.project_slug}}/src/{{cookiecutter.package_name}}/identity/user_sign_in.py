"""Signing in to the pages with an email and password: each sign-in starts a session, and
the cookie keeps its access token, the same the API accepts as a bearer token.
"""

from collections.abc import Collection
from typing import Annotated

from fastapi.security import SecurityScopes
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import HTTPConnection

from ..auth.config import auth_settings
from ..auth.dependencies import get_access_token, get_current_user
from ..auth.security import check_token
from ..auth.service import CodeRequired, authenticate, sign_in_without_refresh
from ..core.errors import AuthenticationFailed, NotFound
from ..db.base import STORABLE_TEXT
from ..sessions import service as sessions
from ..sessions.service import SignInClient
from ..sso.config import password_sign_in, single_sign_on, sso_settings
from .principal import Principal
from .users import user_principal

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
    """What the pages' sign-in form asks for."""

    email: Annotated[str, Field(max_length=320, pattern=STORABLE_TEXT)]
    password: Annotated[str, Field(max_length=128)]
    one_time_code: Annotated[str, Field(max_length=32)] = ""


SIGN_IN_FIELDS = [
    {"name": "email", "label": "Email", "type": "email", "autocomplete": "username"},
    {
        "name": "password",
        "label": "Password",
        "type": "password",
        "autocomplete": "current-password",
    },
    # Asked of every account, needed by those with two-factor sign-in: not required.
    {
        "name": "one_time_code",
        "label": "One-time code, if you turned on two-factor sign-in",
        "type": "text",
        "autocomplete": "one-time-code",
        "optional": "yes",
    },
]
SIGN_IN_ERROR = "Wrong email, password or code."
# Where a sign-in refused with the right password (the address is not verified yet) leads.
SIGN_IN_REFUSED_LINKS = [("verify_email_page", "Ask for a new link")]


def sign_in_form_served() -> bool:
    """Whether the form takes a password: not when single sign-on is the only way in."""
    return password_sign_in()


def sign_in_links() -> list[tuple[str, str]]:
    """What the sign-in page links to besides, as page names and the links' texts: the
    provider's sign-in once one is configured; the password's pages unless the provider is
    the only way in, sign-up among them only while REGISTRATION_OPEN says so.
    """
    links = []
    if single_sign_on():
        links.append(("sso_sign_in_page", f"Sign in with {sso_settings.OIDC_PROVIDER_NAME}"))
    if password_sign_in():
        links.append(("forgot_password_page", "Forgot your password?"))
        if auth_settings.REGISTRATION_OPEN:
            links.append(("sign_up_page", "Create an account"))
    return links


async def sign_in(
    session: AsyncSession, credentials: SignInCredentials, connection: HTTPConnection
) -> str | None:
    """What the pages keep in their session cookie for this email and password: the access
    token of a new session, the same the API accepts as a bearer token; None when they are
    wrong. Raises EmailNotVerified (a PermissionDenied) when they are right but the address
    still waits for its link, and CodeRequired when the account needs a one-time code too.
    """
    client = SignInClient.of(connection)
    email, password, code = credentials.email, credentials.password, credentials.one_time_code
    try:
        user = await authenticate(session, email, password, client, code or None)
    except CodeRequired:
        raise
    except AuthenticationFailed:
        return None
    return await sign_in_without_refresh(session, user, client)


async def sign_out(session: AsyncSession, credential: str) -> None:
    """End the session the cookie's token belongs to, if it has not ended already."""
    try:
        access = check_token(credential, "access")
    except AuthenticationFailed:
        return
    if access.session_id is not None:
        try:
            await sessions.end(session, access.user_id, access.session_id)
        except NotFound:
            return


async def session_caller(
    session: AsyncSession, credential: str, permissions: Collection[str]
) -> Principal:
    """The active user a session cookie's token names, in a live session; raises
    AuthenticationFailed, or PermissionDenied when the token lacks one of the permissions
    the page acts with.
    """
    access = await get_access_token(SecurityScopes(list(permissions)), credential)
    await get_current_user(session, access)
    return user_principal(access)
