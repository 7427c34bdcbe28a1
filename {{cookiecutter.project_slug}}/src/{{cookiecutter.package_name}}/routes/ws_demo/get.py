from {{ cookiecutter.package_name }}.realtime.endpoints import demo_page

handler = demo_page
include_in_schema = False
