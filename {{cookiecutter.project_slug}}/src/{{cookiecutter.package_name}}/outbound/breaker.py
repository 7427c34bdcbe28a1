"""A circuit breaker: stop calling an upstream that keeps failing, for a cool-down."""

import math
import time

from ..core.errors import ServiceUnavailable


class CircuitOpen(ServiceUnavailable):
    """The upstream failed too often lately; the call was not made."""


class CircuitBreaker:
    """Closed, calls go through. `threshold` consecutive failures open it: calls fail at once
    for `cooldown` seconds. Then the next call goes through as a trial: a success closes the
    circuit, a failure opens it for another cool-down.
    """

    def __init__(self, name: str, threshold: int, cooldown: float) -> None:
        self.name = name
        self.threshold = threshold
        self.cooldown = cooldown
        self.failures = 0
        self.opened_at: float | None = None

    def before_call(self) -> None:
        if self.opened_at is None:
            return
        remaining = self.opened_at + self.cooldown - time.monotonic()
        if remaining > 0:
            raise CircuitOpen(
                f"{self.name} is failing; not called for {math.ceil(remaining)} s",
                headers={"Retry-After": str(math.ceil(remaining))},
            )
        self.opened_at = None
        self.failures = self.threshold - 1  # half-open: one more failure opens it again

    def record_success(self) -> None:
        self.failures = 0

    def record_failure(self) -> None:
        self.failures += 1
        if self.failures >= self.threshold:
            self.opened_at = time.monotonic()
