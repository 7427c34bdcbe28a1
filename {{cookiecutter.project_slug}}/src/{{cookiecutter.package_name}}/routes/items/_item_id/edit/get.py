from {{ cookiecutter.package_name }}.pages.endpoints import edit_item_page

handler = edit_item_page
include_in_schema = False
