"""Item endpoints: create, list, read, update and delete."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from ..api.deps import {% if cookiecutter.auth == "jwt" %}CurrentUser, {% endif %}PageDep, SessionDep
from ..core.errors import {% if cookiecutter.auth != "none" %}AuthenticationFailed, {% endif %}NotFound, error_responses
from . import service
from .schemas import ItemCreate, ItemPage, ItemRead, ItemSort, ItemUpdate
{%- if cookiecutter.auth == "jwt" %}

router = APIRouter(prefix="/items", tags=["items"], responses=error_responses(AuthenticationFailed))


def _owner_filter(user: CurrentUser) -> int | None:
    """Superusers see every item; everyone else only their own."""
    return None if user.is_superuser else user.id


@router.get("/")
async def list_items(
    session: SessionDep,
    user: CurrentUser,
    page: PageDep,
    title: Annotated[str | None, Query(max_length=255, description="Title contains")] = None,
    sort: ItemSort = "-created_at",
) -> ItemPage:
    """List your items (a superuser sees all), filtered by title and sorted."""
    rows, total = await service.list_items(
        session, page, owner_id=_owner_filter(user), title=title, sort=sort
    )
    return ItemPage(
        items=[ItemRead.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/", status_code=status.HTTP_201_CREATED)
async def create_item(session: SessionDep, user: CurrentUser, data: ItemCreate) -> ItemRead:
    """Create an item owned by the caller."""
    item = await service.create_item(session, data, owner_id=user.id)
    return ItemRead.model_validate(item)


@router.get("/{item_id}", responses=error_responses(NotFound))
async def read_item(session: SessionDep, user: CurrentUser, item_id: int) -> ItemRead:
    """Read one of your items."""
    item = await service.get_item(session, item_id, owner_id=_owner_filter(user))
    return ItemRead.model_validate(item)


@router.patch("/{item_id}", responses=error_responses(NotFound))
async def update_item(
    session: SessionDep, user: CurrentUser, item_id: int, data: ItemUpdate
) -> ItemRead:
    """Change some fields of one of your items."""
    item = await service.get_item(session, item_id, owner_id=_owner_filter(user))
    return ItemRead.model_validate(await service.update_item(session, item, data))


@router.delete(
    "/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(NotFound)
)
async def delete_item(session: SessionDep, user: CurrentUser, item_id: int) -> None:
    """Delete one of your items."""
    item = await service.get_item(session, item_id, owner_id=_owner_filter(user))
    await service.delete_item(session, item)
{%- else %}

{% if cookiecutter.auth == "api_key" -%}
router = APIRouter(prefix="/items", tags=["items"], responses=error_responses(AuthenticationFailed))
{%- else -%}
router = APIRouter(prefix="/items", tags=["items"])
{%- endif %}


@router.get("/")
async def list_items(
    session: SessionDep,
    page: PageDep,
    title: Annotated[str | None, Query(max_length=255, description="Title contains")] = None,
    sort: ItemSort = "-created_at",
) -> ItemPage:
    """List items, filtered by title and sorted."""
    rows, total = await service.list_items(session, page, title=title, sort=sort)
    return ItemPage(
        items=[ItemRead.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/", status_code=status.HTTP_201_CREATED)
async def create_item(session: SessionDep, data: ItemCreate) -> ItemRead:
    """Create an item."""
    return ItemRead.model_validate(await service.create_item(session, data))


@router.get("/{item_id}", responses=error_responses(NotFound))
async def read_item(session: SessionDep, item_id: int) -> ItemRead:
    """Read one item."""
    return ItemRead.model_validate(await service.get_item(session, item_id))


@router.patch("/{item_id}", responses=error_responses(NotFound))
async def update_item(session: SessionDep, item_id: int, data: ItemUpdate) -> ItemRead:
    """Change some fields of an item."""
    item = await service.get_item(session, item_id)
    return ItemRead.model_validate(await service.update_item(session, item, data))


@router.delete(
    "/{item_id}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(NotFound)
)
async def delete_item(session: SessionDep, item_id: int) -> None:
    """Delete an item."""
    await service.delete_item(session, await service.get_item(session, item_id))
{%- endif %}
