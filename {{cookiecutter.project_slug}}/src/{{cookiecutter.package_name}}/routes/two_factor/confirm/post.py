from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.two_factor import submit_two_factor_confirm

handler = submit_two_factor_confirm
name = "two_factor_confirm_page"
include_in_schema = False
dependencies = SIGN_IN_GUARDS
