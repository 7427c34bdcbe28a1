from {{ cookiecutter.package_name }}.api.health import HealthStatus, check_database
from {{ cookiecutter.package_name }}.core.errors import ServiceUnavailable, error_responses

name = "ready"
responses = error_responses(ServiceUnavailable)


async def handler() -> HealthStatus:
    """The service can reach its database."""
    await check_database()
    return HealthStatus()
