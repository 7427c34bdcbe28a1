"""Everyone's background jobs in the admin, their state and errors but not their results
(which hold their owners' data): read with `users:manage`, never changed.
"""

from ..admin.views import PermissionView
from .models import Job


class JobView(PermissionView):
    table = Job
    icon = "fa fa-gears"
    display_name = "Job"
    menu_label = "Jobs"
    read_permission = "users:manage"
    fields = ("id", "kind", "status", "owner_id", "error", "created_at", "finished_at")
    sortable_fields = ("kind", "status", "created_at", "finished_at")
    fields_default_sort = (("created_at", True),)
