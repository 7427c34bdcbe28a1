"""The admin at /admin: opened by the pages' sign-in, each view behind its permission, every
change CSRF-checked and made through the same rules as the API, and no secret on any page.
"""

import pyotp
import pytest
from httpx import AsyncClient, Response
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.admin.config import AdminSettings
from {{ cookiecutter.package_name }}.audit.models import SecurityEvent
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.two_factor import service as two_factor
from {{ cookiecutter.package_name }}.users.models import Role, User
from {{ cookiecutter.package_name }}.users.roles import create_role
from {{ cookiecutter.package_name }}.users.schemas import RoleCreate

from .utils.forms import form_token
from .utils.users import PASSWORD, auth_headers, create_user

API = core_settings.API_V1_PREFIX
# The field starlette-admin's forms carry their CSRF token in.
CSRF_FIELD = "csrftoken"


async def sign_in(client: AsyncClient, session: AsyncSession, user: User) -> None:
    """Leave the client as the pages' sign-in form leaves a browser: the session cookie alone."""
    token = (await auth_headers(session, user))["Authorization"].removeprefix("Bearer ")
    client.cookies.set("session", token)


async def user_with_role(session: AsyncSession, name: str, *permissions: str) -> User:
    """A user holding only a new role, named `name`, that permits these."""
    await create_role(
        session, RoleCreate(name=name, permissions=list(permissions)), frozenset(permissions)
    )
    await session.commit()
    return await create_user(session, f"{name}@example.com", roles=[name])


async def event_kinds(session: AsyncSession, user: User) -> set[str]:
    """The kinds of the user's security events."""
    kinds = await session.scalars(
        select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
    )
    return set(kinds)


async def test_a_stranger_is_sent_to_the_pages_sign_in(client: AsyncClient) -> None:
    response = await client.get("/admin/", follow_redirects=True)

    assert [step.status_code for step in response.history] == [303, 303]
    assert response.url.path == "/sign-in"


async def test_a_member_is_refused_everywhere(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    await sign_in(client, session, user)

    pages = [
        await client.get(url, follow_redirects=True) for url in ("/admin/", "/admin/user/list")
    ]
    edit = await client.post(
        f"/admin/user/edit?pk={user.id}", data={"is_active": ""}, follow_redirects=True
    )

    assert {page.status_code for page in pages} == {403}
    assert edit.status_code == 403
    await session.refresh(user)
    assert user.is_active


async def test_a_reader_reads_accounts_but_changes_nothing(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    reader = await user_with_role(session, "auditor", "users:read")
    await sign_in(client, session, reader)

    listed = await client.get("/admin/user/list")
    detail = await client.get(f"/admin/user/detail?pk={user.id}")
    edit_form = await client.get(f"/admin/user/edit?pk={user.id}")
    items = await client.get("/admin/item/list")

    assert listed.status_code == 200
    assert user.email in listed.text
    assert detail.status_code == 200
    assert (edit_form.status_code, items.status_code) == (403, 403)


async def test_an_admin_changes_an_item_only_with_the_forms_csrf_token(
    client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    item = Item(title="Before", description=None, owner_id=user.id)
    session.add(item)
    await session.commit()
    await sign_in(client, session, admin)
    url = f"/admin/item/edit?pk={item.id}"
    token = await form_token(client, url, CSRF_FIELD)

    forged = await client.post(url, data={"title": "Forged", "description": ""})
    too_long = await client.post(url, data={"title": "x" * 300, "csrftoken": token})
    changed = await client.post(url, data={"title": "After", "description": "", "csrftoken": token})

    assert forged.status_code == 403
    assert too_long.status_code == 422
    assert changed.status_code == 303, changed.text
    await session.refresh(item)
    assert item.title == "After"


async def test_no_password_digest_or_secret_is_on_any_page(
    client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    await sign_in(client, session, admin)
    secrets = [user.hashed_password, admin.hashed_password]

    pages: list[Response] = []
    for view in ("user", "sign-in-session", "machine-client"):
        pages.append(await client.get(f"/admin/{view}/list"))
    pages.append(await client.get(f"/admin/user/detail?pk={user.id}"))
    pages.append(await client.get(f"/admin/user/edit?pk={user.id}"))

    assert {page.status_code for page in pages} == {200}
    for page in pages:
        assert not any(secret in page.text for secret in secrets)
        assert "hashed_password" not in page.text
        assert "refresh_digest" not in page.text
        assert "secret_digest" not in page.text


async def edit_user(client: AsyncClient, user: User, **changes: object) -> Response:
    """Send the user's edit form as the browser would, with these changes."""
    url = f"/admin/user/edit?pk={user.id}"
    form: dict[str, object] = {
        "full_name": user.full_name or "",
        "is_active": "on" if user.is_active else "",
        "roles": [str(role.id) for role in user.roles],
        "csrftoken": await form_token(client, url, CSRF_FIELD),
    }
    return await client.post(url, data=form | changes)


async def test_deactivating_a_user_ends_their_sessions_at_once(
    client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    theirs = await auth_headers(session, user)
    await sign_in(client, session, admin)

    changed = await edit_user(client, user, is_active="")

    assert changed.status_code == 303, changed.text
    assert (await client.get(f"{API}/users/me", headers=theirs)).status_code == 401
    assert "session_ended" in await event_kinds(session, user)


async def test_roles_change_through_the_apis_rules_and_are_recorded(
    client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    await sign_in(client, session, admin)
    admin_role = await session.scalar(select(Role).where(Role.name == "admin"))
    assert admin_role is not None

    unnamed = await edit_user(client, user, full_name="x" * 300)
    promoted = await edit_user(client, user, roles=[str(admin_role.id)])
    own = await edit_user(client, admin, roles=[])
    deactivate_self = await edit_user(client, admin, is_active="")

    assert promoted.status_code == 303, promoted.text
    assert (unnamed.status_code, own.status_code, deactivate_self.status_code) == (422, 422, 422)
    assert "You cannot change your own roles" in own.text
    await session.refresh(user, ["roles"])
    await session.refresh(admin, ["is_active", "roles"])
    assert user.role_names == ["admin"]
    assert (admin.is_active, admin.role_names) == (True, ["admin"])
    assert "roles_assigned" in await event_kinds(session, user)


async def test_a_role_permits_only_what_its_editor_holds(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    manager = await user_with_role(session, "account-manager", "users:read", "users:manage")
    member_role = await session.scalar(select(Role).where(Role.name == "member"))
    assert member_role is not None
    await sign_in(client, session, manager)
    url = f"/admin/role/edit?pk={member_role.id}"
    token = await form_token(client, url, CSRF_FIELD)

    form = {"description": "", "csrftoken": token}
    widened = await client.post(url, data=form | {"permissions": "items:read items:manage"})
    unknown = await client.post(url, data=form | {"permissions": "everything"})
    described = await client.post(
        url, data=form | {"description": "Reads", "permissions": "items:read items:write"}
    )

    assert (widened.status_code, unknown.status_code) == (422, 422)
    assert "You cannot grant what you do not hold" in widened.text
    assert described.status_code == 303, described.text
    await session.refresh(member_role)
    assert (member_role.description, member_role.permissions) == ("Reads", "items:read items:write")
    assert "role_changed" in await event_kinds(session, manager)


ROW_ACTION = "/admin/_api/user/row-action"


async def row_action(client: AsyncClient, user: User, name: str, *, csrf: bool = True) -> Response:
    """Run a row action of the users' view on `user` as its button does (with the page's
    CSRF token, unless told otherwise).
    """
    token = await form_token(client, f"/admin/user/detail?pk={user.id}", CSRF_FIELD)
    headers = {"X-CSRFToken": token} if csrf else {}
    return await client.post(ROW_ACTION, params={"pk": user.id, "name": name}, headers=headers)


async def test_signing_a_user_out_everywhere_takes_users_manage_and_the_csrf_token(
    client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    theirs = await auth_headers(session, user)
    await sign_in(client, session, await user_with_role(session, "auditor", "users:read"))
    by_reader = await row_action(client, user, "sign_out_everywhere")
    await sign_in(client, session, admin)
    forged = await row_action(client, user, "sign_out_everywhere", csrf=False)
    still_in = await client.get(f"{API}/users/me", headers=theirs)

    done = await row_action(client, user, "sign_out_everywhere")

    assert (by_reader.status_code, by_reader.json()) == (400, {"msg": "Forbidden"})
    assert forged.status_code == 403
    assert still_in.status_code == 200
    assert done.status_code == 200, done.text
    assert (await client.get(f"{API}/users/me", headers=theirs)).status_code == 401


async def test_an_admin_resets_another_users_second_factor_not_their_own(
    client: AsyncClient, session: AsyncSession, admin: User, user: User
) -> None:
    for account in (user, admin):
        enrolment = await two_factor.start(session, account, PASSWORD)
        code = pyotp.TOTP(enrolment.secret).now()
        await two_factor.confirm(session, account.id, code, session_id=None)
    await session.commit()
    await sign_in(client, session, admin)

    own = await row_action(client, admin, "reset_two_factor")
    theirs = await row_action(client, user, "reset_two_factor")

    assert own.status_code == 400
    assert "with one of its codes" in own.json()["msg"]
    assert theirs.status_code == 200, theirs.text
    assert await two_factor.required(session, user.id) is None
    assert await two_factor.required(session, admin.id) is not None
    assert "two_factor_reset" in await event_kinds(session, user)


async def test_signing_out_of_the_admin_ends_the_session(
    client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    await sign_in(client, session, admin)
    token = await form_token(client, "/admin/user/list", CSRF_FIELD)

    signed_out = await client.post("/admin/logout", data={"csrftoken": token})
    after = await client.get("/admin/user/list", follow_redirects=True)

    assert signed_out.status_code == 303
    assert after.url.path == "/sign-in"


@pytest.mark.parametrize(
    ("environment", "enabled", "served"),
    [
        ("local", None, True),
        ("production", None, False),
        ("production", True, True),
        ("local", False, False),
    ],
)
def test_production_serves_the_admin_only_when_told_to(
    environment: str, enabled: bool | None, served: bool
) -> None:
    settings = AdminSettings(ENVIRONMENT=environment, ADMIN_ENABLED=enabled, _env_file=None)

    assert settings.admin_served is served
