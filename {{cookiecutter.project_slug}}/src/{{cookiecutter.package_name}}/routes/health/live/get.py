from {{ cookiecutter.package_name }}.health.checks import HealthStatus

name = "live"


async def handler() -> HealthStatus:
    """The process is up and serving requests."""
    return HealthStatus()
