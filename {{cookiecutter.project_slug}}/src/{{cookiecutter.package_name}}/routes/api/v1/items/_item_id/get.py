from {{ cookiecutter.package_name }}.core.errors import NotFound, error_responses
from {{ cookiecutter.package_name }}.items.dependencies import ItemView
from {{ cookiecutter.package_name }}.items.schemas import ItemRead

name = "read_item"
responses = error_responses(NotFound)


async def handler(item: ItemView) -> ItemRead:
    """Read one item."""
    return item
