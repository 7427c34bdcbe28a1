from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.jobs.endpoints import start_export
from {{ cookiecutter.package_name }}.worker.broker import QueueUnavailable

handler = start_export
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(QueueUnavailable)
