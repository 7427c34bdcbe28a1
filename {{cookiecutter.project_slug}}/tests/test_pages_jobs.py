"""The jobs page: an export started by its button is done by the worker, listed with its
state, and its CSV downloaded from the list; a result waits for success; a forged form
starts nothing{% if "jwt" in features %}; another user's job is neither listed nor downloadable{% endif %}.
"""

import re
import uuid

import pytest
from httpx import AsyncClient
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.jobs.models import Job
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User
{%- endif %}

from .utils.forms import form_token
from .utils.worker import wait_until_finished

DOWNLOAD = re.compile(r'href="(/jobs/[0-9a-f-]{36}/result)"')


async def jobs_in_database(session: AsyncSession) -> int:
    return (await session.scalar(select(func.count()).select_from(Job))) or 0


@pytest.mark.usefixtures("worker")
async def test_an_export_started_on_the_page_is_listed_and_downloaded(
    page_client: AsyncClient, session: AsyncSession{% if "jwt" in features %}, user: User{% endif %}
) -> None:
    session.add(Item(title="Paint the fence"{% if "jwt" in features %}, owner_id=user.id{% endif %}))
    await session.commit()
    token = await form_token(page_client, "/jobs")

    started = await page_client.post("/jobs/exports", data={"csrf_token": token})
    (job,) = (await page_client.get("/api/v1/jobs/")).json()["jobs"]
    await wait_until_finished(page_client, f"/api/v1/jobs/{job['id']}")
    page = await page_client.get("/jobs")
    link = DOWNLOAD.search(page.text)
    assert link is not None, page.text
    download = await page_client.get(link.group(1))

    assert (started.status_code, started.headers["location"]) == (303, "/jobs")
    assert "succeeded" in page.text
    assert link.group(1) == f"/jobs/{job['id']}/result"
    assert download.status_code == 200
    assert download.headers["content-type"] == "text/csv; charset=utf-8"
    assert download.headers["content-disposition"].startswith('attachment; filename="items-')
    assert "Paint the fence" in download.text


async def test_a_job_not_yet_done_is_listed_without_a_download_and_its_result_waits(
    page_client: AsyncClient, session: AsyncSession{% if "jwt" in features %}, user: User{% endif %}
) -> None:
    owner: dict[str, int] = {% if "jwt" in features %}{"owner_id": user.id}{% else %}{}{% endif %}
    job = Job(id=str(uuid.uuid4()), kind="items_export", **owner)
    session.add(job)
    await session.commit()

    page = await page_client.get("/jobs")
    result = await page_client.get(f"/jobs/{job.id}/result")

    assert page.status_code == 200
    assert "queued" in page.text
    assert DOWNLOAD.search(page.text) is None
    assert (result.status_code, result.json()["error_code"]) == (409, "conflict")


async def test_a_forged_export_form_starts_nothing(
    page_client: AsyncClient, session: AsyncSession
) -> None:
    await form_token(page_client, "/jobs")

    missing = await page_client.post("/jobs/exports", data={})
    made_up = await page_client.post("/jobs/exports", data={"csrf_token": "x" * 43})

    assert (missing.status_code, made_up.status_code) == (403, 403)
    assert await jobs_in_database(session) == 0


async def test_an_unknown_job_has_no_result(page_client: AsyncClient) -> None:
    result = await page_client.get(f"/jobs/{uuid.uuid4()}/result")

    assert (result.status_code, result.json()["error_code"]) == (404, "not_found")
{%- if "jwt" in features %}


async def test_another_users_job_is_neither_listed_nor_downloadable(
    page_client: AsyncClient, session: AsyncSession, admin: User
) -> None:
    job = Job(
        id=str(uuid.uuid4()),
        kind="items_export",
        owner_id=admin.id,
        status="succeeded",
        result="id,title\r\n1,secret\r\n",
    )
    session.add(job)
    await session.commit()

    page = await page_client.get("/jobs")
    result = await page_client.get(f"/jobs/{job.id}/result")

    assert job.id not in page.text
    assert "No jobs yet." in page.text
    assert result.status_code == 404
{%- endif %}
{%- if "pages_sign_in" in features %}


async def test_the_jobs_pages_send_a_browser_that_has_not_signed_in_to_sign_in(
    client: AsyncClient, session: AsyncSession
) -> None:
    page = await client.get("/jobs")
    started = await client.post("/jobs/exports", data={"csrf_token": "x" * 43})

    assert (page.status_code, page.headers["location"]) == (303, "/sign-in")
    assert (started.status_code, started.headers["location"]) == (303, "/sign-in")
    assert await jobs_in_database(session) == 0
{%- endif %}
