"""Calls to other services, against a real HTTP server on loopback: retries, timeouts, the
circuit breaker, and /health/upstreams answering in the error shape.
"""

import gc
import time
from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
import stamina
from httpx import AsyncClient
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from {{ cookiecutter.package_name }}.main import app, lifespan
from {{ cookiecutter.package_name }}.outbound.client import BadGateway, Outbound, outbound_client
from {{ cookiecutter.package_name }}.outbound.config import outbound_settings


@pytest.fixture(autouse=True)
def no_backoff() -> Iterator[None]:
    """Retries keep their count but skip their waits."""
    with stamina.set_testing(True, attempts=3, cap=True):
        yield


@pytest.fixture
def upstream(httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch) -> HTTPServer:
    """A real server on loopback, the one upstream /health/upstreams checks."""
    monkeypatch.setattr(outbound_settings, "UPSTREAM_HEALTH_URLS", [httpserver.url_for("/health")])
    monkeypatch.setattr(outbound_settings, "OUTBOUND_TIMEOUT", 0.3)
    monkeypatch.setattr(outbound_settings, "OUTBOUND_BREAKER_THRESHOLD", 2)
    return httpserver


@pytest.fixture
async def outbound(upstream: HTTPServer) -> AsyncIterator[Outbound]:
    async with outbound_client(app) as opened:
        yield opened


async def test_upstreams_answer_ok(
    client: AsyncClient, upstream: HTTPServer, outbound: Outbound
) -> None:
    upstream.expect_request("/health").respond_with_json({"status": "ok"})

    response = await client.get("/health/upstreams")

    assert response.status_code == 200
    assert response.json() == {
        "upstreams": [{"url": upstream.url_for("/health"), "status_code": 200}]
    }


async def test_upstream_refusing_the_check_returns_502(
    client: AsyncClient, upstream: HTTPServer, outbound: Outbound
) -> None:
    upstream.expect_request("/health").respond_with_data("gone", status=404)

    response = await client.get("/health/upstreams")

    assert response.status_code == 502
    assert response.json()["error_code"] == "bad_gateway"
{%- if "observability" in features %}


async def test_calls_carry_the_trace_context(
    client: AsyncClient, upstream: HTTPServer, outbound: Outbound
) -> None:
    upstream.expect_request("/health").respond_with_json({"status": "ok"})

    await client.get("/health/upstreams")

    [(request, _)] = upstream.log
    assert request.headers["traceparent"].startswith("00-")
{%- endif %}


async def test_transient_failure_is_retried(
    client: AsyncClient, upstream: HTTPServer, outbound: Outbound
) -> None:
    upstream.expect_oneshot_request("/health").respond_with_data("busy", status=503)
    upstream.expect_request("/health").respond_with_json({"status": "ok"})

    response = await client.get("/health/upstreams")

    assert response.status_code == 200
    assert len(upstream.log) == 2


async def test_slow_upstream_returns_504(
    client: AsyncClient, upstream: HTTPServer, outbound: Outbound
) -> None:
    def too_slow(_: Request) -> Response:
        time.sleep(0.5)
        return Response("late")

    upstream.expect_request("/health").respond_with_handler(too_slow)

    response = await client.get("/health/upstreams", headers={"X-Request-ID": "slow-1"})

    assert response.status_code == 504
    assert response.json()["error_code"] == "gateway_timeout"
    assert response.json()["request_id"] == "slow-1"


async def test_failing_upstream_opens_the_circuit(
    client: AsyncClient, upstream: HTTPServer, outbound: Outbound
) -> None:
    upstream.expect_request("/health").respond_with_data("down", status=500)

    first = await client.get("/health/upstreams")
    second = await client.get("/health/upstreams")
    calls = len(upstream.log)
    third = await client.get("/health/upstreams")

    assert (first.status_code, second.status_code) == (502, 502)
    assert first.json()["error_code"] == "bad_gateway"
    assert third.status_code == 503
    assert int(third.headers["retry-after"]) > 0
    assert len(upstream.log) == calls  # not called while the circuit is open


async def test_circuit_lets_a_trial_call_through_after_the_cool_down(
    upstream: HTTPServer, outbound: Outbound, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(2):
        upstream.expect_oneshot_request("/health").respond_with_data("down", status=500)
    upstream.expect_request("/health").respond_with_json({"status": "ok"})
    url = upstream.url_for("/health")
    with stamina.set_testing(True, attempts=1):
        for _ in range(2):
            with pytest.raises(BadGateway):
                await outbound.request("GET", url)
    breaker = outbound.breaker(httpx.URL(url))
    assert breaker.opened_at is not None
    monkeypatch.setattr(breaker, "opened_at", breaker.opened_at - breaker.cooldown)

    assert (await outbound.request("GET", url)).status_code == 200
    assert breaker.failures == 0


async def test_requests_that_are_not_idempotent_are_not_retried(
    upstream: HTTPServer, outbound: Outbound
) -> None:
    upstream.expect_request("/orders", method="POST").respond_with_data("busy", status=503)

    with pytest.raises(BadGateway):
        await outbound.request("POST", upstream.url_for("/orders"), content=b"{}")

    assert len(upstream.log) == 1


async def test_lifespan_opens_the_client_and_closes_it_at_shutdown() -> None:
    threshold = gc.get_threshold()
    try:
        async with lifespan(app):
            client = app.state.outbound.client
            assert not client.is_closed
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)

    assert client.is_closed
