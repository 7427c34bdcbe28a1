"""Item reads from the cache: one entry per item, dropped once a change to it commits."""

from functools import partial

{% if "jwt" in features -%}
from sqlalchemy import event, select
from sqlalchemy.engine import Connection
{%- else -%}
from sqlalchemy import event
{%- endif %}
from sqlalchemy.orm import Mapper, object_session

from ..cache import store
from ..db.session import ReadOnlySessionFactory, after_commit
{%- if "jwt" in features %}
from ..users.models import User
{%- endif %}
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
{%- if "jwt" in features %}


@event.listens_for(User, "before_delete")
def _drop_items_of_deleted_user(mapper: Mapper[User], connection: Connection, user: User) -> None:
    """The database deletes a user's items with them (ON DELETE CASCADE), out of the ORM's
    sight, so their cached copies are found and dropped here.
    """
    owned = connection.scalars(select(Item.id).where(Item.owner_id == user.id)).all()
    if owned and (session := object_session(user)) is not None:
        after_commit(session, partial(store.drop, *map(item_key, owned)))
{%- endif %}
