"""Celery, as every task uses it: the app the worker and beat run, sending a task from a
request, a task's database session, the retry policy. The tasks themselves live with their
features (`jobs/tasks.py`, `mail/tasks.py`{% if "mail_tasks" in features %}, `auth/tasks.py`{% endif %}).
"""
