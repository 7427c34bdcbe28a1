"""Where traces go and how many are kept, who may read the metrics, and where errors go.

The OpenTelemetry settings carry their standard names; the exporter reads the rest of its
own (`OTEL_EXPORTER_OTLP_HEADERS`, `OTEL_EXPORTER_OTLP_TIMEOUT`, ...) from the environment.
"""

from ipaddress import ip_network
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from ..core.config import SettingsBase, StrList

TracesExporter = Literal["otlp", "console", "none"]
LOOPBACK = ("127.0.0.0/8", "::1/128")


def _check_networks(networks: list[str]) -> list[str]:
    for network in networks:
        ip_network(network)  # a ValueError names the bad entry
    return networks


Networks = Annotated[StrList, AfterValidator(_check_networks)]


class ObservabilitySettings(SettingsBase):
    OTEL_SERVICE_NAME: str = "{{ cookiecutter.project_slug }}"
    # Empty: no export locally, OTLP (HTTP/protobuf) elsewhere.
    OTEL_TRACES_EXPORTER: TracesExporter | None = None
    # The collector's base URL; /v1/traces is added. Empty: the SDK's default (localhost:4318).
    OTEL_EXPORTER_OTLP_ENDPOINT: str | None = None
    # The share of traces started here that are recorded; a caller's sampled trace always is.
    OTEL_TRACES_SAMPLER_ARG: float = Field(default=1.0, ge=0, le=1)

    # Client networks that may read /metrics; everyone else gets a 403.
    METRICS_ALLOWED_NETWORKS: Networks = Field(default_factory=lambda: list(LOOPBACK))

    # Empty: errors are not reported to Sentry.
    SENTRY_DSN: str = ""

    @property
    def traces_exporter(self) -> TracesExporter:
        if self.OTEL_TRACES_EXPORTER is not None:
            return self.OTEL_TRACES_EXPORTER
        return "none" if self.ENVIRONMENT == "local" else "otlp"


observability_settings = ObservabilitySettings()
