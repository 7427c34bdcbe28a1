"""Database settings: where the database is{% if "postgresql" in features %} and how the connection pool is sized{% endif %}."""

{% if "postgresql" in features -%}
from pydantic import Field

{% endif -%}
from ..core.config import SettingsBase


class DatabaseSettings(SettingsBase):
{%- if "postgresql" in features %}
{%- set database_url = "postgresql+asyncpg://postgres@127.0.0.1:5432/" ~ cookiecutter.project_slug %}
    DATABASE_URL: str = {{ database_url | py_str(column=24, indent=4) }}
    DATABASE_POOL_SIZE: int = Field(default=10, ge=1)
    # Extra connections for bursts, closed when they come back to a full pool. Without any,
    # requests beyond the pool's size queue for a connection, and the pool's queue is not
    # fair under saturation: some waited seconds (bench/, 32 concurrent reads).
    DATABASE_MAX_OVERFLOW: int = Field(default=10, ge=0)
    DATABASE_POOL_TIMEOUT: float = Field(default=30, gt=0)
    DATABASE_POOL_RECYCLE: int = 1800
    # A ping costs a round trip on every checkout; turn it on only where something between
    # the service and the database drops idle connections before DATABASE_POOL_RECYCLE.
    DATABASE_POOL_PRE_PING: bool = False
    # Seconds to wait for a new connection before the request answers 503.
    DATABASE_CONNECT_TIMEOUT: float = Field(default=5, gt=0)
{%- else %}
    DATABASE_URL: str = "sqlite+aiosqlite:///./{{ cookiecutter.project_slug }}.db"
{%- endif %}
    DATABASE_ECHO: bool = False
