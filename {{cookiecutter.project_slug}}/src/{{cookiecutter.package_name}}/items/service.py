"""Item queries and changes; raises domain errors, never HTTP ones."""

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..api.pagination import PageParams, fetch_page
from ..core.errors import NotFound
from .models import Item
from .schemas import ItemCreate, ItemSort, ItemUpdate

SORT_COLUMNS = {
    "created_at": Item.created_at,
    "title": Item.title,
}


async def list_items(
    session: AsyncSession,
    page: PageParams,
    *,
{%- if cookiecutter.auth == "jwt" %}
    owner_id: int | None,
{%- endif %}
    title: str | None = None,
    sort: ItemSort = "-created_at",
) -> tuple[list[Item], int]:
    """One page of items, filtered by a case-insensitive title fragment, and the total count."""
    query = select(Item)
{%- if cookiecutter.auth == "jwt" %}
    if owner_id is not None:
        query = query.where(Item.owner_id == owner_id)
{%- endif %}
    if title:
        query = query.where(Item.title.icontains(title, autoescape=True))
    column = SORT_COLUMNS[sort.removeprefix("-")]
    order = column.desc() if sort.startswith("-") else column.asc()
    return await fetch_page(session, query.order_by(order, Item.id), page)


{%- if cookiecutter.auth == "jwt" %}


async def get_item(session: AsyncSession, item_id: int, *, owner_id: int | None) -> Item:
    """The item, if it exists and (unless owner_id is None) belongs to that owner."""
    item = await session.get(Item, item_id)
    if item is None or (owner_id is not None and item.owner_id != owner_id):
        raise NotFound(f"Item {item_id} not found")
    return item


async def create_item(session: AsyncSession, data: ItemCreate, *, owner_id: int) -> Item:
    item = Item(**data.model_dump(), owner_id=owner_id)
{%- else %}


async def get_item(session: AsyncSession, item_id: int) -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise NotFound(f"Item {item_id} not found")
    return item


async def create_item(session: AsyncSession, data: ItemCreate) -> Item:
    item = Item(**data.model_dump())
{%- endif %}
    session.add(item)
    await session.flush()
    return item


async def update_item(session: AsyncSession, item: Item, data: ItemUpdate) -> Item:
    for field, value in data.model_dump(exclude_unset=True).items():
        setattr(item, field, value)
    await session.flush()
    return item


async def delete_item(session: AsyncSession, item: Item) -> None:
    await session.delete(item)
    await session.flush()
