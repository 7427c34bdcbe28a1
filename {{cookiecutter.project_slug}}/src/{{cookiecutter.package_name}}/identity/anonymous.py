"""Who calls, when no one signs in: anyone, and every row is everyone's. Rows have no
owner; sockets speak under a random guest name; rate limits count by client address.
"""

import secrets
from collections.abc import Callable, Sequence
from typing import Annotated, Any{% if cookiecutter.python_version == "3.11" %}, TypeVar{% endif %}

from fastapi import Depends
from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from starlette.requests import HTTPConnection

from ..core.errors import AppError
from ..db.base import Base
from .principal import Principal

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
    "visible",
]

# Finding out who calls cannot fail.
CALLER_ERRORS: tuple[type[AppError], ...] = ()
CREDENTIAL_PATHS: frozenset[str] = frozenset()
CREDENTIAL_SUBPROTOCOL: str | None = None
CREDENTIAL_LABEL: str | None = None

ANYONE = Principal(None, "http", signed_in=False)

{%- if cookiecutter.python_version == "3.11" %}
Row = TypeVar("Row", bound=Base)
{%- endif %}


async def get_caller() -> Principal:
    """Whoever calls: no credential tells callers apart."""
    return ANYONE


# Async though it waits for nothing: FastAPI runs plain functions in a thread.
Caller = Annotated[Principal, Depends(get_caller)]
ClaimedCaller = Caller
get_claimed_caller = get_caller


def owns(caller: Principal, row: object, *, superuser_too: bool = False) -> bool:
    """Every caller may act on every row."""
    return True


def owner_fields(caller: Principal) -> dict[str, Any]:
    """Rows have no owner."""
    return {}


def on_owner_deleted(model: type[Base], forget: Callable[[Session, Sequence[int]], None]) -> None:
    """Nothing to watch: rows have no owner."""


def same_owner(model: type[Base], row: object) -> ColumnElement[bool]:
    """Every row of `model`: rows have no owner."""
    return true()


{% if cookiecutter.python_version == "3.11" -%}
def visible(model: type[Row], caller: Principal, *, superuser_too: bool = False) -> Select[Row]:
{%- else -%}
def visible[Row: Base](
    model: type[Row], caller: Principal, *, superuser_too: bool = False
) -> Select[Row]:
{%- endif %}
    """Every row of `model`."""
    return select(model)


async def confirm(session: AsyncSession, caller: Principal) -> None:
    """Nothing to confirm: anyone may call."""


{% if cookiecutter.python_version == "3.11" -%}
async def find_visible(
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    caller: Principal,
    *,
    superuser_too: bool = False,
) -> Row | None:
{%- else -%}
async def find_visible[Row: Base](
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    caller: Principal,
    *,
    superuser_too: bool = False,
) -> Row | None:
{%- endif %}
    """The row with this id, if there is one."""
    return await session.get(model, row_id)


def credential_in_headers(connection: HTTPConnection) -> str | None:
    """No credential is ever read."""
    return None


def counted_as(connection: HTTPConnection) -> str | None:
    """None: rate limits count every request by its client address."""
    return None


async def socket_caller(credential: str | None) -> Principal:
    """A guest, under a random name of its own."""
    return Principal(None, f"guest:{secrets.token_hex(4)}", signed_in=False)
