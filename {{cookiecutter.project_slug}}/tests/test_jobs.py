"""The job API: start an export, follow it to its CSV, download it, list the jobs;
503 when the broker is down{% if "jwt" in features %}. Each user sees only their own jobs{% endif %}.
"""

import asyncio
import csv
import io
import re
import time
import uuid

import pytest
from celery import Celery
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.core.config import core_settings
from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.jobs.models import Job
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User
{%- endif %}
from {{ cookiecutter.package_name }}.worker import broker
from {{ cookiecutter.package_name }}.worker.app import celery_app
from {{ cookiecutter.package_name }}.worker.config import celery_settings

from .utils.database import pool_frees_up_within
from .utils.worker import hung_broker, wait_until_finished

JOBS = f"{core_settings.API_V1_PREFIX}/jobs"
EXPORTS = f"{JOBS}/exports"
# More exports at once than the pool has connections, as in the outage this guards against.
EXPORTS_AT_ONCE = 30
# Seconds a loaded machine may add to what CELERY_ENQUEUE_TIMEOUT bounds.
MARGIN = 2


def unreachable_broker() -> Celery:
    """A Celery app whose broker refuses every connection (nothing listens on port 1)."""
{%- if "celery_redis" in features %}
    return Celery(broker="redis://127.0.0.1:1/0")
{%- else %}
    return Celery(broker="amqp://guest:guest@127.0.0.1:1//")
{%- endif %}


@pytest.mark.usefixtures("worker")
async def test_export_is_accepted_and_finishes_with_the_items_as_csv(
    api_client: AsyncClient, session: AsyncSession{% if "jwt" in features %}, user: User{% endif %}
) -> None:
{%- if "jwt" in features %}
    session.add_all([Item(title="first", owner_id=user.id), Item(title="second", owner_id=user.id)])
{%- else %}
    session.add_all([Item(title="first"), Item(title="second")])
{%- endif %}
    await session.commit()

    started = await api_client.post(EXPORTS)

    assert started.status_code == 202
    assert started.json()["status"] == "queued"
    location = started.headers["Location"]
    assert location.endswith(f"/jobs/{started.json()['id']}")
    job = await wait_until_finished(api_client, location)
    assert job["status"] == "succeeded"
    rows = list(csv.DictReader(io.StringIO(job["result"])))
    assert [row["title"] for row in rows] == ["first", "second"]
    # Sent without asking for Celery's result, so the worker stored none.
    assert celery_app.AsyncResult(job["id"]).state == "PENDING"

    download = await api_client.get(f"{location}/result")
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="items-\d{8}-\d{6}\.csv"', download.headers["content-disposition"]
    )
    assert download.text == job["result"]
    listed = (await api_client.get(f"{JOBS}/")).json()
    assert listed["total"] == 1
    assert [(job["id"], job["status"]) for job in listed["jobs"]] == [(job["id"], "succeeded")]
    assert "result" not in listed["jobs"][0]


async def test_jobs_are_listed_newest_first_and_a_result_waits_for_success(
    api_client: AsyncClient, session: AsyncSession{% if "jwt" in features %}, user: User{% endif %}
) -> None:
    owner: dict[str, int] = {% if "jwt" in features %}{"owner_id": user.id}{% else %}{}{% endif %}
    older = Job(id=str(uuid.uuid4()), kind="items_export", status="failed", error="gone", **owner)
    session.add(older)
    await session.commit()
    newer = Job(id=str(uuid.uuid4()), kind="items_export", **owner)
    session.add(newer)
    await session.commit()

    listed = await api_client.get(f"{JOBS}/", params={"limit": 1})
    queued = await api_client.get(f"{JOBS}/{newer.id}/result")
    failed = await api_client.get(f"{JOBS}/{older.id}/result")

    assert listed.json()["total"] == 2
    assert [job["id"] for job in listed.json()["jobs"]] == [newer.id]
    assert (queued.status_code, failed.status_code) == (409, 409)
    assert queued.json()["error_code"] == "conflict"


async def test_unknown_job_is_404(api_client: AsyncClient) -> None:
    response = await api_client.get(f"{core_settings.API_V1_PREFIX}/jobs/{uuid.uuid4()}")

    assert response.status_code == 404
    assert response.json()["error_code"] == "not_found"
{%- if "jwt" in features %}


async def test_another_users_job_is_404(
    api_client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    job = Job(id=str(uuid.uuid4()), kind="items_export", owner_id=admin.id)
    session.add(job)
    await session.commit()

    response = await api_client.get(f"{JOBS}/{job.id}")
    result = await api_client.get(f"{JOBS}/{job.id}/result")
    listed = await api_client.get(f"{JOBS}/")

    assert (response.status_code, result.status_code) == (404, 404)
    assert listed.json()["jobs"] == []


async def test_export_needs_a_signed_in_user(client: AsyncClient) -> None:
    response = await client.post(EXPORTS)

    assert response.status_code == 401
{%- endif %}


async def test_broker_down_answers_503_in_time_and_keeps_no_job(
    api_client: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Celery takes CELERY_BROKER_URL from the environment over the broker it is given.
    monkeypatch.delenv("CELERY_BROKER_URL", raising=False)
    monkeypatch.setattr(broker, "celery", unreachable_broker)

    started = time.monotonic()
    response = await api_client.post(EXPORTS)

    assert response.status_code == 503
    assert response.json()["error_code"] == "service_unavailable"
    assert time.monotonic() - started < celery_settings.CELERY_ENQUEUE_TIMEOUT + 1
    assert await session.scalar(select(func.count()).select_from(Job)) == 0


async def test_hung_broker_answers_503_in_time_and_leaves_the_pool_free(
    api_client: AsyncClient, session: AsyncSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with hung_broker(monkeypatch) as stand_in:
        started = time.monotonic()
        exports = [asyncio.create_task(api_client.post(EXPORTS)) for _ in range(EXPORTS_AT_ONCE)]
        await asyncio.wait_for(stand_in.accepted.wait(), celery_settings.CELERY_ENQUEUE_TIMEOUT)
        # While the requests wait on the broker, none holds a connection and the API answers.
        pool_freed = await pool_frees_up_within(celery_settings.CELERY_ENQUEUE_TIMEOUT)
        ready = await api_client.get("/health/ready")
        still_waiting = not all(export.done() for export in exports)
        answers = await asyncio.gather(*exports)
        elapsed = time.monotonic() - started

    assert pool_freed
    assert still_waiting
    assert ready.status_code == 200
    assert {answer.status_code for answer in answers} == {503}
    for answer in answers:
        assert answer.json()["error_code"] == "service_unavailable"
        assert re.fullmatch(r"[0-9a-f]{32}", answer.json()["request_id"])
        assert answer.json()["request_id"] == answer.headers["x-request-id"]
    assert elapsed < celery_settings.CELERY_ENQUEUE_TIMEOUT + MARGIN
    assert await session.scalar(select(func.count()).select_from(Job)) == 0
