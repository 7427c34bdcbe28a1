"""CSRF protection for the pages' forms: the double-submit cookie.

Each form carries a random token that must equal the one in an HttpOnly, SameSite=Strict
cookie. Another site can make a browser post here, but it can neither read that cookie nor
set it, so it cannot put the matching token in its form. No server state, no secret.
"""

import hmac
import re
import secrets
from collections.abc import Mapping
from typing import Annotated

from fastapi import Form, Request, Response
from pydantic import BaseModel, Field

from ..core.errors import PermissionDenied
from .config import pages_settings
from .templating import render

CSRF_COOKIE = "csrf_token"  # templates/_account.html reads it by this name
VALID_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")


class CsrfForm(BaseModel):
    """A form's CSRF token; every form of the pages extends this."""

    csrf_token: Annotated[str, Field(max_length=64)] = ""


# A form whose only field is its CSRF token (a button that deletes, starts, signs out).
CsrfFormDep = Annotated[CsrfForm, Form()]


def new_token() -> str:
    return secrets.token_urlsafe(32)


def current_or_new(request: Request) -> str:
    """The browser's token if it has a well-formed one, or a new one."""
    token = request.cookies.get(CSRF_COOKIE, "")
    return token if VALID_TOKEN.fullmatch(token) else new_token()


def set_token_cookie(response: Response, token: str) -> None:
    response.set_cookie(
        CSRF_COOKIE,
        token,
        httponly=True,
        secure=pages_settings.pages_secure_cookies,
        samesite="strict",
        path="/",
    )


def form_page(
    request: Request,
    template: str,
    context: Mapping[str, object],
    status_code: int = 200,
    token: str | None = None,
) -> Response:
    """A page with a form: `token` (or the browser's, or a new one) in its `csrf_token`, and
    set as the cookie.
    """
    token = token or current_or_new(request)
    response = render(request, template, {"csrf_token": token, **context}, status_code)
    set_token_cookie(response, token)
    return response


def check_token(request: Request, submitted: str) -> None:
    """Refuse the form (403) unless it carries the token of the browser's cookie."""
    expected = request.cookies.get(CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), submitted.encode()):
        raise PermissionDenied("The form's CSRF token is missing or wrong; reload the page")
