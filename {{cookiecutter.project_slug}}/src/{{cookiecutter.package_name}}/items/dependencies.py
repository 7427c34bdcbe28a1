{%- if "jwt" in features -%}
"""Which items a request may act on: the caller's own, or any item for a superuser."""
{%- else -%}
"""Which items a request may act on: any item, as the service has no item owners."""
{%- endif %}

from typing import Annotated

{% if "jwt" in features and "cache" in features -%}
from fastapi import Path, Security
{% elif "jwt" in features -%}
from fastapi import Depends, Path, Security
{% else -%}
from fastapi import Depends, Path
{% endif -%}
{% if "jwt" not in features or "cache" in features -%}
from sqlalchemy import select
{% endif %}
from ..api.deps import SessionDep
{%- if "jwt" in features %}
from ..auth.dependencies import Caller, CallerId
from ..auth.security import InvalidCredentials
from ..core.errors import AppError, AuthenticationFailed, NotFound, PermissionDenied
{%- elif "cache" in features %}
from ..core.errors import AppError, NotFound
{%- else %}
from ..core.errors import AppError
{%- endif %}
from ..db.base import MAX_INTEGER
from . import service
{%- if "cache" in features %}
from .cache import cached_item
{%- endif %}
from .models import Item
from .schemas import ItemCreate, ItemRead

ItemId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The item's id")]
{%- if "jwt" in features %}

# What finding out who calls can answer instead of the endpoint (403: a machine client's
# token without the scope the endpoint names).
CALLER_ERRORS: tuple[type[AppError], ...] = (AuthenticationFailed, PermissionDenied)
{%- if "cache" in features %}


async def visible_items(caller: Caller) -> service.Visible:
    """The items the caller may see and change: their own, or all of them for a superuser."""
    query = select(Item)
    return query if caller.is_superuser else query.where(Item.owner_id == caller.id)
{%- else %}


async def visible_items(caller_id: CallerId) -> service.Visible:
    """The items the caller may see and change: their own, or all of them for a superuser.

    The caller is checked in the same statement as the items (deactivation takes effect at
    once), so a page costs no round trip of its own for it.
    """
    return service.visible_to(caller_id)
{%- endif %}


def ensure_may_act_on(caller_id: int, is_superuser: bool, owner_id: int, item_id: int) -> None:
    """The rule visible_items puts in SQL, for one item; 404 rather than 403, so other
    users' ids stay unknown.
    """
    if not (is_superuser or owner_id == caller_id):
        raise NotFound(f"Item {item_id} not found")


async def get_owned_item(session: SessionDep, caller_id: CallerId, item_id: ItemId) -> Item:
    """The item with this id, if the caller may act on it.

    The caller's state is read along with the item, so the user is checked again on every
    request (deactivation takes effect at once) at no extra round trip.
    """
    found = await service.get_item_for(session, item_id, caller_id)
    if found is None or not found.is_active:
        raise InvalidCredentials("User not found or inactive")
    if found.item is None:
        raise NotFound(f"Item {item_id} not found")
    ensure_may_act_on(caller_id, found.is_superuser, found.item.owner_id, item_id)
    return found.item
{%- if "cache" in features %}


async def get_item_view(caller: Caller, item_id: ItemId) -> ItemRead:
    """The item as the API shows it, from the cache, if the caller may see it."""
    item = await cached_item(item_id)
    if item is None:
        raise NotFound(f"Item {item_id} not found")
    ensure_may_act_on(caller.id, caller.is_superuser, item.owner_id, item_id)
    return item
{%- endif %}


async def new_item(caller: Caller, data: ItemCreate) -> Item:
    """An item made from the request body, owned by the caller."""
    return Item(**data.model_dump(), owner_id=caller.id)
{%- else %}

# Items need no caller{% if "api_key" in features %} (the API key is checked for every route in api/v1){% endif %}.
CALLER_ERRORS: tuple[type[AppError], ...] = ()


async def visible_items() -> service.Visible:
    """Every item: anyone who reaches the API may see and change all of them."""
    return select(Item)


async def get_owned_item(session: SessionDep, item_id: ItemId) -> Item:
    """The item with this id (404 when there is none)."""
    return await service.get_item(session, item_id)
{%- if "cache" in features %}


async def get_item_view(item_id: ItemId) -> ItemRead:
    """The item as the API shows it, from the cache."""
    item = await cached_item(item_id)
    if item is None:
        raise NotFound(f"Item {item_id} not found")
    return item
{%- endif %}


async def new_item(data: ItemCreate) -> Item:
    """An item made from the request body."""
    return Item(**data.model_dump())
{%- endif %}


# The functions above are async though they wait for nothing: FastAPI runs plain ones in a thread.
{%- if "jwt" in features %}
# Reading needs the items:read scope and changing items:write: a user's token carries both,
# a machine client's those it was granted.
VisibleItems = Annotated[service.Visible, Security(visible_items, scopes=["items:read"])]
OwnedItem = Annotated[Item, Security(get_owned_item, scopes=["items:write"])]
NewItem = Annotated[Item, Security(new_item, scopes=["items:write"])]
{%- else %}
VisibleItems = Annotated[service.Visible, Depends(visible_items)]
OwnedItem = Annotated[Item, Depends(get_owned_item)]
NewItem = Annotated[Item, Depends(new_item)]
{%- endif %}
{%- if "cache" not in features %}


async def get_item_view(item: Annotated[Item, Depends(get_owned_item)]) -> ItemRead:
    """The item as the API shows it."""
    return ItemRead.model_validate(item)
{%- endif %}

{% if "jwt" in features %}
ItemView = Annotated[ItemRead, Security(get_item_view, scopes=["items:read"])]
{%- else %}
ItemView = Annotated[ItemRead, Depends(get_item_view)]
{%- endif %}
