"""The active span's trace and span ids in every log line, to find a line's trace and back."""

from opentelemetry import trace
from structlog.typing import EventDict, WrappedLogger


def add_trace_ids(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    context = trace.get_current_span().get_span_context()
    if context.is_valid:
        event_dict["trace_id"] = format(context.trace_id, "032x")
        event_dict["span_id"] = format(context.span_id, "016x")
    return event_dict
