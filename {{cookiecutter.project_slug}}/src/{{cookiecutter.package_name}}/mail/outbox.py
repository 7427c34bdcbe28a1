{%- if "mail_tasks" in features -%}
"""Send e-mail off the request path, as Celery tasks: the worker retries what fails."""
{%- else -%}
"""Send e-mail off the request path, after the response, with FastAPI's BackgroundTasks.

A message that fails is logged and dropped: there is no retry in this process (the
template's background_jobs answer sends mail from workers that retry instead).
"""
{%- endif %}

from typing import Annotated

{% if "mail_tasks" in features -%}
from fastapi import Depends

from ..core.errors import AppError
from ..jobs.broker import QueueUnavailable, enqueue

# What an endpoint that sends mail can answer because of it.
OUTBOX_ERRORS: tuple[type[AppError], ...] = (QueueUnavailable,)


class Outbox:
    """Hands each message to a worker; the request answers 503 when the broker is down."""

    async def welcome(self, to: str, full_name: str | None) -> None:
        await enqueue("mail.send_welcome", to, full_name)

    async def password_reset(self, to: str) -> None:
        await enqueue("mail.send_password_reset", to)
{%- else -%}
import structlog
from fastapi import BackgroundTasks, Depends

from ..auth import recovery
from ..core.errors import AppError
from ..db.session import SessionFactory
from . import messages
from .sender import send

logger = structlog.get_logger(__name__)

# What an endpoint that sends mail can answer because of it: nothing, it sends afterwards.
OUTBOX_ERRORS: tuple[type[AppError], ...] = ()


# Each sender logs its own failure: after the response has gone out, nothing else would.
async def send_welcome(to: str, full_name: str | None) -> None:
    try:
        await send(messages.welcome(to, full_name))
    except Exception as exc:
        logger.error("mail_failed", kind="welcome", error=repr(exc))


async def send_password_reset(to: str) -> None:
    try:
        async with SessionFactory() as session:
            await recovery.send_password_reset(session, to)
    except Exception as exc:
        logger.error("mail_failed", kind="password_reset", error=repr(exc))


class Outbox:
    """Queues each message to be sent once the response has gone out."""

    def __init__(self, background: BackgroundTasks) -> None:
        self.background = background

    async def welcome(self, to: str, full_name: str | None) -> None:
        self.background.add_task(send_welcome, to, full_name)

    async def password_reset(self, to: str) -> None:
        self.background.add_task(send_password_reset, to)
{%- endif %}


OutboxDep = Annotated[Outbox, Depends()]
