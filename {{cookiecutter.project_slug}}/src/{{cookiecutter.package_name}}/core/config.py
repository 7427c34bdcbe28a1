"""Settings read from the environment and `.env`, one field per variable."""

import json
from typing import Annotated, Literal, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER = "changethis"
{%- if cookiecutter.auth == "jwt" %}
MIN_SECRET_KEY_LENGTH = 32
MIN_PASSWORD_LENGTH = 12
{%- endif %}


def _parse_list(value: object) -> object:
    """Accept `a,b` as well as `["a", "b"]` for list settings."""
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            return json.loads(value)
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


StrList = Annotated[list[str], NoDecode, BeforeValidator(_parse_list)]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_ignore_empty=True, extra="ignore")

    ENVIRONMENT: Literal["local", "staging", "production"] = "local"
    PROJECT_NAME: str = "{{ cookiecutter.project_name }}"
    VERSION: str = "{{ cookiecutter.version }}"
    DESCRIPTION: str = "{{ cookiecutter.description }}"
    API_V1_PREFIX: str = "/api/v1"

    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    LOG_JSON: bool | None = None

{%- if cookiecutter.database == "postgresql" %}
{%- set database_url = "postgresql+asyncpg://postgres@127.0.0.1:5432/" ~ cookiecutter.project_slug %}
{#- ruff format's own wrapping, for slugs that push the line past 100 characters #}
{%- if database_url | length > 74 %}

    DATABASE_URL: str = (
        "{{ database_url }}"
    )
{%- else %}

    DATABASE_URL: str = "{{ database_url }}"
{%- endif %}
    DATABASE_POOL_SIZE: int = Field(default=10, ge=1)
    DATABASE_MAX_OVERFLOW: int = Field(default=10, ge=0)
    DATABASE_POOL_TIMEOUT: float = Field(default=30, gt=0)
    DATABASE_POOL_RECYCLE: int = 1800
    # A ping costs a round trip on every checkout; turn it on only where something between
    # the service and the database drops idle connections before DATABASE_POOL_RECYCLE.
    DATABASE_POOL_PRE_PING: bool = False
{%- else %}

    DATABASE_URL: str = "sqlite+aiosqlite:///./{{ cookiecutter.project_slug }}.db"
{%- endif %}
    DATABASE_ECHO: bool = False

    CORS_ORIGINS: StrList = []
    ALLOWED_HOSTS: StrList = ["localhost", "127.0.0.1"]
    MAX_REQUEST_BODY_BYTES: int = Field(default=1024 * 1024, ge=1)

    DEFAULT_PAGE_SIZE: int = Field(default=20, ge=1)
    MAX_PAGE_SIZE: int = Field(default=100, ge=1)

{%- if cookiecutter.auth == "jwt" %}

    SECRET_KEY: str = PLACEHOLDER
    ACCESS_TOKEN_EXPIRE_MINUTES: int = Field(default=15, ge=1)
    REFRESH_TOKEN_EXPIRE_MINUTES: int = Field(default=60 * 24 * 7, ge=1)
    REGISTRATION_OPEN: bool = False
    FIRST_SUPERUSER_EMAIL: str = "admin@example.com"
    FIRST_SUPERUSER_PASSWORD: str = PLACEHOLDER
{%- endif %}

{%- if cookiecutter.auth == "api_key" %}

    API_KEY_HASHES: StrList = []
{%- endif %}

    @property
    def log_json(self) -> bool:
        return self.ENVIRONMENT != "local" if self.LOG_JSON is None else self.LOG_JSON

    @model_validator(mode="after")
    def _check_page_sizes(self) -> Self:
        if self.DEFAULT_PAGE_SIZE > self.MAX_PAGE_SIZE:
            raise ValueError("DEFAULT_PAGE_SIZE must not exceed MAX_PAGE_SIZE")
        return self

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> Self:
        if self.ENVIRONMENT != "production":
            return self
{%- if cookiecutter.auth == "jwt" %}
        if self.SECRET_KEY == PLACEHOLDER or len(self.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
            raise ValueError(
                f"SECRET_KEY must be a random secret of at least {MIN_SECRET_KEY_LENGTH} "
                "characters in production"
            )
        password = self.FIRST_SUPERUSER_PASSWORD
        if password == PLACEHOLDER or len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(
                f"FIRST_SUPERUSER_PASSWORD must be at least {MIN_PASSWORD_LENGTH} characters "
                "and not the placeholder in production"
            )
{%- endif %}
{%- if cookiecutter.auth == "api_key" %}
        if not self.API_KEY_HASHES:
            raise ValueError("API_KEY_HASHES must list at least one key digest in production")
{%- endif %}
        if not self.ALLOWED_HOSTS or "*" in self.ALLOWED_HOSTS:
            raise ValueError("ALLOWED_HOSTS must name the service's hosts in production")
        return self


settings = Settings()
