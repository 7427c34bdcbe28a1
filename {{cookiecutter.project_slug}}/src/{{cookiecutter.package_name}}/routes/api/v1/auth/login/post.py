from typing import Annotated

from fastapi import Form

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth import service
from {{ cookiecutter.package_name }}.auth.schemas import LoginForm, Token
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    error_responses,
)

name = "login"
responses = error_responses(AuthenticationFailed)


async def handler(session: SessionDep, form: Annotated[LoginForm, Form()]) -> Token:
    """Exchange an email (the `username` field) and password for access and refresh tokens."""
    user = await service.authenticate(session, form.username, form.password)
    return service.issue_tokens(user)
