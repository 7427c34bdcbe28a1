from fastapi import Request, Response, status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.jobs import service
from {{ cookiecutter.package_name }}.jobs.dependencies import NewExport
from {{ cookiecutter.package_name }}.jobs.schemas import JobRead
from {{ cookiecutter.package_name }}.worker.broker import QueueUnavailable

name = "start_export"
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(QueueUnavailable)


async def handler(
    session: SessionDep, job: NewExport, request: Request, response: Response
) -> JobRead:
    """Start exporting your items to CSV; follow the job at its `Location`."""
    await service.start(session, job, "jobs.export_items")
    response.headers["Location"] = str(request.url_for("read_job", job_id=job.id))
    return JobRead.model_validate(job)
