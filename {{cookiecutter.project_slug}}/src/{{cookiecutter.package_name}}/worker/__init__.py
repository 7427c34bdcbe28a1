"""Celery, as every task uses it: the app the worker and beat run, sending a task from a
request, the event loop and database engine each worker process keeps for its tasks, the
retry policy. The tasks themselves live with their features (`jobs/tasks.py`,
`mail/tasks.py`{% if "mail_tasks" in features %}, `auth/tasks.py`{% endif %}).
"""
