"""Where the Celery broker is, how tasks are limited and retried, and how long jobs are kept."""

from pydantic import Field

from ..core.config import SettingsBase


class CelerySettings(SettingsBase):
{%- if "celery_redis" in features %}
    CELERY_BROKER_URL: str = "redis://127.0.0.1:6379/0"
    CELERY_RESULT_BACKEND: str = "redis://127.0.0.1:6379/0"
{%- else %}
    CELERY_BROKER_URL: str = "amqp://guest:guest@127.0.0.1:5672//"
    # Results travel back to the caller over the broker; the jobs table keeps what outlives them.
    CELERY_RESULT_BACKEND: str = "rpc://"
{%- endif %}
    # The queue tasks go to, named per service so services can share a broker.
{%- if "mail_tasks" in features %}
    # E-mail goes to <CELERY_QUEUE>.mail.
{%- endif %}
    CELERY_QUEUE: str = Field(default="{{ cookiecutter.project_slug }}", min_length=1)
    # Seconds a task may run: past the soft limit it is told to stop, past the hard one killed.
    CELERY_TASK_SOFT_TIME_LIMIT: int = Field(default=300, ge=1)
    CELERY_TASK_TIME_LIMIT: int = Field(default=360, ge=1)
    # Retries of a task that met a transient error (a dropped connection, a server restarting),
    # waiting 1, 2, 4 ... seconds (at most CELERY_RETRY_BACKOFF_MAX) with random jitter.
    CELERY_MAX_RETRIES: int = Field(default=5, ge=0)
    CELERY_RETRY_BACKOFF_MAX: int = Field(default=600, ge=1)
    # Seconds the API waits for the broker to take a task before answering 503; also the
    # bound on connecting to the broker{% if "celery_redis" in features %} and on each reply from it{% endif %}.
    CELERY_ENQUEUE_TIMEOUT: float = Field(default=3, gt=0)
    # How often beat purges finished jobs, and how long a finished job is kept.
    JOB_PURGE_INTERVAL_SECONDS: int = Field(default=3600, ge=1)
    JOB_RETENTION_HOURS: int = Field(default=24 * 7, ge=1)


celery_settings = CelerySettings()
