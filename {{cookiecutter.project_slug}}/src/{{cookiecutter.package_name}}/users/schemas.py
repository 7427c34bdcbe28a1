"""What the API accepts and returns for users."""

from datetime import datetime
from typing import Annotated

from pydantic import (
    MISSING,
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
)

from ..db.base import STORABLE_TEXT
from ..db.pagination import Page

MAX_EMAIL_LENGTH = 320
# Domains no mail can reach (RFC 6761 and 7686), which email-validator always refuses.
RESERVED_EMAIL_DOMAINS = ("arpa", "invalid", "local", "localhost", "onion", "test")


def _normalize_email(address: str) -> str:
    """Check the address's syntax and lowercase it; whether mail reaches it is for a
    confirmation email to find out, so no DNS lookup.
    """
    # Imported on first use: email-validator brings dnspython, about 75 ms of start-up
    # for something only sign-up and profile changes need.
    from email_validator import EmailNotValidError, validate_email

    try:
        checked = validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        raise ValueError(str(error)) from None
    return checked.normalized.lower()


def _any_case(word: str) -> str:
    return "".join(f"[{letter.upper()}{letter}]" for letter in word)


EmailAddress = Annotated[
    str,
    Field(max_length=MAX_EMAIL_LENGTH),
    AfterValidator(_normalize_email),
    # The schema says what the check refuses beyond `format: email`: the reserved domains.
    WithJsonSchema(
        {
            "type": "string",
            "format": "email",
            "maxLength": MAX_EMAIL_LENGTH,
            "pattern": STORABLE_TEXT,
            "not": {"pattern": f"[@.]({'|'.join(map(_any_case, RESERVED_EMAIL_DOMAINS))})$"},
        }
    ),
]
Password = Annotated[str, Field(min_length=8, max_length=128)]
FullName = Annotated[str, Field(max_length=255, pattern=STORABLE_TEXT)]


class UserRegister(BaseModel):
    email: EmailAddress
    password: Password
    full_name: FullName | None = None


class UserCreate(UserRegister):
    is_active: StrictBool = True
    is_superuser: StrictBool = False


CurrentPassword = Annotated[str, Field(max_length=128)]


class ProfileUpdate(BaseModel):
    """Fields to change; omitted fields stay as they are, and a null name clears it."""

    email: EmailAddress | MISSING = MISSING
    full_name: FullName | MISSING | None = MISSING


class UserUpdateMe(ProfileUpdate):
    """Your own fields to change: a new email needs your current password, so a token alone
    cannot move the account to another address (and its password resets with it).
    """

    current_password: CurrentPassword | MISSING = MISSING


class UserUpdate(ProfileUpdate):
    password: Password | MISSING = MISSING
    is_active: StrictBool | MISSING = MISSING
    is_superuser: StrictBool | MISSING = MISSING


class PasswordChange(BaseModel):
    current_password: CurrentPassword
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
