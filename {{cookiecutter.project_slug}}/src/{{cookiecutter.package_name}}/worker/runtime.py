"""Where a task's async code runs: an event loop and a pooled database engine for each worker
process (each thread, under the threads pool), opened when the process starts and closed when
it stops; every task reuses both.

Celery's prefork pool forks its children from a parent that imported this package, so
nothing here is opened at import: a child opens its own runtime at `worker_process_init`, and
a runtime found in a process other than the one that opened it (inherited through a fork) is
left alone and replaced. The engine comes from the service's own factory, so a task's waits
on the database are bounded by the same settings as a request's; after the database
restarts, the first task to use a dropped connection fails with `DatabaseUnavailable`, which
the retry policy retries, the pool is emptied, and the retry connects afresh.
"""

import asyncio
import os
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any{% if cookiecutter.python_version == "3.11" %}, TypeVar{% endif %}

import structlog
from celery.signals import worker_process_init, worker_process_shutdown, worker_shutdown
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from ..core.errors import database_unavailable
from ..db.config import database_settings
from ..db.session import create_engine
from .retries import DatabaseUnavailable
{%- if cookiecutter.python_version == "3.11" %}

T = TypeVar("T")
{%- endif %}

logger = structlog.get_logger(__name__)


class TaskRuntime:
    """An event loop and an engine on it, for the tasks of one thread of one process."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        # A loop of its own, never made the thread's current one: whatever else runs on the
        # thread (a test's event loop, say) finds the thread's loop as it left it.
        self.runner = asyncio.Runner(loop_factory=asyncio.new_event_loop)
        self.engine = create_engine(database_settings.DATABASE_URL)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        logger.info("task_runtime_opened", pid=self.pid)

    {% if cookiecutter.python_version == "3.11" -%}
    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
    {%- else -%}
    def run[T](self, coroutine: Coroutine[Any, Any, T]) -> T:
    {%- endif %}
        """Run `coroutine` to completion on this runtime's loop.

        Whatever stops it early (a soft time limit is raised inside the loop by a signal)
        also cancels what it left on the loop, so the next task starts on a quiet loop.
        """
        try:
            return self.runner.run(coroutine)
        except BaseException:
            self._cancel_leftovers()
            raise

    {% if cookiecutter.python_version == "3.11" -%}
    def run_with_session(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    {%- else -%}
    def run_with_session[T](self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    {%- endif %}
        """Run `work` with a session of its own, closed (its connection back in the pool)
        before this returns. A database that cannot answer raises `DatabaseUnavailable`.
        """

        async def main() -> T:
            async with self.sessions() as session:
                return await work(session)

        try:
            return self.run(main())
        except DBAPIError as error:
            if database_unavailable(error):
                raise DatabaseUnavailable(str(error.orig)) from error
            raise

    def close(self) -> None:
        self.runner.run(self.engine.dispose())
        self.runner.close()
        logger.info("task_runtime_closed", pid=self.pid)

    def _cancel_leftovers(self) -> None:
        loop = self.runner.get_loop()
        leftovers = asyncio.all_tasks(loop)
        if not leftovers:
            return
        for task in leftovers:
            task.cancel()
        loop.run_until_complete(asyncio.gather(*leftovers, return_exceptions=True))


_runtimes: dict[int, TaskRuntime] = {}  # by thread


def runtime() -> TaskRuntime:
    """The calling thread's runtime, opened on first use."""
    thread = threading.get_ident()
    current = _runtimes.get(thread)
    if current is None or current.pid != os.getpid():
        current = _runtimes[thread] = TaskRuntime()
    return current


{% if cookiecutter.python_version == "3.11" -%}
def run(coroutine: Coroutine[Any, Any, T]) -> T:
{%- else -%}
def run[T](coroutine: Coroutine[Any, Any, T]) -> T:
{%- endif %}
    """Run `coroutine` on the calling thread's task loop."""
    return runtime().run(coroutine)


{% if cookiecutter.python_version == "3.11" -%}
def run_with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
{%- else -%}
def run_with_session[T](work: Callable[[AsyncSession], Awaitable[T]]) -> T:
{%- endif %}
    """Run `work` on the calling thread's task loop with a session of its own."""
    return runtime().run_with_session(work)


@worker_process_init.connect
def open_runtime(**_: object) -> None:
    """A prefork child opens its runtime as it starts, before its first task."""
    runtime()


@worker_process_shutdown.connect
@worker_shutdown.connect
def close_runtimes(**_: object) -> None:
    """Close this process's runtimes: a prefork child's as it exits, the worker's own when it
    ran the tasks itself (the solo and threads pools).
    """
    pid = os.getpid()
    for thread, current in list(_runtimes.items()):
        if current.pid == pid:
            current.close()
        del _runtimes[thread]
