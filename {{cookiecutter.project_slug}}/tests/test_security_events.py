"""Security events, and the lockout they drive: each sign-in, lockout, password change and
reset, ended session and reused refresh token is a log line and a row an admin pages
through; failed sign-ins in a row lock the account, which then answers like a wrong password.
"""

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import structlog
from httpx import AsyncClient
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.audit import service as audit
from {{ cookiecutter.package_name }}.audit.models import SecurityEvent
from {{ cookiecutter.package_name }}.audit.service import Failures
from {{ cookiecutter.package_name }}.auth import service
from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.auth.recovery import create_reset_token
from {{ cookiecutter.package_name }}.users.models import User

from .utils.users import PASSWORD, auth_headers, create_user

API = "/api/v1"
EVENTS = f"{API}/auth/events"
WRONG = "not-the-password"


async def login(client: AsyncClient, email: str, password: str = PASSWORD) -> Any:
    """The answer's status and body, and its headers that could tell accounts apart."""
    response = await client.post(
        f"{API}/auth/login", data={"username": email, "password": password}
    )
    body = response.json()
    body.pop("request_id", None)  # each request's own
    return response.status_code, body, response.headers.get("WWW-Authenticate")


async def kinds(session: AsyncSession, user: User) -> list[str]:
    query = select(SecurityEvent.kind).where(SecurityEvent.user_id == user.id)
    return list(await session.scalars(query.order_by(SecurityEvent.id)))


@pytest.fixture
def three_strikes(monkeypatch: pytest.MonkeyPatch) -> None:
    """A lockout after three failed sign-ins in a row, for a minute."""
    monkeypatch.setattr(auth_settings, "SIGN_IN_LOCKOUT_THRESHOLD", 3)
    monkeypatch.setattr(auth_settings, "SIGN_IN_LOCKOUT_MINUTES", 1)


async def test_sign_ins_are_logged_and_recorded_with_the_request_id(
    client: AsyncClient, session: AsyncSession, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    capturing = CapturingLogger()
    logger = structlog.wrap_logger(capturing, processors=[structlog.contextvars.merge_contextvars])
    monkeypatch.setattr(audit, "logger", logger)

    assert (await login(client, user.email, WRONG))[0] == 401
    assert (await login(client, "nobody@example.com"))[0] == 401
    assert (await login(client, user.email))[0] == 200

    lines = [call.kwargs for call in capturing.calls]
    assert [(line["event"], line["kind"], line["user_id"]) for line in lines] == [
        ("security_event", "sign_in_failed", user.id),
        ("security_event", "sign_in_failed", None),  # no account: nothing of it is kept
        ("security_event", "sign_in_succeeded", user.id),
    ]
    rows = (await session.scalars(select(SecurityEvent).order_by(SecurityEvent.id))).all()
    assert [row.user_id for row in rows] == [user.id, None, user.id]
    assert [row.request_id for row in rows] == [line["request_id"] for line in lines]
    assert all(row.address == "127.0.0.1" for row in rows)
    assert rows[-1].session_id is not None


@pytest.mark.usefixtures("three_strikes")
async def test_a_locked_account_answers_like_a_wrong_password(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    wrong = [await login(client, user.email, WRONG) for _ in range(3)]

    locked = await login(client, user.email)

    assert locked == wrong[0] == await login(client, "nobody@example.com")
    assert locked[0] == 401
    assert await kinds(session, user) == [
        *["sign_in_failed"] * 3,
        "account_locked",
        "sign_in_locked",
    ]


@pytest.mark.usefixtures("three_strikes")
async def test_the_lock_opens_after_its_cooling_off_and_a_success_resets_the_count(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        await login(client, user.email, WRONG)
    later = datetime.now(UTC) + timedelta(minutes=1, seconds=1)
    monkeypatch.setattr(service, "utcnow", lambda: later)

    assert (await login(client, user.email))[0] == 200
    for _ in range(2):
        await login(client, user.email, WRONG)
    assert (await login(client, user.email))[0] == 200  # two failures since: not locked


@pytest.mark.usefixtures("three_strikes")
async def test_locked_attempts_do_not_lengthen_the_lock(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(3):
        await login(client, user.email, WRONG)
    for _ in range(5):
        assert (await login(client, user.email, WRONG))[0] == 401
    later = datetime.now(UTC) + timedelta(minutes=1, seconds=1)
    monkeypatch.setattr(service, "utcnow", lambda: later)

    assert (await login(client, user.email))[0] == 200


@pytest.mark.parametrize(
    ("failed", "minutes"),
    [(2, None), (3, 1), (5, 1), (6, 2), (9, 4), (3000, 60 * 24)],
)
def test_the_cooling_off_doubles_with_each_threshold_of_failures(
    three_strikes: None, failed: int, minutes: int | None
) -> None:
    last = datetime(2026, 1, 1, tzinfo=UTC)

    until = service.locked_until(Failures(failed, last))

    assert until == (None if minutes is None else last + timedelta(minutes=minutes))


async def test_password_changes_resets_and_ended_sessions_are_recorded(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    _, tokens, _ = await login(client, user.email)
    _, other, _ = await login(client, user.email)
    bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
    change = {"current_password": PASSWORD, "new_password": "a-brand-new-password"}
    assert (await client.post(f"{API}/users/me/password", json=change, headers=bearer)).is_success
    await session.refresh(user)
    reset = {"token": create_reset_token(user), "new_password": "another-new-password"}
    assert (await client.post(f"{API}/auth/reset-password", json=reset)).is_success

    assert await kinds(session, user) == [
        "sign_in_succeeded",
        "sign_in_succeeded",
        "password_changed",
        "session_ended",  # the other session
        "password_reset",
        "session_ended",  # the one that changed the password
    ]
    assert other["refresh_token"]


async def test_a_reused_refresh_token_is_recorded(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    _, tokens, _ = await login(client, user.email)
    body = {"refresh_token": tokens["refresh_token"]}
    await client.post(f"{API}/auth/refresh", json=body)

    assert (await client.post(f"{API}/auth/refresh", json=body)).status_code == 401

    assert (await kinds(session, user))[-2:] == ["refresh_reused", "session_ended"]


async def test_an_admin_pages_through_events_by_account_and_kind(
    client: AsyncClient, session: AsyncSession, user: User, admin: User
) -> None:
    await login(client, user.email, WRONG)
    await login(client, user.email)
    as_admin = await auth_headers(session, admin)

    mine = await client.get(EVENTS, params={"user_id": user.id}, headers=as_admin)
    failed = await client.get(EVENTS, params={"kind": "sign_in_failed"}, headers=as_admin)
    first = await client.get(EVENTS, params={"limit": 1}, headers=as_admin)

    assert mine.status_code == 200
    assert [event["kind"] for event in mine.json()["events"]] == [
        "sign_in_succeeded",  # the newest first
        "sign_in_failed",
    ]
    assert [event["user_id"] for event in failed.json()["events"]] == [user.id]
    assert (first.json()["total"], len(first.json()["events"])) == (3, 1)


async def test_only_a_holder_of_users_read_reads_the_events(
    client: AsyncClient, session: AsyncSession, user: User
) -> None:
    headers = await auth_headers(session, user)

    refused = await client.get(EVENTS, headers=headers)
    anonymous = await client.get(EVENTS)

    assert refused.status_code == 403
    assert anonymous.status_code == 401


async def test_an_account_deleted_keeps_its_events_without_the_link(
    client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    gone = await create_user(session, "gone@example.com")
    await login(client, gone.email)
    as_admin = await auth_headers(session, admin)

    assert (await client.delete(f"{API}/users/{gone.id}", headers=as_admin)).status_code == 204

    events = (
        await client.get(EVENTS, params={"kind": "sign_in_succeeded"}, headers=as_admin)
    ).json()
    assert [event["user_id"] for event in events["events"]] == [admin.id, None]


async def test_events_past_their_retention_are_forgotten_at_a_sign_in(
    client: AsyncClient, session: AsyncSession, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    await login(client, user.email, WRONG)
    await login(client, user.email, WRONG)
    first_id = await session.scalar(select(SecurityEvent.id).order_by(SecurityEvent.id))
    old = datetime.now(UTC) - timedelta(days=auth_settings.SECURITY_EVENTS_RETENTION_DAYS + 1)
    await session.execute(
        update(SecurityEvent).where(SecurityEvent.id == first_id).values(created_at=old)
    )
    await session.commit()
    monkeypatch.setattr(audit, "PRUNED_AT_ONCE", 1)

    await login(client, user.email)

    assert await kinds(session, user) == ["sign_in_failed", "sign_in_succeeded"]
