"""Settings of login and tokens, of new accounts, and of the first admin."""

from typing import Self

from pydantic import Field, model_validator

from ..core.config import PLACEHOLDER, SettingsBase

MIN_SECRET_KEY_LENGTH = 32
MIN_PASSWORD_LENGTH = 12


class AuthSettings(SettingsBase):
    SECRET_KEY: str = PLACEHOLDER
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(default=15, ge=1)
    REFRESH_TOKEN_EXPIRE_MINUTES: int = Field(default=60 * 24 * 7, ge=1)
    # Machine clients get no refresh token: they ask for a new access token instead.
    CLIENT_TOKEN_EXPIRE_MINUTES: int = Field(default=5, ge=1)
    # A sign-in beyond this many live sessions of one account ends its least recently used.
    SESSIONS_PER_USER: int = Field(default=50, ge=1)
    REGISTRATION_OPEN: bool = False
    # The role a new account gets, by sign-up or from an admin; none if it names no role.
    NEW_ACCOUNT_ROLE: str = "member"
    # Whether an account may sign in before its owner opens the link e-mailed to its address.
    SIGN_IN_REQUIRES_VERIFIED_EMAIL: bool = True
    # After this many failed sign-ins in a row an account is locked (answering like a wrong
    # password) for SIGN_IN_LOCKOUT_MINUTES, twice as long after twice as many failures, and
    # so on up to SIGN_IN_LOCKOUT_MAX_MINUTES; a successful sign-in starts the count again.
    SIGN_IN_LOCKOUT_THRESHOLD: int = Field(default=5, ge=1)
    SIGN_IN_LOCKOUT_MINUTES: int = Field(default=1, ge=1)
    SIGN_IN_LOCKOUT_MAX_MINUTES: int = Field(default=60 * 24, ge=1)
    # The first admin (`make initial-data`), holding the `admin` role.
    FIRST_SUPERUSER_EMAIL: str = "admin@example.com"
    FIRST_SUPERUSER_PASSWORD: str = PLACEHOLDER
    # Password reset links: how long one works, and the page it opens (given ?token=...):
{%- if "pages" in features %}
    # the pages' own, which asks for the new password.
{%- else %}
    # your frontend's, which asks for the new password and sends it with the token to
    # POST /api/v1/auth/reset-password (this service has no pages of its own).
{%- endif %}
    PASSWORD_RESET_EXPIRE_MINUTES: int = Field(default=30, ge=1)
{%- if "pages" in features %}
    PASSWORD_RESET_URL: str = "http://localhost:8000/reset-password"  # noqa: S105 (not a secret)
{%- else %}
    PASSWORD_RESET_URL: str = "http://localhost:3000/reset-password"  # noqa: S105 (not a secret)
{%- endif %}
    # Security events older than this are forgotten, a batch at each sign-in.
    SECURITY_EVENTS_RETENTION_DAYS: int = Field(default=90, ge=1)
    # At most one reset link and one verification link per account this often, however many
    # client addresses ask: RATE_LIMIT_LOGIN counts per address only. 0 turns it off.
    ACCOUNT_MAIL_INTERVAL_SECONDS: int = Field(default=60, ge=0)
    # E-mail verification links (sent at sign-up and for a new address): how long one works,
    # and the page it opens (given ?token=...):
{%- if "pages" in features %}
    # the pages' own, which confirms the address.
{%- else %}
    # your frontend's, which sends the token to POST /api/v1/auth/verify-email.
{%- endif %}
    EMAIL_VERIFICATION_EXPIRE_MINUTES: int = Field(default=60 * 24 * 2, ge=1)
{%- if "pages" in features %}
    EMAIL_VERIFICATION_URL: str = "http://localhost:8000/verify-email"
{%- else %}
    EMAIL_VERIFICATION_URL: str = "http://localhost:3000/verify-email"
{%- endif %}

    @model_validator(mode="after")
    def _refuse_placeholder_secrets_in_production(self) -> Self:
        if not self.is_production:
            return self
        if self.SECRET_KEY == PLACEHOLDER or len(self.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"SECRET_KEY must be a random secret of at least {MIN_SECRET_KEY_LENGTH} "
                "characters in production"
            )
        password = self.FIRST_SUPERUSER_PASSWORD
        if password == PLACEHOLDER or len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(
                f"FIRST_SUPERUSER_PASSWORD must be at least {MIN_PASSWORD_LENGTH} characters "
                "and not the placeholder in production"
            )
        return self


auth_settings = AuthSettings()
