from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.sign_up import submit_sign_up
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = submit_sign_up
served = password_sign_in
include_in_schema = False
dependencies = SIGN_IN_GUARDS
