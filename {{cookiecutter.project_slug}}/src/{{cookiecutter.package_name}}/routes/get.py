from {{ cookiecutter.package_name }}.guards import PAGE_GUARDS
from {{ cookiecutter.package_name }}.pages.endpoints import home

handler = home
include_in_schema = False
dependencies = PAGE_GUARDS
