"""What the API shows of security events, and the kinds there are."""

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from ..db.pagination import Page


class EventKind(StrEnum):
    SIGN_IN_SUCCEEDED = "sign_in_succeeded"
    SIGN_IN_FAILED = "sign_in_failed"
    # A sign-in to a locked account, refused whatever the password (not counted as a failure).
    SIGN_IN_LOCKED = "sign_in_locked"
    ACCOUNT_LOCKED = "account_locked"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (an event, not a secret)
    PASSWORD_RESET = "password_reset"  # noqa: S105 (an event, not a secret)
    SESSION_ENDED = "session_ended"
    # A refresh token presented again: its session ended, as someone else may hold it.
    REFRESH_REUSED = "refresh_reused"


class SecurityEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    kind: EventKind
    user_id: int | None
    session_id: int | None
    address: str | None
    request_id: str | None
    created_at: datetime


class SecurityEventPage(Page):
    events: list[SecurityEventRead]
