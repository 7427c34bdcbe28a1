"""The item table."""

{% if "jwt" in features -%}
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship
{%- else -%}
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column
{%- endif %}

from ..db.base import Base, TimestampMixin
{%- if "jwt" in features %}

if TYPE_CHECKING:
    from ..users.models import User
{%- endif %}


class Item(TimestampMixin, Base):
    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(Text)
{%- if "jwt" in features %}
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)

    owner: Mapped[{{ "User" | forward_ref }}] = relationship(back_populates="items")
{%- endif %}
