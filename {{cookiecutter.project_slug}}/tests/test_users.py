import pytest
from httpx import AsyncClient

from {{ cookiecutter.package_name }}.core.config import settings
from {{ cookiecutter.package_name }}.users.models import User

from .conftest import PASSWORD, UserFactory

NEW_USER = {"email": "new@example.com", "password": "a-new-password", "full_name": "New"}


async def test_signup_is_refused_while_registration_is_closed(client: AsyncClient) -> None:
    response = await client.post("/api/v1/users/signup", json=NEW_USER)

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"


async def test_signup_creates_a_regular_user_when_open(
    client: AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(settings, "REGISTRATION_OPEN", True)

    response = await client.post("/api/v1/users/signup", json={**NEW_USER, "is_superuser": True})

    assert response.status_code == 201
    assert response.json()["is_superuser"] is False


async def test_duplicate_email_returns_409(superuser_client: AsyncClient, user: User) -> None:
    response = await superuser_client.post(
        "/api/v1/users/", json={**NEW_USER, "email": "User@Example.com"}
    )

    assert response.status_code == 409
    assert response.json()["error_code"] == "conflict"
    assert response.json()["request_id"]


async def test_update_me_changes_name_and_email(user_client: AsyncClient) -> None:
    response = await user_client.patch(
        "/api/v1/users/me", json={"full_name": "Renamed", "email": "renamed@example.com"}
    )

    assert response.status_code == 200
    assert response.json()["full_name"] == "Renamed"
    assert response.json()["email"] == "renamed@example.com"


async def test_update_me_to_a_taken_email_returns_409(
    user_client: AsyncClient, make_user: UserFactory
) -> None:
    await make_user("taken@example.com")

    response = await user_client.patch("/api/v1/users/me", json={"email": "taken@example.com"})

    assert response.status_code == 409


async def test_change_password_then_login_with_new_one(user_client: AsyncClient) -> None:
    changed = await user_client.post(
        "/api/v1/users/me/password",
        json={"current_password": PASSWORD, "new_password": "a-brand-new-one"},
    )
    login = await user_client.post(
        "/api/v1/auth/login",
        data={"username": "user@example.com", "password": "a-brand-new-one"},
    )

    assert changed.status_code == 204
    assert login.status_code == 200


async def test_change_password_with_wrong_current_returns_400(user_client: AsyncClient) -> None:
    response = await user_client.post(
        "/api/v1/users/me/password",
        json={"current_password": "not-it-at-all", "new_password": "a-brand-new-one"},
    )

    assert response.status_code == 400
    assert response.json()["error_code"] == "bad_request"


async def test_regular_user_cannot_manage_users(user_client: AsyncClient) -> None:
    response = await user_client.get("/api/v1/users/")

    assert response.status_code == 403


async def test_superuser_manages_users(superuser_client: AsyncClient) -> None:
    created = await superuser_client.post("/api/v1/users/", json=NEW_USER)
    user_id = created.json()["id"]

    listing = await superuser_client.get("/api/v1/users/", params={"limit": 10})
    read = await superuser_client.get(f"/api/v1/users/{user_id}")
    updated = await superuser_client.patch(
        f"/api/v1/users/{user_id}", json={"is_active": False, "password": "another-password"}
    )
    deleted = await superuser_client.delete(f"/api/v1/users/{user_id}")
    missing = await superuser_client.get(f"/api/v1/users/{user_id}")

    assert created.status_code == 201
    assert listing.json()["total"] == 2
    assert read.json()["email"] == NEW_USER["email"]
    assert updated.json()["is_active"] is False
    assert deleted.status_code == 204
    assert missing.status_code == 404


async def test_superuser_cannot_delete_themselves(
    superuser_client: AsyncClient, superuser: User
) -> None:
    response = await superuser_client.delete(f"/api/v1/users/{superuser.id}")

    assert response.status_code == 409
