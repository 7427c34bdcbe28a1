"""Log in with the OAuth2 password flow, refresh tokens, and recover a forgotten password."""

from typing import Annotated

from fastapi import APIRouter, Form, status

from ..api.deps import SessionDep
from ..core.errors import AuthenticationFailed, error_responses
from ..mail.outbox import OUTBOX_ERRORS, OutboxDep
from . import recovery, service
from .schemas import LoginForm, Message, PasswordRecovery, PasswordReset, RefreshRequest, Token
from .security import decode_token

router = APIRouter(prefix="/auth", tags=["auth"])
authenticated = error_responses(AuthenticationFailed)


@router.post("/login", responses=authenticated)
async def login(session: SessionDep, form: Annotated[LoginForm, Form()]) -> Token:
    """Exchange an email (the `username` field) and password for access and refresh tokens."""
    user = await service.authenticate(session, form.username, form.password)
    return service.issue_tokens(user)


@router.post("/refresh", responses=authenticated)
async def refresh(session: SessionDep, body: RefreshRequest) -> Token:
    """Exchange a refresh token for a new pair of tokens."""
    user = await service.refresh(session, decode_token(body.refresh_token, "refresh"))
    return service.issue_tokens(user)


@router.post(
    "/password-recovery",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(*OUTBOX_ERRORS),
)
async def recover_password(body: PasswordRecovery, outbox: OutboxDep) -> Message:
    """E-mail a password reset link to the address, if it has an account; the answer is the
    same either way, and the lookup happens after it.
    """
    await outbox.password_reset(body.email)
    return recovery.RECOVERY_STARTED


@router.post(
    "/reset-password",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=error_responses(recovery.InvalidResetToken),
)
async def reset_password(session: SessionDep, body: PasswordReset) -> None:
    """Set a new password with the token from a reset e-mail (403 when it is invalid,
    expired or already used).
    """
    await recovery.reset_password(session, body.token, body.new_password)
