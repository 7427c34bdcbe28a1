"""Sign-in sessions in the admin: read with `users:read`; the refresh token's digest is not
shown. A session ends through the API (`DELETE /users/{id}/sessions`).
"""

from ..admin.views import PermissionView
from .models import SignInSession


class SignInSessionView(PermissionView):
    table = SignInSession
    icon = "fa fa-right-to-bracket"
    display_name = "Sign-in session"
    menu_label = "Sign-in sessions"
    read_permission = "users:read"
    fields = ("id", "user_id", "client", "address", "created_at", "last_used_at", "expires_at")
    sortable_fields = ("id", "user_id", "last_used_at")
    fields_default_sort = (("id", True),)
