"""Every versioned endpoint needs a listed API key; keys are made with their digests."""

import pytest
from httpx import AsyncClient
from pydantic import ValidationError

from {{ cookiecutter.package_name }}.api_keys.__main__ import main
from {{ cookiecutter.package_name }}.api_keys.config import ApiKeySettings
from {{ cookiecutter.package_name }}.api_keys.keys import digest, new_api_key


async def test_request_without_key_returns_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/items/")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "APIKey"
    assert response.json()["error_code"] == "not_authenticated"


async def test_request_with_wrong_key_returns_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/items/", headers={"X-API-Key": "guess"})

    assert response.status_code == 401


async def test_request_with_listed_key_succeeds(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/items/")

    assert response.status_code == 200


async def test_health_needs_no_key(client: AsyncClient) -> None:
    response = await client.get("/health/live")

    assert response.status_code == 200


def test_new_api_key_comes_with_its_digest() -> None:
    key, key_digest = new_api_key()

    assert digest(key) == key_digest
    assert len(key) >= 40


def test_command_prints_a_key_and_its_digest(capsys: pytest.CaptureFixture[str]) -> None:
    main()

    key_line, digest_line = capsys.readouterr().out.splitlines()
    assert digest(key_line.rsplit(" ", 1)[1]) == digest_line.rsplit(" ", 1)[1]


async def test_openapi_documents_the_api_key_scheme(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    assert schema["components"]["securitySchemes"]["APIKeyHeader"]["name"] == "X-API-Key"


def test_production_refuses_to_start_without_api_keys() -> None:
    with pytest.raises(ValidationError, match="API_KEY_HASHES"):
        ApiKeySettings.model_validate({"ENVIRONMENT": "production", "API_KEY_HASHES": []})
