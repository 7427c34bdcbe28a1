{%- if "mail_tasks" in features -%}
"""Send e-mail off the request path, as Celery tasks: the worker retries what fails."""
{%- else -%}
"""Send e-mail off the request path, after the response, with FastAPI's BackgroundTasks.

A message that fails is logged and dropped: there is no retry in this process (the
template's background_jobs answer sends mail from workers that retry instead).
"""
{%- endif %}

{% if "mail_tasks" not in features -%}
import asyncio
from collections.abc import Awaitable, Callable
{% endif -%}
from email.message import EmailMessage
from typing import Annotated

{% if "mail_tasks" in features -%}
import structlog
from fastapi import BackgroundTasks, Depends

from ..core.errors import AppError
from ..worker.broker import QueueUnavailable, enqueue

logger = structlog.get_logger(__name__)

# What handing a message over before the answer can answer (hand_over; a password reset).
RECOVERY_ERRORS: tuple[type[AppError], ...] = (QueueUnavailable,)
# The worker's task that sends a message composed here (mail/tasks.py).
SEND_TASK = "mail.send"


async def enqueue_message(kind: str, message: EmailMessage) -> None:
    try:
        await enqueue(SEND_TASK, message.as_string())
    except QueueUnavailable as exc:
        logger.error("mail_failed", kind=kind, error=repr(exc))


class Outbox:
    """Hands each message to a worker, never while the request holds a database connection.

    A reset is handed over before the answer, which is 503 when the broker is down, so the
    caller knows to try again. A message composed by the request (a welcome, a verification
    link) goes once the answer has: what it tells is committed by then, and a broker outage
    costs only the message (logged), not the sign-up.
    """

    def __init__(self, background: BackgroundTasks) -> None:
        self.background = background

    async def send(self, kind: str, message: EmailMessage) -> None:
        """Hand the message to a worker once the response has gone out."""
        self.background.add_task(enqueue_message, kind, message)

    async def hand_over(self, task: str, *args: str) -> None:
        """Hand a worker the task (by its name) that composes a message and sends it."""
        await enqueue(task, *args)
{%- else -%}
import structlog
from fastapi import BackgroundTasks, Depends

from ..core.errors import AppError
from .config import mail_settings
from .sender import send

logger = structlog.get_logger(__name__)

# What handing over a message can answer: nothing, it is sent afterwards.
RECOVERY_ERRORS: tuple[type[AppError], ...] = ()

# A slow SMTP server makes the messages past this many wait here, rather than each holding
# a connection to it; no message waits on it with a database connection.
sending = asyncio.Semaphore(mail_settings.MAIL_MAX_CONCURRENT_SENDS)


async def send_in_turn(message: EmailMessage) -> None:
    async with sending:
        await send(message)


# Each logs its own failure: after the response has gone out, nothing else would.
async def send_logged(kind: str, message: EmailMessage) -> None:
    try:
        await send_in_turn(message)
    except Exception as exc:
        logger.error("mail_failed", kind=kind, error=repr(exc))


# Builds a message, or None when there is none to send; it gives back any connection it took
# before it returns, so no message waits on the SMTP server with a database connection.
Compose = Callable[[], Awaitable[EmailMessage | None]]


async def compose_and_send(kind: str, compose: Compose) -> None:
    try:
        message = await compose()
    except Exception as exc:
        logger.error("mail_failed", kind=kind, error=repr(exc))
        return
    if message is not None:
        await send_logged(kind, message)


class Outbox:
    """Queues each message to be sent once the response has gone out."""

    def __init__(self, background: BackgroundTasks) -> None:
        self.background = background

    async def send(self, kind: str, message: EmailMessage) -> None:
        """Send the message once the response has gone out."""
        self.background.add_task(send_logged, kind, message)

    async def send_later(self, kind: str, compose: Compose) -> None:
        """Compose the message and send it once the response has gone out."""
        self.background.add_task(compose_and_send, kind, compose)
{%- endif %}


OutboxDep = Annotated[Outbox, Depends()]
