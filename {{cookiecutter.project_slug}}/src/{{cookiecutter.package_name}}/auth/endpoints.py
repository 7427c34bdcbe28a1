"""Auth endpoints: log in with the OAuth2 password flow, refresh tokens, log out, recover a
forgotten password, verify an e-mail address, issue machine clients' tokens with the client
credentials flow, and page through the security events.
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
from . import recovery, service, verification
from .dependencies import CurrentSession, UserReader
from .schemas import (
    ClientCredentialsForm,
    ClientToken,
    EmailVerification,
    LoginForm,
    Message,
    PasswordRecovery,
    PasswordReset,
    RefreshRequest,
    Token,
    VerificationResend,
)
from .security import check_token

basic_credentials = HTTPBasic(auto_error=False)


async def login(request: Request, session: SessionDep, form: Annotated[LoginForm, Form()]) -> Token:
    """Exchange an email (the `username` field) and password for access and refresh tokens
    of a new session (403 while the address waits for its verification link, if
    SIGN_IN_REQUIRES_VERIFIED_EMAIL). An account with two-factor sign-in needs
    `one_time_code` too: without it, 401 saying so.
    """
    client = SignInClient.of(request)
    code = form.one_time_code
    user = await service.authenticate(session, form.username, form.password, client, code)
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


async def verify_email(session: SessionDep, body: EmailVerification) -> None:
    """Verify an address with the token from the link e-mailed to it: the account's own, or
    the new one asked for, which then replaces it (403 when the link is invalid or expired,
    409 when another account took the new address meanwhile).
    """
    await verification.verify_email(session, body.token)


async def resend_verification(body: VerificationResend, outbox: OutboxDep) -> Message:
    """E-mail the verification link again, if the address has an account still to be
    verified; the answer is the same either way, and the lookup happens after it.
    """
    await verification.send_again(outbox, body.email)
    return verification.VERIFICATION_SENT


async def list_security_events(
    session: SessionDep,
    _: UserReader,
    page: PageDep,
    user_id: Annotated[int | None, Query(ge=1, le=MAX_INTEGER)] = None,
    kind: EventKind | None = None,
) -> SecurityEventPage:
    """Security events, the newest first, of one account or of one kind if asked."""
    rows, total = await audit.list_events(session, page, user_id, kind)
    return SecurityEventPage.of(rows, total, page)
