from {{ cookiecutter.package_name }}.api.health import HealthStatus

name = "live"


async def handler() -> HealthStatus:
    """The process is up and serving requests."""
    return HealthStatus()
