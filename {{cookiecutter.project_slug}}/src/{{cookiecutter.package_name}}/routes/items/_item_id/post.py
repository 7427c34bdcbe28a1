from {{ cookiecutter.package_name }}.pages.endpoints import update_item_page

handler = update_item_page
include_in_schema = False
