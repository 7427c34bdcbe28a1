"""How long cached copies live{% if "cache_memory" in features %} and how many each process keeps{% endif %}."""

from pydantic import Field

from ..core.config import SettingsBase


class CacheSettings(SettingsBase):
    # Seconds a cached copy may be served; changes through the API drop it at once.
    CACHE_TTL_SECONDS: int = Field(default=300, ge=1)
{%- if "cache_memory" in features %}
    # Entries each process keeps; the least recently used go first.
    CACHE_MAX_ENTRIES: int = Field(default=10_000, ge=1)
{%- endif %}


cache_settings = CacheSettings()
