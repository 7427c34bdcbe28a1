"""Turn observability on for an app: /metrics, and Sentry when SENTRY_DSN is set."""

from fastapi import FastAPI

from .config import observability_settings
from .metrics import add_metrics_route
from .sentry import init_sentry


def observe(app: FastAPI) -> None:
    add_metrics_route(app)
    if observability_settings.SENTRY_DSN:
        release = f"{observability_settings.OTEL_SERVICE_NAME}@{app.version}"
        init_sentry(observability_settings.SENTRY_DSN, observability_settings.ENVIRONMENT, release)
