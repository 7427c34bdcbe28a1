"""Sending a task, which lives in worker/broker.py; named from here by jobs/service.py and
tests/test_jobs.py until they import it from there. This name is that module itself, so a
test that replaces `broker.celery` here replaces it for every sender.
"""

import sys

from ..worker import broker
from ..worker.broker import QueueUnavailable as QueueUnavailable
from ..worker.broker import celery as celery
from ..worker.broker import enqueue as enqueue

sys.modules[__name__] = broker
