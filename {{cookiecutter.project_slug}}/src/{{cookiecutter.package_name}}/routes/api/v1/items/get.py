from {{ cookiecutter.package_name }}.items.endpoints import list_items

handler = list_items
trailing_slash = True
