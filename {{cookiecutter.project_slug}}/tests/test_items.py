"""Items: create, read, change, delete, and list them a page at a time."""

from datetime import datetime, timedelta

import pytest
from httpx import AsyncClient


async def create(api_client: AsyncClient, title: str, description: str | None = None) -> int:
    response = await api_client.post(
        "/api/v1/items/", json={"title": title, "description": description}
    )
    assert response.status_code == 201
    item_id: int = response.json()["id"]
    return item_id


async def test_create_then_read_item(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Notebook", "A5, dotted")

    response = await api_client.get(f"/api/v1/items/{item_id}")

    assert response.status_code == 200
    body = response.json()
    assert body["title"] == "Notebook"
    assert body["description"] == "A5, dotted"
    assert datetime.fromisoformat(body["created_at"]).utcoffset() == timedelta(0)


async def test_update_item_changes_only_given_fields(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Pen", "blue")

    response = await api_client.patch(f"/api/v1/items/{item_id}", json={"title": "Fountain pen"})

    assert response.status_code == 200
    assert response.json()["title"] == "Fountain pen"
    assert response.json()["description"] == "blue"


async def test_update_item_refuses_null_title(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Pen")

    response = await api_client.patch(f"/api/v1/items/{item_id}", json={"title": None})

    assert response.status_code == 422
    assert response.json()["error_code"] == "validation_error"


async def test_delete_item_then_read_returns_404(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Eraser")

    deleted = await api_client.delete(f"/api/v1/items/{item_id}")
    missing = await api_client.get(f"/api/v1/items/{item_id}")

    assert deleted.status_code == 204
    assert missing.status_code == 404
    assert missing.json()["error_code"] == "not_found"


async def test_create_item_without_title_returns_422_with_field_location(
    api_client: AsyncClient,
) -> None:
    response = await api_client.post("/api/v1/items/", json={"description": "no title"})

    assert response.status_code == 422
    body = response.json()
    assert body["error_code"] == "validation_error"
    assert body["detail"][0]["loc"] == ["body", "title"]


async def test_list_items_paginates_with_total(api_client: AsyncClient) -> None:
    for number in range(5):
        await create(api_client, f"item {number}")

    response = await api_client.get(
        "/api/v1/items/", params={"limit": 2, "offset": 1, "sort": "title"}
    )

    body = response.json()
    assert body["total"] == 5
    assert (body["limit"], body["offset"]) == (2, 1)
    assert [item["title"] for item in body["items"]] == ["item 1", "item 2"]


async def test_page_past_the_end_is_empty_but_keeps_the_total(api_client: AsyncClient) -> None:
    for number in range(3):
        await create(api_client, f"item {number}")

    response = await api_client.get("/api/v1/items/", params={"offset": 10})

    assert response.json()["items"] == []
    assert response.json()["total"] == 3


async def test_empty_list_has_zero_total(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/items/")

    assert response.status_code == 200
    assert response.json()["items"] == []
    assert response.json()["total"] == 0


async def test_list_items_filters_by_title_and_sorts_descending(api_client: AsyncClient) -> None:
    for title in ("apple", "pineapple", "banana"):
        await create(api_client, title)

    response = await api_client.get("/api/v1/items/", params={"title": "APPLE", "sort": "-title"})

    assert [item["title"] for item in response.json()["items"]] == ["pineapple", "apple"]
    assert response.json()["total"] == 2


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
async def test_list_items_rejects_out_of_bounds_pages(
    api_client: AsyncClient, params: dict[str, int]
) -> None:
    response = await api_client.get("/api/v1/items/", params=params)

    assert response.status_code == 422


async def test_read_missing_item_returns_404(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/items/999999")

    assert response.status_code == 404


async def test_update_item_with_null_description_clears_it(api_client: AsyncClient) -> None:
    item_id = await create(api_client, "Pen", "blue")

    response = await api_client.patch(f"/api/v1/items/{item_id}", json={"description": None})

    assert response.status_code == 200
    assert response.json()["description"] is None
    assert response.json()["title"] == "Pen"


@pytest.mark.parametrize("item_id", ["0", "2147483648", "99999999999999999999999"])
async def test_ids_out_of_range_return_422(api_client: AsyncClient, item_id: str) -> None:
    response = await api_client.get(f"/api/v1/items/{item_id}")

    assert response.status_code == 422
    assert response.json()["error_code"] == "validation_error"


async def test_offset_past_what_the_database_holds_returns_422(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/items/", params={"offset": 2**63})

    assert response.status_code == 422


async def test_id_that_is_not_a_number_matches_no_route(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/items/pen")

    assert response.status_code == 404
    assert response.json()["error_code"] == "not_found"
