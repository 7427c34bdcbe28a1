"""The tasks: their logic on its own, then run by a real worker on the real broker, through
transient failures, failures for good, and beat's purge.
"""

import asyncio
import csv
import io
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from celery.result import AsyncResult
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import QueuePool

from {{ cookiecutter.package_name }}.db.base import utcnow
from {{ cookiecutter.package_name }}.db.config import database_settings
from {{ cookiecutter.package_name }}.items.models import Item
from {{ cookiecutter.package_name }}.jobs import service, tasks
from {{ cookiecutter.package_name }}.jobs.models import Job, JobStatus
{%- if "jwt" in features %}
from {{ cookiecutter.package_name }}.users.models import User
{%- endif %}
from {{ cookiecutter.package_name }}.worker.app import celery_app
from {{ cookiecutter.package_name }}.worker.config import celery_settings
from {{ cookiecutter.package_name }}.worker.retries import RETRY_POLICY, TRANSIENT_ERRORS{% if "postgresql" in features %}, DatabaseUnavailable{% endif %}
from {{ cookiecutter.package_name }}.worker.runtime import TaskRuntime

from .utils.worker import DEFAULT_PORT, Relay, eventually, ready

RESULT_TIMEOUT = 15
# A worker process imports Celery and the service before it takes its first task.
WORKER_START_TIMEOUT = 60
# How many times each test task below has been called, by the test's key.
calls: dict[str, int] = {}


def count_call(key: str) -> int:
    calls[key] = calls.get(key, 0) + 1
    return calls[key]


@celery_app.task(name="tests.flaky", autoretry_for=TRANSIENT_ERRORS, **RETRY_POLICY)
def flaky(key: str, failures: int) -> int:
    """Fails with a dropped connection `failures` times, then succeeds; returns the calls."""
    attempt = count_call(key)
    if attempt <= failures:
        raise ConnectionResetError("connection reset by peer")
    return attempt


@celery_app.task(
    name="tests.broken_job",
    base=tasks.JobTask,
    autoretry_for=TRANSIENT_ERRORS,
    **RETRY_POLICY,
)
def broken_job(job_id: str) -> None:
    """A job whose work fails for good at once (not a transient error)."""
    raise ValueError(f"job {job_id} cannot be done")


async def add_job(session: AsyncSession, **fields: object) -> Job:
{%- if "jwt" in features %}
    owner = User(email=f"{uuid.uuid4().hex}@example.com", hashed_password="not-a-real-hash")
    session.add(owner)
    await session.flush()
    job = Job(id=str(uuid.uuid4()), kind=service.EXPORT, owner_id=owner.id, **fields)
{%- else %}
    job = Job(id=str(uuid.uuid4()), kind=service.EXPORT, **fields)
{%- endif %}
    session.add(job)
    await session.commit()
    return job


async def test_items_csv_has_a_header_and_a_row_per_item() -> None:
    item = Item(id=1, title='a "quoted", title', description=None)
    item.created_at = item.updated_at = utcnow()

    lines = service.items_csv([item]).splitlines()

    assert lines[0] == "id,title,description,created_at,updated_at"
    assert lines[1].startswith('1,"a ""quoted"", title",,')


@pytest.mark.parametrize("written", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx"])
async def test_a_cell_a_spreadsheet_would_run_as_a_formula_reads_as_text(written: str) -> None:
    item = Item(id=1, title=written, description=written)
    item.created_at = item.updated_at = utcnow()

    row = next(csv.reader(io.StringIO(service.items_csv([item]).splitlines()[1])))

    assert row[1:3] == [f"'{written}", f"'{written}"]


async def test_export_of_a_finished_or_missing_job_does_nothing(session: AsyncSession) -> None:
    job = await add_job(session, status=JobStatus.SUCCEEDED, finished_at=utcnow(), result="kept")

    assert await service.run_export(session, job.id) == 0
    assert await service.run_export(session, str(uuid.uuid4())) == 0
    await session.refresh(job)
    assert job.result == "kept"


async def test_purge_deletes_only_jobs_finished_before_the_retention(
    session: AsyncSession,
) -> None:
    old = await add_job(session, finished_at=utcnow() - timedelta(days=30))
    recent = await add_job(session, finished_at=utcnow())
    running = await add_job(session)

    assert await service.purge_finished(session, timedelta(days=7)) == 1

    left = set(await session.scalars(select(Job.id)))
    assert left == {recent.id, running.id}
    assert old.id not in left


def connections_in_use(task_runtime: TaskRuntime) -> int:
    pool = task_runtime.engine.pool
    assert isinstance(pool, QueuePool)
    return pool.checkedout()


@pytest.fixture
def task_runtime() -> Iterator[TaskRuntime]:
    """A runtime of the test's own, opened with the settings as the test left them."""
    opened = TaskRuntime()
    yield opened
    opened.close()


{% if "postgresql" in features -%}
def test_a_tasks_session_waits_on_the_database_no_longer_than_a_requests(
    task_runtime: TaskRuntime, monkeypatch: pytest.MonkeyPatch
) -> None:
    timeout = task_runtime.run_with_session(
        lambda session: session.scalar(text("SHOW statement_timeout"))
    )
    assert timeout == f"{database_settings.DATABASE_STATEMENT_TIMEOUT:g}s"

    # Without the server's own limit, the wait for an answer is bounded by the client's.
    monkeypatch.setattr(database_settings, "DATABASE_STATEMENT_TIMEOUT", 0)
    monkeypatch.setattr(database_settings, "DATABASE_COMMAND_TIMEOUT", 0.5)
    unbounded = TaskRuntime()
    started = time.monotonic()
    try:
        with pytest.raises(TimeoutError):
            unbounded.run_with_session(lambda session: session.execute(text("SELECT pg_sleep(10)")))
    finally:
        unbounded.close()
    assert time.monotonic() - started < 0.5 + 2


def test_a_task_whose_connection_the_database_dropped_fails_transiently_then_reconnects(
    task_runtime: TaskRuntime,
) -> None:
    """What a restart does to the pooled connection of a worker between tasks: the server
    ends it. The next task fails with an error the retry policy retries (a generic DBAPIError
    from asyncpg, which it once did not), and the retry connects afresh.
    """
    backend = task_runtime.run_with_session(
        lambda session: session.scalar(text("SELECT pg_backend_pid()"))
    )
    administrator = TaskRuntime()
    try:
        administrator.run_with_session(
            lambda session: session.execute(
                text("SELECT pg_terminate_backend(:pid)"), {"pid": backend}
            )
        )
    finally:
        administrator.close()

    with pytest.raises(DatabaseUnavailable):
        task_runtime.run_with_session(lambda session: session.scalar(text("SELECT 1")))
    assert task_runtime.run_with_session(lambda session: session.scalar(text("SELECT 1"))) == 1
{%- else -%}
def test_a_tasks_session_has_a_requests_busy_timeout_and_foreign_keys(
    task_runtime: TaskRuntime,
) -> None:
    busy_timeout = task_runtime.run_with_session(
        lambda session: session.scalar(text("PRAGMA busy_timeout"))
    )
    foreign_keys = task_runtime.run_with_session(
        lambda session: session.scalar(text("PRAGMA foreign_keys"))
    )

    assert busy_timeout == round(database_settings.DATABASE_BUSY_TIMEOUT * 1000)
    assert foreign_keys == 1
{%- endif %}


def test_tasks_share_their_threads_loop_and_engine(task_runtime: TaskRuntime) -> None:
    async def connection_of(session: AsyncSession) -> object:
        connection = await session.connection()
        return (await connection.get_raw_connection()).dbapi_connection

    first = task_runtime.run_with_session(connection_of)
    second = task_runtime.run_with_session(connection_of)

    assert first is second  # the one pooled connection, on the one loop
    assert connections_in_use(task_runtime) == 0  # back in the pool between tasks


def test_a_task_stopped_by_a_signal_leaves_nothing_running_on_the_loop(
    task_runtime: TaskRuntime,
) -> None:
    """A soft time limit is an exception a signal handler raises wherever the task is: here,
    inside the loop. What the task left running is cancelled; the next task runs alone.
    """

    def time_limit(*_: object) -> None:
        raise SoftTimeLimitExceeded

    async def stuck(session: AsyncSession) -> None:
        asyncio.get_running_loop().create_task(asyncio.sleep(60))
        await session.scalar(text("SELECT 1"))
        await asyncio.sleep(60)

    previous = signal.signal(signal.SIGALRM, time_limit)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.2)
        with pytest.raises(SoftTimeLimitExceeded):
            task_runtime.run_with_session(stuck)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)

    assert not asyncio.all_tasks(task_runtime.runner.get_loop())
    assert task_runtime.run_with_session(lambda session: session.scalar(text("SELECT 1"))) == 1
    assert connections_in_use(task_runtime) == 0


@pytest.mark.usefixtures("worker")
async def test_beats_purge_task_runs_on_the_worker(session: AsyncSession) -> None:
    await add_job(
        session, finished_at=utcnow() - timedelta(hours=celery_settings.JOB_RETENTION_HOURS + 1)
    )

    purged = ready(tasks.purge_finished.delay()).result

    assert purged == 1


@pytest.mark.usefixtures("worker")
def test_task_is_retried_after_a_transient_failure_and_then_succeeds() -> None:
    key = uuid.uuid4().hex

    result = flaky.delay(key, 1)

    assert ready(result).result == 2
    assert result.state == "SUCCESS"


@pytest.mark.usefixtures("worker")
def test_task_that_keeps_failing_ends_in_failure_after_its_retries() -> None:
    key = uuid.uuid4().hex

    result = flaky.delay(key, 100)
    ready(result)

    assert result.state == "FAILURE"
    assert isinstance(result.result, ConnectionResetError)
    assert calls[key] == celery_settings.CELERY_MAX_RETRIES + 1


@pytest.mark.usefixtures("worker")
async def test_job_that_fails_for_good_records_its_error(session: AsyncSession) -> None:
    job = await add_job(session)

    result = broken_job.delay(job.id)
    ready(result)

    assert result.state == "FAILURE"

    async def recorded() -> bool:
        await session.refresh(job)
        return job.finished_at is not None

    await eventually(recorded)  # on_failure runs just after the state is stored
    assert job.status == JobStatus.FAILED
    assert job.error is not None
    assert "cannot be done" in job.error
    assert job.finished_at is not None


def result_of(task: AsyncResult[object], timeout: float, worker_log: Path) -> object:
    """The task's return value; when none comes in time, fail with what the worker logged."""
    try:
        return ready(task, timeout).result
    except TimeoutError:
        output = worker_log.read_text(errors="replace")[-4000:]
        pytest.fail(f"no result within {timeout} s; the worker's output:\n{output}")


def test_worker_reconnects_when_the_broker_comes_back(tmp_path: Path) -> None:
    """A worker process behind a relay that is cut (its connection dropped, new ones refused)
    takes a task queued during the outage once the relay is restored. It runs the default
    pool, as deployed: a solo worker's first task after reconnecting is acked only at its
    event loop's next poll, up to 10 s later.
    """
    broker = urlsplit(celery_app.conf.broker_url)
    relay = Relay(broker.hostname or "127.0.0.1", broker.port or DEFAULT_PORT)
    relayed = broker._replace(netloc=broker.netloc.replace(f":{broker.port}", f":{relay.port}"))
    queue = f"{celery_settings.CELERY_QUEUE}.reconnect"
    app = "{{ cookiecutter.package_name }}.worker.app"
    log = tmp_path / "worker.log"
    # A node name of its own: two workers of one name on one broker fight over the node's
    # exclusive control queue, and the second one stops.
    with log.open("wb") as output:
        worker = subprocess.Popen(  # noqa: S603 (the service's own worker command)
            [sys.executable, "-m", "celery", "--app", app, "worker",
             "--pool", "prefork", "--concurrency", "1", "--queues", queue,
             "--without-heartbeat", "--without-gossip", "--without-mingle",
             "--hostname", f"reconnect-{uuid.uuid4().hex[:8]}@%h"],
            env={**os.environ, "CELERY_BROKER_URL": urlunsplit(relayed)},
            stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        purge = tasks.purge_finished.s().set(queue=queue)
        started = purge.delay()
        assert result_of(started, WORKER_START_TIMEOUT, log) == 0  # the worker is up

        relay.cut()
        result = purge.delay()
        time.sleep(1)  # the worker finds the broker gone and starts reconnecting
        relay.restore()

        assert result_of(result, RESULT_TIMEOUT, log) == 0
    finally:
        worker.terminate()
        worker.wait(timeout=RESULT_TIMEOUT)
        relay.close()
    # It logged as the service does, each line at its own level (Celery's own set-up would
    # have written "INFO/MainProcess" lines, and the service's at WARNING).
    logged = log.read_text(errors="replace")
    assert "celery.apps.worker" in logged
    assert "/MainProcess]" not in logged
    # Its one child opened its loop and engine once for both tasks, and closed them on exit.
    assert logged.count("task_runtime_opened") == 1
    assert logged.count("task_runtime_closed") == 1
