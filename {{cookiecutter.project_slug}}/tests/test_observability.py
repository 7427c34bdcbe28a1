"""Traces of requests and their queries, trace ids in log lines, metrics, and Sentry reports."""

from collections.abc import AsyncIterator, Iterator
from functools import partial

import pytest
import sentry_sdk
import structlog
from fastapi import APIRouter
from httpx import ASGITransport, AsyncClient
from opentelemetry import trace
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from prometheus_client.parser import text_string_to_metric_families
from sentry_sdk.envelope import Envelope
from sentry_sdk.transport import Transport
from structlog.testing import capture_logs

from {{ cookiecutter.package_name }}.core import middleware
from {{ cookiecutter.package_name }}.main import app, create_app
from {{ cookiecutter.package_name }}.observability import setup
from {{ cookiecutter.package_name }}.observability.config import (
    ObservabilitySettings,
    observability_settings,
)
from {{ cookiecutter.package_name }}.observability.sentry import init_sentry
from {{ cookiecutter.package_name }}.observability.telemetry import span_processor

crashing = APIRouter()


@crashing.get("/crash")
async def crash() -> None:
    raise RuntimeError("unexpected failure")


@pytest.fixture(scope="module")
def exporter() -> InMemorySpanExporter:
    """Every span the service ends, kept in memory (the test's own processor)."""
    provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider)
    exporter = InMemorySpanExporter()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    return exporter


@pytest.fixture
def spans(exporter: InMemorySpanExporter) -> Iterator[InMemorySpanExporter]:
    exporter.clear()
    yield exporter
    exporter.clear()


def metric_value(text: str, name: str, **labels: str) -> float:
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == name and labels.items() <= sample.labels.items():
                return sample.value
    return 0.0


async def test_request_span_has_its_database_query_as_child(
    api_client: AsyncClient, spans: InMemorySpanExporter
) -> None:
    response = await api_client.get("/api/v1/items/", headers={"X-Request-ID": "traced-1"})

    assert response.status_code == 200
    server = next(s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER)
    assert server.name == "GET /api/v1/items/"
    assert server.attributes is not None
    assert server.attributes["http.route"] == "/api/v1/items/"
    assert server.attributes["http.request.id"] == "traced-1"
    # The request's own children: other work in the process is traced meanwhile (the Redis
    # commands of a job worker the tests run in-process, each a trace of its own).
    children = [s for s in spans.get_finished_spans() if s.parent == server.context]
    assert any(s.kind is SpanKind.CLIENT and s.name.startswith("SELECT") for s in children)


async def test_request_log_line_carries_the_span_trace_id(
    client: AsyncClient, spans: InMemorySpanExporter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A logger that has not cached the processors of an earlier configuration.
    monkeypatch.setattr(middleware, "logger", structlog.get_logger("request"))
    processors = structlog.get_config()["processors"][:-1]  # all but the renderer
    with capture_logs(processors=processors) as logs:
        await client.get("/api/v1/items/nowhere")

    line = next(entry for entry in logs if entry["event"] == "request")
    server = next(s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER)
    assert server.context is not None
    assert line["trace_id"] == format(server.context.trace_id, "032x")
    assert line["span_id"] == format(server.context.span_id, "016x")


async def test_metrics_count_requests_by_route_template(api_client: AsyncClient) -> None:
    before = (await api_client.get("/metrics")).text
    for item_id in (1, 2, 3):
        await api_client.get(f"/api/v1/items/{item_id}")

    response = await api_client.get("/metrics")

    assert response.status_code == 200
    name = "http_server_request_duration_seconds_count"
    labels = {
        "http_request_method": "GET",
        "http_route": "/api/v1/items/{item_id}",
        "http_response_status_code": "404",
    }
    assert metric_value(response.text, name, **labels) - metric_value(before, name, **labels) == 3
    assert "/api/v1/items/1" not in response.text
    assert metric_value(response.text, "http_server_active_requests") == 0
    state = {"db_client_connection_state": "used"}
    assert metric_value(response.text, "db_client_connection_count", **state) == 0


async def test_metrics_are_refused_outside_the_allowed_networks() -> None:
    transport = ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with AsyncClient(transport=transport, base_url="http://test") as outsider:
        response = await outsider.get("/metrics")

    assert response.status_code == 403
    assert response.json()["error_code"] == "permission_denied"


class CapturingTransport(Transport):
    """Sentry's transport interface, keeping events instead of sending them."""

    def __init__(self) -> None:
        super().__init__()
        self.events: list[dict[str, object]] = []

    def capture_envelope(self, envelope: Envelope) -> None:
        event = envelope.get_event()
        if event is not None:
            self.events.append(dict(event))


@pytest.fixture
async def reporting_client(monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[CapturingTransport]:
    transport = CapturingTransport()
    monkeypatch.setattr(observability_settings, "SENTRY_DSN", "https://public@sentry.example.com/1")
    monkeypatch.setattr(setup, "init_sentry", partial(init_sentry, transport=transport))
    yield transport
    sentry_sdk.get_client().close()


async def test_unhandled_error_is_reported_to_sentry_with_request_id(
    reporting_client: CapturingTransport,
) -> None:
    service = create_app()
    service.include_router(crashing)
    async with AsyncClient(transport=ASGITransport(app=service), base_url="http://test") as client:
        response = await client.get("/crash", headers={"X-Request-ID": "crash-1"})
    sentry_sdk.flush()

    assert response.status_code == 500
    assert sentry_sdk.get_client().dsn == "https://public@sentry.example.com/1"
    [event] = reporting_client.events
    assert event["environment"] == "local"
    assert event["tags"] == {"request_id": "crash-1"}


@pytest.mark.parametrize(
    ("exporter_name", "processor_type"),
    [("otlp", BatchSpanProcessor), ("console", BatchSpanProcessor), ("none", type(None))],
)
def test_traces_go_to_the_chosen_exporter(
    monkeypatch: pytest.MonkeyPatch, exporter_name: str, processor_type: type[object]
) -> None:
    monkeypatch.setattr(observability_settings, "OTEL_TRACES_EXPORTER", exporter_name)

    processor = span_processor()

    assert isinstance(processor, processor_type)
    if processor is not None:
        processor.shutdown()


@pytest.mark.parametrize(("environment", "exporter_name"), [("local", "none"), ("staging", "otlp")])
def test_traces_are_exported_outside_local_by_default(environment: str, exporter_name: str) -> None:
    assert ObservabilitySettings(ENVIRONMENT=environment).traces_exporter == exporter_name
