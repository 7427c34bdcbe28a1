from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.accounts import submit_reset_password
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = submit_reset_password
served = password_sign_in
include_in_schema = False
dependencies = SIGN_IN_GUARDS
