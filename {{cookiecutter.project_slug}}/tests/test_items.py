import pytest
from httpx import AsyncClient
{%- if cookiecutter.auth == "jwt" %}

from .conftest import UserFactory, auth_headers
{%- endif %}

{%- if cookiecutter.auth == "jwt" %}


@pytest.fixture
def api(user_client: AsyncClient) -> AsyncClient:
    return user_client
{%- elif cookiecutter.auth == "api_key" %}


@pytest.fixture
def api(authorized_client: AsyncClient) -> AsyncClient:
    return authorized_client
{%- else %}


@pytest.fixture
def api(client: AsyncClient) -> AsyncClient:
    return client
{%- endif %}


async def create(api: AsyncClient, title: str, description: str | None = None) -> int:
    response = await api.post("/api/v1/items/", json={"title": title, "description": description})
    assert response.status_code == 201
    item_id: int = response.json()["id"]
    return item_id


async def test_create_then_read_item(api: AsyncClient) -> None:
    item_id = await create(api, "Notebook", "A5, dotted")

    response = await api.get(f"/api/v1/items/{item_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Notebook"
    assert body["description"] == "A5, dotted"
    assert body["created_at"]


async def test_update_item_changes_only_given_fields(api: AsyncClient) -> None:
    item_id = await create(api, "Pen", "blue")

    response = await api.patch(f"/api/v1/items/{item_id}", json={"title": "Fountain pen"})

    assert response.status_code == 200
    assert response.json()["title"] == "Fountain pen"
    assert response.json()["description"] == "blue"


async def test_update_item_refuses_null_title(api: AsyncClient) -> None:
    item_id = await create(api, "Pen")

    response = await api.patch(f"/api/v1/items/{item_id}", json={"title": None})

    assert response.status_code == 422
    assert response.json()["error_code"] == "validation_error"


async def test_delete_item_then_read_returns_404(api: AsyncClient) -> None:
    item_id = await create(api, "Eraser")

    deleted = await api.delete(f"/api/v1/items/{item_id}")
    missing = await api.get(f"/api/v1/items/{item_id}")

    assert deleted.status_code == 204
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "not_found"


async def test_create_item_without_title_returns_422_with_field_location(
    api: AsyncClient,
) -> None:
    response = await api.post("/api/v1/items/", json={"description": "no title"})

    assert response.status_code == 422
    body = response.json()
    assert body["error_code"] == "validation_error"
    assert body["detail"][0]["loc"] == ["body", "title"]


async def test_list_items_paginates_with_total(api: AsyncClient) -> None:
    for number in range(5):
        await create(api, f"item {number}")

    response = await api.get("/api/v1/items/", params={"limit": 2, "offset": 1, "sort": "title"})

    body = response.json()
    assert body["total"] == 5
    assert (body["limit"], body["offset"]) == (2, 1)
    assert [item["title"] for item in body["items"]] == ["item 1", "item 2"]


async def test_page_past_the_end_is_empty_but_keeps_the_total(api: AsyncClient) -> None:
    for number in range(3):
        await create(api, f"item {number}")

    response = await api.get("/api/v1/items/", params={"offset": 10})

    assert response.json()["items"] == []
    assert response.json()["total"] == 3


async def test_empty_list_has_zero_total(api: AsyncClient) -> None:
    response = await api.get("/api/v1/items/")

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total"] == 0


async def test_list_items_filters_by_title_and_sorts_descending(api: AsyncClient) -> None:
    for title in ("apple", "pineapple", "banana"):
        await create(api, title)

    response = await api.get("/api/v1/items/", params={"title": "APPLE", "sort": "-title"})

    assert [item["title"] for item in response.json()["items"]] == ["pineapple", "apple"]
    assert response.json()["total"] == 2


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
async def test_list_items_rejects_out_of_bounds_pages(
    api: AsyncClient, params: dict[str, int]
) -> None:
    response = await api.get("/api/v1/items/", params=params)

    assert response.status_code == 422


async def test_read_missing_item_returns_404(api: AsyncClient) -> None:
    response = await api.get("/api/v1/items/999999")

    assert response.status_code == 404
{%- if cookiecutter.auth == "jwt" %}


async def test_items_require_authentication(client: AsyncClient) -> None:
    response = await client.get("/api/v1/items/")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["error_code"] == "not_authenticated"


async def test_users_cannot_see_each_others_items(
    api: AsyncClient, client: AsyncClient, make_user: UserFactory
) -> None:
    item_id = await create(api, "private")
    other = await make_user("other@example.com")
    headers = auth_headers(other)

    read = await client.get(f"/api/v1/items/{item_id}", headers=headers)
    listing = await client.get("/api/v1/items/", headers=headers)

    assert read.status_code == 404
    assert listing.json()["total"] == 0


async def test_superuser_sees_every_item(api: AsyncClient, make_user: UserFactory) -> None:
    item_id = await create(api, "mine")
    admin = auth_headers(await make_user("root@example.com", is_superuser=True))

    read = await api.get(f"/api/v1/items/{item_id}", headers=admin)
    listing = await api.get("/api/v1/items/", headers=admin)

    assert read.status_code == 200
    assert listing.json()["total"] == 1
{%- endif %}
