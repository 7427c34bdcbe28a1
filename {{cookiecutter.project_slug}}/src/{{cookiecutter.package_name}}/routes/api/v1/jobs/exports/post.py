from fastapi import status

from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.jobs.broker import QueueUnavailable
from {{ cookiecutter.package_name }}.jobs.endpoints import start_export

handler = start_export
status_code = status.HTTP_202_ACCEPTED
responses = error_responses(QueueUnavailable)
