"""Hand a task to the broker from a request, within CELERY_ENQUEUE_TIMEOUT.

Tasks are sent by name, and Celery is imported on the first one: the API never imports the
tasks' code, and importing Celery (about a fifth of a second) stays off its start-up.
"""

from functools import cache, partial
from typing import TYPE_CHECKING

import anyio
import structlog

from ..core.errors import ServiceUnavailable
from ..settings import settings

if TYPE_CHECKING:
    from celery import Celery

logger = structlog.get_logger(__name__)


@cache
def celery() -> "Celery":
    from .app import celery_app

    return celery_app


class QueueUnavailable(ServiceUnavailable):
    """The broker did not take the task in time."""


async def enqueue(task: str, *args: object, task_id: str | None = None) -> None:
    """Send the task named `task` with these arguments. Answers 503 when the broker is down
    or slower than CELERY_ENQUEUE_TIMEOUT, rather than hang the request.
    """
    from kombu.exceptions import OperationalError

    # The API never reads a task's result (the jobs table is the record), so it does not
    # subscribe to it: otherwise each task sent leaves this process listening on a result
    # channel it never drains, and the worker stores a result nobody fetches.
    send = partial(
        celery().send_task, task, args=args, task_id=task_id, retry=False, ignore_result=True
    )
    try:
        with anyio.fail_after(settings.CELERY_ENQUEUE_TIMEOUT):
            await anyio.to_thread.run_sync(send, abandon_on_cancel=True)
    except (TimeoutError, OperationalError, OSError) as exc:
        logger.warning("enqueue_failed", task=task, error=repr(exc))
        raise QueueUnavailable("The job queue is unavailable; try again shortly") from exc
