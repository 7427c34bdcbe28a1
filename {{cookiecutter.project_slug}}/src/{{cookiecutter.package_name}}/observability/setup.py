"""Turn observability on for an app: /metrics, and Sentry when SENTRY_DSN is set."""

from fastapi import FastAPI

from ..settings import settings
from .metrics import router
from .sentry import init_sentry


def observe(app: FastAPI) -> None:
    app.include_router(router)
    if settings.SENTRY_DSN:
        release = f"{settings.OTEL_SERVICE_NAME}@{app.version}"
        init_sentry(settings.SENTRY_DSN, settings.ENVIRONMENT, release)
