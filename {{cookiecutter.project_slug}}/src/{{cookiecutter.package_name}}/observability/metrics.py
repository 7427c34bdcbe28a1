"""/metrics in Prometheus's text format, for the networks in METRICS_ALLOWED_NETWORKS:
FastAPI's request duration histogram (its count is the request count) and requests in
flight, by method, route template and status, and the database pool's connections.

Each worker process counts its own requests; the container runs one (WEB_CONCURRENCY=1)
and scales by replicas, each scraped on its own.
"""

from ipaddress import ip_address, ip_network
from typing import Any

from fastapi import FastAPI, Request, Response
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from ..core.errors import PermissionDenied, error_responses
from .config import observability_settings

ALLOWED_NETWORKS = [
    ip_network(network) for network in observability_settings.METRICS_ALLOWED_NETWORKS
]


def may_read_metrics(host: str) -> bool:
    try:
        address = ip_address(host)
    except ValueError:  # not an address: a Unix socket, or a test client's made-up name
        return False
    return any(address in network for network in ALLOWED_NETWORKS)


async def metrics(request: Request) -> Response:
    """Metrics in Prometheus's text format, for the networks in METRICS_ALLOWED_NETWORKS."""
    if not may_read_metrics(request.client.host if request.client else ""):
        raise PermissionDenied("Metrics are not available to this address")
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def add_metrics_route(app: FastAPI) -> None:
    """Serve /metrics on the app itself, the same with either routing style: it belongs to
    the observability answer, not to a router list or a route tree.
    """
    responses: dict[int | str, dict[str, Any]] = {
        200: {"content": {CONTENT_TYPE_LATEST: {}}, "description": "Prometheus text format"},
        **error_responses(PermissionDenied),
    }
    app.add_api_route(
        "/metrics",
        metrics,
        methods=["GET"],
        response_class=Response,
        responses=responses,
        tags=["observability"],
    )
