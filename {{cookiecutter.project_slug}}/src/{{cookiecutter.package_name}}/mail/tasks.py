"""E-mail as Celery tasks, retried with the service's policy when SMTP fails for a while."""

import asyncio
from functools import partial

from ..auth import recovery
from ..jobs.app import celery_app
from ..jobs.database import run_with_session
from ..jobs.tasks import RETRY_POLICY, TRANSIENT_ERRORS
from . import messages
from .sender import TemporaryFailure, send

RETRIED = (*TRANSIENT_ERRORS, TemporaryFailure)


@celery_app.task(name="mail.send_welcome", autoretry_for=RETRIED, **RETRY_POLICY)
def send_welcome(to: str, full_name: str | None) -> None:
    asyncio.run(send(messages.welcome(to, full_name)))


@celery_app.task(name="mail.send_password_reset", autoretry_for=RETRIED, **RETRY_POLICY)
def send_password_reset(to: str) -> None:
    # The task's session and engine are gone before the SMTP server is asked anything.
    message = run_with_session(partial(recovery.password_reset_message, email=to))
    if message is not None:
        asyncio.run(send(message))
