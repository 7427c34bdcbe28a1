from fastapi import status

from {{ cookiecutter.package_name }}.api.deps import SessionDep
from {{ cookiecutter.package_name }}.core.errors import NotFound, error_responses
from {{ cookiecutter.package_name }}.items import service
from {{ cookiecutter.package_name }}.items.dependencies import OwnedItem

name = "delete_item"
status_code = status.HTTP_204_NO_CONTENT
responses = error_responses(NotFound)


async def handler(session: SessionDep, item: OwnedItem) -> None:
    """Delete an item."""
    await service.delete_item(session, item)
