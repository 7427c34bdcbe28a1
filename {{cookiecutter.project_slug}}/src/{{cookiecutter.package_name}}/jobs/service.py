"""Job records and the work behind them; the tasks in tasks.py call these with a session of
their own, so each piece is tested without a worker.
"""

import csv
import io
import uuid
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from ..core.errors import Conflict, NotFound
from ..db.base import utcnow
from ..db.pagination import PageParams, fetch_page
from ..identity import Principal, confirm, same_owner, visible
from ..items.models import Item
from ..worker.broker import QueueUnavailable, enqueue
from .models import Job, JobStatus

EXPORT = "items_export"
EXPORT_COLUMNS = ("id", "title", "description", "created_at", "updated_at")


def new_job_id() -> str:
    return str(uuid.uuid4())


async def start(session: AsyncSession, job: Job, task: str) -> Job:
    """Record the job, then hand its task (named `task`, given the job id) to the broker.

    The row is committed first, so the worker always finds it, and the session then holds
    no connection while the broker answers: a hung broker does not take the database pool
    with it. If the broker does not take the task, the row is deleted in a transaction of
    its own and the request answers 503. Deleted rather than marked failed: the caller was
    never told its id, and a worker handed the task late finds no job and does nothing.
    """
    session.add(job)
    await session.commit()
    try:
        await enqueue(task, job.id, task_id=job.id)
    except QueueUnavailable:
        await session.delete(job)
        await session.commit()
        raise
    return job


async def get_job(session: AsyncSession, job_id: str) -> Job:
    job = await session.get(Job, job_id)
    if job is None:
        raise NotFound(f"Job {job_id} not found")
    return job


async def list_jobs(
    session: AsyncSession, caller: Principal, page: PageParams
) -> tuple[list[Job], int]:
    """One page of the jobs the caller started, newest first, without their results, and
    their total count.
    """
    query = visible(Job, caller).options(defer(Job.result, raiseload=True))
    rows, total = await fetch_page(session, query.order_by(Job.created_at.desc(), Job.id), page)
    if not rows:  # maybe none started, maybe a caller inactive or gone: check the caller
        await confirm(session, caller)
    return rows, total


def export_csv(job: Job) -> str:
    """The CSV a finished export holds; Conflict while it has none to give."""
    if job.kind != EXPORT or job.status != JobStatus.SUCCEEDED or job.result is None:
        raise Conflict(f"Job {job.id} has no export to download: it is {job.status}")
    return job.result


# What a spreadsheet takes for the start of a formula (OWASP's list for CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(value: str) -> str:
    """The value as a spreadsheet shows it, never run as a formula: one that would be starts
    with a quote, which marks it as text.
    """
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def items_csv(items: list[Item]) -> str:
    """The items as CSV with a header row; what users wrote reads as text in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    for item in items:
        created, updated = item.created_at.isoformat(), item.updated_at.isoformat()
        title, description = as_text(item.title), as_text(item.description or "")
        writer.writerow([item.id, title, description, created, updated])
    return out.getvalue()


async def run_export(session: AsyncSession, job_id: str) -> int:
    """Export the items the job's owner may see into the job's result and commit; returns
    how many there were. A job that is gone or already done is left alone,
    so a task delivered twice does no harm.
    """
    job = await session.get(Job, job_id)
    if job is None or job.finished_at is not None:
        return 0
    job.status = JobStatus.RUNNING
    await session.commit()
    query = select(Item).where(same_owner(Item, job)).order_by(Item.id)
    items = list(await session.scalars(query))
    job.result = items_csv(items)
    job.status = JobStatus.SUCCEEDED
    job.finished_at = utcnow()
    await session.commit()
    return len(items)


async def mark_failed(session: AsyncSession, job_id: str, error: str) -> None:
    """Record that the job failed for good, and why."""
    job = await session.get(Job, job_id)
    if job is not None:
        job.status = JobStatus.FAILED
        job.error = error
        job.finished_at = utcnow()
        await session.commit()


async def purge_finished(session: AsyncSession, retention: timedelta) -> int:
    """Delete jobs that finished longer than `retention` ago; returns how many."""
    result = await session.execute(
        delete(Job).where(Job.finished_at < utcnow() - retention).returning(Job.id)
    )
    await session.commit()
    return len(result.all())
