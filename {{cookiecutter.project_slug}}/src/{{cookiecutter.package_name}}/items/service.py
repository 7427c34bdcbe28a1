"""Item queries and changes; raises domain errors, never HTTP ones.

Which items a caller may act on is decided by `items/dependencies.py`: lists start from its
query of the visible items, and single items are checked there.
"""

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from ..core.errors import NotFound
from ..db.pagination import PageParams, fetch_page
from .models import Item
from .schemas import ItemSort, ItemUpdate

SORT_COLUMNS = {
    "created_at": Item.created_at,
    "title": Item.title,
}


async def list_items(
    session: AsyncSession,
    visible: Select[Item],
    page: PageParams,
    *,
    title: str | None = None,
    sort: ItemSort = "-created_at",
) -> tuple[list[Item], int]:
    """One page of items, filtered by a case-insensitive title fragment, and the total count."""
    query = visible
    if title:
        query = query.where(Item.title.icontains(title, autoescape=True))
    column = SORT_COLUMNS[sort.removeprefix("-")]
    order = column.desc() if sort.startswith("-") else column.asc()
    return await fetch_page(session, query.order_by(order, Item.id), page)


async def get_item(session: AsyncSession, item_id: int) -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise NotFound(f"Item {item_id} not found")
    return item


async def add_item(session: AsyncSession, item: Item) -> Item:
    session.add(item)
    await session.flush()
    return item


async def update_item(session: AsyncSession, item: Item, data: ItemUpdate) -> Item:
    """Apply the fields the request gave; the rest stay as they are."""
    for field, value in data.model_dump().items():
        setattr(item, field, value)
    await session.flush()
    return item


async def delete_item(session: AsyncSession, item: Item) -> None:
    await session.delete(item)
    await session.flush()
