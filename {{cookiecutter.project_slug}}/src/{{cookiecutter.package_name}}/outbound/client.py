"""The service's HTTP client for other services: opened with the app, closed at shutdown,
reached by endpoints through `OutboundDep`.

Idempotent requests that fail on the way (a refused or dropped connection, a timeout, a
5xx) are retried with exponential backoff and jitter (stamina); an upstream that keeps
failing is not called for a cool-down. What still fails becomes an error in the service's
own shape: 504 for a timeout, 502 for anything else, 503 while the circuit is open.
"""

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Annotated

import httpx
import stamina
from fastapi import Depends, FastAPI, Request, status
{%- if "observability" in features %}
from opentelemetry.instrumentation.httpx import HTTPXClientInstrumentor
{%- endif %}

from ..core.breaker import CircuitBreaker
from ..core.errors import AppError
from .config import outbound_settings

IDEMPOTENT = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


class BadGateway(AppError, status_code=status.HTTP_502_BAD_GATEWAY): ...


class GatewayTimeout(AppError, status_code=status.HTTP_504_GATEWAY_TIMEOUT): ...


class UpstreamServerError(Exception):
    """An upstream's 5xx answer, raised so it is retried like a failed connection."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"answered {response.status_code}")
        self.response = response


class Outbound:
    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client
        self.breakers: dict[str, CircuitBreaker] = {}

    def breaker(self, url: httpx.URL) -> CircuitBreaker:
        name = url.netloc.decode()
        if name not in self.breakers:
            self.breakers[name] = CircuitBreaker(
                name,
                outbound_settings.OUTBOUND_BREAKER_THRESHOLD,
                outbound_settings.OUTBOUND_BREAKER_COOLDOWN,
            )
        return self.breakers[name]

    async def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        content: bytes | None = None,
    ) -> httpx.Response:
        """The upstream's answer below 500, or BadGateway, GatewayTimeout or CircuitOpen."""
        target = httpx.URL(url)
        breaker = self.breaker(target)
        breaker.before_call()
        attempts = outbound_settings.OUTBOUND_ATTEMPTS if method.upper() in IDEMPOTENT else 1
        try:
            async for attempt in stamina.retry_context(
                on=(httpx.TransportError, UpstreamServerError), attempts=attempts, timeout=None
            ):
                with attempt:
                    response = await self.client.request(
                        method, target, headers=headers, content=content
                    )
                    if response.status_code >= status.HTTP_500_INTERNAL_SERVER_ERROR:
                        raise UpstreamServerError(response)
        except httpx.TimeoutException as exc:
            breaker.record_failure()
            raise GatewayTimeout(f"{breaker.name} did not answer in time") from exc
        except (httpx.TransportError, UpstreamServerError) as exc:
            breaker.record_failure()
            raise BadGateway(f"{breaker.name} failed: {exc}") from exc
        breaker.record_success()
        return response


@asynccontextmanager
async def outbound_client(app: FastAPI) -> AsyncIterator[Outbound]:
    """The pooled client, kept on the app's state while it serves."""
    timeout = httpx.Timeout(
        outbound_settings.OUTBOUND_TIMEOUT, connect=outbound_settings.OUTBOUND_CONNECT_TIMEOUT
    )
    async with httpx.AsyncClient(timeout=timeout, follow_redirects=False) as client:
{%- if "observability" in features %}
        HTTPXClientInstrumentor().instrument_client(client)  # trace context goes with each call
{%- endif %}
        app.state.outbound = Outbound(client)
        yield app.state.outbound


def get_outbound(request: Request) -> Outbound:
    outbound: Outbound = request.app.state.outbound
    return outbound


OutboundDep = Annotated[Outbound, Depends(get_outbound)]
