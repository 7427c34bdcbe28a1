from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import NotFound, error_responses
from {{ cookiecutter.package_name }}.items import service
from {{ cookiecutter.package_name }}.items.dependencies import OwnedItem
from {{ cookiecutter.package_name }}.items.schemas import ItemRead, ItemUpdate

name = "update_item"
responses = error_responses(NotFound)


async def handler(session: SessionDep, item: OwnedItem, data: ItemUpdate) -> ItemRead:
    """Change some fields of an item."""
    return ItemRead.model_validate(await service.update_item(session, item, data))
