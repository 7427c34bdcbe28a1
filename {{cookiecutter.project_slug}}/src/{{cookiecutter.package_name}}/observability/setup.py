"""Turn observability on for an app: /metrics, and Sentry when SENTRY_DSN is set."""

from fastapi import FastAPI

from ..settings import settings
from .metrics import add_metrics_route
from .sentry import init_sentry


def observe(app: FastAPI) -> None:
    add_metrics_route(app)
    if settings.SENTRY_DSN:
        release = f"{settings.OTEL_SERVICE_NAME}@{app.version}"
        init_sentry(settings.SENTRY_DSN, settings.ENVIRONMENT, release)
