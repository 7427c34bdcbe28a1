from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.accounts import submit_reset_password

handler = submit_reset_password
include_in_schema = False
dependencies = SIGN_IN_GUARDS
