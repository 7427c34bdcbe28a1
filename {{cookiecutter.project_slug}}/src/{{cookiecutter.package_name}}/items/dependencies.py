{%- if "jwt" in features -%}
"""Which items a request may act on: the caller's own, or any item for a superuser."""
{%- else -%}
"""Which items a request may act on: any item, as the service has no item owners."""
{%- endif %}

from typing import Annotated

from fastapi import Depends, Path
from sqlalchemy import Select, select

from ..api.deps import SessionDep
{%- if "jwt" in features %}
from ..auth.dependencies import CurrentUser
from ..core.errors import AppError, AuthenticationFailed, NotFound
{%- else %}
from ..core.errors import AppError
{%- endif %}
from ..db.base import MAX_INTEGER
from . import service
from .models import Item
from .schemas import ItemCreate

ItemId = Annotated[int, Path(ge=1, le=MAX_INTEGER, description="The item's id")]
{%- if "jwt" in features %}

# What finding out who calls can answer instead of the endpoint.
CALLER_ERRORS: tuple[type[AppError], ...] = (AuthenticationFailed,)


async def visible_items(user: CurrentUser) -> Select[Item]:
    """The items the caller may see and change: their own, or all of them for a superuser."""
    query = select(Item)
    return query if user.is_superuser else query.where(Item.owner_id == user.id)


async def get_owned_item(session: SessionDep, user: CurrentUser, item_id: ItemId) -> Item:
    """The item with this id, if the caller may act on it by the rule above (404 otherwise,
    so other users' ids stay unknown).
    """
    item = await service.get_item(session, item_id)
    if not (user.is_superuser or item.owner_id == user.id):
        raise NotFound(f"Item {item_id} not found")
    return item


async def new_item(user: CurrentUser, data: ItemCreate) -> Item:
    """An item made from the request body, owned by the caller."""
    return Item(**data.model_dump(), owner_id=user.id)
{%- else %}

# Items need no caller{% if "api_key" in features %} (the API key is checked for every route in api/v1){% endif %}.
CALLER_ERRORS: tuple[type[AppError], ...] = ()


async def visible_items() -> Select[Item]:
    """Every item: anyone who reaches the API may see and change all of them."""
    return select(Item)


async def get_owned_item(session: SessionDep, item_id: ItemId) -> Item:
    """The item with this id (404 when there is none)."""
    return await service.get_item(session, item_id)


async def new_item(data: ItemCreate) -> Item:
    """An item made from the request body."""
    return Item(**data.model_dump())
{%- endif %}


# The functions above are async though they wait for nothing: FastAPI runs plain ones in a thread.
VisibleItems = Annotated[Select[Item], Depends(visible_items)]
OwnedItem = Annotated[Item, Depends(get_owned_item)]
NewItem = Annotated[Item, Depends(new_item)]
