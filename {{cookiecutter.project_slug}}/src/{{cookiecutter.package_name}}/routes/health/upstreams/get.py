import asyncio

from {{ cookiecutter.package_name }}.core.errors import ServiceUnavailable, error_responses
from {{ cookiecutter.package_name }}.outbound.client import BadGateway, GatewayTimeout, OutboundDep
from {{ cookiecutter.package_name }}.outbound.config import outbound_settings
from {{ cookiecutter.package_name }}.outbound.schemas import UpstreamsHealth, UpstreamStatus

name = "upstreams"
responses = error_responses(BadGateway, ServiceUnavailable, GatewayTimeout)


async def handler(outbound: OutboundDep) -> UpstreamsHealth:
    """Every URL in UPSTREAM_HEALTH_URLS answers with a success: 502 when one fails, 504
    when one times out, 503 while one's circuit is open.
    """

    async def check(url: str) -> UpstreamStatus:
        response = await outbound.request("GET", url)
        if not response.is_success:
            raise BadGateway(f"{url} answered {response.status_code}")
        return UpstreamStatus(url=url, status_code=response.status_code)

    checked = await asyncio.gather(*map(check, outbound_settings.UPSTREAM_HEALTH_URLS))
    return UpstreamsHealth(upstreams=list(checked))
