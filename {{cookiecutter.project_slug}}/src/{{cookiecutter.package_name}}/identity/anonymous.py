"""Who calls, when no one signs in: anyone, and every row is everyone's. Rows have no
owner; sockets speak under a random guest name; rate limits count by client address.
"""

import secrets
from typing import Annotated

from fastapi import Depends
from starlette.requests import HTTPConnection

from ..core.errors import AppError
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

# Finding out who calls cannot fail.
CALLER_ERRORS: tuple[type[AppError], ...] = ()
CREDENTIAL_PATHS: frozenset[str] = frozenset()
CREDENTIAL_SUBPROTOCOL: str | None = None
CREDENTIAL_LABEL: str | None = None

ANYONE = Principal(None, "http", signed_in=False)


async def get_caller() -> Principal:
    """Whoever calls: no credential tells callers apart."""
    return ANYONE


# Async though it waits for nothing: FastAPI runs plain functions in a thread.
Caller = Annotated[Principal, Depends(get_caller)]
ClaimedCaller = Caller
get_claimed_caller = get_caller


def credential_in_headers(connection: HTTPConnection) -> str | None:
    """No credential is ever read."""
    return None


def counted_as(connection: HTTPConnection) -> str | None:
    """None: rate limits count every request by its client address."""
    return None


async def socket_caller(credential: str | None) -> Principal:
    """A guest, under a random name of its own."""
    return Principal(None, f"guest:{secrets.token_hex(4)}", signed_in=False)


async def still_allowed(caller: Principal) -> bool:
    """True: a guest is let in and stays."""
    return True


async def speaker_name(caller: Principal) -> str:
    """How a room names the caller: the guest name drawn for them."""
    return caller.name
