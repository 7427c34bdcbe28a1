"""The error every failed credential check answers."""

from collections.abc import Mapping
from typing import ClassVar

from ..core.errors import AuthenticationFailed


class InvalidCredentials(AuthenticationFailed):
    """A 401 naming the scheme that would succeed, as RFC 9110 asks of every 401."""

    default_headers: ClassVar[Mapping[str, str]] = {"WWW-Authenticate": "Bearer"}
