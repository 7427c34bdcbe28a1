"""Auth endpoints: log in with the OAuth2 password flow, refresh tokens, log out, recover a
forgotten password, issue machine clients' tokens with the client credentials flow, and
page through the security events.
"""

from typing import Annotated

from fastapi import Depends, Form, Query, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from ..api.deps import PageDep, SessionDep
from ..audit import service as audit
from ..audit.schemas import EventKind, SecurityEventPage
from ..clients.service import InvalidClient
from ..db.base import MAX_INTEGER
from ..mail.outbox import OutboxDep
from ..sessions import service as sessions
from ..sessions.service import SignInClient
from . import recovery, service
from .dependencies import CurrentSession, SuperUser
from .schemas import (
    ClientCredentialsForm,
    ClientToken,
    LoginForm,
    Message,
    PasswordRecovery,
    PasswordReset,
    RefreshRequest,
    Token,
)
from .security import check_token

basic_credentials = HTTPBasic(auto_error=False)


async def login(request: Request, session: SessionDep, form: Annotated[LoginForm, Form()]) -> Token:
    """Exchange an email (the `username` field) and password for access and refresh tokens
    of a new session.
    """
    client = SignInClient.of(request)
    user = await service.authenticate(session, form.username, form.password, client)
    return await service.sign_in(session, user, client)


async def refresh(session: SessionDep, body: RefreshRequest) -> Token:
    """Exchange a refresh token for the next pair of its session. Each refresh token works
    once: using one again ends the session (401), as someone else may hold it.
    """
    return await service.refresh(session, check_token(body.refresh_token, "refresh"))


async def logout(session: SessionDep, current: CurrentSession) -> None:
    """End the session of the access token: its tokens stop working at once."""
    await sessions.end(session, current.user_id, current.session_id)


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
    return await service.grant_client_token(session, client_id, secret, form.scope)


async def recover_password(body: PasswordRecovery, outbox: OutboxDep) -> Message:
    """E-mail a password reset link to the address, if it has an account; the answer is the
    same either way, and the lookup happens after it.
    """
    await recovery.start_recovery(outbox, body.email)
    return recovery.RECOVERY_STARTED


async def reset_password(session: SessionDep, body: PasswordReset) -> None:
    """Set a new password with the token from a reset e-mail (403 when it is invalid,
    expired or already used).
    """
    await recovery.reset_password(session, body.token, body.new_password)


async def list_security_events(
    session: SessionDep,
    _: SuperUser,
    page: PageDep,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_INTEGER)] = None,
    kind: EventKind | None = None,
) -> SecurityEventPage:
    """Security events, the newest first, of one account or of one kind if asked
    (superusers only).
    """
    rows, total = await audit.list_events(session, page, user_id, kind)
    return SecurityEventPage.of(rows, total, page)
