"""Password recovery's e-mail as a Celery task: the worker looks the address up, then sends."""

import asyncio
from functools import partial

from ..mail.sender import send
from ..mail.tasks import RETRIED
from ..worker.app import celery_app
from ..worker.database import run_with_session
from ..worker.retries import RETRY_POLICY
from . import recovery


# Named in the mail namespace, so it goes to the mail queue with every other e-mail.
@celery_app.task(name=recovery.RESET_TASK, autoretry_for=RETRIED, **RETRY_POLICY)
def send_password_reset(to: str) -> None:
    # The task's session and engine are gone before the SMTP server is asked anything.
    message = run_with_session(partial(recovery.password_reset_message, email=to))
    if message is not None:
        asyncio.run(send(message))
