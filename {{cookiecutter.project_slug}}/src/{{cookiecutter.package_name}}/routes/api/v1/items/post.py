from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.items import service
from {{ cookiecutter.package_name }}.items.dependencies import ItemWriter
from {{ cookiecutter.package_name }}.items.schemas import ItemCreate, ItemRead

name = "create_item"
trailing_slash = True
status_code = status.HTTP_201_CREATED


async def handler(session: SessionDep, caller: ItemWriter, data: ItemCreate) -> ItemRead:
    """Create an item."""
    return ItemRead.model_validate(await service.add_item(session, caller, data))
