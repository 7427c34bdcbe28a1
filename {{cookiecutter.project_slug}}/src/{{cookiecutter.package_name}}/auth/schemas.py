"""What the auth endpoints accept and return."""

from typing import Literal

from pydantic import BaseModel


class Token(BaseModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"  # noqa: S105 (OAuth2 field, not a secret)


class RefreshRequest(BaseModel):
    refresh_token: str
