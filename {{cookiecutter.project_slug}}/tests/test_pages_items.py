"""The item pages: items added, changed and deleted through forms, each form checked by its
CSRF token and then by the API's own rules{% if "jwt" in features %}; only the caller's items, and only with
`items:write`{% endif %}.
"""

from httpx import AsyncClient
{%- if "jwt" in features %}
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.users.models import Role, User
{%- endif %}

from .utils.forms import form_token
{%- if "jwt" in features %}
from .utils.users import auth_headers, create_user
{%- endif %}

# A well-formed token, as a forger would make one up.
MADE_UP = "x" * 43


async def titles(client: AsyncClient) -> list[str]:
    return [item["title"] for item in (await client.get("/api/v1/items/")).json()["items"]]


async def test_an_item_is_added_changed_and_deleted_through_the_forms(
    page_client: AsyncClient,
) -> None:
    token = await form_token(page_client, "/items/new")
    added = await page_client.post(
        "/items", data={"csrf_token": token, "title": "Paint", "description": "Blue"}
    )
    (item,) = (await page_client.get("/api/v1/items/")).json()["items"]
    edit = await page_client.get(f"/items/{item['id']}/edit")
    changed = await page_client.post(
        f"/items/{item['id']}",
        data={"csrf_token": token, "title": "Paint the fence", "description": ""},
    )
    read = (await page_client.get(f"/api/v1/items/{item['id']}")).json()
    deleted = await page_client.post(f"/items/{item['id']}/delete", data={"csrf_token": token})

    assert (added.status_code, added.headers["location"]) == (303, "/items")
    assert (item["title"], item["description"]) == ("Paint", "Blue")
    assert 'value="Paint"' in edit.text
    assert changed.status_code == 303
    assert (read["title"], read["description"]) == ("Paint the fence", None)
    assert deleted.status_code == 303
    assert await titles(page_client) == []


async def test_the_list_links_each_item_form(page_client: AsyncClient) -> None:
    item = (await page_client.post("/api/v1/items/", json={"title": "Listed"})).json()

    page = await page_client.get("/items")

    assert 'href="/items/new"' in page.text
    assert f'href="/items/{item["id"]}/edit"' in page.text


async def test_a_form_without_the_browser_token_changes_nothing(page_client: AsyncClient) -> None:
    await form_token(page_client, "/items/new")  # the browser holds its token's cookie
    kept = (await page_client.post("/api/v1/items/", json={"title": "kept"})).json()

    missing = await page_client.post("/items", data={"title": "Forged"})
    made_up = await page_client.post("/items", data={"csrf_token": MADE_UP, "title": "Forged"})
    changed = await page_client.post(f"/items/{kept['id']}", data={"title": "Forged"})
    deleted = await page_client.post(f"/items/{kept['id']}/delete", data={})

    statuses = [answer.status_code for answer in (missing, made_up, changed, deleted)]
    assert statuses == [403, 403, 403, 403]
    assert await titles(page_client) == ["kept"]


async def test_what_the_api_refuses_is_shown_beside_its_field(page_client: AsyncClient) -> None:
    token = await form_token(page_client, "/items/new")

    refused = await page_client.post(
        "/items", data={"csrf_token": token, "title": "", "description": "kept as typed"}
    )

    assert refused.status_code == 422
    assert 'aria-describedby="title-error"' in refused.text
    assert "kept as typed" in refused.text
    assert await titles(page_client) == []


async def test_an_unknown_item_is_404(page_client: AsyncClient) -> None:
    token = await form_token(page_client, "/items/new")

    opened = await page_client.get("/items/999/edit")
    changed = await page_client.post("/items/999", data={"csrf_token": token, "title": "x"})

    assert (opened.status_code, changed.status_code) == (404, 404)
{%- if "jwt" in features %}


async def test_another_users_item_cannot_be_opened_changed_or_deleted(
    page_client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    theirs = Item(title="theirs", owner_id=admin.id)
    session.add(theirs)
    await session.commit()
    token = await form_token(page_client, "/items/new")

    opened = await page_client.get(f"/items/{theirs.id}/edit")
    changed = await page_client.post(
        f"/items/{theirs.id}", data={"csrf_token": token, "title": "mine now"}
    )
    deleted = await page_client.post(f"/items/{theirs.id}/delete", data={"csrf_token": token})

    assert [opened.status_code, changed.status_code, deleted.status_code] == [404, 404, 404]
    await session.refresh(theirs)
    assert theirs.title == "theirs"


async def test_a_reader_sees_the_list_but_cannot_add_change_or_delete(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    session.add(Role(name="reader", description="", permissions="items:read"))
    await session.commit()
    reader = await create_user(session, email="reader@example.com", roles=["reader"])
    mine = Item(title="not theirs to change", owner_id=user.id)
    session.add(mine)
    await session.commit()
    token = (await auth_headers(session, reader))["Authorization"].removeprefix("Bearer ")
    client.cookies.set("session", token)
    client.cookies.set("csrf_token", MADE_UP)
    form = {"csrf_token": MADE_UP, "title": "written"}

    listed = await client.get("/items")
    opened = await client.get("/items/new")
    added = await client.post("/items", data=form)
    deleted = await client.post(f"/items/{mine.id}/delete", data=form)

    assert listed.status_code == 200
    assert [opened.status_code, added.status_code, deleted.status_code] == [403, 403, 403]
{%- endif %}
