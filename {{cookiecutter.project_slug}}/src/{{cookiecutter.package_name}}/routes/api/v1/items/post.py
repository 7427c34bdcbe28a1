from fastapi import status

from {{ cookiecutter.package_name }}.items.endpoints import create_item

handler = create_item
trailing_slash = True
status_code = status.HTTP_201_CREATED
