"""Item queries and changes; raises domain errors, never HTTP ones.

Which items a caller may act on is decided by `items/dependencies.py`: lists start from its
query of the visible items, and single items are checked there.
"""
{%- set folded = "jwt" in features and "cache" not in features %}
{%- if "jwt" in features %}

from typing import NamedTuple
{%- endif %}

{% if folded -%}
from sqlalchemy import Select, bindparam, or_, select
{%- elif "jwt" in features -%}
from sqlalchemy import Select, bindparam, select
{%- else -%}
from sqlalchemy import Select
{%- endif %}
from sqlalchemy.ext.asyncio import AsyncSession

{% if folded -%}
from ..auth.dependencies import get_caller
{% endif -%}
{% if "jwt" not in features -%}
from ..core.errors import NotFound
{% endif -%}
from ..db.pagination import PageParams, fetch_page
{%- if "jwt" in features %}
from ..users.models import User
{%- endif %}
from .models import Item
from .schemas import ItemSort, ItemUpdate

# Built once: composing `Item.created_at.desc()` costs tens of microseconds every time.
SORT_ORDERS = {
    f"{direction}{name}": (column.desc() if direction else column.asc(), Item.id)
    for name, column in {"created_at": Item.created_at, "title": Item.title}.items()
    for direction in ("", "-")
}
{%- if folded %}


class Visible(NamedTuple):
    """The items a caller may see, as a statement that checks the caller too (one who is
    inactive or gone matches no rows), and the caller's id, to tell the two apart when a
    page comes back empty.
    """

    query: Select[Item]
    caller_id: int


# The caller's own check rides in the statement, so a page costs no round trip for it.
VISIBLE_TO_CALLER = (
    select(Item)
    .join(User, User.id == bindparam("caller_id"))
    .where(User.is_active, or_(User.is_superuser, Item.owner_id == User.id))
)


def visible_to(caller_id: int) -> Visible:
    """The items the caller may see: their own, or all of them for a superuser."""
    return Visible(VISIBLE_TO_CALLER.params(caller_id=caller_id), caller_id)
{%- else %}

# The items a caller may see, as the statement that selects them.
Visible = Select[Item]
{%- endif %}


async def list_items(
    session: AsyncSession,
    visible: Visible,
    page: PageParams,
    *,
    title: str | None = None,
    sort: ItemSort = "-created_at",
) -> tuple[list[Item], int]:
    """One page of items, filtered by a case-insensitive title fragment, and the total count."""
{%- if folded %}
    query = visible.query
{%- else %}
    query = visible
{%- endif %}
    if title:
        query = query.where(Item.title.icontains(title, autoescape=True))
    rows, total = await fetch_page(session, query.order_by(*SORT_ORDERS[sort]), page)
{%- if folded %}
    if not rows:  # maybe nothing to see, maybe a caller inactive or gone: check the caller
        await get_caller(session, visible.caller_id)
{%- endif %}
    return rows, total
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
