from {{ cookiecutter.package_name }}.core.errors import error_responses
from {{ cookiecutter.package_name }}.outbound.endpoints import (
    UPSTREAM_ERRORS,
    upstreams,
)

handler = upstreams
responses = error_responses(*UPSTREAM_ERRORS)
