"""Job endpoints: start an export of your items, then follow it until its CSV is ready."""

from fastapi import Request, Response

from ..api.deps import SessionDep
from . import service
from .dependencies import NewExport, OwnedJob
from .schemas import JobRead


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
