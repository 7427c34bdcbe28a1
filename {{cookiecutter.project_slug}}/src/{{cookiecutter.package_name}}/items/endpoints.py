"""Item endpoints: create, list, read, update and delete."""

from typing import Annotated

from fastapi import Query

from ..api.deps import PageDep, SessionDep
from ..db.base import STORABLE_TEXT
from . import service
from .dependencies import ItemReader, ItemView, ItemWriter, OwnedItem
from .schemas import ItemCreate, ItemPage, ItemRead, ItemSort, ItemUpdate

TitleFilter = Annotated[
    str | None, Query(max_length=255, pattern=STORABLE_TEXT, description="Title contains")
]


async def list_items(
    session: SessionDep,
    caller: ItemReader,
    page: PageDep,
    title: TitleFilter = None,
    sort: ItemSort = "-created_at",
) -> ItemPage:
    """List the items you may see, filtered by title and sorted."""
    rows, total = await service.list_items(session, caller, page, title=title, sort=sort)
    return ItemPage.of(rows, total, page)


async def create_item(session: SessionDep, caller: ItemWriter, data: ItemCreate) -> ItemRead:
    """Create an item."""
    return ItemRead.model_validate(await service.add_item(session, caller, data))


async def read_item(item: ItemView) -> ItemRead:
    """Read one item."""
    return item


async def update_item(session: SessionDep, item: OwnedItem, data: ItemUpdate) -> ItemRead:
    """Change some fields of an item."""
    return ItemRead.model_validate(await service.update_item(session, item, data))


async def delete_item(session: SessionDep, item: OwnedItem) -> None:
    """Delete an item."""
    await service.delete_item(session, item)
