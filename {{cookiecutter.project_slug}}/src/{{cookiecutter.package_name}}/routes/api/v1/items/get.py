from typing import Annotated

from fastapi import Query

from {{ cookiecutter.package_name }}.api.deps import PageDep, SessionDep
from {{ cookiecutter.package_name }}.db.base import STORABLE_TEXT
from {{ cookiecutter.package_name }}.items import service
from {{ cookiecutter.package_name }}.items.dependencies import ItemReader
from {{ cookiecutter.package_name }}.items.schemas import ItemPage, ItemRead, ItemSort

name = "list_items"
trailing_slash = True


async def handler(
    session: SessionDep,
    caller: ItemReader,
    page: PageDep,
    title: Annotated[
        str | None, Query(max_length=255, pattern=STORABLE_TEXT, description="Title contains")
    ] = None,
    sort: ItemSort = "-created_at",
) -> ItemPage:
    """List the items you may see, filtered by title and sorted."""
    rows, total = await service.list_items(session, caller, page, title=title, sort=sort)
    return ItemPage(
        items=[ItemRead.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )
