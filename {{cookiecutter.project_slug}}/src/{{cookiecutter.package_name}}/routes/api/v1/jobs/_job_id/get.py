from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)
from {{ cookiecutter.package_name }}.jobs.endpoints import read_job

handler = read_job
responses = error_responses(NotFound)
