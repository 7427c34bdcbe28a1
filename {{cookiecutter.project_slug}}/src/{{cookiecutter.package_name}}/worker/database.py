"""How a task reaches the database: a session on an engine of its own, made and disposed
inside the task.

Celery's default pool forks worker processes from a parent that imported this package, and
each task here runs its async code with `asyncio.run`, a new event loop every time. The
service's shared engine suits neither: its pooled connections belong to the process and
the loop that opened them, and a forked child or a later loop must not reuse them. A task
instead opens its own engine without a pool and disposes of it before returning, one
connection per task; the connection costs far less than the work a task does. The engine
comes from the service's own factory, so a task's waits on the database are bounded by the
same settings as a request's (a hung database fails the task, which is retried, rather than
holding the worker).
"""

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
{%- if cookiecutter.python_version == "3.11" %}
from typing import TypeVar
{%- endif %}

from sqlalchemy.ext.asyncio import AsyncSession

from ..db.config import database_settings
from ..db.session import create_engine
{%- if cookiecutter.python_version == "3.11" %}

T = TypeVar("T")
{%- endif %}


@asynccontextmanager
async def task_session() -> AsyncIterator[AsyncSession]:
    engine = create_engine(database_settings.DATABASE_URL, pooled=False)
    try:
        async with AsyncSession(engine, expire_on_commit=False) as session:
            yield session
    finally:
        await engine.dispose()


{% if cookiecutter.python_version == "3.11" -%}
def run_with_session(work: Callable[[AsyncSession], Awaitable[T]]) -> T:
{%- else -%}
def run_with_session[T](work: Callable[[AsyncSession], Awaitable[T]]) -> T:
{%- endif %}
    """Run `work` to completion on a new event loop with a session of its own."""

    async def main() -> T:
        async with task_session() as session:
            return await work(session)

    return asyncio.run(main())
