"""Accounts linked to the single sign-on provider's, in the admin: read with `users:read`."""

from ..admin.views import PermissionView
from .models import ExternalIdentity


class ExternalIdentityView(PermissionView):
    table = ExternalIdentity
    icon = "fa fa-link"
    display_name = "Single sign-on link"
    menu_label = "Single sign-on links"
    read_permission = "users:read"
    fields = ("id", "user_id", "issuer", "subject", "created_at")
    searchable_fields = ("subject",)
    sortable_fields = ("id", "user_id", "created_at")
