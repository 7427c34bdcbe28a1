from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.sign_up import submit_sign_up

handler = submit_sign_up
include_in_schema = False
dependencies = SIGN_IN_GUARDS
