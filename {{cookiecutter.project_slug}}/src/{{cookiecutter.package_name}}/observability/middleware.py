"""Tie each request to its telemetry: the request id on its span, its unhandled error in
Sentry.
"""

import structlog
from opentelemetry import trace
from starlette.types import ASGIApp, Receive, Scope, Send

from .sentry import report_error


class RequestTelemetryMiddleware:
    """Added just inside ServiceMiddleware: the request id is bound by then, and an error no
    handler answered still propagates (ServiceMiddleware turns it into a 500).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        span = trace.get_current_span()
        if span.is_recording():
            request_id = structlog.contextvars.get_contextvars().get("request_id")
            span.set_attribute("http.request.id", str(request_id))
        try:
            await self.app(scope, receive, send)
        except Exception as exc:
            report_error(exc)
            raise
