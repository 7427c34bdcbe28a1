"""What the auth endpoints accept and return."""

from typing import Annotated, Literal

from pydantic import BaseModel, Field

from ..db.base import STORABLE_TEXT
from ..users.schemas import EmailAddress, Password


class LoginForm(BaseModel):
    """The OAuth2 password flow's form; other fields it carries (grant_type, scope) are ignored."""

    username: Annotated[
        str, Field(max_length=320, pattern=STORABLE_TEXT, description="The account's email")
    ]
    password: Annotated[str, Field(max_length=128)]
    one_time_code: Annotated[
        str | None,
        Field(
            max_length=32,
            description="From the authenticator app, or a recovery code, when the account"
            " has two-factor sign-in",
        ),
    ] = None


class Token(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (OAuth2 field, not a secret)


class RefreshRequest(BaseModel):
    refresh_token: str


class PasswordRecovery(BaseModel):
    email: EmailAddress


class PasswordReset(BaseModel):
    token: Annotated[str, Field(max_length=2048)]
    new_password: Password


class EmailVerification(BaseModel):
    token: Annotated[str, Field(max_length=2048)]


class VerificationResend(BaseModel):
    email: EmailAddress


class Message(BaseModel):
    detail: str


class ClientCredentialsForm(BaseModel):
    """RFC 6749 section 4.4: the client's credentials here or in an HTTP Basic header."""

    grant_type: Literal["client_credentials"]
    client_id: Annotated[str | None, Field(max_length=64)] = None
    client_secret: Annotated[str | None, Field(max_length=128)] = None
    scope: Annotated[
        str | None, Field(max_length=255, description="Space-separated; all granted if empty")
    ] = None


class ClientToken(BaseModel):
    """A machine client's access token; no refresh token, the client asks again instead."""

    access_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (OAuth2 field, not a secret)
    expires_in: int
    scope: str
