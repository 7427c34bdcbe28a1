from httpx import AsyncClient

from {{ cookiecutter.package_name }}.core.api_keys import digest, new_api_key


async def test_request_without_key_returns_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/items/")

    assert response.status_code == 401
    assert response.json()["error_code"] == "not_authenticated"


async def test_request_with_wrong_key_returns_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/items/", headers={"X-API-Key": "guess"})

    assert response.status_code == 401


async def test_request_with_listed_key_succeeds(authorized_client: AsyncClient) -> None:
    response = await authorized_client.get("/api/v1/items/")

    assert response.status_code == 200


def test_new_api_key_comes_with_its_digest() -> None:
    key, key_digest = new_api_key()

    assert digest(key) == key_digest
    assert len(key) >= 40


async def test_openapi_documents_the_api_key_scheme(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    assert schema["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"
