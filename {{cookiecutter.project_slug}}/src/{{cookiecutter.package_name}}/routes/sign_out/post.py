from typing import Annotated

from fastapi import Form, Request, Response

from {{ cookiecutter.package_name }}.pages.csrf import check_token
from {{ cookiecutter.package_name }}.pages.sign_in import CsrfForm, end_session

name = "sign_out"
include_in_schema = False


async def handler(request: Request, form: Annotated[CsrfForm, Form()]) -> Response:
    check_token(request, form.csrf_token)
    return end_session(request)
