"""E-mail verification: the sign-up's link, asking for it again, and a new address that takes
effect only once the link sent to it is opened; read from a real SMTP server in this process.
"""

import jwt
import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.audit.models import SecurityEvent
from {{ cookiecutter.package_name }}.audit.schemas import EventKind
from {{ cookiecutter.package_name }}.auth import recovery, verification
from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.recovery import create_reset_token
from {{ cookiecutter.package_name }}.auth.security import ALGORITHM
from {{ cookiecutter.package_name }}.auth.verification import create_verification_token
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.mailbox import Mailbox, text_of, token_in
from .utils.users import PASSWORD, auth_headers, create_user, login_status

AUTH = f"{core_settings.API_V1_PREFIX}/auth"
USERS = f"{core_settings.API_V1_PREFIX}/users"
NEW_ADDRESS = "moved@example.com"


async def verify(client: AsyncClient, token: str) -> int:
    return (await client.post(f"{AUTH}/verify-email", json={"token": token})).status_code


async def events_of(session: AsyncSession, user: User) -> list[EventKind]:
    kinds = await session.scalars(
        select(SecurityEvent.kind)
        .where(SecurityEvent.user_id == user.id)
        .order_by(SecurityEvent.id)
    )
    return [EventKind(kind) for kind in kinds]


@pytest.fixture
async def unverified(session: AsyncSession) -> User:
    return await create_user(session, "unverified@example.com", verified=False)


async def test_signup_mails_the_link_that_lets_the_account_sign_in(
    client: AsyncClient, mailbox: Mailbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "REGISTRATION_OPEN", True)
    body = {"email": "new@example.com", "password": PASSWORD}

    signed_up = await client.post(f"{USERS}/signup", json=body)
    before = await client.post(f"{AUTH}/login", data={"username": body["email"], **body})
    (welcome,) = await mailbox.wait_for(1)

    assert signed_up.json()["email_verified_at"] is None
    assert before.status_code == 403
    assert before.json()["error_code"] == "permission_denied"
    assert "Confirm your e-mail address" in before.json()["detail"]
    assert token_in(welcome).startswith("ey")
    assert auth_settings.EMAIL_VERIFICATION_URL in text_of(welcome)
    assert await verify(client, token_in(welcome)) == 204
    assert await login_status(client, "new@example.com") == 200


async def test_an_unverified_account_is_told_only_with_the_right_password(
    client: AsyncClient, unverified: User
) -> None:
    assert await login_status(client, unverified.email, "not-the-password") == 401
    assert await login_status(client, unverified.email) == 403


async def test_an_unverified_account_signs_in_when_the_setting_allows_it(
    client: AsyncClient, unverified: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_settings, "SIGN_IN_REQUIRES_VERIFIED_EMAIL", False)

    assert await login_status(client, unverified.email) == 200


async def test_opening_a_link_again_does_no_harm(
    client: AsyncClient, session: AsyncSession, unverified: User
) -> None:
    token = create_verification_token(unverified, unverified.email)

    assert [await verify(client, token), await verify(client, token)] == [204, 204]
    await session.refresh(unverified)
    assert unverified.email_verified_at is not None
    assert await events_of(session, unverified) == [EventKind.EMAIL_VERIFIED]


async def test_asking_again_answers_alike_and_mails_only_an_unverified_account(
    client: AsyncClient, user: User, unverified: User, mailbox: Mailbox
) -> None:
    answers = [
        await client.post(f"{AUTH}/verify-email/resend", json={"email": address})
        for address in ("nobody@example.com", user.email, unverified.email)
    ]

    assert len({(answer.status_code, answer.text) for answer in answers}) == 1
    assert answers[0].status_code == 202
    (message,) = await mailbox.wait_for(1)
    assert message["To"] == unverified.email
    assert await verify(client, token_in(message)) == 204


async def test_an_account_gets_one_link_per_interval_whoever_asks(
    session: AsyncSession, unverified: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    email = unverified.email
    sent = [await verification.verification_message_for(session, email) for _ in range(3)]
    reset = await recovery.password_reset_message(session, email)  # a throttle of its own
    monkeypatch.setattr(auth_settings, "ACCOUNT_MAIL_INTERVAL_SECONDS", 0)
    once_it_passed = await verification.verification_message_for(session, email)

    assert [message is not None for message in sent] == [True, False, False]
    assert reset is not None
    assert once_it_passed is not None


def forged(user: User, **changes: object) -> str:
    claims = jwt.decode(
        create_verification_token(user, user.email),
        auth_settings.SECRET_KEY,
        algorithms=[ALGORITHM],
    )
    return jwt.encode(claims | changes, auth_settings.SECRET_KEY, algorithm=ALGORITHM)


@pytest.mark.parametrize(
    "make_token",
    [
        pytest.param(lambda user: "not-a-token", id="garbage"),
        pytest.param(lambda user: create_reset_token(user), id="reset-token"),
        pytest.param(lambda user: forged(user, exp=1), id="expired"),
        pytest.param(lambda user: forged(user, type="access"), id="other-type"),
        pytest.param(lambda user: forged(user, sub="x"), id="bad-subject"),
        pytest.param(lambda user: forged(user, email=7), id="bad-address"),
        pytest.param(
            lambda user: jwt.encode(
                {"sub": str(user.id), "type": "verify_email"}, "another-key-of-32-characters!!!!"
            ),
            id="wrong-key",
        ),
    ],
)
async def test_a_link_that_is_not_a_valid_verification_is_refused(
    client: AsyncClient, session: AsyncSession, unverified: User, make_token: object
) -> None:
    assert callable(make_token)
    response = await client.post(f"{AUTH}/verify-email", json={"token": make_token(unverified)})

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"
    assert response.json()["request_id"]
    await session.refresh(unverified)
    assert unverified.email_verified_at is None


async def test_a_new_address_takes_effect_only_once_its_link_is_opened(
    client: AsyncClient, session: AsyncSession, user: User, mailbox: Mailbox
) -> None:
    headers = await auth_headers(session, user)
    change = {"email": NEW_ADDRESS, "current_password": PASSWORD}

    asked = await client.post(f"{USERS}/me/email", json=change, headers=headers)
    meanwhile = await client.get(f"{USERS}/me", headers=headers)
    messages = {message["To"]: message for message in await mailbox.wait_for(2)}

    assert asked.status_code == 202
    assert meanwhile.json()["email"] == user.email
    assert NEW_ADDRESS in text_of(messages[user.email])  # the old address is told
    assert await verify(client, token_in(messages[NEW_ADDRESS])) == 204
    after = await client.get(f"{USERS}/me", headers=headers)
    assert after.json()["email"] == NEW_ADDRESS
    assert after.json()["email_verified_at"] is not None
    assert await login_status(client, NEW_ADDRESS) == 200
    assert await login_status(client, user.email) == 401
    assert await events_of(session, user) == [
        EventKind.SIGN_IN_SUCCEEDED,
        EventKind.EMAIL_CHANGE_REQUESTED,
        EventKind.EMAIL_CHANGED,
        EventKind.EMAIL_VERIFIED,
        EventKind.SIGN_IN_SUCCEEDED,
    ]


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"email": NEW_ADDRESS, "current_password": "not-the-password"}, 403),
        ({"email": NEW_ADDRESS}, 422),
        ({"email": "user@example.com", "current_password": PASSWORD}, 409),
        ({"email": "taken@example.com", "current_password": PASSWORD}, 409),
    ],
)
async def test_a_new_address_needs_the_password_and_a_free_address(
    api_client: AsyncClient,
    session: AsyncSession,
    mailbox: Mailbox,
    change: dict[str, str],
    status: int,
) -> None:
    await create_user(session, "taken@example.com")
    marker = await create_user(session, "marker@example.com", verified=False)

    response = await api_client.post(f"{USERS}/me/email", json=change)
    await api_client.post(f"{AUTH}/verify-email/resend", json={"email": marker.email})

    assert response.status_code == status
    (message,) = await mailbox.wait_for(1)  # sent in order: only the marker got one
    assert message["To"] == marker.email


async def test_an_address_taken_before_the_link_is_opened_is_refused(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    token = create_verification_token(user, NEW_ADDRESS)
    await create_user(session, NEW_ADDRESS)

    response = await client.post(f"{AUTH}/verify-email", json={"token": token})

    assert response.status_code == 409
    await session.refresh(user)
    assert user.email == "user@example.com"


async def test_a_password_change_kills_the_link_of_a_change_not_asked_for(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    token = create_verification_token(user, NEW_ADDRESS)
    change = {"current_password": PASSWORD, "new_password": "a-brand-new-password"}
    headers = await auth_headers(session, user)
    await client.post(f"{USERS}/me/password", json=change, headers=headers)

    assert await verify(client, token) == 403


async def test_a_link_for_an_address_the_account_no_longer_has_is_refused(
    client: AsyncClient, session: AsyncSession, unverified: User
) -> None:
    token = create_verification_token(unverified, unverified.email)
    unverified.email = "renamed@example.com"
    await session.commit()

    assert await verify(client, token) == 403


async def test_a_password_reset_verifies_the_address(
    client: AsyncClient, session: AsyncSession, unverified: User
) -> None:
    body = {"token": create_reset_token(unverified), "new_password": "a-brand-new-password"}

    assert (await client.post(f"{AUTH}/reset-password", json=body)).status_code == 204
    await session.refresh(unverified)
    assert unverified.email_verified_at is not None


async def test_an_account_an_admin_makes_is_verified(admin_client: AsyncClient) -> None:
    body = {"email": "made@example.com", "password": PASSWORD}

    response = await admin_client.post(f"{USERS}/", json=body)

    assert response.json()["email_verified_at"] is not None
