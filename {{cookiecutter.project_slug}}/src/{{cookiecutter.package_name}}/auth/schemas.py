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


class Message(BaseModel):
    detail: str
