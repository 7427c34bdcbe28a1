from {{ cookiecutter.package_name }}.pages.sso import start_sign_on
from {{ cookiecutter.package_name }}.sso.config import single_sign_on

handler = start_sign_on
served = single_sign_on
name = "sso_sign_in_page"
include_in_schema = False
