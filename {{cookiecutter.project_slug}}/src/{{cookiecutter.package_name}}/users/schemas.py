"""What the API accepts and returns for users."""

from datetime import datetime
from typing import Annotated

from email_validator import EmailNotValidError, validate_email
from pydantic import (
    MISSING,
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
)

from ..db.pagination import Page

MAX_EMAIL_LENGTH = 320


def _normalize_email(address: str) -> str:
    """Check the address's syntax, as the schema's `format: email` promises, and lowercase it.

    Whether mail reaches it is for a confirmation email to find out, so reserved and local
    domains (`.test`, `localhost`) pass too.
    """
    try:
        checked = validate_email(address, check_deliverability=False, globally_deliverable=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return checked.normalized.lower()


EmailAddress = Annotated[
    str,
    Field(max_length=MAX_EMAIL_LENGTH),
    AfterValidator(_normalize_email),
    WithJsonSchema({"type": "string", "format": "email", "maxLength": MAX_EMAIL_LENGTH}),
]
Password = Annotated[str, Field(min_length=8, max_length=128)]
FullName = Annotated[str, Field(max_length=255)]


class UserRegister(BaseModel):
    email: EmailAddress
    password: Password
    full_name: FullName | None = None


class UserCreate(UserRegister):
    is_active: StrictBool = True
    is_superuser: StrictBool = False


class UserUpdateMe(BaseModel):
    """Fields to change; omitted fields stay as they are, and a null name clears it."""

    email: EmailAddress | MISSING = MISSING
    full_name: FullName | MISSING | None = MISSING


class UserUpdate(UserUpdateMe):
    password: Password | MISSING = MISSING
    is_active: StrictBool | MISSING = MISSING
    is_superuser: StrictBool | MISSING = MISSING


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=128)
    new_password: Password


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    # Checked as an email on the way in; re-checking stored addresses in every response
    # would cost more than the rest of the serialization.
    email: str = Field(json_schema_extra={"format": "email"})
    full_name: str | None
    is_active: bool
    is_superuser: bool
    created_at: datetime


class UserPage(Page):
    items: list[UserRead]
