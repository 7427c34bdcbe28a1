"""Which jobs a request may see: only those the caller started (not even an admin may see
another's: an export holds its owner's data).
"""

import uuid
from typing import Annotated

from fastapi import Depends, Path

from ..api.deps import SessionDep
from ..core.errors import NotFound
from ..identity import Caller, owner_fields, owns
from . import service
from .models import Job

JobId = Annotated[uuid.UUID, Path(description="The job's id")]


async def get_owned_job(session: SessionDep, caller: Caller, job_id: JobId) -> Job:
    """The job with this id if the caller started it; 404 otherwise, so other callers' job
    ids stay unknown.
    """
    job = await service.get_job(session, str(job_id))
    if not owns(caller, job):
        raise NotFound(f"Job {job_id} not found")
    return job


async def new_export(caller: Caller) -> Job:
    """An export job of the items the caller owns."""
    return Job(id=service.new_job_id(), kind=service.EXPORT, **owner_fields(caller))


OwnedJob = Annotated[Job, Depends(get_owned_job)]
NewExport = Annotated[Job, Depends(new_export)]
