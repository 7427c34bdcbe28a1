from {{ cookiecutter.package_name }}.guards import SIGN_IN_GUARDS
from {{ cookiecutter.package_name }}.pages.sign_up import submit_resend_verification

handler = submit_resend_verification
name = "resend_verification_page"
include_in_schema = False
dependencies = SIGN_IN_GUARDS
