{%- if "jwt" in features -%}
"""Sign in to the pages with an email and password, and out again.

The session cookie holds an access token, the same the API accepts as a bearer token, but
only the pages read it: the API takes credentials from headers alone, so a cross-site
request that carries the cookie cannot act on the API as the user.
"""
{%- elif "api_key" in features -%}
"""Sign in to the pages with an API key, and out again.

The service has no users: a person who holds an API key pastes it once, and the pages keep
it in an HttpOnly session cookie. Only the pages read that cookie: the API takes the key
from the X-API-Key header alone, so a cross-site request carrying the cookie cannot act on
the API.
"""
{%- endif %}

from typing import Annotated

from fastapi import Cookie, Request, Response
from fastapi.responses import RedirectResponse
{%- if "jwt" in features %}
from fastapi.security import SecurityScopes
{%- endif %}
from pydantic import BaseModel, Field
{%- if "jwt" in features %}

from ..api.deps import SessionDep
from ..auth.dependencies import get_caller_id, get_current_user
from ..auth.security import create_token
from ..auth.service import authenticate
from ..core.errors import AuthenticationFailed
from ..db.base import STORABLE_TEXT
{%- elif "api_key" in features %}

from ..api_keys.keys import is_valid_api_key
{%- endif %}
from ..items.dependencies import visible_items
from ..items.service import Visible
from ..settings import settings
from .csrf import new_token, set_token_cookie
from .templating import render

SESSION_COOKIE = "session"  # templates/_account.html reads it by this name
SessionCookie = Annotated[str | None, Cookie(alias=SESSION_COOKIE)]


class SignInRequired(Exception):
    """A page needs a signed-in caller; answered with a redirect to the sign-in page."""


async def redirect_to_sign_in(request: Request, _: Exception) -> Response:
    return RedirectResponse(request.url_for("sign_in").path, status_code=303)


class CsrfForm(BaseModel):
    csrf_token: Annotated[str, Field(max_length=64)] = ""
{%- if "jwt" in features %}


class SignInForm(CsrfForm):
    email: Annotated[str, Field(max_length=320, pattern=STORABLE_TEXT)]
    password: Annotated[str, Field(max_length=128)]


FIELDS = [
    {"name": "email", "label": "Email", "type": "email", "autocomplete": "username"},
    {
        "name": "password",
        "label": "Password",
        "type": "password",
        "autocomplete": "current-password",
    },
]
SIGN_IN_ERROR = "Wrong email or password."


async def signed_in_items(session: SessionDep, token: SessionCookie = None) -> Visible:
    """The items of the user the session cookie names (to sign-in when there is none)."""
    if token is None:
        raise SignInRequired
    try:
        # The page lists items, so the cookie's token needs what the item list needs.
        caller_id = await get_caller_id(SecurityScopes(["items:read"]), token)
        user = await get_current_user(session, caller_id)
    except AuthenticationFailed as exc:
        raise SignInRequired from exc
{%- if "cache" in features %}
    return await visible_items(user)
{%- else %}
    return await visible_items(user.id)
{%- endif %}
{%- elif "api_key" in features %}


class SignInForm(CsrfForm):
    api_key: Annotated[str, Field(max_length=256)]


FIELDS = [{"name": "api_key", "label": "API key", "type": "password", "autocomplete": "off"}]
SIGN_IN_ERROR = "That API key is not valid."


async def signed_in_items(key: SessionCookie = None) -> Visible:
    """Every item, for a caller whose session cookie holds a listed API key."""
    if key is None or not is_valid_api_key(key):
        raise SignInRequired
    return await visible_items()
{%- endif %}


def sign_in_form(request: Request, token: str, error: str | None = None) -> Response:
    """The form, with the browser's CSRF token (set as a cookie if it is new)."""
    context = {"csrf_token": token, "fields": FIELDS, "error": error}
    response = render(request, "sign_in.html", context, status_code=401 if error else 200)
    set_token_cookie(response, token)
    return response
{%- if "jwt" in features %}


async def sign_in_credential(session: SessionDep, form: SignInForm) -> str | None:
    """An access token for the form's email and password; None when they are wrong."""
    try:
        user = await authenticate(session, form.email, form.password)
    except AuthenticationFailed:
        return None
    return create_token(user.id, "access")
{%- elif "api_key" in features %}


async def sign_in_credential(form: SignInForm) -> str | None:
    """The form's API key, when it is a listed one."""
    return form.api_key if is_valid_api_key(form.api_key) else None
{%- endif %}


def start_session(request: Request, credential: str) -> Response:
    """Keep the credential in the session cookie and go to the caller's items."""
    response = RedirectResponse(request.url_for("items_page").path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        credential,
        max_age=settings.PAGES_SESSION_MINUTES * 60,
        httponly=True,
        secure=settings.pages_secure_cookies,
        samesite="lax",
        path="/",
    )
    # A new token for the signed-in session: one that was seen before sign-in is not reused.
    set_token_cookie(response, new_token())
    return response


def end_session(request: Request) -> Response:
    """Forget the session cookie and go to the landing page."""
    response = RedirectResponse(request.url_for("home").path, status_code=303)
    response.delete_cookie(
        SESSION_COOKIE,
        httponly=True,
        secure=settings.pages_secure_cookies,
        samesite="lax",
        path="/",
    )
    return response
