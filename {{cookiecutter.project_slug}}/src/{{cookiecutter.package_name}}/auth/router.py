"""Log in with the OAuth2 password flow, refresh tokens, and issue machine clients' tokens
with the client credentials flow.
"""

from typing import Annotated

from fastapi import APIRouter, Depends, Form
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from ..api.deps import SessionDep
from ..clients.service import InvalidClient, authenticate_client, check_scopes
from ..core.errors import AuthenticationFailed, BadRequest, error_responses
from ..settings import settings
from . import service
from .schemas import ClientCredentialsForm, ClientToken, LoginForm, RefreshRequest, Token
from .security import create_client_token, decode_token

basic_credentials = HTTPBasic(auto_error=False)

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


@router.post("/token", responses=error_responses(BadRequest))
async def client_token(
    session: SessionDep,
    form: Annotated[ClientCredentialsForm, Form()],
    basic: Annotated[HTTPBasicCredentials | None, Depends(basic_credentials)],
) -> ClientToken:
    """Exchange a machine client's id and secret (HTTP Basic, or the form's fields) for a
    short-lived access token carrying the scopes asked for, or all the client's.
    """
    if basic is not None:
        client_id, secret = basic.username, basic.password
    elif form.client_id is not None and form.client_secret is not None:
        client_id, secret = form.client_id, form.client_secret
    else:
        raise InvalidClient("Client credentials required")
    client = await authenticate_client(session, client_id, secret)
    asked = set(form.scope.split()) if form.scope else client.scope_set
    check_scopes(asked)
    if not asked <= client.scope_set:
        raise BadRequest(f"Scope not granted: {' '.join(sorted(asked - client.scope_set))}")
    return ClientToken(
        access_token=create_client_token(client.owner_id, client.client_id, asked),
        expires_in=settings.CLIENT_TOKEN_EXPIRE_MINUTES * 60,
        scope=" ".join(sorted(asked)),
    )
