"""Roles: which exist, what each permits and who holds them; raises domain errors, never HTTP
ones.

Nobody raises their own permissions or strips a greater admin of theirs through a role: what
a role permits is written, given and taken away only by someone who holds all of it, and the
roles you hold are not yours to change or assign (another holder of `users:manage` does
that). So whoever manages roles keeps `users:manage` through every change they make, and the
last admin cannot be removed.
"""

from collections.abc import Collection, Sequence

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.errors import Conflict, NotFound, PermissionDenied
from ..credentials.scopes import ADMIN_ROLE, MEMBER_PERMISSIONS, MEMBER_ROLE, SCOPES
from .models import Role, User, user_roles
from .schemas import RoleCreate, RoleUpdate

# The roles migration 0008 made, as `initial-data` makes them again where they are missing.
STANDARD_ROLES = {
    ADMIN_ROLE: ("Everything", SCOPES.keys()),
    MEMBER_ROLE: ("Their own items", MEMBER_PERMISSIONS),
}


async def ensure_standard_roles(session: AsyncSession) -> None:
    """Add those of the standard roles that no role has the name of (an existing one is
    left as it is).
    """
    existing = set(await session.scalars(select(Role.name).where(Role.name.in_(STANDARD_ROLES))))
    for name, (description, permissions) in STANDARD_ROLES.items():
        if name not in existing:
            session.add(
                Role(name=name, description=description, permissions=" ".join(sorted(permissions)))
            )
    await session.flush()


async def list_roles(session: AsyncSession) -> Sequence[Role]:
    return (await session.scalars(select(Role).order_by(Role.name))).all()


async def get_role(session: AsyncSession, role_id: int) -> Role:
    role = await session.get(Role, role_id)
    if role is None:
        raise NotFound(f"Role {role_id} not found")
    return role


async def roles_named(session: AsyncSession, names: Collection[str]) -> list[Role]:
    """The roles with these names; Conflict naming any that does not exist (not NotFound,
    which would say the user the assignment is for does not).
    """
    roles = (await session.scalars(select(Role).where(Role.name.in_(names)))).all()
    if missing := set(names) - {role.name for role in roles}:
        raise Conflict(f"No role named {', '.join(sorted(missing))}")
    return list(roles)


def _check_grantable(permissions: Collection[str], granter: frozenset[str]) -> None:
    """Refuse to give or take away what `granter` (the actor's permissions) does not hold."""
    if beyond := set(permissions) - granter:
        raise PermissionDenied(f"You cannot grant what you do not hold: {' '.join(sorted(beyond))}")


async def _check_not_held(session: AsyncSession, role: Role, actor_id: int) -> None:
    held = exists().where(user_roles.c.role_id == role.id, user_roles.c.user_id == actor_id)
    if await session.scalar(select(held)):
        raise PermissionDenied("You cannot change a role you hold")


async def create_role(session: AsyncSession, data: RoleCreate, granter: frozenset[str]) -> Role:
    """A new role; it may permit only what `granter` (its author's permissions) holds."""
    _check_grantable(data.permissions, granter)
    if await session.scalar(select(Role.id).where(Role.name == data.name)) is not None:
        raise Conflict(f"A role named {data.name} already exists")
    role = Role(
        name=data.name,
        description=data.description,
        permissions=" ".join(sorted(set(data.permissions))),
    )
    session.add(role)
    await session.flush()
    return role


async def update_role(
    session: AsyncSession, role: Role, data: RoleUpdate, actor_id: int, granter: frozenset[str]
) -> Role:
    """Change a role the actor does not hold, adding or removing only permissions they hold;
    its holders' tokens issued before a change of its permissions stop working (they
    refresh to get the new ones).
    """
    await _check_not_held(session, role, actor_id)
    changes = data.model_dump()
    if "description" in changes:
        role.description = changes["description"]
    if "permissions" in changes:
        permissions = set(changes["permissions"])
        _check_grantable(permissions ^ role.permission_set, granter)
        if permissions != role.permission_set:
            role.permissions = " ".join(sorted(permissions))
            await _permissions_changed(session, role)
    await session.flush()
    return role


async def delete_role(
    session: AsyncSession, role: Role, actor_id: int, granter: frozenset[str]
) -> None:
    """Delete a role the actor does not hold and could have written."""
    await _check_not_held(session, role, actor_id)
    _check_grantable(role.permission_set, granter)
    await _permissions_changed(session, role)
    await session.delete(role)
    await session.flush()


async def assign_roles(
    session: AsyncSession,
    user: User,
    names: Collection[str],
    actor_id: int,
    granter: frozenset[str],
) -> bool:
    """Give the user exactly these roles, and tell whether that changed them. Not to
    yourself; a role the actor could not have written (it permits what they do not hold)
    they can neither give nor take away.
    """
    if user.id == actor_id:
        raise PermissionDenied("You cannot change your own roles")
    roles = await roles_named(session, set(names))
    changed = set(roles) ^ set(user.roles)
    for role in changed:
        _check_grantable(role.permission_set, granter)
    if changed:
        user.roles = sorted(roles, key=lambda role: role.name)
        user.permissions_version += 1
        await session.flush()
    return bool(changed)


async def _permissions_changed(session: AsyncSession, role: Role) -> None:
    """Count a change of what the role permits against each of its holders: each row is
    changed through the ORM, so whatever caches users hears of it.
    """
    holders = select(user_roles.c.user_id).where(user_roles.c.role_id == role.id)
    for user in await session.scalars(select(User).where(User.id.in_(holders))):
        user.permissions_version += 1
