"""Whether the services this one calls answer, outside the versioned API.

Not part of /health/ready: an upstream's outage should not take this service's replicas
out of the load balancer too.
"""

import asyncio

from ..core.errors import AppError, ServiceUnavailable
from .client import BadGateway, GatewayTimeout, OutboundDep
from .config import outbound_settings
from .schemas import UpstreamsHealth, UpstreamStatus

# What the check answers besides its result, for the OpenAPI document.
UPSTREAM_ERRORS: tuple[type[AppError], ...] = (BadGateway, ServiceUnavailable, GatewayTimeout)


async def upstreams(outbound: OutboundDep) -> UpstreamsHealth:
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
