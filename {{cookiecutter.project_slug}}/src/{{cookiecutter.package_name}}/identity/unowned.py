"""Rows without owners, for services that have no user accounts: every caller may see and
change every row. The rules identity/anonymous.py and identity/api_keys.py share.
"""

from collections.abc import Callable, Sequence
from typing import Any{% if cookiecutter.python_version == "3.11" %}, TypeVar{% endif %}

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from ..db.base import Base
from .principal import Principal
{%- if cookiecutter.python_version == "3.11" %}

Row = TypeVar("Row", bound=Base)
{%- endif %}


def owns(caller: Principal, row: object, *, any_with: str | None = None) -> bool:
    """Every caller may act on every row: rows have no owner."""
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
def visible(model: type[Row], caller: Principal, *, any_with: str | None = None) -> Select[Row]:
{%- else -%}
def visible[Row: Base](
    model: type[Row], caller: Principal, *, any_with: str | None = None
) -> Select[Row]:
{%- endif %}
    """Every row of `model`."""
    return select(model)


async def confirm(session: AsyncSession, caller: Principal) -> None:
    """Nothing to confirm: the caller was checked before, if at all."""


{% if cookiecutter.python_version == "3.11" -%}
async def find_visible(
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    caller: Principal,
    *,
    any_with: str | None = None,
) -> Row | None:
{%- else -%}
async def find_visible[Row: Base](
    session: AsyncSession,
    model: type[Row],
    row_id: int,
    caller: Principal,
    *,
    any_with: str | None = None,
) -> Row | None:
{%- endif %}
    """The row with this id, if there is one."""
    return await session.get(model, row_id)
