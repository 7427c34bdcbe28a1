from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.identity.sign_in import sign_in_form_served
from {{ cookiecutter.package_name }}.pages.sign_in import submit_sign_in

handler = submit_sign_in
served = sign_in_form_served
include_in_schema = False
dependencies = SIGN_IN_GUARDS
