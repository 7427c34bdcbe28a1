"""The settings every variant has, and the base each feature's own settings build on.

Each feature keeps its settings beside its code (`db/config.py`, `auth/config.py`, ...) and
reads its own object (`core_settings` here); `settings.py` combines every part into the one
`Settings` the entry points validate at start-up.
"""

import json
import os
from ipaddress import ip_network
from typing import Annotated, Literal, Self

from pydantic import BeforeValidator, Field, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PLACEHOLDER = "changethis"

# Settings come from the environment, then from this file: `.env` unless ENV_FILE names
# another, and none when ENV_FILE is empty (the tests' choice, so a developer's `.env`
# never changes what they check).
ENV_FILE = os.environ.get("ENV_FILE", ".env") or None

Environment = Literal["local", "staging", "production"]


def _parse_list(value: object) -> object:
    """Accept `a,b` as well as `["a", "b"]` for list settings."""
    if isinstance(value, str):
        if value.lstrip().startswith("["):
            return json.loads(value)
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


StrList = Annotated[list[str], NoDecode, BeforeValidator(_parse_list)]


class SettingsBase(BaseSettings):
    """Where every setting is read from, and the environment the production checks use."""

    model_config = SettingsConfigDict(env_file=ENV_FILE, env_ignore_empty=True, extra="ignore")

    ENVIRONMENT: Environment = "local"

    @property
    def is_production(self) -> bool:
        return self.ENVIRONMENT == "production"


class CoreSettings(SettingsBase):
    PROJECT_NAME: str = {{ cookiecutter.project_name | py_str(column=24, indent=4) }}
    API_V1_PREFIX: str = "/api/v1"

    LOG_LEVEL: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    LOG_JSON: bool | None = None

    CORS_ORIGINS: StrList = []
    ALLOWED_HOSTS: StrList = ["localhost", "127.0.0.1"]
    # Proxies (addresses, networks, or * for any peer) whose X-Forwarded-For and
    # X-Forwarded-Proto the service believes; the server itself believes no one.
    TRUSTED_PROXIES: StrList = []
    MAX_REQUEST_BODY_BYTES: int = Field(default=1024 * 1024, ge=1)
    # Seconds a client may reuse a GET answer of the API without asking again; 0 means it
    # must revalidate every time (its ETag makes that a cheap 304).
    HTTP_CACHE_MAX_AGE: int = Field(default=0, ge=0)

    DEFAULT_PAGE_SIZE: int = Field(default=20, ge=1)
    MAX_PAGE_SIZE: int = Field(default=100, ge=1)

    @property
    def log_json(self) -> bool:
        return self.ENVIRONMENT != "local" if self.LOG_JSON is None else self.LOG_JSON

    @model_validator(mode="after")
    def _check_page_sizes(self) -> Self:
        if self.DEFAULT_PAGE_SIZE > self.MAX_PAGE_SIZE:
            raise ValueError("DEFAULT_PAGE_SIZE must not exceed MAX_PAGE_SIZE")
        return self

    @model_validator(mode="after")
    def _check_trusted_proxies(self) -> Self:
        for proxy in self.TRUSTED_PROXIES:
            if proxy != "*":
                try:
                    ip_network(proxy, strict=False)
                except ValueError:
                    raise ValueError(f"TRUSTED_PROXIES: {proxy!r} is not an address") from None
        return self

    @model_validator(mode="after")
    def _check_allowed_hosts(self) -> Self:
        if self.is_production and (not self.ALLOWED_HOSTS or "*" in self.ALLOWED_HOSTS):
            raise ValueError("ALLOWED_HOSTS must name the service's hosts in production")
        return self


core_settings = CoreSettings()
