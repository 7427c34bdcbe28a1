"""The retry policy every task of the service shares, and the errors it retries."""

from typing import Any

from .config import celery_settings


class DatabaseUnavailable(Exception):
    """The database, not the task, is why the task failed (a dropped connection, a restart,
    a lost serialization race): what a request answers 503 for, and may pass.
    """


# Errors that may pass: the database unavailable, a connection dropped or refused.
TRANSIENT_ERRORS: tuple[type[Exception], ...] = (OSError, DatabaseUnavailable)
# Retried with exponential backoff and full jitter, so a crowd of failed tasks does not come
# back at the same moment; after the last retry the task ends in FAILURE with its error.
RETRY_POLICY: dict[str, Any] = {
    "retry_backoff": True,
    "retry_backoff_max": celery_settings.CELERY_RETRY_BACKOFF_MAX,
    "retry_jitter": True,
    "max_retries": celery_settings.CELERY_MAX_RETRIES,
}
