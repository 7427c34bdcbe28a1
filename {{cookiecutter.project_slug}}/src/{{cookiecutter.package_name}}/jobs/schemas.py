"""What the job API returns."""

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from .models import JobStatus


class JobRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    kind: str
    status: JobStatus
    # The export as CSV once the job has succeeded; why it failed once it has failed.
    result: str | None
    error: str | None
    created_at: datetime
    finished_at: datetime | None
