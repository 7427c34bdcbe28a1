from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.sign_up import submit_verify_email

handler = submit_verify_email
include_in_schema = False
dependencies = SIGN_IN_GUARDS
