"""Sign in to the pages, and out again.

The session cookie holds the credential the sign-in form took (identity/ says which: an
access token, or an API key) but only the pages read it: the API takes credentials from
headers alone, so a cross-site request that carries the cookie cannot act on the API.
"""

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Cookie, Form, Request, Response
from fastapi.responses import RedirectResponse

from ..api.deps import SessionDep
from ..core.errors import AuthenticationFailed, PermissionDenied
from ..identity import Principal
from ..identity.sign_in import (
    SIGN_IN_ERROR,
    SIGN_IN_FIELDS,
    SIGN_IN_REFUSED_LINKS,
    SignInCredentials,
    session_caller,
    sign_in,
    sign_in_form_served,
    sign_in_links,
)
from ..identity.sign_in import sign_out as end_signed_in_session
from .config import pages_settings
from .csrf import (
    CsrfForm,
    CsrfFormDep,
    check_token,
    current_or_new,
    form_page,
    new_token,
    set_token_cookie,
)

SESSION_COOKIE = "session"  # templates/_account.html reads it by this name
SessionCookie = Annotated[str | None, Cookie(alias=SESSION_COOKIE)]


class SignInRequired(Exception):
    """A page needs a signed-in caller; answered with a redirect to the sign-in page."""


async def redirect_to_sign_in(request: Request, _: Exception) -> Response:
    return RedirectResponse(request.url_for("sign_in").path, status_code=303)


class SignInForm(SignInCredentials, CsrfForm):
    """The sign-in form's fields, and its CSRF token."""


def signed_in(*permissions: str) -> Callable[..., Awaitable[Principal]]:
    """A dependency on the caller the session cookie names (to sign-in when there is none),
    holding these permissions (403 otherwise).
    """

    async def signed_in_caller(session: SessionDep, credential: SessionCookie = None) -> Principal:
        if credential is None:
            raise SignInRequired
        try:
            return await session_caller(session, credential, permissions)
        except AuthenticationFailed as exc:
            raise SignInRequired from exc

    return signed_in_caller


def sign_in_form(
    request: Request,
    token: str,
    error: str | None = None,
    typed: dict[str, str] | None = None,
    *,
    refused: bool = False,
) -> Response:
    """The form, with the browser's CSRF token (set as a cookie if it is new), and what was
    typed into it but secrets on a failed attempt (401), or a refused one (403: the right
    credentials, not to be used yet).
    """
    context = {
        "fields": SIGN_IN_FIELDS if sign_in_form_served() else [],
        "links": SIGN_IN_REFUSED_LINKS if refused else sign_in_links(),
        "error": error,
        "typed": typed or {},
    }
    status_code = 403 if refused else 401 if error else 200
    return form_page(request, "sign_in.html", context, status_code, token)


async def sign_in_page(request: Request) -> Response:
    return sign_in_form(request, current_or_new(request))


async def submit_sign_in(
    request: Request, session: SessionDep, form: Annotated[SignInForm, Form()]
) -> Response:
    check_token(request, form.csrf_token)
    typed = form.model_dump()
    # The account's name is kept; secrets and codes are typed again.
    kept = {
        field["name"]: typed[field["name"]]
        for field in SIGN_IN_FIELDS
        if field["autocomplete"] == "username"
    }
    try:
        credential = await sign_in(session, form, request)
    except PermissionDenied as refusal:
        return sign_in_form(request, form.csrf_token, refusal.detail, kept, refused=True)
    except AuthenticationFailed as unfinished:  # the right password, a code still to come
        return sign_in_form(request, form.csrf_token, unfinished.detail, kept)
    if credential is None:
        return sign_in_form(request, form.csrf_token, error=SIGN_IN_ERROR, typed=kept)
    return start_session(request, credential)


async def sign_out(
    request: Request,
    session: SessionDep,
    form: CsrfFormDep,
    credential: SessionCookie = None,
) -> Response:
    check_token(request, form.csrf_token)
    if credential is not None:
        await end_signed_in_session(session, credential)
    return end_session(request)


def start_session(request: Request, credential: str) -> Response:
    """Keep the credential in the session cookie and go to the caller's items."""
    response = RedirectResponse(request.url_for("items_page").path, status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        credential,
        max_age=pages_settings.PAGES_SESSION_MINUTES * 60,
        httponly=True,
        secure=pages_settings.pages_secure_cookies,
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
        secure=pages_settings.pages_secure_cookies,
        samesite="lax",
        path="/",
    )
    return response
