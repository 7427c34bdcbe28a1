"""Every model, imported in one place so Alembic and relationships see them all."""

{% if "file_transfer" in features -%}
from ..files.models import StoredFile
{% endif -%}
from ..items.models import Item
{%- if "jwt" in features %}
from ..users.models import User
{%- endif %}
from .base import Base

__all__ = [
    "Base",
    "Item",
{%- if "file_transfer" in features %}
    "StoredFile",
{%- endif %}
{%- if "jwt" in features %}
    "User",
{%- endif %}
]
