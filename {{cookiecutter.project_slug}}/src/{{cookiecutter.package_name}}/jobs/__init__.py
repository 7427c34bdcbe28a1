"""Background jobs on Celery: the worker's app and tasks, and the API that starts exports."""
