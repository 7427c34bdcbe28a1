"""Who calls, when the service takes API keys: whoever holds a listed key, named by the
key's digest. Keys are not accounts: rows have no owner, and every key may act on every row.
"""

from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from ..api_keys.dependencies import ApiKeyRequired
from ..api_keys.keys import listed_holder
from ..core.errors import AppError
from ..core.middleware import header
from .principal import Principal
from .unowned import (
    confirm,
    find_visible,
    on_owner_deleted,
    owner_fields,
    owns,
    same_owner,
    visible,
)

__all__ = [
    "CALLER_ERRORS",
    "CREDENTIAL_LABEL",
    "CREDENTIAL_PATHS",
    "CREDENTIAL_SUBPROTOCOL",
    "Caller",
    "ClaimedCaller",
    "Principal",
    "confirm",
    "counted_as",
    "credential_in_headers",
    "find_visible",
    "get_caller",
    "get_claimed_caller",
    "on_owner_deleted",
    "owner_fields",
    "owns",
    "same_owner",
    "socket_caller",
    "speaker_name",
    "still_allowed",
    "visible",
]

# None of the endpoint's own: the key is checked for every route in api/v1, first.
CALLER_ERRORS: tuple[type[AppError], ...] = ()
# Every request carries its key; guessing is slowed by the default limit, per address.
CREDENTIAL_PATHS: frozenset[str] = frozenset()
# A browser cannot set headers on a WebSocket handshake, so it sends the key as the second
# of two subprotocols, `new WebSocket(url, ["api-key", key])`.
CREDENTIAL_SUBPROTOCOL = "api-key"
# What a person pastes to open a socket by hand, as the rooms demo page asks for it.
CREDENTIAL_LABEL = "API key"


def credential_in_headers(connection: HTTPConnection) -> str | None:
    """The key in the X-API-Key header, if there is one."""
    return header(connection.scope, b"x-api-key") or None


def holder_of(key: str | None) -> Principal:
    """Whoever holds a listed key; raises ApiKeyRequired for any other."""
    holder = None if key is None else listed_holder(key)
    if holder is None:
        raise ApiKeyRequired("Missing or invalid API key")
    return Principal(None, holder)


async def get_caller(connection: HTTPConnection) -> Principal:
    """Whoever holds the request's key; raises ApiKeyRequired for a key not listed."""
    return holder_of(credential_in_headers(connection))


# Async though it waits for nothing: FastAPI runs plain functions in a thread.
Caller = Annotated[Principal, Depends(get_caller)]
ClaimedCaller = Caller
get_claimed_caller = get_caller


def counted_as(connection: HTTPConnection) -> str | None:
    """Whom a rate limit counts the request against: the holder of a listed key, else None
    for the client address (so guessing keys is limited like any anonymous request).
    """
    key = credential_in_headers(connection)
    return None if key is None else listed_holder(key)


async def socket_caller(credential: str | None) -> Principal:
    """Whoever holds the handshake's key; raises ApiKeyRequired."""
    return holder_of(credential)


async def still_allowed(caller: Principal) -> bool:
    """True: the listed keys are read once, at start-up, and stay listed until a restart."""
    return True


async def speaker_name(caller: Principal) -> str:
    """How a room names the caller: by their key's `key:<digest prefix>`, never the key."""
    return caller.name
