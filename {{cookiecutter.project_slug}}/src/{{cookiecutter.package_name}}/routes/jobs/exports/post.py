from {{ cookiecutter.package_name }}.pages.jobs import start_export_page

handler = start_export_page
include_in_schema = False
