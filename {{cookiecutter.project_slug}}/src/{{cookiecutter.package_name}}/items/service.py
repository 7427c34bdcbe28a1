"""Item queries and changes; raises domain errors, never HTTP ones.

Which items a caller may act on is decided by `items/dependencies.py`: lists start from its
query of the visible items, and single items are checked there.
"""
{%- if "jwt" in features %}

from typing import NamedTuple

from sqlalchemy import Select, bindparam, select
{%- else %}

from sqlalchemy import Select
{%- endif %}
from sqlalchemy.ext.asyncio import AsyncSession

{% if "jwt" not in features -%}
from ..core.errors import NotFound
{% endif -%}
from ..db.pagination import PageParams, fetch_page
{%- if "jwt" in features %}
from ..users.models import User
{%- endif %}
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
{%- if "jwt" in features %}


class ItemForUser(NamedTuple):
    """A user's standing, and the item they asked for (None when there is no such item)."""

    is_active: bool
    is_superuser: bool
    item: Item | None


# Built once: composing a statement costs more CPU than the database takes to answer it.
ITEM_FOR_USER = (
    select(User.is_active, User.is_superuser, Item)
    .select_from(User)
    .outerjoin(Item, Item.id == bindparam("item_id"))
    .where(User.id == bindparam("user_id"))
)


async def get_item_for(session: AsyncSession, item_id: int, user_id: int) -> ItemForUser | None:
    """The item with the state of the user asking for it, in one statement (None when there
    is no such user), so checking the user costs no round trip of its own.
    """
    params = {"item_id": item_id, "user_id": user_id}
    row = (await session.execute(ITEM_FOR_USER, params)).one_or_none()
    return None if row is None else ItemForUser(*row)
{%- else %}


async def get_item(session: AsyncSession, item_id: int) -> Item:
    item = await session.get(Item, item_id)
    if item is None:
        raise NotFound(f"Item {item_id} not found")
    return item
{%- endif %}


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
