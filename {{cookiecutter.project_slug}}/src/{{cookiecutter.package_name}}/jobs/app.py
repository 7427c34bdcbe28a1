"""The Celery app, which lives in worker/app.py; named from here by tests/conftest.py and
tests/test_jobs.py until they import it from there.
"""

from ..worker.app import celery_app as celery_app
