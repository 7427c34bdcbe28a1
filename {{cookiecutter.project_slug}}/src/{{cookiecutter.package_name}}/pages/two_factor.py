"""The page that turns two-factor sign-in on and off for the signed-in user: the app's secret
as a QR code (segno draws it as inline SVG: no image request, nothing for the CSP to allow),
then the recovery codes, once. It goes through the same `two_factor/service.py` functions as
the API, so the checks, the events and the sessions a confirmation ends are the same.
"""

from typing import Annotated, Any

from fastapi import Form, Request, Response
from markupsafe import Markup
from pydantic import Field

from ..api.deps import SessionDep
from ..core.errors import Conflict, PermissionDenied
from ..identity import Principal
from ..two_factor import service as two_factor
from ..two_factor.schemas import Enrolment
from ..users.models import User
from ..users.service import get_user
from .csrf import CsrfForm, check_token, form_page
from .dependencies import PageCaller
from .sign_in import SignInRequired

TEMPLATE = "two_factor.html"


class PasswordForm(CsrfForm):
    current_password: Annotated[str, Field(max_length=128)]


class CodeForm(CsrfForm):
    code: Annotated[str, Field(max_length=32)]


class DisableForm(PasswordForm, CodeForm):
    """The current password and a code: a session cookie alone cannot turn it off."""


def qr_code(uri: str) -> Markup:
    """The URI as a QR code, inline SVG (segno writes only its own markup); segno is
    imported on first use, by the one page that draws it.
    """
    import segno

    return Markup(segno.make(uri, error="m").svg_inline(scale=4, light="white", title="QR code"))  # noqa: S704


def _user_id(caller: Principal) -> int:
    if caller.id is None:  # not a user's session: none has two-factor sign-in
        raise SignInRequired
    return caller.id


async def _user_of(session: SessionDep, caller: Principal) -> User:
    return await get_user(session, _user_id(caller))


async def _status_page(
    request: Request,
    session: SessionDep,
    user_id: int,
    error: str | None = None,
    status_code: int = 200,
) -> Response:
    status = await two_factor.status(session, user_id)
    context: dict[str, Any] = {"step": "status", "status": status, "error": error}
    return form_page(request, TEMPLATE, context, status_code)


def _setup_page(
    request: Request, enrolment: Enrolment, error: str | None = None, status_code: int = 200
) -> Response:
    context = {
        "step": "setup",
        "secret": enrolment.secret,
        "qr_code": qr_code(enrolment.uri),
        "error": error,
    }
    return form_page(request, TEMPLATE, context, status_code)


async def two_factor_page(request: Request, session: SessionDep, caller: PageCaller) -> Response:
    return await _status_page(request, session, _user_id(caller))


async def submit_two_factor_start(
    request: Request,
    session: SessionDep,
    caller: PageCaller,
    form: Annotated[PasswordForm, Form()],
) -> Response:
    check_token(request, form.csrf_token)
    user = await _user_of(session, caller)
    try:
        enrolment = await two_factor.start(session, user, form.current_password)
    except (PermissionDenied, Conflict) as refusal:
        return await _status_page(request, session, user.id, refusal.detail, refusal.status_code)
    return _setup_page(request, enrolment)


async def submit_two_factor_confirm(
    request: Request,
    session: SessionDep,
    caller: PageCaller,
    form: Annotated[CodeForm, Form()],
) -> Response:
    check_token(request, form.csrf_token)
    user = await _user_of(session, caller)
    enrolment = await two_factor.waiting(session, user)
    if enrolment is None:
        return await _status_page(request, session, user.id)
    try:
        codes = await two_factor.confirm(session, user.id, form.code, caller.session_id)
    except two_factor.WrongCode as wrong:
        return _setup_page(request, enrolment, wrong.detail, wrong.status_code)
    return form_page(request, TEMPLATE, {"step": "codes", "codes": codes})


async def submit_two_factor_disable(
    request: Request,
    session: SessionDep,
    caller: PageCaller,
    form: Annotated[DisableForm, Form()],
) -> Response:
    check_token(request, form.csrf_token)
    user = await _user_of(session, caller)
    try:
        await two_factor.turn_off(
            session, user, form.current_password, form.code, caller.session_id
        )
    except PermissionDenied as refusal:
        return await _status_page(request, session, user.id, refusal.detail, refusal.status_code)
    return await _status_page(request, session, user.id)
