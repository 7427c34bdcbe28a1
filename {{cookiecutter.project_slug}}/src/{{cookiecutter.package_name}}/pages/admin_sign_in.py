"""The admin's sign-in is the pages': a user signed in here, in a live session, whose roles
give a permission some view of the admin asks for, opens it. Every admin request checks the
session cookie's token against the database as the pages do, so signing out, deactivation
or a change of roles takes effect on the next one.
"""

from collections.abc import Collection

import structlog
from fastapi.security import SecurityScopes
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates
from starlette_admin.auth import AdminUser, BaseAuthProvider

from ..admin.caller import AdminCaller
from ..auth.dependencies import get_access_token, get_current_user
from ..core.errors import AuthenticationFailed
from ..identity.sign_in import sign_out
from .sign_in import SESSION_COOKIE, end_session

logger = structlog.get_logger("security")


async def signed_in(request: Request) -> AdminCaller | None:
    """The active user the pages' session cookie names, in a live session with the
    permissions its token carries still theirs; None if none or not any more.
    """
    credential = request.cookies.get(SESSION_COOKIE)
    if credential is None:
        return None
    session: AsyncSession = request.state.session
    try:
        access = await get_access_token(SecurityScopes(), credential)
        user = await get_current_user(session, access)
    except AuthenticationFailed:
        return None
    return AdminCaller(user.email, None, user.id, access.scopes, access.session_id)


class PagesSignIn(BaseAuthProvider):
    """The pages' sign-in opens the admin; what the admin shows is up to each view."""

    def __init__(self, permissions: Collection[str]) -> None:
        super().__init__()
        self.permissions = frozenset(permissions)  # any of them opens the admin

    async def authenticate(self, request: Request) -> AdminUser | None:
        """The signed-in user, if their roles give any permission a view asks for (the
        sign-in route refuses the others).
        """
        admin_user = await signed_in(request)
        if admin_user is None or not admin_user.permissions & self.permissions:
            return None
        return admin_user

    async def sign_in(self, request: Request) -> Response:
        """To the pages' sign-in; a signed-in user none of whose permissions the admin
        asks for is refused here, where the admin's error page shows it.
        """
        refused = await signed_in(request)
        if refused is None:
            return RedirectResponse(request.url_for("sign_in").path, status_code=303)
        logger.warning("admin_refused", user_id=refused.user_id, session_id=refused.session_id)
        raise HTTPException(403, "Your roles give none of the permissions the admin needs")

    async def sign_out(self, request: Request) -> Response:
        """End the session, as the pages' sign-out does (the admin checked its CSRF token)."""
        credential = request.cookies.get(SESSION_COOKIE)
        if credential is not None:
            await sign_out(request.state.session, credential)
        return end_session(request)

    def get_routes(self, templates: Jinja2Templates) -> list[Route]:
        return [
            Route(self.login_path, self.sign_in, methods=["GET"], name="login"),
            Route(self.logout_path, self.sign_out, methods=["POST"], name="logout"),
        ]
