"""Everyone's stored files in the admin, by name and size: read with `users:manage` (the API
shows each user only their own); the bytes are reached through the API alone.
"""

from ..admin.views import PermissionView
from .models import StoredFile


class StoredFileView(PermissionView):
    table = StoredFile
    icon = "fa fa-file"
    display_name = "Stored file"
    menu_label = "Stored files"
    read_permission = "users:manage"
    fields = ("id", "name", "content_type", "size", "sha256", "owner_id", "created_at")
    searchable_fields = ("name",)
    sortable_fields = ("id", "name", "size", "created_at")
