"""A hung SMTP server costs the API nothing: password recovery answers as ever, readiness
stays green, and no message waits on the server holding a database connection.
"""

import asyncio
import math
import time

import pytest
import structlog
from httpx import AsyncClient
from structlog.testing import CapturingLogger

from {{ cookiecutter.package_name }}.auth.config import auth_settings
from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.mail import outbox
from {{ cookiecutter.package_name }}.mail.config import mail_settings
from {{ cookiecutter.package_name }}.users.models import User

from .utils.database import pool_frees_up_within
from .utils.stand_ins import hung_server

RECOVERY = f"{core_settings.API_V1_PREFIX}/auth/password-recovery"
# More requests than the pool has connections, as in the outage this guards against.
REQUESTS = 30
# Messages sent at once: few enough that the last ones wait on the server for three rounds of
# SMTP_TIMEOUT, long after recording each send has given its connection back.
SENDS = 10
SMTP_TIMEOUT = 1.0
# Seconds a loaded machine may add to what the settings bound.
MARGIN = 2


async def test_recoveries_against_a_hung_smtp_server_leave_the_pool_free(
    api_client: AsyncClient, user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    logged = CapturingLogger()
    monkeypatch.setattr(outbox, "logger", structlog.wrap_logger(logged, processors=[]))
    monkeypatch.setattr(mail_settings, "SMTP_TIMEOUT", SMTP_TIMEOUT)
    # Every recovery composes a message (and records it), although they are all for one account.
    monkeypatch.setattr(auth_settings, "ACCOUNT_MAIL_INTERVAL_SECONDS", 0)
    monkeypatch.setattr(outbox, "sending", asyncio.Semaphore(SENDS))
    async with hung_server() as smtp:
        monkeypatch.setattr(mail_settings, "SMTP_PORT", smtp.port)
        started = time.monotonic()
        recoveries = [
            asyncio.create_task(api_client.post(RECOVERY, json={"email": user.email}))
            for _ in range(REQUESTS)
        ]
        # The first message reaches the server; a loaded machine takes its time to send it.
        await asyncio.wait_for(smtp.accepted.wait(), SMTP_TIMEOUT + MARGIN)
        # While the messages wait on the server, the pool is free and the API answers.
        pool_freed = await pool_frees_up_within(SMTP_TIMEOUT + MARGIN)
        ready = await api_client.get("/health/ready")
        me = await api_client.get(f"{core_settings.API_V1_PREFIX}/users/me")
        still_waiting = not all(recovery.done() for recovery in recoveries)
        answers = await asyncio.gather(*recoveries)
        elapsed = time.monotonic() - started

    assert pool_freed
    assert still_waiting
    assert (ready.status_code, me.status_code) == (200, 200)
    assert {answer.status_code for answer in answers} == {202}
    # Never more messages at once than the outbox sends, each failing in time.
    assert smtp.peak <= SENDS
    rounds = math.ceil(REQUESTS / SENDS)
    assert elapsed < rounds * SMTP_TIMEOUT + MARGIN
    assert [call.kwargs["kind"] for call in logged.calls] == ["password_reset"] * REQUESTS
