from {{ cookiecutter.package_name }}.pages.endpoints import home

handler = home
include_in_schema = False
