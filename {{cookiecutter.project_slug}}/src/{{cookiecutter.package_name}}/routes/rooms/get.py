from {{ cookiecutter.package_name }}.guards import PAGE_GUARDS
from {{ cookiecutter.package_name }}.pages.rooms import rooms_page

handler = rooms_page
include_in_schema = False
dependencies = PAGE_GUARDS
