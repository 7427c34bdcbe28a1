"""Password recovery's and e-mail verification's messages as Celery tasks: the worker looks
the address up, then sends.
"""

from collections.abc import Awaitable, Callable
from email.message import EmailMessage
from functools import partial

from sqlalchemy.ext.asyncio import AsyncSession

from ..mail.sender import send
from ..mail.tasks import RETRIED
from ..worker.app import celery_app
from ..worker.retries import RETRY_POLICY
from ..worker.runtime import run, run_with_session
from . import recovery, verification


def look_up_and_send(compose: Callable[[AsyncSession], Awaitable[EmailMessage | None]]) -> None:
    # The task's connection is back in the pool before the SMTP server is asked anything.
    message = run_with_session(compose)
    if message is not None:
        run(send(message))


# Named in the mail namespace, so they go to the mail queue with every other e-mail.
@celery_app.task(name=recovery.RESET_TASK, autoretry_for=RETRIED, **RETRY_POLICY)
def send_password_reset(to: str) -> None:
    look_up_and_send(partial(recovery.password_reset_message, email=to))


@celery_app.task(name=verification.VERIFICATION_TASK, autoretry_for=RETRIED, **RETRY_POLICY)
def send_email_verification(to: str) -> None:
    look_up_and_send(partial(verification.verification_message_for, email=to))
