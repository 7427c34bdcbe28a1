from typing import Annotated

from fastapi import Form, Request, Response

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.identity.sign_in import SIGN_IN_ERROR
from {{ cookiecutter.package_name }}.pages.csrf import check_token
from {{ cookiecutter.package_name }}.pages.sign_in import (
    SignInForm,
    sign_in_credential,
    sign_in_form,
    start_session,
)

name = "submit_sign_in"
include_in_schema = False


async def handler(
    request: Request, session: SessionDep, form: Annotated[SignInForm, Form()]
) -> Response:
    check_token(request, form.csrf_token)
    credential = await sign_in_credential(session, form)
    if credential is None:
        return sign_in_form(request, form.csrf_token, error=SIGN_IN_ERROR)
    return start_session(request, credential)
