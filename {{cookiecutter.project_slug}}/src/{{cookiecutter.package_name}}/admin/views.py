"""What every view of the admin shares: a permission to read its rows, another to change
them, and fields listed one by one, so a column added to a table later shows nowhere until
someone chooses to show it (a secret never does).
"""

from collections.abc import Sequence
from typing import Any, ClassVar

from starlette.requests import Request
from starlette_admin.contrib.sqla import ModelView

from .caller import caller


class PermissionView(ModelView):
    """Rows its `read_permission` lists and shows; `write_permission` changes them (none:
    nobody does here). Rows are made and deleted through the API, whose rules hold there.
    """

    read_permission: ClassVar[str]
    write_permission: ClassVar[str | None] = None
    # Column names, or starlette-admin fields where a column needs more than its name says.
    fields: Sequence[Any] = ()

    def is_accessible(self, request: Request) -> bool:
        return caller(request).holds(self.read_permission)

    def can_edit(self, request: Request) -> bool:
        permission = self.write_permission
        return permission is not None and caller(request).holds(permission)

    def can_create(self, request: Request) -> bool:
        return False

    def can_delete(self, request: Request) -> bool:
        return False

    def can_export(self, request: Request) -> bool:
        return False

    def can_import(self, request: Request) -> bool:
        return False
