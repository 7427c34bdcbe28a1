"""Password recovery and the welcome e-mail, read from a real SMTP server in the test process."""

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.audit.models import SecurityEvent
from {{ cookiecutter.package_name }}.audit.schemas import EventKind
from {{ cookiecutter.package_name }}.auth import recovery
from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.recovery import create_reset_token
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.mailbox import Mailbox, text_of, token_in
from .utils.users import PASSWORD, auth_headers, login_status

AUTH = f"{core_settings.API_V1_PREFIX}/auth"
NEW_PASSWORD = "a-brand-new-password"


async def reset_token_from(mailbox: Mailbox) -> str:
    (message,) = await mailbox.wait_for(1)
    return token_in(message)


async def test_reset_link_from_the_email_sets_a_new_password(
    client: AsyncClient, user: User, mailbox: Mailbox
) -> None:
    response = await client.post(f"{AUTH}/password-recovery", json={"email": user.email})
    assert response.status_code == 202
    token = await reset_token_from(mailbox)

    reset = await client.post(
        f"{AUTH}/reset-password", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert reset.status_code == 204
    assert await login_status(client, user.email, NEW_PASSWORD) == 200
    assert await login_status(client, user.email, PASSWORD) == 401


async def test_reset_token_works_only_once(
    client: AsyncClient, user: User, mailbox: Mailbox
) -> None:
    await client.post(f"{AUTH}/password-recovery", json={"email": user.email})
    body = {"token": await reset_token_from(mailbox), "new_password": NEW_PASSWORD}
    await client.post(f"{AUTH}/reset-password", json=body)

    again = await client.post(f"{AUTH}/reset-password", json=body | {"new_password": "x" * 12})

    assert again.status_code == 403
    assert again.json()["error_code"] == "permission_denied"


async def test_unknown_address_gets_the_same_answer_and_no_email(
    client: AsyncClient, user: User, mailbox: Mailbox
) -> None:
    unknown = await client.post(f"{AUTH}/password-recovery", json={"email": "nobody@example.com"})
    known = await client.post(f"{AUTH}/password-recovery", json={"email": user.email})

    assert (unknown.status_code, unknown.json()) == (known.status_code, known.json())
    (message,) = await mailbox.wait_for(1)  # sent in order: only the known address got one
    assert message["To"] == user.email


async def test_an_account_gets_one_reset_link_per_interval_whoever_asks(
    session: AsyncSession, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    sent = [await recovery.password_reset_message(session, user.email) for _ in range(3)]
    monkeypatch.setattr(auth_settings, "ACCOUNT_MAIL_INTERVAL_SECONDS", 0)
    once_it_passed = await recovery.password_reset_message(session, user.email)

    assert [message is not None for message in sent] == [True, False, False]
    assert once_it_passed is not None
    recorded = select(func.count()).where(SecurityEvent.kind == EventKind.PASSWORD_RESET_SENT)
    assert await session.scalar(recorded) == 2


async def test_token_stops_working_once_the_password_changes(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    token = create_reset_token(user)
    change = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    headers = await auth_headers(session, user)
    await client.post(
        f"{core_settings.API_V1_PREFIX}/users/me/password", json=change, headers=headers
    )

    response = await client.post(
        f"{AUTH}/reset-password", json={"token": token, "new_password": "another-password"}
    )

    assert response.status_code == 403


@pytest.mark.parametrize("token", ["not-a-token", ""])
async def test_malformed_token_is_403(client: AsyncClient, token: str) -> None:
    response = await client.post(
        f"{AUTH}/reset-password", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"


async def test_expired_token_is_403(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "PASSWORD_RESET_EXPIRE_MINUTES", -1)
    token = create_reset_token(user)

    response = await client.post(
        f"{AUTH}/reset-password", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 403


async def test_access_token_is_not_a_reset_token(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    token = (await auth_headers(session, user))["Authorization"].removeprefix("Bearer ")

    response = await client.post(
        f"{AUTH}/reset-password", json={"token": token, "new_password": NEW_PASSWORD}
    )

    assert response.status_code == 403


async def test_signup_sends_a_welcome_email(
    client: AsyncClient, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "REGISTRATION_OPEN", True)
    body = {"email": "new@example.com", "password": PASSWORD, "full_name": "Ada"}

    response = await client.post(f"{core_settings.API_V1_PREFIX}/users/signup", json=body)

    assert response.status_code == 201
    (message,) = await mailbox.wait_for(1)
    assert message["To"] == "new@example.com"
    assert "Hello Ada" in text_of(message)
    assert message.get_body(("html",)) is not None
