"""Accounts and roles in the admin: read with `users:read`, changed with `users:manage`
through the same rules as the API (nobody changes their own roles or deactivates
themselves, nor gives what they do not hold), recording the same security events.
"""

from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from starlette.requests import Request
from starlette_admin import HasMany, StringField, flash
from starlette_admin.actions import row_action
from starlette_admin.exceptions import ActionFailed, FormValidationError

from ..admin.caller import caller
from ..admin.views import PermissionView, invalid_form
from ..audit import service as audit
from ..audit.schemas import EventKind
from ..core.errors import AppError
from ..sessions import service as sessions
from ..two_factor import service as two_factor
from ..users import roles, service
from ..users.models import Role, User
from ..users.schemas import RoleUpdate, UserUpdate


def _refused(field: str, error: AppError) -> FormValidationError:
    """The form's answer to a change the rules refuse, shown beside the field."""
    return FormValidationError({field: error.detail})


class UserView(PermissionView):
    table = User
    icon = "fa fa-user"
    display_name = "User"
    menu_label = "Users"
    read_permission = "users:read"
    write_permission = "users:manage"
    fields = (
        "id",
        "email",
        "full_name",
        "is_active",
        HasMany("roles", key="role"),
        "email_verified_at",
        "created_at",
    )
    exclude_fields_from_edit = ("email", "email_verified_at", "created_at")
    searchable_fields = ("email", "full_name")
    sortable_fields = ("id", "email", "created_at")
    row_name = "email"

    async def edit(self, request: Request, pk: Any, data: dict[str, Any]) -> User:
        session = request.state.session
        actor = caller(request)
        user = await service.get_user(session, int(pk))
        is_active = bool(data.get("is_active"))
        if user.id == actor.user_id and not is_active:
            raise FormValidationError({"is_active": "You cannot deactivate your own account"})
        try:
            changes = UserUpdate(full_name=data.get("full_name") or None, is_active=is_active)
        except ValidationError as invalid:
            raise invalid_form(invalid) from invalid
        await service.update_user(session, user, changes)
        if not user.is_active:
            await sessions.end_all(session, user.id)
        chosen = await self._chosen_roles(session, data)
        if chosen != set(user.role_names):
            try:
                await roles.assign_roles(session, user, chosen, actor.user_id, actor.permissions)
            except AppError as refused:
                raise _refused("roles", refused) from refused
            audit.record(session, EventKind.ROLES_ASSIGNED, user.id)
        return user

    @row_action(
        name="sign_out_everywhere",
        text="Sign out everywhere",
        confirmation="End every session of this user?",
        icon_class="fa fa-right-from-bracket",
        exclude_from_list=True,
    )
    async def sign_out_everywhere(self, request: Request, pk: Any) -> None:
        user = await service.get_user(request.state.session, int(pk))
        await sessions.end_all(request.state.session, user.id)
        flash(request, f"{user.email} is signed out everywhere", "success")

    @row_action(
        name="reset_two_factor",
        text="Reset two-factor sign-in",
        confirmation="Turn this user's two-factor sign-in off? They sign in with their"
        " password alone until they turn it on again.",
        icon_class="fa fa-key",
        exclude_from_list=True,
    )
    async def reset_two_factor(self, request: Request, pk: Any) -> None:
        """Not your own: yours is turned off with one of its codes, on the pages."""
        user = await service.get_user(request.state.session, int(pk))
        if user.id == caller(request).user_id:
            raise ActionFailed("Turn your own two-factor sign-in off with one of its codes")
        await two_factor.reset(request.state.session, user.id)
        flash(request, f"{user.email} signs in with their password alone now", "success")

    @staticmethod
    async def _chosen_roles(session: AsyncSession, data: dict[str, Any]) -> set[str]:
        """The names of the roles the form's select chose (by id; ids of no role are left out)."""
        ids = [int(pk) for pk in data.get("roles") or [] if str(pk).isdigit()]
        return set(await session.scalars(select(Role.name).where(Role.id.in_(ids))))


class RoleView(PermissionView):
    table = Role
    icon = "fa fa-user-shield"
    display_name = "Role"
    menu_label = "Roles"
    read_permission = "users:read"
    write_permission = "users:manage"
    fields = (
        "id",
        "name",
        "description",
        StringField("permissions", help_text="Separated by spaces, as OAuth2 writes scopes"),
        "created_at",
    )
    exclude_fields_from_edit = ("name", "created_at")
    row_name = "name"

    async def edit(self, request: Request, pk: Any, data: dict[str, Any]) -> Role:
        session = request.state.session
        actor = caller(request)
        role = await roles.get_role(session, int(pk))
        try:
            changes = RoleUpdate(
                description=data.get("description") or "",
                permissions=(data.get("permissions") or "").split(),
            )
        except ValidationError as invalid:
            raise invalid_form(invalid) from invalid
        try:
            await roles.update_role(session, role, changes, actor.user_id, actor.permissions)
        except AppError as refused:
            raise _refused("permissions", refused) from refused
        audit.record(session, EventKind.ROLE_CHANGED, actor.user_id)
        return role
