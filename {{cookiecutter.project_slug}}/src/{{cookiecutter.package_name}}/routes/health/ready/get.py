from {{ cookiecutter.package_name }}.core.errors import (
    ServiceUnavailable,
    error_responses,
)
from {{ cookiecutter.package_name }}.health.checks import ready

handler = ready
responses = error_responses(ServiceUnavailable)
