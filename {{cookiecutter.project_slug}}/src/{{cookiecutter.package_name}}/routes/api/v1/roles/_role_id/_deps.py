from {{ cookiecutter.package_name }}.core.errors import (
    NotFound,
    error_responses,
)

responses = error_responses(NotFound)
