{%- if "jwt" in features -%}
"""Which jobs a request may see: only those the caller started."""
{%- else -%}
"""Which jobs a request may see: any job, as jobs, like items, have no owner without users."""
{%- endif %}

import uuid
from typing import Annotated

from fastapi import Depends, Path

from ..api.deps import SessionDep
{%- if "jwt" in features %}
from ..auth.dependencies import Caller
from ..core.errors import NotFound
{%- endif %}
from . import service
from .models import Job

JobId = Annotated[uuid.UUID, Path(description="The job's id")]
{%- if "jwt" in features %}


async def get_owned_job(session: SessionDep, caller: Caller, job_id: JobId) -> Job:
    """The job with this id if the caller started it; 404 otherwise, so other users' job
    ids stay unknown (superusers included: an export holds its owner's data).
    """
    job = await service.get_job(session, str(job_id))
    if job.owner_id != caller.id:
        raise NotFound(f"Job {job_id} not found")
    return job


async def new_export(caller: Caller) -> Job:
    """An export job of the caller's items."""
    return Job(id=service.new_job_id(), kind=service.EXPORT, owner_id=caller.id)
{%- else %}


async def get_owned_job(session: SessionDep, job_id: JobId) -> Job:
    """The job with this id (404 when there is none)."""
    return await service.get_job(session, str(job_id))


async def new_export() -> Job:
    """An export job of every item."""
    return Job(id=service.new_job_id(), kind=service.EXPORT)
{%- endif %}


OwnedJob = Annotated[Job, Depends(get_owned_job)]
NewExport = Annotated[Job, Depends(new_export)]
