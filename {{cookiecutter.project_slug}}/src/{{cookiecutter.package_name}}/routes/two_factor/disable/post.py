from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.two_factor import submit_two_factor_disable

handler = submit_two_factor_disable
name = "two_factor_disable_page"
include_in_schema = False
dependencies = SIGN_IN_GUARDS
