"""Error reports to Sentry, when SENTRY_DSN is set, each tagged with its request id.

sentry_sdk is imported on first use, so a service without a DSN never loads it.
"""

from typing import TYPE_CHECKING

import structlog

from .config import observability_settings

if TYPE_CHECKING:
    from sentry_sdk.transport import Transport
    from sentry_sdk.types import Event, Hint


def tag_request_id(event: {{ "Event" | forward_ref }}, _: {{ "Hint" | forward_ref }}) -> {{ "Event" | forward_ref }}:
    request_id = structlog.contextvars.get_contextvars().get("request_id")
    if request_id is not None:
        event.setdefault("tags", {})["request_id"] = request_id
    return event


def init_sentry(
    dsn: str, environment: str, release: str, transport: {{ "Transport | None" | forward_ref }} = None
) -> None:
    """Sentry's own tracing stays off (its default): traces go to OpenTelemetry."""
    import sentry_sdk

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        release=release,
        before_send=tag_request_id,
        transport=transport,
    )


def report_error(exc: Exception) -> None:
    if observability_settings.SENTRY_DSN:
        import sentry_sdk

        sentry_sdk.capture_exception(exc)
