"""Sign up on the pages, and verify the address: the page a verification link opens (at
sign-up, or for a new address) and the form that asks for a new link.

Every form carries the CSRF token and counts against the sign-in's rate limit; they go
through the same `auth/verification.py` functions as the API, so the account, the e-mail
and its link are the same. Opening a link only shows a button: mail scanners fetch the links
in what they scan, and that alone must not verify an address.
"""

from typing import Annotated

from fastapi import Form, Query, Request, Response
from pydantic import Field, ValidationError

from ..api.deps import SessionDep
from ..auth import verification
from ..auth.config import auth_settings
from ..auth.verification import InvalidVerificationToken
from ..core.errors import Conflict
from ..db.base import STORABLE_TEXT
from ..mail.outbox import OutboxDep
from ..users.schemas import UserRegister
from .accounts import SHORT_PASSWORD, AddressForm
from .csrf import CsrfForm, check_token, form_page
from .templating import render

# What the sign-up form says of each field UserRegister refuses.
FIELD_ERRORS = {"email": "Give a valid e-mail address.", "password": SHORT_PASSWORD}
VERIFY_LINK_EXPIRED = "This link has expired or no longer works. Ask for a new one."


class SignUpForm(CsrfForm):
    email: Annotated[str, Field(max_length=320, pattern=STORABLE_TEXT)]
    full_name: Annotated[str, Field(max_length=255, pattern=STORABLE_TEXT)] = ""
    password: Annotated[str, Field(max_length=128)]


class VerifyEmailForm(CsrfForm):
    token: Annotated[str, Field(max_length=2048)]


def sign_up_closed(request: Request) -> Response:
    return render(request, "sign_up.html", {"closed": True}, 403)


def sign_up_form(
    request: Request,
    typed: dict[str, str] | None = None,
    errors: list[str] | None = None,
    status_code: int = 200,
    *,
    taken: bool = False,
) -> Response:
    """The form, with what was typed into it but the password."""
    context = {"typed": typed or {}, "errors": errors or [], "taken": taken}
    return form_page(request, "sign_up.html", context, status_code)


async def sign_up_page(request: Request) -> Response:
    """The sign-up form, while REGISTRATION_OPEN says so."""
    if not auth_settings.REGISTRATION_OPEN:
        return sign_up_closed(request)
    return sign_up_form(request)


async def submit_sign_up(
    request: Request,
    session: SessionDep,
    outbox: OutboxDep,
    form: Annotated[SignUpForm, Form()],
) -> Response:
    """Make the account, its address still to be verified, and e-mail the link that does."""
    check_token(request, form.csrf_token)
    if not auth_settings.REGISTRATION_OPEN:
        return sign_up_closed(request)
    typed = {"email": form.email, "full_name": form.full_name}
    try:
        data = UserRegister(
            email=form.email, password=form.password, full_name=form.full_name or None
        )
    except ValidationError as exc:
        errors = [FIELD_ERRORS[str(error["loc"][0])] for error in exc.errors()]
        return sign_up_form(request, typed, errors, 422)
    try:
        user = await verification.register(session, outbox, data)
    except Conflict:
        return sign_up_form(request, typed, status_code=409, taken=True)
    return form_page(request, "sign_up_done.html", {"email": user.email})


async def verify_email_page(
    request: Request, token: Annotated[str, Query(max_length=2048)] = ""
) -> Response:
    """The page a verification e-mail links to: a button that verifies the address, or,
    without a token, the form that asks for a new link.
    """
    return form_page(request, "verify_email.html", {"token": token})


async def submit_verify_email(
    request: Request, session: SessionDep, form: Annotated[VerifyEmailForm, Form()]
) -> Response:
    check_token(request, form.csrf_token)
    try:
        user = await verification.verify_email(session, form.token)
    except InvalidVerificationToken:
        return form_page(request, "verify_email.html", {"error": VERIFY_LINK_EXPIRED}, 403)
    except Conflict:
        return form_page(request, "verify_email.html", {"taken": True}, 409)
    return form_page(request, "email_verified.html", {"email": user.email})


async def submit_resend_verification(
    request: Request, outbox: OutboxDep, form: Annotated[AddressForm, Form()]
) -> Response:
    """Send a new link if the address has an account still to be verified; the page says the
    same either way.
    """
    check_token(request, form.csrf_token)
    await verification.send_again(outbox, form.email)
    return form_page(request, "verify_email.html", {"sent": True, "email": form.email})
