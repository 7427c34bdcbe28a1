"""The interactive docs load nothing from outside the service, under a strict policy."""

import re

from fastapi import FastAPI
from httpx import AsyncClient

from {{ cookiecutter.package_name }}.core.docs import ASSETS_PATH, IMMUTABLE, add_docs


def linked(html: str) -> list[str]:
    return re.findall(r'(?:src|href|spec-url)="([^"]+)"', html)


async def test_the_docs_link_only_the_service_own_assets(client: AsyncClient) -> None:
    for page in ("/docs", "/redoc"):
        response = await client.get(page)

        assert response.status_code == 200
        links = linked(response.text)
        assert links
        assert all(link.startswith("/") for link in links), links
        for link in links:
            assert (await client.get(link)).status_code == 200, link


async def test_inline_scripts_run_by_a_nonce_drawn_for_each_response(client: AsyncClient) -> None:
    first, second = await client.get("/docs"), await client.get("/docs")

    policy = first.headers["Content-Security-Policy"]
    (nonce,) = re.findall(r"'nonce-([^']+)'", policy)
    assert f'<script nonce="{nonce}">' in first.text
    assert "<script>" not in first.text
    assert "default-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    assert nonce not in second.headers["Content-Security-Policy"]


async def test_assets_are_kept_for_a_year_and_revalidate(client: AsyncClient) -> None:
    script = await client.get(f"{ASSETS_PATH}/swagger-ui-bundle.js")
    again = await client.get(
        f"{ASSETS_PATH}/swagger-ui-bundle.js", headers={"If-None-Match": script.headers["ETag"]}
    )
    missing = await client.get(f"{ASSETS_PATH}/nothing.js")

    assert script.headers["Cache-Control"] == IMMUTABLE
    assert script.headers["Content-Type"].startswith("text/javascript")
    assert again.status_code == 304
    assert again.headers["Cache-Control"] == IMMUTABLE
    assert missing.status_code == 404
    assert "Cache-Control" not in missing.headers


async def test_the_docs_are_left_out_of_the_schema(client: AsyncClient) -> None:
    paths = (await client.get("/api/v1/openapi.json")).json()["paths"]

    assert not [path for path in paths if path.startswith(("/docs", "/redoc"))]


def test_an_app_without_a_schema_gets_no_docs() -> None:
    bare = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

    add_docs(bare)

    assert bare.routes == []
