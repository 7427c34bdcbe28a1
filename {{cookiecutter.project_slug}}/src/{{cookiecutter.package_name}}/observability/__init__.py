"""Traces (OpenTelemetry), metrics (Prometheus) and error reports (Sentry)."""
