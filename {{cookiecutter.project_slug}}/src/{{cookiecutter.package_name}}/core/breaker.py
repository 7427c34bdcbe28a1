"""A circuit breaker: stop calling a server that keeps failing, for a cool-down."""

import math
import time

from .errors import ServiceUnavailable


class CircuitOpen(ServiceUnavailable):
    """The server failed too often lately; the call was not made."""


class CircuitBreaker:
    """Closed, calls go through. `threshold` consecutive failures open it: calls fail at once
    for `cooldown` seconds. Then one call goes through as a trial while the others still fail
    at once: its success closes the circuit, its failure opens it for another cool-down.
    """

    def __init__(self, name: str, threshold: int, cooldown: float) -> None:
        self.name = name
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at: float | None = None

    def before_call(self) -> None:
        """Raise CircuitOpen, with Retry-After, unless the call may be made now."""
        if self.opened_at is None:
            return
        now = time.monotonic()
        remaining = self.opened_at + self.cooldown - now
        if remaining > 0:
            raise CircuitOpen(
                f"{self.name} is failing; not called for {math.ceil(remaining)} s",
                headers={"Retry-After": str(math.ceil(remaining))},
            )
        # Half-open: this call is the trial. The cool-down restarts, so calls made while it
        # is under way fail at once, and a trial that never reports back is tried again.
        self.opened_at = now
        self.failures = self.threshold - 1

    def record_success(self) -> None:
        self.failures = 0
        self.opened_at = None

    def record_failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = time.monotonic()
