"""The sign-in form and sign-out, for the pages."""

from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from ..api.deps import SessionDep
from ..identity.sign_in import SIGN_IN_ERROR
from .csrf import check_token, current_or_new
from .sign_in import (
    CsrfForm,
    SignInForm,
    end_session,
    sign_in_credential,
    sign_in_form,
    start_session,
)

router = APIRouter(include_in_schema=False)


@router.get("/sign-in", name="sign_in")
async def sign_in_page(request: Request) -> Response:
    return sign_in_form(request, current_or_new(request))


@router.post("/sign-in")
async def submit_sign_in(
    request: Request, session: SessionDep, form: Annotated[SignInForm, Form()]
) -> Response:
    check_token(request, form.csrf_token)
    credential = await sign_in_credential(session, form)
    if credential is None:
        return sign_in_form(request, form.csrf_token, error=SIGN_IN_ERROR)
    return start_session(request, credential)


@router.post("/sign-out", name="sign_out")
async def sign_out(request: Request, form: Annotated[CsrfForm, Form()]) -> Response:
    check_token(request, form.csrf_token)
    return end_session(request)
