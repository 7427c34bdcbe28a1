"""Log in, refresh, and the checks every token goes through; the auth settings' checks."""

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import jwt
import pytest
from httpx import AsyncClient
from pydantic import ValidationError
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.auth.config import AuthSettings
from {{ cookiecutter.package_name }}.auth.security import ALGORITHM, create_refresh_token
from {{ cookiecutter.package_name }}.credentials.config import (
    PasswordSettings,
    password_settings,
)
from {{ cookiecutter.package_name }}.credentials.passwords import (
    hash_password,
    password_hash,
    verify_password,
)
from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import PASSWORD, create_user

STRONG: dict[str, object] = {"SECRET_KEY": "x" * 40, "FIRST_SUPERUSER_PASSWORD": "a-long-password"}


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post(
        "/api/v1/auth/login", data={"username": email, "password": password}
    )
    body: dict[str, str] = response.json()
    return body


async def test_login_returns_tokens_that_open_me(client: AsyncClient, user: User) -> None:
    tokens = await login(client, "USER@example.com")

    me = await client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
    )

    assert tokens["token_type"] == "bearer"
    assert me.json()["email"] == "user@example.com"


async def test_login_with_wrong_password_returns_401(client: AsyncClient, user: User) -> None:
    body = await login(client, user.email, "wrong-password")

    assert body["error_code"] == "not_authenticated"


async def test_login_with_unknown_email_returns_401(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/login", data={"username": "nobody@example.com", "password": PASSWORD}
    )

    assert response.status_code == 401


async def test_a_deactivated_account_answers_like_a_wrong_password(
    client: AsyncClient, session: AsyncSession
) -> None:
    """The right password of a deactivated account tells nothing more than a wrong one."""
    await create_user(session, "idle@example.com", is_active=False)

    answers = [
        await client.post("/api/v1/auth/login", data={"username": email, "password": PASSWORD})
        for email in ("idle@example.com", "nobody@example.com")
    ]

    deactivated, unknown = ({**answer.json(), "request_id": None} for answer in answers)
    assert [answer.status_code for answer in answers] == [401, 401]
    assert deactivated == unknown
    assert deactivated["detail"] == "Incorrect email or password"


@pytest.fixture
def hash_costs() -> Iterator[PasswordSettings]:
    """The hash costs, for a test to change; the hasher is made again with what it sets."""
    password_hash.cache_clear()
    yield password_settings
    password_hash.cache_clear()


async def test_password_hashing_leaves_the_event_loop_serving(
    hash_costs: PasswordSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """argon2 spends about 0.1 s of CPU on each hash and check at the default costs, in a
    worker thread: a coroutine that only sleeps keeps running meanwhile (on the event loop
    it would stop).
    """
    for name in ("PASSWORD_HASH_TIME_COST", "PASSWORD_HASH_MEMORY_KIB"):
        monkeypatch.setattr(hash_costs, name, PasswordSettings.model_fields[name].default)
    ticks = 0

    async def tick() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.001)
            ticks += 1

    ticker = asyncio.create_task(tick())
    hashed = await hash_password(PASSWORD)
    while_hashing = ticks
    valid, _ = await verify_password(PASSWORD, hashed)
    ticker.cancel()

    assert valid
    assert while_hashing >= 3
    assert ticks - while_hashing >= 3


async def test_a_hash_of_other_costs_is_redone_at_the_next_sign_in(
    client: AsyncClient,
    session: AsyncSession,
    hash_costs: PasswordSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    user = await create_user(session)
    monkeypatch.setattr(hash_costs, "PASSWORD_HASH_MEMORY_KIB", 512)
    password_hash.cache_clear()

    tokens = await login(client, user.email)
    await session.refresh(user)

    assert tokens["access_token"]
    assert "$m=512,t=1," in user.hashed_password
    assert (await verify_password(PASSWORD, user.hashed_password)) == (True, None)


def test_production_refuses_password_hashes_weaker_than_owasps_least() -> None:
    weak = {"PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 19 * 1024}
    strong = {"PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 46 * 1024}

    with pytest.raises(ValidationError, match="PASSWORD_HASH_TIME_COST"):
        PasswordSettings.model_validate({"ENVIRONMENT": "production", **weak})
    assert PasswordSettings.model_validate({"ENVIRONMENT": "production", **strong})
    assert PasswordSettings.model_validate({"ENVIRONMENT": "local", **weak})


async def test_refresh_returns_new_tokens(client: AsyncClient, user: User) -> None:
    tokens = await login(client, user.email)

    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )

    assert response.status_code == 200
    assert response.json()["access_token"]


async def test_access_token_cannot_be_used_to_refresh(client: AsyncClient, user: User) -> None:
    tokens = await login(client, user.email)

    response = await client.post(
        "/api/v1/auth/refresh", json={"refresh_token": tokens["access_token"]}
    )

    assert response.status_code == 401


async def test_refresh_token_cannot_be_used_as_access_token(
    client: AsyncClient, user: User
) -> None:
    tokens = await login(client, user.email)
    headers = {"Authorization": f"Bearer {tokens['refresh_token']}"}

    response = await client.get("/api/v1/users/me", headers=headers)

    assert response.status_code == 401


async def test_refresh_for_deleted_user_returns_401(client: AsyncClient) -> None:
    token = create_refresh_token(424242, 1, "nonce")

    response = await client.post("/api/v1/auth/refresh", json={"refresh_token": token})

    assert response.status_code == 401


async def test_expired_token_returns_401(client: AsyncClient, user: User) -> None:
    past = datetime.now(UTC) - timedelta(minutes=1)
    claims = {"sub": str(user.id), "sid": "1", "type": "access", "exp": past}
    token = jwt.encode(claims, settings.SECRET_KEY, ALGORITHM)

    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid or expired token"


async def test_token_verified_before_is_refused_once_expired(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    tokens = await login(client, user.email)
    headers = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.get("/api/v1/users/me", headers=headers)).status_code == 200

    later = time.time() + settings.ACCESS_TOKEN_EXPIRE_MINUTES * 60 + 1
    monkeypatch.setattr(time, "time", lambda: later)
    response = await client.get("/api/v1/users/me", headers=headers)

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid or expired token"


async def test_token_with_non_numeric_subject_returns_401(client: AsyncClient) -> None:
    token = jwt.encode(
        {"sub": "admin", "type": "access", "exp": datetime.now(UTC) + timedelta(minutes=5)},
        settings.SECRET_KEY,
        ALGORITHM,
    )

    response = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401


async def test_garbage_token_returns_401(client: AsyncClient) -> None:
    response = await client.get("/api/v1/users/me", headers={"Authorization": "Bearer nope"})

    assert response.status_code == 401


def test_production_accepts_real_secrets() -> None:
    assert AuthSettings.model_validate({"ENVIRONMENT": "production", **STRONG}).is_production


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("SECRET_KEY", "changethis"),
        ("SECRET_KEY", "too-short"),
        ("FIRST_SUPERUSER_PASSWORD", "changethis"),
        ("FIRST_SUPERUSER_PASSWORD", "short"),
    ],
)
def test_production_refuses_placeholder_or_short_secrets(variable: str, value: str) -> None:
    with pytest.raises(ValidationError, match=variable):
        AuthSettings.model_validate({"ENVIRONMENT": "production", **STRONG, variable: value})
