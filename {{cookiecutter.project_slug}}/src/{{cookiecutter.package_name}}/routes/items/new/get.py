from {{ cookiecutter.package_name }}.pages.endpoints import new_item_page

handler = new_item_page
include_in_schema = False
