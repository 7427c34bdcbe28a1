"""Machine clients: the client credentials grant, scopes on the item endpoints, revocation,
and the command that registers and revokes clients.
"""

import pytest
from httpx import AsyncClient, BasicAuth
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.clients.__main__ import parse_args, run
from {{ cookiecutter.package_name }}.clients.models import MachineClient
from {{ cookiecutter.package_name }}.clients.service import register_client, revoke_client
from {{ cookiecutter.package_name }}.credentials.scopes import SCOPES
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import create_user

TOKEN_URL = "/api/v1/auth/token"
GRANT = {"grant_type": "client_credentials"}


@pytest.fixture
async def reader(session: AsyncSession, user: User) -> tuple[str, str]:
    """A client that may read items for `user`: its id and secret."""
    client, secret = await register_client(session, user.email, ["items:read"])
    await session.commit()
    return client.client_id, secret


async def token_for(client: AsyncClient, client_id: str, secret: str) -> str:
    response = await client.post(TOKEN_URL, data=GRANT, auth=BasicAuth(client_id, secret))
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


async def test_credentials_in_the_form_give_a_scoped_token_without_refresh(
    client: AsyncClient, reader: tuple[str, str]
) -> None:
    client_id, secret = reader
    form = {**GRANT, "client_id": client_id, "client_secret": secret}

    response = await client.post(TOKEN_URL, data=form)

    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer"
    assert body["scope"] == "items:read"
    assert body["expires_in"] == 300
    assert "refresh_token" not in body


async def test_token_with_the_scope_reads_the_owners_items(
    client: AsyncClient, api_client: AsyncClient, reader: tuple[str, str]
) -> None:
    await api_client.post("/api/v1/items/", json={"title": "shared"})
    token = await token_for(client, *reader)

    response = await client.get("/api/v1/items/", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert [item["title"] for item in response.json()["items"]] == ["shared"]


async def test_token_without_the_scope_returns_403_in_the_error_shape(
    client: AsyncClient, reader: tuple[str, str]
) -> None:
    token = await token_for(client, *reader)

    response = await client.post(
        "/api/v1/items/",
        json={"title": "not allowed"},
        headers={"Authorization": f"Bearer {token}", "X-Request-ID": "scope-1"},
    )

    assert response.status_code == 403
    assert response.json() == {
        "detail": "The token lacks the permission items:write",
        "error_code": "permission_denied",
        "request_id": "scope-1",
    }


async def test_client_token_is_refused_where_no_scope_is_named(
    client: AsyncClient, reader: tuple[str, str]
) -> None:
    token = await token_for(client, *reader)

    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 403


async def test_wrong_secret_returns_401(client: AsyncClient, reader: tuple[str, str]) -> None:
    client_id, _ = reader

    response = await client.post(TOKEN_URL, data=GRANT, auth=BasicAuth(client_id, "wrong"))

    assert response.status_code == 401
    assert response.json()["error_code"] == "not_authenticated"
    assert response.headers["www-authenticate"] == "Basic"


async def test_missing_credentials_return_401(client: AsyncClient) -> None:
    assert (await client.post(TOKEN_URL, data=GRANT)).status_code == 401


async def test_scope_not_granted_returns_400(client: AsyncClient, reader: tuple[str, str]) -> None:
    client_id, secret = reader

    response = await client.post(
        TOKEN_URL, data={**GRANT, "scope": "items:write"}, auth=BasicAuth(client_id, secret)
    )

    assert response.status_code == 400
    assert response.json()["error_code"] == "bad_request"


async def test_revoked_client_gets_no_token_and_its_tokens_stop_working(
    client: AsyncClient, session: AsyncSession, reader: tuple[str, str]
) -> None:
    client_id, secret = reader
    token = await token_for(client, client_id, secret)

    await revoke_client(session, client_id)
    await session.commit()

    refused = await client.post(TOKEN_URL, data=GRANT, auth=BasicAuth(client_id, secret))
    used = await client.get("/api/v1/items/", headers={"Authorization": f"Bearer {token}"})
    assert (refused.status_code, used.status_code) == (401, 401)


async def test_command_prints_the_secret_once_and_stores_its_digest(
    session: AsyncSession, user: User, capsys: pytest.CaptureFixture[str]
) -> None:
    await run(parse_args(["create", user.email, "--scopes", "items:read", "items:write"]))

    printed = dict(line.split(": ", 1) for line in capsys.readouterr().out.splitlines())
    stored = await session.scalar(select(MachineClient))
    assert stored is not None
    assert stored.client_id == printed["client_id"]
    assert stored.scopes == "items:read items:write"
    assert printed["client_secret (shown once)"] not in stored.secret_digest

    await run(parse_args(["revoke", stored.client_id]))
    await session.refresh(stored)
    assert stored.revoked_at is not None


async def test_openapi_offers_each_flow_as_its_own_scheme(client: AsyncClient) -> None:
    schema = (await client.get("/api/v1/openapi.json")).json()

    schemes = schema["components"]["securitySchemes"]
    assert set(schemes["User"]["flows"]) == {"password"}
    assert set(schemes["MachineClient"]["flows"]) == {"clientCredentials"}
    assert schemes["User"]["flows"]["password"]["scopes"] == SCOPES
    assert schemes["MachineClient"]["flows"]["clientCredentials"]["scopes"] == SCOPES
    read = schema["paths"]["/api/v1/items/{item_id}"]["get"]
    assert read["security"] == [{"User": ["items:read"]}, {"MachineClient": ["items:read"]}]


async def test_command_lists_clients_with_owner_scopes_and_state(
    session: AsyncSession, user: User, capsys: pytest.CaptureFixture[str]
) -> None:
    other = await create_user(session, email="other@example.com")
    kept, _ = await register_client(session, user.email, ["items:read"])
    revoked, _ = await register_client(session, user.email, ["items:read", "items:write"])
    theirs, _ = await register_client(session, other.email, ["items:read"])
    await revoke_client(session, revoked.client_id)
    await session.commit()

    await run(parse_args(["list"]))
    everyone = [line.split("  ") for line in capsys.readouterr().out.splitlines()]
    await run(parse_args(["list", "--owner", user.email]))
    owned = [line.split("  ")[0] for line in capsys.readouterr().out.splitlines()]

    assert [row[:3] for row in everyone] == [
        [kept.client_id, user.email, "items:read"],
        [revoked.client_id, user.email, "items:read items:write"],
        [theirs.client_id, other.email, "items:read"],
    ]
    assert [row[4].split()[0] for row in everyone] == ["active", "revoked", "active"]
    assert owned == [kept.client_id, revoked.client_id]
