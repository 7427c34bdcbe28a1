"""The jobs' tasks: the CSV export, and the purge of finished jobs beat runs."""

from datetime import timedelta
from functools import partial
from typing import Any

import structlog
from celery import Task

from ..worker.app import celery_app
from ..worker.config import celery_settings
from ..worker.retries import RETRY_POLICY, TRANSIENT_ERRORS
from ..worker.runtime import run_with_session
from . import service

logger = structlog.get_logger(__name__)


class JobTask(Task):  # type: ignore[type-arg]
    """A task whose first argument is a job id: when it fails for good, the job says why."""

    def on_failure(self, exc: Exception, task_id: str, args: Any, kwargs: Any, einfo: Any) -> None:
        logger.error("job_failed", job_id=args[0], error=repr(exc))
        run_with_session(partial(service.mark_failed, job_id=args[0], error=repr(exc)))


@celery_app.task(
    name="jobs.export_items", base=JobTask, autoretry_for=TRANSIENT_ERRORS, **RETRY_POLICY
)
def export_items(job_id: str) -> int:
    """Export the job owner's items to CSV; returns how many items it holds."""
    return run_with_session(partial(service.run_export, job_id=job_id))


@celery_app.task(name="jobs.purge_finished", autoretry_for=TRANSIENT_ERRORS, **RETRY_POLICY)
def purge_finished() -> int:
    """Delete jobs finished longer than JOB_RETENTION_HOURS ago (run by beat)."""
    retention = timedelta(hours=celery_settings.JOB_RETENTION_HOURS)
    purged = run_with_session(partial(service.purge_finished, retention=retention))
    logger.info("jobs_purged", count=purged)
    return purged
