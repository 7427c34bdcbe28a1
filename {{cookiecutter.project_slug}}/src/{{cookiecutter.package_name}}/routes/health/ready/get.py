from {{ cookiecutter.package_name }}.api.health import ready
from {{ cookiecutter.package_name }}.core.errors import ServiceUnavailable, error_responses

handler = ready
responses = error_responses(ServiceUnavailable)
