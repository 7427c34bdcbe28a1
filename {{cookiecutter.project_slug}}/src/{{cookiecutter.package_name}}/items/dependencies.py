"""Who may read and change items: the caller identity/ names, with the permission each
action needs (a user's token carries those their roles give, a machine client's those it was
granted); `items:manage` reaches anyone's items.
"""

from typing import Annotated

from fastapi import Path, Security

from ..api.deps import SessionDep
{%- if "cache" in features %}
from ..core.errors import NotFound
{%- endif %}
from ..db.base import MAX_INTEGER
{%- if "cache" in features %}
from ..identity import Caller, ClaimedCaller, Principal, get_caller, get_claimed_caller, owns
{%- else %}
from ..identity import ClaimedCaller, Principal, get_caller, get_claimed_caller
{%- endif %}
from . import service
{%- if "cache" in features %}
from .cache import cached_item
{%- endif %}
from .models import Item
from .schemas import ItemRead

ItemId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The item's id")]

# Who reads items: named by their credential and checked in the same statement as the items.
ItemReader = Annotated[Principal, Security(get_claimed_caller, scopes=["items:read"])]
# Who adds items: checked first, as what they add becomes theirs.
ItemWriter = Annotated[Principal, Security(get_caller, scopes=["items:write"])]


async def get_owned_item(session: SessionDep, caller: ClaimedCaller, item_id: ItemId) -> Item:
    """The item with this id, if the caller may change it."""
    return await service.get_item(session, caller, item_id)
{%- if "cache" in features %}


async def get_item_view(caller: Caller, item_id: ItemId) -> ItemRead:
    """The item as the API shows it, from the cache (the caller too, from theirs), if the
    caller may see it: a request served from the cache opens no database session.
    """
    item = await cached_item(item_id)
    if item is None or not owns(caller, item, any_with="items:manage"):
        raise NotFound(f"Item {item_id} not found")
    return item
{%- else %}


async def get_item_view(session: SessionDep, caller: ClaimedCaller, item_id: ItemId) -> ItemRead:
    """The item as the API shows it, if the caller may see it."""
    return ItemRead.model_validate(await service.get_item(session, caller, item_id))
{%- endif %}


OwnedItem = Annotated[Item, Security(get_owned_item, scopes=["items:write"])]
ItemView = Annotated[ItemRead, Security(get_item_view, scopes=["items:read"])]
