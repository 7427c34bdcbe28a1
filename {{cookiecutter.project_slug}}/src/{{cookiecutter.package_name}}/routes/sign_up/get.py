from {{ cookiecutter.package_name }}.pages.sign_up import sign_up_page
from {{ cookiecutter.package_name }}.sso.config import password_sign_in

handler = sign_up_page
served = password_sign_in
name = "sign_up_page"
include_in_schema = False
