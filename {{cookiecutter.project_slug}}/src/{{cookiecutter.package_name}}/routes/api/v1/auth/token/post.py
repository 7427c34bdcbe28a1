from typing import Annotated

from fastapi import Depends, Form
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.schemas import ClientCredentialsForm, ClientToken
from {{ cookiecutter.package_name }}.auth.security import create_client_token
from {{ cookiecutter.package_name }}.clients.service import (
    InvalidClient,
    authenticate_client,
    check_scopes,
)
from {{ cookiecutter.package_name }}.core.errors import (
    AuthenticationFailed,
    BadRequest,
    error_responses,
)

basic_credentials = HTTPBasic(auto_error=False)

name = "client_token"
responses = error_responses(AuthenticationFailed, BadRequest)


async def handler(
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
        expires_in=auth_settings.CLIENT_TOKEN_EXPIRE_MINUTES * 60,
        scope=" ".join(sorted(asked)),
    )
