"""Everyone's items in the admin: read and changed with `items:manage`, as the API lets
that permission change anyone's.
"""

from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette_admin import HasOne

from ..admin.views import PermissionView, invalid_form
from .models import Item
from .schemas import ItemUpdate


class ItemView(PermissionView):
    table = Item
    icon = "fa fa-box"
    display_name = "Item"
    menu_label = "Items"
    read_permission = "items:manage"
    write_permission = "items:manage"
    fields = ("id", "title", "description", HasOne("owner", key="user"), "created_at")
    exclude_fields_from_edit = ("owner", "created_at")
    searchable_fields = ("title",)
    sortable_fields = ("id", "title", "created_at")
    row_name = "title"

    async def validate(self, request: Request, data: dict[str, Any]) -> None:
        """The limits the API's item schema sets on a title and a description."""
        try:
            ItemUpdate(title=data["title"], description=data.get("description") or None)
        except ValidationError as invalid:
            raise invalid_form(invalid) from invalid
