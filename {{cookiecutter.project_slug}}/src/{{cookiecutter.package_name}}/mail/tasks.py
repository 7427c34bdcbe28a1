"""E-mail as Celery tasks, retried with the service's policy when SMTP fails for a while."""

from email import message_from_string, policy

from ..worker.app import celery_app
from ..worker.retries import RETRY_POLICY, TRANSIENT_ERRORS
from ..worker.runtime import run
from .outbox import SEND_TASK
from .sender import TemporaryFailure, send

# What a mail task retries: what every task retries, and an SMTP server's "not now".
RETRIED = (*TRANSIENT_ERRORS, TemporaryFailure)


@celery_app.task(name=SEND_TASK, autoretry_for=RETRIED, **RETRY_POLICY)
def send_message(message: str) -> None:
    """Send a message the web process composed (`Outbox.send`), as its text."""
    run(send(message_from_string(message, policy=policy.default)))
