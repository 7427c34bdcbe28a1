"""Where Redis is, how long to wait for it, and the prefix of this service's keys."""

from pydantic import Field

from ..core.config import SettingsBase


class RedisSettings(SettingsBase):
    REDIS_URL: str = "redis://127.0.0.1:6379/0"
    # Seconds to wait for Redis before treating it as down for that call.
    REDIS_TIMEOUT: float = Field(default=0.5, gt=0)
    # Seconds Redis is left alone after a call found it down; then one call tries it again.
    REDIS_BREAKER_COOLDOWN: float = Field(default=5, gt=0)
    # Every key starts with this, so services (and test runs) can share one Redis.
    REDIS_KEY_PREFIX: str = Field(default="{{ cookiecutter.project_slug }}", min_length=1)


redis_settings = RedisSettings()
