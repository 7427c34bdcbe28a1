from {{ cookiecutter.package_name }}.realtime.endpoints import demo_script

handler = demo_script
include_in_schema = False
