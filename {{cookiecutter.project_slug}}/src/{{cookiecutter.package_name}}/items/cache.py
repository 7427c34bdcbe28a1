"""Item reads from the cache: one entry per item, dropped once a change to it commits."""

from ..cache.rows import CachedRows
from ..identity import on_owner_deleted
from .models import Item
from .schemas import ItemRead

items = CachedRows("item", Item, ItemRead)
# An owner's items go with them, deleted by the database out of the ORM's sight.
on_owner_deleted(Item, items.drop_after_commit)


def item_key(item_id: int) -> str:
    return items.key(item_id)


async def cached_item(item_id: int) -> ItemRead | None:
    """The item as the API shows it, from the cache or else the database."""
    cached = await items.get(item_id)
    return None if cached is None else ItemRead.model_validate_json(cached)
