"""What the API accepts and returns for users and their roles."""

from datetime import datetime
from typing import Annotated

from pydantic import (
    MISSING,
    AfterValidator,
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    WithJsonSchema,
    field_validator,
)

from ..credentials.scopes import SCOPES
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


CurrentPassword = Annotated[str, Field(max_length=128)]


class UserUpdateMe(BaseModel):
    """Your own fields to change; a null name clears it. A new address goes through
    POST /users/me/email, which needs your password and the new address verified.
    """

    model_config = ConfigDict(extra="forbid")

    full_name: FullName | MISSING | None = MISSING


class EmailChange(BaseModel):
    """A new address for your account, which takes effect once the link sent to it is
    opened; your current password is required, so a token alone cannot move the account.
    """

    email: EmailAddress
    current_password: CurrentPassword


class UserUpdate(BaseModel):
    """Fields to change; omitted fields stay as they are, and a null name clears it."""

    email: EmailAddress | MISSING = MISSING
    full_name: FullName | MISSING | None = MISSING
    password: Password | MISSING = MISSING
    is_active: StrictBool | MISSING = MISSING


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
    # The names of the roles that give the user their permissions.
    roles: list[str] = Field(validation_alias=AliasChoices("role_names", "roles"))
    email_verified_at: datetime | None
    created_at: datetime


class UserPage(Page):
    items: list[UserRead]


def _known_permission(name: str) -> str:
    if name not in SCOPES:
        raise ValueError(f"there is no permission {name}")
    return name


Permission = Annotated[
    str,
    AfterValidator(_known_permission),
    WithJsonSchema({"type": "string", "enum": list(SCOPES)}),
]
Permissions = Annotated[list[Permission], Field(max_length=len(SCOPES))]
RoleName = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
Description = Annotated[str, Field(max_length=255, pattern=STORABLE_TEXT)]


class RoleCreate(BaseModel):
    name: RoleName
    description: Description = ""
    permissions: Permissions


class RoleUpdate(BaseModel):
    """Fields to change; omitted fields stay as they are. A role's name does not change."""

    model_config = ConfigDict(extra="forbid")

    description: Description | MISSING = MISSING
    permissions: Permissions | MISSING = MISSING


class RoleRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    description: str
    permissions: list[str]

    @field_validator("permissions", mode="before")
    @classmethod
    def _split(cls, permissions: object) -> object:
        """The table keeps them space-separated."""
        return permissions.split() if isinstance(permissions, str) else permissions


class RoleAssignment(BaseModel):
    """The roles a user is to hold, by name: all of them, replacing those they hold."""

    roles: Annotated[list[RoleName], Field(max_length=50)]
