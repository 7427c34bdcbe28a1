from {{ cookiecutter.package_name }}.pages.endpoints import delete_item_page

handler = delete_item_page
include_in_schema = False
