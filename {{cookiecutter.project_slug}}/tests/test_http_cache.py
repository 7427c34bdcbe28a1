"""GET answers of the API carry an ETag and Cache-Control; a matching If-None-Match is a 304."""

import pytest
from httpx import ASGITransport, AsyncClient
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from {{ cookiecutter.package_name }}.core.middleware import ConditionalGetMiddleware


async def hello(scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse({"hello": "world"})(scope, receive, send)


async def test_item_and_list_reads_carry_an_etag(api_client: AsyncClient) -> None:
    created = await api_client.post("/api/v1/items/", json={"title": "Lamp"})

    item = await api_client.get(f"/api/v1/items/{created.json()['id']}")
    listing = await api_client.get("/api/v1/items/")

    assert item.headers["etag"].startswith('"')
    assert listing.headers["etag"] != item.headers["etag"]


async def test_unchanged_answer_is_a_304_without_body(api_client: AsyncClient) -> None:
    created = await api_client.post("/api/v1/items/", json={"title": "Lamp"})
    path = f"/api/v1/items/{created.json()['id']}"
    etag = (await api_client.get(path)).headers["etag"]

    again = await api_client.get(path, headers={"If-None-Match": f'W/{etag}, "other"'})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag


async def test_a_change_gives_a_new_etag(api_client: AsyncClient) -> None:
    created = await api_client.post("/api/v1/items/", json={"title": "Lamp"})
    path = f"/api/v1/items/{created.json()['id']}"
    etag = (await api_client.get(path)).headers["etag"]

    await api_client.patch(path, json={"title": "Desk lamp"})
    changed = await api_client.get(path, headers={"If-None-Match": etag})

    assert changed.status_code == 200
    assert changed.json()["title"] == "Desk lamp"
    assert changed.headers["etag"] != etag


@pytest.mark.parametrize(
    ("headers", "cache_control"),
    [
        ({}, "public, max-age=60"),
        ({"Authorization": "Bearer token"}, "private, max-age=60"),
        ({"X-API-Key": "key"}, "private, max-age=60"),
        ({"Cookie": "session=abc"}, "private, max-age=60"),
    ],
)
async def test_cache_control_is_private_when_the_request_has_credentials(
    headers: dict[str, str], cache_control: str
) -> None:
    app = ConditionalGetMiddleware(hello, prefix="/api", max_age=60)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/api/hello", headers=headers)

    assert response.headers["cache-control"] == cache_control


async def test_other_paths_and_methods_are_left_alone() -> None:
    app = ConditionalGetMiddleware(hello, prefix="/api", max_age=0)
    async with AsyncClient(transport=ASGITransport(app=app), base_url="http://t") as client:
        outside = await client.get("/health")
        posted = await client.post("/api/hello")

    assert "etag" not in outside.headers
    assert "etag" not in posted.headers


async def test_writes_and_errors_get_no_etag(api_client: AsyncClient) -> None:
    created = await api_client.post("/api/v1/items/", json={"title": "Lamp"})
    missing = await api_client.get("/api/v1/items/999999")

    assert "etag" not in created.headers
    assert "etag" not in missing.headers
