"""Sign-up, your own profile and password, and user management by admins."""

import pytest
from httpx import AsyncClient

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import PASSWORD

NEW_USER = {"email": "new@example.com", "password": "a-new-password", "full_name": "New"}


async def test_signup_is_refused_while_registration_is_closed(client: AsyncClient) -> None:
    response = await client.post("/api/v1/users/signup", json=NEW_USER)

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"


async def test_signup_creates_a_regular_user_when_open(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "REGISTRATION_OPEN", True)

    response = await client.post("/api/v1/users/signup", json={**NEW_USER, "roles": ["admin"]})

    assert response.status_code == 201
    assert response.json()["roles"] == ["member"]


async def test_duplicate_email_returns_409(admin_client: AsyncClient, user: User) -> None:
    response = await admin_client.post(
        "/api/v1/users/", json={**NEW_USER, "email": "User@Example.com"}
    )

    assert response.status_code == 409
    assert response.json()["error_code"] == "conflict"
    assert response.json()["request_id"]


async def test_update_me_changes_the_name(api_client: AsyncClient) -> None:
    response = await api_client.patch("/api/v1/users/me", json={"full_name": "Renamed"})

    assert response.status_code == 200
    assert response.json()["full_name"] == "Renamed"


async def test_a_token_alone_cannot_move_the_account_to_another_email(
    api_client: AsyncClient, user: User
) -> None:
    change = {"email": "thief@example.com", "current_password": PASSWORD}

    response = await api_client.patch("/api/v1/users/me", json=change)
    me = await api_client.get("/api/v1/users/me")

    assert response.status_code == 422
    assert me.json()["email"] == user.email


async def test_change_password_then_login_with_new_one(api_client: AsyncClient) -> None:
    changed = await api_client.post(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a-brand-new-one"},
    )
    login = await api_client.post(
        "/api/v1/auth/login",
        data={"username": "user@example.com", "password": "a-brand-new-one"},
    )

    assert changed.status_code == 204
    assert login.status_code == 200


async def test_change_password_with_wrong_current_returns_403(api_client: AsyncClient) -> None:
    response = await api_client.post(
        "/api/v1/users/me/password",
        json={"current_password": "not-it-at-all", "new_password": "a-brand-new-one"},
    )

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"


async def test_regular_user_cannot_manage_users(api_client: AsyncClient) -> None:
    response = await api_client.get("/api/v1/users/")

    assert response.status_code == 403


async def test_an_admin_manages_users(admin_client: AsyncClient) -> None:
    created = await admin_client.post("/api/v1/users/", json=NEW_USER)
    user_id = created.json()["id"]

    listing = await admin_client.get("/api/v1/users/", params={"limit": 10})
    read = await admin_client.get(f"/api/v1/users/{user_id}")
    updated = await admin_client.patch(
        f"/api/v1/users/{user_id}", json={"is_active": False, "password": "another-password"}
    )
    deleted = await admin_client.delete(f"/api/v1/users/{user_id}")
    missing = await admin_client.get(f"/api/v1/users/{user_id}")

    assert created.status_code == 201
    assert listing.json()["total"] == 2
    assert read.json()["email"] == NEW_USER["email"]
    assert updated.json()["is_active"] is False
    assert deleted.status_code == 204
    assert missing.status_code == 404


async def test_an_admin_cannot_delete_themselves(admin_client: AsyncClient, admin: User) -> None:
    response = await admin_client.delete(f"/api/v1/users/{admin.id}")

    assert response.status_code == 409


async def test_an_admin_cannot_deactivate_themselves(
    admin_client: AsyncClient, admin: User
) -> None:
    response = await admin_client.patch(f"/api/v1/users/{admin.id}", json={"is_active": False})

    assert response.status_code == 409


async def test_update_me_with_null_name_clears_it(api_client: AsyncClient) -> None:
    await api_client.patch("/api/v1/users/me", json={"full_name": "Named"})

    response = await api_client.patch("/api/v1/users/me", json={"full_name": None})

    assert response.json()["full_name"] is None


@pytest.mark.parametrize("loose", ["true", 1, "yes"])
async def test_booleans_must_be_json_booleans(
    admin_client: AsyncClient, user: User, loose: object
) -> None:
    response = await admin_client.patch(f"/api/v1/users/{user.id}", json={"is_active": loose})

    assert response.status_code == 422


async def test_emails_are_stored_in_lowercase(admin_client: AsyncClient) -> None:
    response = await admin_client.post(
        "/api/v1/users/", json={**NEW_USER, "email": "Mixed.Case@Example.COM"}
    )

    assert response.json()["email"] == "mixed.case@example.com"


async def test_invalid_email_returns_422(admin_client: AsyncClient) -> None:
    response = await admin_client.post("/api/v1/users/", json={**NEW_USER, "email": "nope"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "email"]
