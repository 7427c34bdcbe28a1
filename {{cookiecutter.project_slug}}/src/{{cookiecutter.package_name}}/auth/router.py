"""Log in with the OAuth2 password flow and refresh tokens."""

from typing import Annotated

from fastapi import APIRouter, Form

from ..api.deps import SessionDep
from ..core.errors import AuthenticationFailed, error_responses
from . import service
from .schemas import LoginForm, RefreshRequest, Token
from .security import decode_token

router = APIRouter(prefix="/auth", tags=["auth"], responses=error_responses(AuthenticationFailed))


@router.post("/login")
async def login(session: SessionDep, form: Annotated[LoginForm, Form()]) -> Token:
    """Exchange an email (the `username` field) and password for access and refresh tokens."""
    user = await service.authenticate(session, form.username, form.password)
    return service.issue_tokens(user)


@router.post("/refresh")
async def refresh(session: SessionDep, body: RefreshRequest) -> Token:
    """Exchange a refresh token for a new pair of tokens."""
    user = await service.refresh(session, decode_token(body.refresh_token, "refresh"))
    return service.issue_tokens(user)
