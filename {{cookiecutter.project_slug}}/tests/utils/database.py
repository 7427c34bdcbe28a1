"""Look at the database directly, around what a request did."""

import asyncio

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.pool import QueuePool

from {{ cookiecutter.package_name }}.db.session import engine
{% if "jwt" in features -%}
from {{ cookiecutter.package_name }}.models import Base, Role, User
{%- else -%}
from {{ cookiecutter.package_name }}.models import Base, Item
{%- endif %}

POLL = 0.01


def add_row(session: AsyncSession) -> None:
    """Add a row that needs no other row, to see whether a request's writes last."""
{%- if "jwt" in features %}
    session.add(User(email="ghost@example.com", hashed_password="not-a-real-hash"))
{%- else %}
    session.add(Item(title="ghost"))
{%- endif %}


async def assert_nothing_written(session: AsyncSession) -> None:
{%- if "jwt" in features %}
    # The roles every database starts with are there before any request.
    for table in set(Base.metadata.sorted_tables) - {Role.__table__}:
{%- else %}
    for table in Base.metadata.sorted_tables:
{%- endif %}
        assert await session.scalar(select(func.count()).select_from(table)) == 0


async def pool_frees_up_within(seconds: float) -> bool:
    """Whether the service's pool has no connection checked out at some moment within
    `seconds`: requests waiting on another server hold none.
    """
    assert isinstance(engine.pool, QueuePool)
    for _ in range(int(seconds / POLL)):
        if not engine.pool.checkedout():
            return True
        await asyncio.sleep(POLL)
    return False
