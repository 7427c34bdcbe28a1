from {{ cookiecutter.package_name }}.core.errors import NotFound, error_responses
from {{ cookiecutter.package_name }}.jobs.dependencies import OwnedJob
from {{ cookiecutter.package_name }}.jobs.schemas import JobRead

name = "read_job"
responses = error_responses(NotFound)


async def handler(job: OwnedJob) -> JobRead:
    """A job's state, and its result once it has finished."""
    return JobRead.model_validate(job)
