"""Machine clients in the admin: read with `users:read`; the secret's digest is not shown.
Clients are registered and revoked with `python -m <package>.clients`.
"""

from ..admin.views import PermissionView
from .models import MachineClient


class MachineClientView(PermissionView):
    table = MachineClient
    icon = "fa fa-robot"
    display_name = "Machine client"
    menu_label = "Machine clients"
    read_permission = "users:read"
    fields = ("id", "client_id", "scopes", "owner_id", "created_at", "revoked_at")
    sortable_fields = ("id", "owner_id", "created_at")
