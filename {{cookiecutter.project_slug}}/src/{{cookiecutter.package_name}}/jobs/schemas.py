"""What the job API returns."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from ..db.pagination import Page
from .models import JobStatus


class JobSummary(BaseModel):
    """A job as a list shows it: its state, without its result."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    status: JobStatus
    # Why it failed, once it has failed.
    error: str | None
    created_at: datetime
    finished_at: datetime | None


class JobRead(JobSummary):
    # The export as CSV once the job has succeeded (also at /jobs/{id}/result, as a file).
    result: str | None


class JobPage(Page):
    jobs: list[JobSummary]
