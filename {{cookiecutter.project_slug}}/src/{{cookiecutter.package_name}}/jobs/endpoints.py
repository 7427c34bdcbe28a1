"""Job endpoints: start an export of your items, follow it until its CSV is ready, download
it; list the jobs you started.
"""

from typing import Any

from fastapi import Request, Response

from ..api.deps import PageDep, SessionDep
from ..core.errors import Conflict, NotFound, error_responses
from ..identity import ClaimedCaller
from . import service
from .dependencies import NewExport, OwnedJob
from .schemas import JobPage, JobRead

RESULT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The export as a CSV file, with a header row",
        "content": {"text/csv": {"schema": {"type": "string"}}},
    },
    **error_responses(NotFound, Conflict),
}


async def start_export(
    session: SessionDep, job: NewExport, request: Request, response: Response
) -> JobRead:
    """Start exporting your items to CSV; follow the job at its `Location`."""
    await service.start(session, job, "jobs.export_items")
    response.headers["Location"] = str(request.url_for("read_job", job_id=job.id))
    return JobRead.model_validate(job)


async def read_job(job: OwnedJob) -> JobRead:
    """A job's state, and its result once it has finished."""
    return JobRead.model_validate(job)


async def list_jobs(session: SessionDep, caller: ClaimedCaller, page: PageDep) -> JobPage:
    """List the jobs you started, newest first (each job's result is at its own URL)."""
    rows, total = await service.list_jobs(session, caller, page)
    return JobPage.of(rows, total, page)


async def download_result(job: OwnedJob) -> Response:
    """The export's CSV as a file to save, once the job has succeeded (409 before)."""
    filename = f"items-{job.created_at:%Y%m%d-%H%M%S}.csv"
    return Response(
        service.export_csv(job),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
