"""Job endpoints: start an export of your items, then follow it until its CSV is ready."""

from fastapi import APIRouter, Request, Response, status

from ..api.deps import SessionDep
from ..core.errors import NotFound, error_responses
from ..items.dependencies import CALLER_ERRORS
from ..worker.broker import QueueUnavailable
from . import service
from .dependencies import NewExport, OwnedJob
from .schemas import JobRead

router = APIRouter(prefix="/jobs", tags=["jobs"], responses=error_responses(*CALLER_ERRORS))


@router.post(
    "/exports",
    status_code=status.HTTP_202_ACCEPTED,
    responses=error_responses(QueueUnavailable),
)
async def start_export(
    session: SessionDep, job: NewExport, request: Request, response: Response
) -> JobRead:
    """Start exporting your items to CSV; follow the job at its `Location`."""
    await service.start(session, job, "jobs.export_items")
    response.headers["Location"] = str(request.url_for("read_job", job_id=job.id))
    return JobRead.model_validate(job)


@router.get("/{job_id:uuid}", responses=error_responses(NotFound))
async def read_job(job: OwnedJob) -> JobRead:
    """A job's state, and its result once it has finished."""
    return JobRead.model_validate(job)
