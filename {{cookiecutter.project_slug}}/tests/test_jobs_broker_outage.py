"""A broker that hangs while the service runs: exports answer 503 within
CELERY_ENQUEUE_TIMEOUT, the API stays ready and holds no database connection meanwhile, no
job is kept for a refused export, the threads still waiting on the broker are no more than
its connection pool, and once the broker is back the next export is taken.
"""

import asyncio
import re
import time

import pytest
from httpx import AsyncClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.jobs.models import Job
from {{ cookiecutter.package_name }}.settings import settings
from {{ cookiecutter.package_name }}.worker.app import celery_app

from .utils.database import pool_frees_up_within
from .utils.worker import HUNG_ENQUEUE_TIMEOUT, Sending, frozen_broker

EXPORTS = f"{settings.API_V1_PREFIX}/jobs/exports"
# More exports at once than the broker's connection pool and the database's pool hold.
EXPORTS_AT_ONCE = 30
# Seconds a loaded machine may add to what CELERY_ENQUEUE_TIMEOUT (here HUNG_ENQUEUE_TIMEOUT)
# bounds: 30 answers at once took up to 5.9 s on 2 cores shared with two other suites.
# Waiting in turn would take 30 timeouts, in the broker pool's threads 3.
MARGIN = HUNG_ENQUEUE_TIMEOUT + 2
# Seconds after the answers by which the threads waiting for a broker connection have
# given up with their requests.
GIVE_UP = 0.5


async def test_hung_broker_answers_503_in_time_keeps_no_job_and_recovers(
    api_client: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    sending = Sending(monkeypatch)
    async with frozen_broker(monkeypatch) as outage:
        started = time.monotonic()
        exports = [asyncio.create_task(api_client.post(EXPORTS)) for _ in range(EXPORTS_AT_ONCE)]
        pool_freed = await pool_frees_up_within(HUNG_ENQUEUE_TIMEOUT)
        ready = await api_client.get("/health/ready")
        answers = await asyncio.gather(*exports)
        elapsed = time.monotonic() - started
        await asyncio.sleep(GIVE_UP)
        still_sending = sending.now

        outage.resume()
        accepted = await api_client.post(EXPORTS)

    assert pool_freed
    assert ready.status_code == 200
    assert {answer.status_code for answer in answers} == {503}
    for answer in answers:
        assert answer.json()["error_code"] == "service_unavailable"
        assert re.fullmatch(r"[0-9a-f]{32}", answer.json()["request_id"])
        assert answer.json()["request_id"] == answer.headers["x-request-id"]
    assert elapsed < HUNG_ENQUEUE_TIMEOUT + MARGIN
    assert still_sending <= celery_app.conf.broker_pool_limit
    assert accepted.status_code == 202
    assert set(await session.scalars(select(Job.id))) == {accepted.json()["id"]}
