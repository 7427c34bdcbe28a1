from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)
from {{ cookiecutter.package_name }}.items.endpoints import update_item

handler = update_item
responses = error_responses(NotFound)
