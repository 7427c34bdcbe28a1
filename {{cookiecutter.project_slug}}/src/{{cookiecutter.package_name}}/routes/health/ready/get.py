from {{ cookiecutter.package_name }}.core.errors import ServiceUnavailable, error_responses
from {{ cookiecutter.package_name }}.health.checks import HealthStatus, check_ready

name = "ready"
responses = error_responses(ServiceUnavailable)


async def handler() -> HealthStatus:
    """The service can reach everything its answers depend on."""
    await check_ready()
    return HealthStatus()
