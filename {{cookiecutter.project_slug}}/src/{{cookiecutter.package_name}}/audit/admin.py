"""Security events in the admin: read with `users:read`, never changed."""

from ..admin.views import PermissionView
from .models import SecurityEvent


class SecurityEventView(PermissionView):
    table = SecurityEvent
    icon = "fa fa-shield-halved"
    display_name = "Security event"
    menu_label = "Security events"
    read_permission = "users:read"
    fields = ("id", "kind", "user_id", "session_id", "address", "request_id", "created_at")
    searchable_fields = ("kind", "address", "request_id")
    sortable_fields = ("id", "kind", "user_id", "created_at")
    fields_default_sort = (("id", True),)
