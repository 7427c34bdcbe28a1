"""Item reads from the cache: one entry per item, dropped once a change to it commits."""

from collections.abc import Sequence
from functools import partial

from sqlalchemy import event
from sqlalchemy.orm import Mapper, Session, object_session

from ..cache import store
from ..db.session import ReadOnlySessionFactory, after_commit
from ..identity import on_owner_deleted
from .models import Item
from .schemas import ItemRead

SHAPE = store.shape_version(ItemRead)


def item_key(item_id: int) -> str:
    return store.key("item", SHAPE, item_id)


async def cached_item(item_id: int) -> ItemRead | None:
    """The item as the API shows it, from the cache or else the database (in a session of
    its own, so a request served from the cache opens none).
    """

    async def load() -> bytes | None:
        async with ReadOnlySessionFactory() as session:
            item = await session.get(Item, item_id)
        return None if item is None else ItemRead.model_validate(item).model_dump_json().encode()

    cached = await store.get_or_load(item_key(item_id), load)
    return None if cached is None else ItemRead.model_validate_json(cached)


@event.listens_for(Item, "after_update")
@event.listens_for(Item, "after_delete")
def _drop_changed_item(mapper: Mapper[Item], connection: object, item: Item) -> None:
    if (session := object_session(item)) is not None:
        after_commit(session, partial(store.drop, item_key(item.id)))


def _drop_items_of(session: Session, item_ids: Sequence[int]) -> None:
    after_commit(session, partial(store.drop, *map(item_key, item_ids)))


# An owner's items go with them, deleted by the database out of the ORM's sight.
on_owner_deleted(Item, _drop_items_of)
