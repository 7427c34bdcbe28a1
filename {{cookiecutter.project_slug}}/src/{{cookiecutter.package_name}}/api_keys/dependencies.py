"""The check every versioned endpoint runs: a listed key in the X-API-Key header."""

from collections.abc import Mapping
from typing import Annotated, ClassVar

from fastapi import Security
from fastapi.security import APIKeyHeader

from ..core.errors import AuthenticationFailed
from .keys import is_valid_api_key

api_key_header = APIKeyHeader(name="X-API-Key", auto_error=False)


class ApiKeyRequired(AuthenticationFailed):
    default_headers: ClassVar[Mapping[str, str]] = {"WWW-Authenticate": "APIKey"}


async def require_api_key(key: Annotated[str | None, Security(api_key_header)]) -> None:
    if key is None or not is_valid_api_key(key):
        raise ApiKeyRequired("Missing or invalid API key")
