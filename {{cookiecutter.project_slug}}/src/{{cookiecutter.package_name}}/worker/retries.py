"""The retry policy every task of the service shares, and the errors it retries."""

from typing import Any

from sqlalchemy.exc import InterfaceError, OperationalError

from .config import celery_settings

# Errors that may pass: a dropped or refused connection, a database restarting.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OSError, OperationalError, InterfaceError)
# Retried with exponential backoff and full jitter, so a crowd of failed tasks does not come
# back at the same moment; after the last retry the task ends in FAILURE with its error.
RETRY_POLICY: dict[str, Any] = {
    "retry_backoff": True,
    "retry_backoff_max": celery_settings.CELERY_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": celery_settings.CELERY_MAX_RETRIES,
}
