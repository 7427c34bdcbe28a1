"""What the API accepts and returns for items."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import MISSING, BaseModel, ConfigDict, Field

from ..db.base import STORABLE_TEXT
from ..db.pagination import Page

ItemSort = Literal["created_at", "-created_at", "title", "-title"]
Title = Annotated[str, Field(min_length=1, max_length=255, pattern=STORABLE_TEXT)]
Description = Annotated[str, Field(max_length=10_000, pattern=STORABLE_TEXT)]


class ItemCreate(BaseModel):
    title: Title
    description: Description | None = None


class ItemUpdate(BaseModel):
    """Fields to change; omitted fields stay as they are, and a null description clears it."""

    title: Title | MISSING = MISSING
    description: Description | MISSING | None = MISSING


class ItemRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    title: str
    description: str | None
{%- if "jwt" in features %}
    owner_id: int
{%- endif %}
    created_at: datetime
    updated_at: datetime


class ItemPage(Page):
    items: list[ItemRead]
