"""The pages that recover an account: ask for a reset link, and set a new password from it.

Both forms carry the CSRF token and count against the sign-in's rate limit; they go through
the same `auth/recovery.py` functions as the API, so the e-mail, the token and what a reset
ends (every session) are the same.
"""

from typing import Annotated

from fastapi import Form, Query, Request, Response
from pydantic import Field, TypeAdapter, ValidationError

from ..api.deps import SessionDep
from ..auth import recovery
from ..auth.recovery import InvalidResetToken
from ..db.base import STORABLE_TEXT
from ..mail.outbox import OutboxDep
from ..users.schemas import Password
from .csrf import CsrfForm, check_token, form_page

RESET_LINK_EXPIRED = "This link has expired or has been used. Ask for a new one."
SHORT_PASSWORD = "Choose a password of at least 8 characters."  # noqa: S105 (not a secret)
NEW_PASSWORD = TypeAdapter(Password)


class AddressForm(CsrfForm):
    """An account's address, where a link is to go: a reset link, or a new verification link."""

    email: Annotated[str, Field(max_length=320, pattern=STORABLE_TEXT)]


class ResetPasswordForm(CsrfForm):
    token: Annotated[str, Field(max_length=2048)]
    new_password: Annotated[str, Field(max_length=128)]


async def forgot_password_page(request: Request) -> Response:
    return form_page(request, "forgot_password.html", {"sent": False})


async def submit_forgot_password(
    request: Request, outbox: OutboxDep, form: Annotated[AddressForm, Form()]
) -> Response:
    """Send the reset link if the address has an account; the page says the same either way."""
    check_token(request, form.csrf_token)
    await recovery.start_recovery(outbox, form.email)
    return form_page(request, "forgot_password.html", {"sent": True, "email": form.email})


async def reset_password_page(
    request: Request, token: Annotated[str, Query(max_length=2048)] = ""
) -> Response:
    """The page a reset e-mail links to, with its token in the query string."""
    return form_page(request, "reset_password.html", {"token": token, "error": None})


async def submit_reset_password(
    request: Request, session: SessionDep, form: Annotated[ResetPasswordForm, Form()]
) -> Response:
    check_token(request, form.csrf_token)
    try:
        NEW_PASSWORD.validate_python(form.new_password)
    except ValidationError:
        context = {"token": form.token, "error": SHORT_PASSWORD}
        return form_page(request, "reset_password.html", context, 422)
    try:
        await recovery.reset_password(session, form.token, form.new_password)
    except InvalidResetToken:
        context = {"token": "", "error": RESET_LINK_EXPIRED}
        return form_page(request, "reset_password.html", context, 403)
    return form_page(request, "password_reset_done.html", {})
