"""What the API accepts and returns for users."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field

from ..api.pagination import Page

Password = Field(min_length=8, max_length=128)


class UserRegister(BaseModel):
    email: EmailStr
    password: str = Password
    full_name: str | None = Field(default=None, max_length=255)


class UserCreate(UserRegister):
    is_active: bool = True
    is_superuser: bool = False


class UserUpdateMe(BaseModel):
    email: EmailStr | None = None
    full_name: str | None = Field(default=None, max_length=255)


class UserUpdate(UserUpdateMe):
    password: str | None = Field(default=None, min_length=8, max_length=128)
    is_active: bool | None = None
    is_superuser: bool | None = None


class PasswordChange(BaseModel):
    current_password: str = Field(max_length=128)
    new_password: str = Password


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
