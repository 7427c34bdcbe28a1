from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.accounts import submit_forgot_password

handler = submit_forgot_password
include_in_schema = False
dependencies = SIGN_IN_GUARDS
