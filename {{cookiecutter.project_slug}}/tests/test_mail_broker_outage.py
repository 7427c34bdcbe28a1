"""A hung broker and e-mail: a password reset answers 503 in time, sign-up still succeeds
(its welcome is logged as lost), and neither holds a database connection meanwhile.
"""

import asyncio
import re
import time

import pytest
import structlog
from httpx import AsyncClient
from sqlalchemy.ext.asyncio import AsyncSession
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.mail import outbox
from {{ cookiecutter.package_name }}.users.models import User
from {{ cookiecutter.package_name }}.users.service import get_user_by_email
from {{ cookiecutter.package_name }}.worker.config import celery_settings

from .utils.database import pool_frees_up_within
from .utils.users import PASSWORD
from .utils.worker import hung_broker

RECOVERY = f"{core_settings.API_V1_PREFIX}/auth/password-recovery"
SIGNUP = f"{core_settings.API_V1_PREFIX}/users/signup"
REQUESTS = 30
# Seconds a loaded machine may add to what CELERY_ENQUEUE_TIMEOUT bounds.
MARGIN = 2


async def test_recovery_answers_503_in_time_while_the_api_stays_ready(
    client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with hung_broker(monkeypatch) as stand_in:
        started = time.monotonic()
        recoveries = [
            asyncio.create_task(client.post(RECOVERY, json={"email": user.email}))
            for _ in range(REQUESTS)
        ]
        await asyncio.wait_for(stand_in.accepted.wait(), celery_settings.CELERY_ENQUEUE_TIMEOUT)
        ready = await client.get("/health/ready")
        still_waiting = not all(recovery.done() for recovery in recoveries)
        answers = await asyncio.gather(*recoveries)
        elapsed = time.monotonic() - started

    assert still_waiting
    assert ready.status_code == 200
    assert {answer.status_code for answer in answers} == {503}
    for answer in answers:
        assert answer.json()["error_code"] == "service_unavailable"
        assert re.fullmatch(r"[0-9a-f]{32}", answer.json()["request_id"])
    assert elapsed < celery_settings.CELERY_ENQUEUE_TIMEOUT + MARGIN


async def test_signup_succeeds_and_logs_the_lost_welcome_holding_no_connection(
    client: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged = CapturingLogger()
    monkeypatch.setattr(outbox, "logger", structlog.wrap_logger(logged, processors=[]))
    monkeypatch.setattr(auth_settings, "REGISTRATION_OPEN", True)
    body = {"email": "new@example.com", "password": PASSWORD, "full_name": "Ada"}
    async with hung_broker(monkeypatch) as stand_in:
        signup = asyncio.create_task(client.post(SIGNUP, json=body))
        await asyncio.wait_for(stand_in.accepted.wait(), celery_settings.CELERY_ENQUEUE_TIMEOUT)
        pool_freed = await pool_frees_up_within(celery_settings.CELERY_ENQUEUE_TIMEOUT)
        response = await signup

    assert pool_freed
    assert response.status_code == 201
    assert await get_user_by_email(session, "new@example.com") is not None
    assert [call.kwargs["kind"] for call in logged.calls] == ["welcome"]
