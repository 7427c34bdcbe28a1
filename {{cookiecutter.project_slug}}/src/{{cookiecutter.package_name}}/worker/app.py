"""The Celery app the worker and beat run, configured from the service's settings, and the
task modules it loads (named, not imported: the API never imports a task's code).

Run as many workers as the queue needs, on any machine that reaches the broker and the
database, and exactly one beat:
`celery --app {{ cookiecutter.package_name }}.worker.app worker`
`celery --app {{ cookiecutter.package_name }}.worker.app beat`
"""

from celery import Celery
from celery.signals import setup_logging
{%- if "mail_tasks" in features %}
from kombu import Queue
{%- endif %}

from ..core.config import core_settings
from ..core.logging import configure_logging
{% if "celery_redis" in features -%}
from ..redis.config import redis_settings
{% endif -%}
from .config import celery_settings
{%- if "mail_tasks" in features %}

MAIL_QUEUE = f"{celery_settings.CELERY_QUEUE}.mail"
{%- endif %}
{%- if "celery_redis" in features %}

REDIS_OPTIONS = {
    # Every key the broker and the result backend write starts with this, as the service's do.
    "global_keyprefix": f"{redis_settings.REDIS_KEY_PREFIX}:celery:",
    # A Redis that hangs fails each wait on it, connecting or reading a reply, after this
    # long (redis-py then tries a command up to three more times): without a read timeout a
    # thread sending a task to a frozen Redis would wait for as long as it stays frozen.
    "socket_connect_timeout": celery_settings.CELERY_ENQUEUE_TIMEOUT,
    "socket_timeout": celery_settings.CELERY_ENQUEUE_TIMEOUT,
}
{%- endif %}

celery_app = Celery(
    "{{ cookiecutter.package_name }}",
    broker=celery_settings.CELERY_BROKER_URL,
    backend=celery_settings.CELERY_RESULT_BACKEND,
    include=[
{%- if "mail_tasks" in features %}
        "{{ cookiecutter.package_name }}.auth.tasks",
{%- endif %}
        "{{ cookiecutter.package_name }}.jobs.tasks",
{%- if "mail_tasks" in features %}
        "{{ cookiecutter.package_name }}.mail.tasks",
{%- endif %}
    ],
)
celery_app.conf.update(
    # JSON only: a worker never unpickles what someone put on the broker.
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    enable_utc=True,
    timezone="UTC",
    # A task is acknowledged once it has run, and handed to another worker if its process
    # dies, so a crash loses nothing; tasks must therefore be safe to run twice.
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    # A task that cannot be acknowledged (the connection dropped) goes back to the queue:
    # stop running it rather than run it twice.
    worker_cancel_long_running_tasks_on_connection_loss=True,
    task_soft_time_limit=celery_settings.CELERY_TASK_SOFT_TIME_LIMIT,
    task_time_limit=celery_settings.CELERY_TASK_TIME_LIMIT,
    # Each process takes one task at a time: exports are long, and a prefetched task would
    # wait behind one while another worker sits idle.
    worker_prefetch_multiplier=1,
    task_default_queue=celery_settings.CELERY_QUEUE,
{%- if "mail_tasks" in features %}
    # E-mail has a queue of its own, so a burst of exports never delays a password reset.
    task_queues=[Queue(celery_settings.CELERY_QUEUE), Queue(MAIL_QUEUE)],
    task_routes={"mail.*": {"queue": MAIL_QUEUE}},
{%- endif %}
    result_expires=celery_settings.JOB_RETENTION_HOURS * 3600,
    broker_connection_retry_on_startup=True,
    broker_connection_timeout=celery_settings.CELERY_ENQUEUE_TIMEOUT,
{%- if "celery_redis" in features %}
    broker_transport_options=REDIS_OPTIONS,
    result_backend_transport_options=REDIS_OPTIONS,
{%- endif %}
    beat_schedule={
        "purge-finished-jobs": {
            "task": "jobs.purge_finished",
            "schedule": float(celery_settings.JOB_PURGE_INTERVAL_SECONDS),
        },
    },
)


@setup_logging.connect
def log_as_the_service(**_: object) -> None:
    """The worker logs as the service does, in its format and at LOG_LEVEL. Celery's own set-up
    would pass stdout, where the service's lines go, through a logger at WARNING.
    """
    configure_logging(core_settings)
