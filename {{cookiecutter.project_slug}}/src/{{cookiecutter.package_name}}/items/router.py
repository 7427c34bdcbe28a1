"""Item endpoints: create, list, read, update and delete."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from ..api.deps import PageDep, SessionDep
from ..core.errors import NotFound, error_responses
from ..db.base import STORABLE_TEXT
from ..identity import CALLER_ERRORS
from . import service
from .dependencies import ItemReader, ItemView, ItemWriter, OwnedItem
from .schemas import ItemCreate, ItemPage, ItemRead, ItemSort, ItemUpdate

router = APIRouter(prefix="/items", tags=["items"], responses=error_responses(*CALLER_ERRORS))


@router.get("/")
async def list_items(
    session: SessionDep,
    caller: ItemReader,
    page: PageDep,
    title: Annotated[
        str | None, Query(max_length=255, pattern=STORABLE_TEXT, description="Title contains")
    ] = None,
    sort: ItemSort = "-created_at",
) -> ItemPage:
    """List the items you may see, filtered by title and sorted."""
    rows, total = await service.list_items(session, caller, page, title=title, sort=sort)
    return ItemPage(
        items=[ItemRead.model_validate(row) for row in rows],
        total=total,
        limit=page.limit,
        offset=page.offset,
    )


@router.post("/", status_code=status.HTTP_201_CREATED)
async def create_item(session: SessionDep, caller: ItemWriter, data: ItemCreate) -> ItemRead:
    """Create an item."""
    return ItemRead.model_validate(await service.add_item(session, caller, data))


@router.get("/{item_id:int}", responses=error_responses(NotFound))
async def read_item(item: ItemView) -> ItemRead:
    """Read one item."""
    return item


@router.patch("/{item_id:int}", responses=error_responses(NotFound))
async def update_item(session: SessionDep, item: OwnedItem, data: ItemUpdate) -> ItemRead:
    """Change some fields of an item."""
    return ItemRead.model_validate(await service.update_item(session, item, data))


@router.delete(
    "/{item_id:int}", status_code=status.HTTP_204_NO_CONTENT, responses=error_responses(NotFound)
)
async def delete_item(session: SessionDep, item: OwnedItem) -> None:
    """Delete an item."""
    await service.delete_item(session, item)
