from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)
from {{ cookiecutter.package_name }}.items.endpoints import read_item

handler = read_item
responses = error_responses(NotFound)
