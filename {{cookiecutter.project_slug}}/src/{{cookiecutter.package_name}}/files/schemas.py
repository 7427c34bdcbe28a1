"""What the file endpoints return."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ..db.pagination import Page


class FileRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    content_type: str
    size: int
    sha256: str
{%- if "jwt" in features %}
    owner_id: int
{%- endif %}
    created_at: datetime


class FilePage(Page):
    files: list[FileRead]
