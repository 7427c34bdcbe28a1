from {{ cookiecutter.package_name }}.pages.accounts import forgot_password_page
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = forgot_password_page
served = password_sign_in
name = "forgot_password_page"
include_in_schema = False
