"""Who calls the admin: the user its sign-in found, with what their roles permit."""

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette_admin.auth import AdminUser


@dataclass
class AdminCaller(AdminUser):
    """The signed-in user, named by their address, with what their roles permit."""

    user_id: int = 0
    permissions: frozenset[str] = field(default_factory=frozenset)
    session_id: int | None = None

    def holds(self, permission: str) -> bool:
        return permission in self.permissions


def caller(request: Request) -> AdminCaller:
    """The caller of an admin request (authenticated before any view runs)."""
    admin_user: AdminCaller = request.state.admin_user
    return admin_user
