"""What the API accepts and returns for items."""

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ..api.pagination import Page

ItemSort = Literal["created_at", "-created_at", "title", "-title"]


class ItemCreate(BaseModel):
    title: str = Field(min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=10_000)


class ItemUpdate(BaseModel):
    """Fields to change; omitted fields stay as they are."""

    title: str | None = Field(default=None, min_length=1, max_length=255)
    description: str | None = Field(default=None, max_length=10_000)

    @field_validator("title")
    @classmethod
    def _title_is_not_null(cls, title: str | None) -> str:
        if title is None:
            raise ValueError("title cannot be null")
        return title


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
{%- if cookiecutter.auth == "jwt" %}
    owner_id: int
{%- endif %}
    created_at: datetime
    updated_at: datetime


class ItemPage(Page):
    items: list[ItemRead]
