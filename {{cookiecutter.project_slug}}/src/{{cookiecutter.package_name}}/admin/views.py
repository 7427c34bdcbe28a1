"""What every view of the admin shares: a permission to read its rows, another to change
them, and fields listed one by one, so a column added to a table later shows nowhere until
someone chooses to show it (a secret never does).
"""

from collections.abc import Sequence
from typing import Any, ClassVar

from pydantic import ValidationError
from starlette.requests import Request
from starlette_admin.contrib.sqla import ModelView
from starlette_admin.exceptions import FormValidationError

from .caller import caller

# starlette-admin's own actions, which its can_* methods above answer for.
BUILT_IN_ACTIONS = frozenset({"view", "edit", "delete", "export"})


def invalid_form(invalid: ValidationError) -> FormValidationError:
    """The form's answer to values the API's schema refuses, each beside its field."""
    errors: dict[str | int, Any] = {
        str(error["loc"][0]): error["msg"] for error in invalid.errors()
    }
    return FormValidationError(errors)


class PermissionView(ModelView):
    """Rows its `read_permission` lists and shows; `write_permission` changes them (none:
    nobody does here). Rows are made and deleted through the API, whose rules hold there.
    """

    table: ClassVar[type[Any]]  # the model whose rows it shows
    read_permission: ClassVar[str]
    write_permission: ClassVar[str | None] = None
    # Column names, or starlette-admin fields where a column needs more than its name says.
    fields: Sequence[Any] = ()
    # The column that names a row in titles and links; None: starlette-admin's "Item(3)".
    row_name: ClassVar[str | None] = None

    def __init__(self) -> None:
        super().__init__(self.table)

    async def repr(self, obj: Any, request: Request) -> str:
        if self.row_name is None:
            return await super().repr(obj, request)
        return str(getattr(obj, self.row_name))

    def is_accessible(self, request: Request) -> bool:
        return caller(request).holds(self.read_permission)

    def can_edit(self, request: Request) -> bool:
        permission = self.write_permission
        return permission is not None and caller(request).holds(permission)

    async def is_action_allowed(self, request: Request, name: str) -> bool:
        """A view's own actions change rows: `write_permission` runs them."""
        if name in BUILT_IN_ACTIONS:
            return await super().is_action_allowed(request, name)
        return self.can_edit(request)

    async def is_row_action_allowed(self, request: Request, name: str) -> bool:
        if name in BUILT_IN_ACTIONS:
            return await super().is_row_action_allowed(request, name)
        return self.can_edit(request)

    def can_create(self, request: Request) -> bool:
        return False

    def can_delete(self, request: Request) -> bool:
        return False

    def can_export(self, request: Request) -> bool:
        return False

    def can_import(self, request: Request) -> bool:
        return False
