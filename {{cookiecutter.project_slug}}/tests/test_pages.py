"""The pages render, escape what users wrote, link assets a CDN may cache, and never shadow
an API route.
"""

import re

import pytest
from httpx import AsyncClient
from starlette.routing import Mount

from {{ cookiecutter.package_name }}.main import app
from {{ cookiecutter.package_name }}.pages.static import IMMUTABLE
from {{ cookiecutter.package_name }}.pages.templating import static_files

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')
CONTENT_TYPES = {".css": "text/css", ".svg": "image/svg+xml"}


def test_static_is_mounted_after_every_other_route() -> None:
    """Routes match in order: mounted last, `/static` can take no path an API route serves,
    and no other mount is where an API route is.
    """
    *others, last = app.router.routes
    mounts = [route.path for route in others if isinstance(route, Mount)]

    assert isinstance(last, Mount)
    assert last.path == "/static"
    paths = app.openapi()["paths"]
    assert not [path for path in paths for mount in mounts if path.startswith(f"{mount}/")]


@pytest.mark.parametrize("path", ["/", "/items"])
async def test_page_renders_under_a_content_security_policy(
    page_client: AsyncClient, path: str
) -> None:
    response = await page_client.get(path)

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert "<!doctype html>" in response.text


@pytest.mark.parametrize("path", ["/", "/items"])
async def test_every_asset_a_page_links_is_served_for_a_year(
    page_client: AsyncClient, path: str
) -> None:
    page = await page_client.get(path)
    assets = set(ASSET.findall(page.text))

    assert len(assets) >= 2
    for url in assets:
        response = await page_client.get(url)
        suffix = url[url.rindex(".") :]
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(CONTENT_TYPES[suffix]), url
        assert response.headers["cache-control"] == IMMUTABLE, url
        assert response.headers["etag"].strip('"') in static_files.hashes.values()


async def test_plain_asset_name_is_revalidated_and_answers_304(client: AsyncClient) -> None:
    first = await client.get("/static/css/site.css")
    etag = first.headers["etag"]
    again = await client.get("/static/css/site.css", headers={"If-None-Match": etag})

    assert first.status_code == 200
    assert first.headers["cache-control"] == "no-cache"
    assert again.status_code == 304
    assert again.headers["etag"] == etag
    assert again.content == b""


async def test_stale_fingerprint_serves_the_current_file_without_caching_it(
    client: AsyncClient,
) -> None:
    response = await client.get("/static/css/site.000000000000.css")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/static/nowhere.css", "/static/../main.py"])
async def test_unknown_asset_is_404(client: AsyncClient, path: str) -> None:
    response = await client.get(path)

    assert response.status_code == 404


def test_a_file_without_a_suffix_is_linked_by_its_own_name() -> None:
    assert static_files.url_path("LICENSE") == "LICENSE"


async def test_items_page_escapes_what_users_wrote(page_client: AsyncClient) -> None:
    title = "<script>alert('owned')</script>"
    await page_client.post("/api/v1/items/", json={"title": title, "description": "<b>bold</b>"})

    page = await page_client.get("/items")

    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in page.text
    assert "&lt;b&gt;bold&lt;/b&gt;" in page.text
    assert "<script>" not in page.text


async def test_items_page_links_the_next_and_previous_pages(page_client: AsyncClient) -> None:
    for title in ("one", "two", "three"):
        await page_client.post("/api/v1/items/", json={"title": title})

    first = await page_client.get("/items", params={"limit": 2})
    second = await page_client.get("/items", params={"limit": 2, "offset": 2})

    assert "?offset=2&amp;limit=2" in first.text
    assert "Newer" not in first.text
    assert "?offset=0&amp;limit=2" in second.text
    assert "Older" not in second.text
