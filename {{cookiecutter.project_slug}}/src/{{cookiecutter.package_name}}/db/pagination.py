"""Limit/offset pagination: what a page asks for, the query that fetches it, the envelope."""

from collections.abc import Sequence
from dataclasses import dataclass
{%- if cookiecutter.python_version == "3.11" %}
from typing import Any, ClassVar, Self, TypeVar
{%- else %}
from typing import Any, ClassVar, Self
{%- endif %}

from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class PageParams:
    limit: int
    offset: int = 0
{% if cookiecutter.python_version == "3.11" %}

T = TypeVar("T")


async def fetch_page(
{%- else %}

async def fetch_page[T](
{%- endif %}
    session: AsyncSession, query: Select[T], page: PageParams
) -> tuple[list[T], int]:
    """One page of the query's rows, and how many rows the whole query has.

    The total comes with the rows as a window count, so a page costs one query; only a
    page past the end needs a second query to count.
    """
    paged = query.add_columns(func.count().over()).limit(page.limit).offset(page.offset)
    rows = (await session.execute(paged)).all()
    if rows:
        return [row[0] for row in rows], rows[0][1]
    if page.offset == 0:
        return [], 0
    counted = select(func.count()).select_from(query.order_by(None).subquery())
    return [], await session.scalar(counted) or 0


class Page(BaseModel):
    """What every list endpoint returns around its rows, which a subclass declares as its one
    field of its own (`items: list[ItemRead]`).
    """

    total: int
    limit: int
    offset: int

    # The name of the subclass's field for its rows, found once per subclass.
    rows_field: ClassVar[str]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        (cls.rows_field,) = (name for name in cls.model_fields if name not in Page.model_fields)

    @classmethod
    def of(cls, rows: Sequence[object], total: int, page: PageParams) -> Self:
        """This page of `rows` (objects its row model reads from their attributes)."""
        fields = {cls.rows_field: rows, "total": total, "limit": page.limit, "offset": page.offset}
        return cls.model_validate(fields)
