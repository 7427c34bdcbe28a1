"""Each user sees and changes only their own items; a holder of `items:manage`, every item."""

from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.credentials.scopes import ADMIN_ROLE

from .utils.users import auth_headers, create_user


async def create(client: AsyncClient, title: str) -> int:
    response = await client.post("/api/v1/items/", json={"title": title})
    assert response.status_code == 201
    item_id: int = response.json()["id"]
    return item_id


async def test_items_require_authentication(client: AsyncClient) -> None:
    response = await client.get("/api/v1/items/")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error_code"] == "not_authenticated"


async def test_new_item_belongs_to_its_creator(api_client: AsyncClient) -> None:
    response = await api_client.post("/api/v1/items/", json={"title": "mine"})
    me = await api_client.get("/api/v1/users/me")

    assert response.json()["owner_id"] == me.json()["id"]


async def test_users_cannot_see_or_change_each_others_items(
    api_client: AsyncClient, client: AsyncClient, session: AsyncSession
) -> None:
    item_id = await create(api_client, "private")
    other = await auth_headers(session, await create_user(session, "other@example.com"))

    read = await client.get(f"/api/v1/items/{item_id}", headers=other)
    changed = await client.patch(f"/api/v1/items/{item_id}", json={"title": "x"}, headers=other)
    deleted = await client.delete(f"/api/v1/items/{item_id}", headers=other)
    listing = await client.get("/api/v1/items/", headers=other)

    assert (read.status_code, changed.status_code, deleted.status_code) == (404, 404, 404)
    assert listing.json()["total"] == 0
    assert (await api_client.get(f"/api/v1/items/{item_id}")).json()["title"] == "private"


async def test_an_admin_sees_and_changes_every_item(
    api_client: AsyncClient, session: AsyncSession
) -> None:
    item_id = await create(api_client, "mine")
    root = await create_user(session, "root@example.com", roles=[ADMIN_ROLE])
    admin = await auth_headers(session, root)

    read = await api_client.get(f"/api/v1/items/{item_id}", headers=admin)
    changed = await api_client.patch(
        f"/api/v1/items/{item_id}", json={"title": "seen"}, headers=admin
    )
    listing = await api_client.get("/api/v1/items/", headers=admin)

    assert read.status_code == 200
    assert changed.json()["title"] == "seen"
    assert listing.json()["total"] == 1


async def test_a_deactivated_user_loses_their_items_at_once(
    client: AsyncClient, session: AsyncSession
) -> None:
    owner = await create_user(session, "leaving@example.com")
    headers = await auth_headers(session, owner)
    created = await client.post("/api/v1/items/", json={"title": "mine"}, headers=headers)
    item_id = created.json()["id"]

    root = await create_user(session, "root@example.com", roles=[ADMIN_ROLE])

    admin = await auth_headers(session, root)
    change = {"is_active": False}
    assert (await client.patch(f"/api/v1/users/{owner.id}", json=change, headers=admin)).is_success
    read = await client.get(f"/api/v1/items/{item_id}", headers=headers)
    deleted = await client.delete(f"/api/v1/items/{item_id}", headers=headers)
    listing = await client.get("/api/v1/items/", headers=headers)
    me = await client.get("/api/v1/users/me", headers=headers)

    assert {read.status_code, deleted.status_code, listing.status_code, me.status_code} == {401}
    assert read.json()["error_code"] == "not_authenticated"


async def test_a_token_for_a_deleted_user_reads_nothing(
    client: AsyncClient, session: AsyncSession
) -> None:
    gone = await create_user(session, "gone@example.com")
    headers = await auth_headers(session, gone)
    await session.delete(gone)
    await session.commit()

    read = await client.get("/api/v1/items/1", headers=headers)
    listing = await client.get("/api/v1/items/", headers=headers)

    assert (read.status_code, listing.status_code) == (401, 401)


async def test_an_empty_page_still_refuses_a_deactivated_user(
    client: AsyncClient, session: AsyncSession
) -> None:
    """A page checks its caller in its own statement, where an inactive caller matches no
    rows; an empty page has to ask again to tell that from nothing to see.
    """
    idle = await create_user(session, "idle@example.com")
    headers = await auth_headers(session, idle)
    idle.is_active = False
    await session.commit()

    first = await client.get("/api/v1/items/", headers=headers)
    past_the_end = await client.get("/api/v1/items/?offset=40", headers=headers)
    filtered = await client.get("/api/v1/items/?title=nothing", headers=headers)

    assert {first.status_code, past_the_end.status_code, filtered.status_code} == {401}
    assert first.json()["error_code"] == "not_authenticated"
