"""Timeouts, retries and the circuit breaker of calls to other services, and the upstreams
/health/upstreams checks.
"""

from pydantic import Field

from ..core.config import SettingsBase, StrList


class OutboundSettings(SettingsBase):
    # Seconds to open a connection, and to wait for each read or write, per attempt.
    OUTBOUND_CONNECT_TIMEOUT: float = Field(default=2, gt=0)
    OUTBOUND_TIMEOUT: float = Field(default=5, gt=0)
    # Tries in all for an idempotent request (GET, HEAD, OPTIONS, PUT, DELETE), with
    # exponential backoff and jitter between them; other methods are tried once.
    OUTBOUND_ATTEMPTS: int = Field(default=3, ge=1)
    # Consecutive failures that open an upstream's circuit, and the seconds it stays open.
    OUTBOUND_BREAKER_THRESHOLD: int = Field(default=5, ge=1)
    OUTBOUND_BREAKER_COOLDOWN: float = Field(default=30, gt=0)
    # Health URLs of the services this one calls, checked by /health/upstreams.
    UPSTREAM_HEALTH_URLS: StrList = Field(default_factory=list)


outbound_settings = OutboundSettings()
