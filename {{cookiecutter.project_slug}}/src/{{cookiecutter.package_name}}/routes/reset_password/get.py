from {{ cookiecutter.package_name }}.pages.accounts import reset_password_page
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = reset_password_page
served = password_sign_in
name = "reset_password_page"
include_in_schema = False
