"""Every model, imported in one place so Alembic and relationships see them all."""

from ..items.models import Item
{%- if "jwt" in features %}
from ..users.models import User
{%- endif %}
from .base import Base

__all__ = ["Base", "Item"{% if "jwt" in features %}, "User"{% endif %}]
