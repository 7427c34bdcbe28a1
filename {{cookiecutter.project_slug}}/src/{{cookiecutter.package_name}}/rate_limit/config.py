"""How many requests a caller may make."""

from typing import Self

from limits import parse_many
from pydantic import model_validator

from ..core.config import SettingsBase


class RateLimitSettings(SettingsBase):
    # Limits in the `limits` notation: "100/minute", or several: "20/second;1000/hour".
    RATE_LIMIT_DEFAULT: str = "100/minute"
    # Where a secret is checked or a recovery e-mail sent (identity.CREDENTIAL_PATHS), one
    # count per client address for them all: slows guessing.
    RATE_LIMIT_LOGIN: str = "10/minute"
{%- if "redis" in features %}
    # With Redis unreachable: true lets requests through (and logs it); false answers 503,
    # and readiness fails with it.
    RATE_LIMIT_FAIL_OPEN: bool = True
{%- endif %}

    @model_validator(mode="after")
    def _check_limits(self) -> Self:
        for name in ("RATE_LIMIT_DEFAULT", "RATE_LIMIT_LOGIN"):
            try:
                parse_many(getattr(self, name))
            except ValueError as error:
                raise ValueError(f"{name} is not a rate limit like 100/minute: {error}") from None
        return self


rate_limit_settings = RateLimitSettings()
