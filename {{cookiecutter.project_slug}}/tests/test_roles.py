"""Roles and permissions: each endpoint names the permission it needs, roles group them, and
every way to raise your own permissions or strip the last admin of theirs is refused. A
change of roles refuses the tokens issued before it on their next request (401); a refresh
carries the new permissions.
"""

from typing import Any

import pytest
from httpx import AsyncClient, BasicAuth
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.audit.models import SecurityEvent
from {{ cookiecutter.package_name }}.clients.service import register_client
from {{ cookiecutter.package_name }}.core.errors import PermissionDenied
from {{ cookiecutter.package_name }}.credentials.scopes import ADMIN_ROLE, SCOPES
from {{ cookiecutter.package_name }}.users.models import Role, User

from .utils.users import PASSWORD, auth_headers, create_user

API = "/api/v1"
ROLES = f"{API}/roles/"


async def add_role(session: AsyncSession, name: str, *permissions: str) -> Role:
    role = Role(name=name, description="", permissions=" ".join(sorted(permissions)))
    session.add(role)
    await session.commit()
    return role


async def sign_in(client: AsyncClient, email: str) -> dict[str, Any]:
    """The tokens a password sign-in hands out."""
    form = {"username": email, "password": PASSWORD}
    response = await client.post(f"{API}/auth/login", data=form)
    assert response.status_code == 200, response.text
    tokens: dict[str, Any] = response.json()
    return tokens


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def refreshed(client: AsyncClient, tokens: dict[str, Any]) -> dict[str, Any]:
    response = await client.post(
        f"{API}/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert response.status_code == 200, response.text
    fresh: dict[str, Any] = response.json()
    return fresh


async def test_a_new_account_is_a_member_and_sees_its_roles(api_client: AsyncClient) -> None:
    me = (await api_client.get(f"{API}/users/me")).json()

    assert me["roles"] == ["member"]


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/users/", None),
        ("GET", "/roles/", None),
        ("POST", "/roles/", {"name": "mine", "permissions": ["users:manage"]}),
        ("GET", f"{API}/auth/events", None),
    ],
)
async def test_a_member_cannot_read_or_manage_accounts_and_roles(
    api_client: AsyncClient, method: str, path: str, body: dict[str, Any] | None
) -> None:
    url = path if path.startswith(API) else f"{API}{path}"

    response = await api_client.request(method, url, json=body)

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"


async def test_a_member_cannot_give_themselves_a_role(
    api_client: AsyncClient, session: AsyncSession, user: User
) -> None:
    response = await api_client.put(f"{API}/users/{user.id}/roles", json={"roles": ["admin"]})

    assert response.status_code == 403
    await session.refresh(user)
    assert user.role_names == ["member"]


async def test_an_admin_cannot_change_their_own_roles(
    admin_client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    response = await admin_client.put(f"{API}/users/{admin.id}/roles", json={"roles": []})

    assert response.status_code == 403
    assert response.json()["detail"] == "You cannot change your own roles"
    await session.refresh(admin)
    assert admin.role_names == ["admin"]


async def test_the_last_admin_cannot_be_removed(
    admin_client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    role_id = (await session.scalars(select(Role.id).where(Role.name == ADMIN_ROLE))).one()
    one_role = f"{ROLES}{role_id}"

    attempts = [
        await admin_client.put(f"{API}/users/{admin.id}/roles", json={"roles": ["member"]}),
        await admin_client.patch(one_role, json={"permissions": ["items:read"]}),
        await admin_client.delete(one_role),
        await admin_client.patch(f"{API}/users/{admin.id}", json={"is_active": False}),
        await admin_client.delete(f"{API}/users/{admin.id}"),
    ]

    assert [response.status_code for response in attempts] == [403, 403, 403, 409, 409]
    me = (await admin_client.get(f"{API}/users/me")).json()
    assert (me["roles"], me["is_active"]) == (["admin"], True)
    assert (await admin_client.get(f"{API}/users/")).status_code == 200


async def test_no_one_grants_or_takes_away_what_they_do_not_hold(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    await add_role(session, "staff", "users:read", "users:manage", "items:read")
    manager = await create_user(session, "manager@example.com", roles=["staff"])
    headers = await auth_headers(session, manager)
    await add_role(session, "auditors", "users:read")
    other = (await session.scalars(select(Role.id).where(Role.name == "auditors"))).one()

    more = {"permissions": ["items:manage"]}
    their_roles = f"{API}/users/{user.id}/roles"
    admin_role = (await session.scalars(select(Role.id).where(Role.name == ADMIN_ROLE))).one()
    attempts = [
        await client.post(ROLES, json={"name": "more", **more}, headers=headers),
        await client.put(their_roles, json={"roles": ["admin"]}, headers=headers),
        await client.patch(f"{ROLES}{other}", json=more, headers=headers),
        # Nor strip a greater admin of what they hold.
        await client.put(f"{API}/users/{admin.id}/roles", json={"roles": []}, headers=headers),
        await client.delete(f"{ROLES}{admin_role}", headers=headers),
    ]
    allowed = await client.put(their_roles, json={"roles": ["member", "auditors"]}, headers=headers)

    assert [response.status_code for response in attempts] == [403] * 5
    assert attempts[0].json()["detail"] == "You cannot grant what you do not hold: items:manage"
    assert allowed.status_code == 200
    assert allowed.json()["roles"] == ["auditors", "member"]


async def test_a_role_change_takes_effect_on_the_next_request_and_a_refresh_carries_it(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    await add_role(session, "auditors", "users:read", "items:read", "items:write")
    tokens = await sign_in(client, user.email)
    as_admin = await auth_headers(session, admin)
    assert (await client.get(f"{API}/users/", headers=bearer(tokens))).status_code == 403

    promoted = await client.put(
        f"{API}/users/{user.id}/roles", json={"roles": ["auditors"]}, headers=as_admin
    )
    stale = await client.get(f"{API}/users/", headers=bearer(tokens))
    tokens = await refreshed(client, tokens)
    now_allowed = await client.get(f"{API}/users/", headers=bearer(tokens))
    await client.put(f"{API}/users/{user.id}/roles", json={"roles": ["member"]}, headers=as_admin)
    demoted_stale = await client.get(f"{API}/users/", headers=bearer(tokens))
    tokens = await refreshed(client, tokens)
    demoted = await client.get(f"{API}/users/", headers=bearer(tokens))

    assert promoted.status_code == 200
    # The old token still carries a member's permissions; the refreshed one, an auditor's.
    assert (stale.status_code, now_allowed.status_code) == (403, 200)
    # A token whose permissions are no longer all theirs is refused outright.
    assert (demoted_stale.status_code, demoted.status_code) == (401, 403)
    events = select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
    assert list(await session.scalars(events)).count("roles_assigned") == 2


async def test_changing_or_deleting_a_role_reaches_its_holders(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    role = await add_role(session, "readers", "items:read")
    holder = await create_user(session, "reader@example.com", roles=["readers"])
    as_admin = await auth_headers(session, admin)
    tokens = await sign_in(client, holder.email)
    assert (await client.get(f"{API}/items/", headers=bearer(tokens))).status_code == 200

    changed = await client.patch(
        f"{ROLES}{role.id}", json={"permissions": ["items:read", "items:write"]}, headers=as_admin
    )
    stale = await client.get(f"{API}/items/", headers=bearer(tokens))
    tokens = await refreshed(client, tokens)
    written = await client.post(f"{API}/items/", json={"title": "Mine"}, headers=bearer(tokens))
    deleted = await client.delete(f"{ROLES}{role.id}", headers=as_admin)
    tokens = await refreshed(client, tokens)
    after = await client.get(f"{API}/items/", headers=bearer(tokens))

    assert changed.json()["permissions"] == ["items:read", "items:write"]
    assert (stale.status_code, written.status_code) == (401, 201)
    assert (deleted.status_code, after.status_code) == (204, 403)


async def test_an_admin_manages_roles(admin_client: AsyncClient) -> None:
    created = await admin_client.post(
        ROLES, json={"name": "editors", "description": "Edit", "permissions": ["items:manage"]}
    )
    role_id = created.json()["id"]
    again = await admin_client.post(ROLES, json={"name": "editors", "permissions": []})
    unknown = await admin_client.post(ROLES, json={"name": "x", "permissions": ["root"]})
    described = await admin_client.patch(f"{ROLES}{role_id}", json={"description": "Edit all"})
    renamed = await admin_client.patch(f"{ROLES}{role_id}", json={"name": "other"})
    listing = await admin_client.get(ROLES)
    deleted = await admin_client.delete(f"{ROLES}{role_id}")
    missing = await admin_client.delete(f"{ROLES}{role_id}")

    assert created.status_code == 201
    assert (again.status_code, unknown.status_code, renamed.status_code) == (409, 422, 422)
    assert described.json()["description"] == "Edit all"
    assert [role["name"] for role in listing.json()] == ["admin", "editors", "member"]
    assert listing.json()[0]["permissions"] == sorted(SCOPES)
    assert (deleted.status_code, missing.status_code) == (204, 404)


async def test_assigning_a_role_that_does_not_exist_is_refused(
    admin_client: AsyncClient, user: User
) -> None:
    response = await admin_client.put(
        f"{API}/users/{user.id}/roles", json={"roles": ["member", "ghosts"]}
    )

    assert response.status_code == 409
    assert response.json()["detail"] == "No role named ghosts"


async def test_a_machine_client_never_holds_more_than_its_owner(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    with pytest.raises(PermissionDenied):
        await register_client(session, user.email, ["users:read"])
    await add_role(session, "auditors", "users:read")
    auditors = (await session.scalars(select(Role).filter_by(name="auditors"))).one()
    user.roles = [*user.roles, auditors]
    user.permissions_version += 1
    await session.commit()
    registered, secret = await register_client(session, user.email, ["users:read", "items:read"])
    await session.commit()
    auth = BasicAuth(registered.client_id, secret)
    grant = {"grant_type": "client_credentials"}
    issued = (await client.post(f"{API}/auth/token", data=grant, auth=auth)).json()

    as_admin = await auth_headers(session, admin)
    await client.put(f"{API}/users/{user.id}/roles", json={"roles": ["member"]}, headers=as_admin)
    stale = await client.get(f"{API}/users/", headers=bearer(issued))
    asked = await client.post(f"{API}/auth/token", data={**grant, "scope": "users:read"}, auth=auth)
    everything = await client.post(f"{API}/auth/token", data=grant, auth=auth)

    assert issued["scope"] == "items:read users:read"
    assert stale.status_code == 401
    assert asked.status_code == 400
    assert everything.json()["scope"] == "items:read"


async def test_openapi_names_the_permission_each_endpoint_needs(client: AsyncClient) -> None:
    paths = (await client.get(f"{API}/openapi.json")).json()["paths"]

    def needs(path: str, method: str) -> list[str]:
        """The scopes the endpoint asks of a user's token, the same as of a client's."""
        security: list[dict[str, list[str]]] = paths[f"{API}{path}"][method]["security"]
        (user,) = (scopes["User"] for scopes in security if "User" in scopes)
        assert {"MachineClient": user} in security
        return user

    assert needs("/users/", "get") == ["users:read"]
    assert needs("/users/{user_id}/roles", "put") == ["users:manage"]
    assert needs("/roles/", "post") == ["users:manage"]
    assert needs("/items/", "post") == ["items:write"]
