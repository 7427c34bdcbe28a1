"""OpenTelemetry: the tracer provider (its sampler and exporter), the meter provider behind
/metrics, and the libraries whose calls become spans (database queries{% if "redis" in features %}, Redis commands{% endif %}).

FastAPI itself traces each request and measures it, by route template, once these
providers are global.
"""

from collections.abc import Iterable, MutableMapping
from functools import cache
from typing import Any

from fastapi.telemetry import TelemetryConfig
from opentelemetry import metrics, trace
from opentelemetry.exporter.prometheus import PrometheusMetricReader
{%- if "redis" in features %}
from opentelemetry.instrumentation.redis import RedisInstrumentor
{%- endif %}
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.metrics import CallbackOptions, NoOpMeterProvider, Observation
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, ConsoleSpanExporter
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from sqlalchemy.pool import QueuePool

from ..db.session import engine
from .config import observability_settings

# Probes and scrapes would be most of the traces and tell nothing.
UNOBSERVED_PATHS = ("/health/", "/metrics")


def span_processor() -> SpanProcessor | None:
    match observability_settings.traces_exporter:
        case "otlp":
            # Imported only when used: protobuf takes a while to load.
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            base = observability_settings.OTEL_EXPORTER_OTLP_ENDPOINT
            endpoint = f"{base.rstrip('/')}/v1/traces" if base else None
            return BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint))
        case "console":
            return BatchSpanProcessor(ConsoleSpanExporter())
        case "none":
            return None


def pool_connections(_: CallbackOptions) -> Iterable[Observation]:
    pool = engine.sync_engine.pool
    if isinstance(pool, QueuePool):
        yield Observation(pool.checkedout(), {"db.client.connection.state": "used"})
        yield Observation(pool.checkedin(), {"db.client.connection.state": "idle"})


@cache
def configure_providers(version: str) -> None:
    """Make the process's tracer and meter providers global, once, and instrument the
    libraries the service calls.
    """
    resource = Resource.create(
        {
            "service.name": observability_settings.OTEL_SERVICE_NAME,
            "service.version": version,
            "deployment.environment.name": observability_settings.ENVIRONMENT,
        }
    )
    meter_provider = MeterProvider(resource=resource, metric_readers=[PrometheusMetricReader()])
    metrics.set_meter_provider(meter_provider)
    meter_provider.get_meter(__name__).create_observable_up_down_counter(
        "db.client.connection.count",
        callbacks=[pool_connections],
        unit="{connection}",
        description="Database connections in the pool, by state.",
    )
    sampler = ParentBased(TraceIdRatioBased(observability_settings.OTEL_TRACES_SAMPLER_ARG))
    tracer_provider = TracerProvider(resource=resource, sampler=sampler)
    if (processor := span_processor()) is not None:
        tracer_provider.add_span_processor(processor)
    trace.set_tracer_provider(tracer_provider)
    # The instrumentation declares SQLAlchemy below 2.1, but the engine events it hooks
    # are unchanged in 2.1. Its pool metric would count every checkout and checkin on the
    # request's path; db.client.connection.count above reads the pool when scraped instead.
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine, meter_provider=NoOpMeterProvider(), skip_dep_check=True
    )
{%- if "redis" in features %}
    RedisInstrumentor().instrument()
{%- endif %}


def unobserved(scope: MutableMapping[str, Any]) -> bool:
    return str(scope.get("path", "")).startswith(UNOBSERVED_PATHS)


def telemetry(version: str) -> TelemetryConfig:
    """FastAPI's own request spans and metrics, on the providers configured here."""
    configure_providers(version)
    return {
        # Spans for dependency resolution and serialization would cost more than the
        # request's own span and queries on a plain read.
        "operation_spans": False,
        # Errors are logged by the service and reported to Sentry.
        "logs": False,
        "exclude": unobserved,
    }
