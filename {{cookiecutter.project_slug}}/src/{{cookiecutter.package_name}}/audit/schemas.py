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
    # A reset or verification link e-mailed: at most one of each per account per
    # ACCOUNT_MAIL_INTERVAL_SECONDS, whoever asks.
    PASSWORD_RESET_SENT = "password_reset_sent"  # noqa: S105 (an event, not a secret)
    VERIFICATION_SENT = "verification_sent"
    EMAIL_VERIFIED = "email_verified"
    # A new address asked for (the old one is told), and the change once the new one opens
    # its link.
    EMAIL_CHANGE_REQUESTED = "email_change_requested"
    EMAIL_CHANGED = "email_changed"
    # A user given other roles (the event is theirs), and a role made, changed or deleted (the
    # event is the admin's who did it).
    ROLES_ASSIGNED = "roles_assigned"
    ROLE_CHANGED = "role_changed"
    # Two-factor sign-in turned on or off by the account's owner, or off by an admin.
    TWO_FACTOR_ENABLED = "two_factor_enabled"
    TWO_FACTOR_DISABLED = "two_factor_disabled"
    TWO_FACTOR_RESET = "two_factor_reset"
    # An account linked to its single sign-on provider's account at the first sign-in there.
    SSO_LINKED = "sso_linked"


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
