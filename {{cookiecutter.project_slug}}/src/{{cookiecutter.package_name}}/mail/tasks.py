"""E-mail as Celery tasks, retried with the service's policy when SMTP fails for a while."""

import asyncio

from ..worker.app import celery_app
from ..worker.retries import RETRY_POLICY, TRANSIENT_ERRORS
from . import messages
from .sender import TemporaryFailure, send

# What a mail task retries: what every task retries, and an SMTP server's "not now".
RETRIED = (*TRANSIENT_ERRORS, TemporaryFailure)


@celery_app.task(name="mail.send_welcome", autoretry_for=RETRIED, **RETRY_POLICY)
def send_welcome(to: str, full_name: str | None) -> None:
    asyncio.run(send(messages.welcome(to, full_name)))
