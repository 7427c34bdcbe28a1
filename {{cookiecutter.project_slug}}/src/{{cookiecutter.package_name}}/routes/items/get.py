from {{ cookiecutter.package_name }}.pages.endpoints import items_page

handler = items_page
include_in_schema = False
