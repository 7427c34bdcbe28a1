"""Database settings: where it is, how long each wait on it may last{% if "postgresql" in features %}, the pool's size{% endif %}."""

from pydantic import Field

from ..core.config import SettingsBase


class DatabaseSettings(SettingsBase):
{%- if "postgresql" in features %}
{%- set database_url = "postgresql+asyncpg://postgres@127.0.0.1:5432/" ~ cookiecutter.project_slug %}
    DATABASE_URL: str = {{ database_url | py_str(column=24, indent=4) }}
    # Connections each process keeps open (every server worker and every task worker has its
    # own pool): keep their sum over the processes under the server's max_connections (100 by
    # default).
    DATABASE_POOL_SIZE: int = Field(default=20, ge=1)
    # Extra connections for bursts, each closed as it comes back to a full pool: under steady
    # load above the pool's size that is a new PostgreSQL session every few requests (bench/,
    # 32 concurrent reads on 10 + 10: 30 to 100 a second), so none by default.
    DATABASE_MAX_OVERFLOW: int = Field(default=0, ge=0)
    # Seconds a request waits for a pooled connection to come free before it answers 503.
    DATABASE_POOL_TIMEOUT: float = Field(default=5, gt=0)
    DATABASE_POOL_RECYCLE: int = 1800
    # A ping costs a round trip on every checkout; turn it on only where something between
    # the service and the database drops idle connections before DATABASE_POOL_RECYCLE.
    DATABASE_POOL_PRE_PING: bool = False
    # Seconds to wait for a new connection before the request answers 503.
    DATABASE_CONNECT_TIMEOUT: float = Field(default=5, gt=0)
    # Seconds a statement may run before the server cancels it (PostgreSQL's
    # statement_timeout); 0 lets it run for ever.
    DATABASE_STATEMENT_TIMEOUT: float = Field(default=5, ge=0)
    # Seconds to wait for any answer on an open connection, so a server that hangs without
    # closing it cannot hold requests. Above DATABASE_STATEMENT_TIMEOUT: a slow statement is
    # better cancelled by the server, which leaves the connection usable.
    DATABASE_COMMAND_TIMEOUT: float = Field(default=6, gt=0)
{%- else %}
    DATABASE_URL: str = "sqlite+aiosqlite:///./{{ cookiecutter.project_slug }}.db"
    # Seconds a write waits for another connection's lock before the request answers 503.
    DATABASE_BUSY_TIMEOUT: float = Field(default=5, ge=0)
{%- endif %}
    DATABASE_ECHO: bool = False


database_settings = DatabaseSettings()
