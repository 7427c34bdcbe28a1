from {{ cookiecutter.package_name }}.pages.endpoints import create_item_page

handler = create_item_page
include_in_schema = False
