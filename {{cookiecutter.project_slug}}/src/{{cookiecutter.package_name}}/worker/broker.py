"""Hand a task to the broker from a request, within CELERY_ENQUEUE_TIMEOUT.

Tasks are sent by name, and Celery is imported on the first one: the API never imports the
tasks' code, and importing Celery (about a fifth of a second) stays off its start-up.
"""

import time
from functools import cache, partial
from typing import TYPE_CHECKING

import anyio
import structlog

from ..core.errors import ServiceUnavailable
from .config import celery_settings

if TYPE_CHECKING:
    from celery import Celery

logger = structlog.get_logger(__name__)


@cache
def celery() -> {{ "Celery" | forward_ref }}:
    from .app import celery_app

    return celery_app


class QueueUnavailable(ServiceUnavailable):
    """The broker did not take the task in time."""


def send(task: str, args: tuple[object, ...], task_id: str | None, deadline: float) -> None:
    """Send the task from a worker thread, giving up at `deadline` (time.monotonic()).

    The broker connection comes from Celery's pool of broker_pool_limit, waited for no
    longer than the request waits: so once the broker hangs, at most that many threads wait
    on it (each for no longer than one connection attempt and the broker's socket timeouts
    allow) and the others give up with their requests, rather than pile up behind them.
    """
    app = celery()
    wait = max(deadline - time.monotonic(), 0)
    connections = app.producer_pool.connections  # app.pool (typed as producers in its stub)
    with connections.acquire(block=True, timeout=wait) as connection:
        # One attempt to connect (bounded by broker_connection_timeout), not kombu's retries
        # over time: the request has given up before a second would begin.
        connection.ensure_connection(max_retries=0)
        # The API never reads a task's result (the jobs table is the record), so it does
        # not subscribe to it: otherwise each task sent leaves this process listening on a
        # result channel it never drains, and the worker stores a result nobody fetches.
        app.send_task(
            task, args=args, task_id=task_id, connection=connection, retry=False, ignore_result=True
        )


async def enqueue(task: str, *args: object, task_id: str | None = None) -> None:
    """Send the task named `task` with these arguments. Answers 503 when the broker is down
    or slower than CELERY_ENQUEUE_TIMEOUT, rather than hang the request.
    """
    from kombu.exceptions import LimitExceeded, OperationalError

    deadline = time.monotonic() + celery_settings.CELERY_ENQUEUE_TIMEOUT
    try:
        with anyio.fail_after(celery_settings.CELERY_ENQUEUE_TIMEOUT):
            await anyio.to_thread.run_sync(
                partial(send, task, args, task_id, deadline), abandon_on_cancel=True
            )
    except (TimeoutError, LimitExceeded, OperationalError, OSError) as exc:
        logger.warning("enqueue_failed", task=task, error=repr(exc))
        raise QueueUnavailable("The job queue is unavailable; try again shortly") from exc
