from {{ cookiecutter.package_name }}.pages.sso import CALLBACK, finish_sign_on
from {{ cookiecutter.package_name }}.sso.config import single_sign_on

handler = finish_sign_on
served = single_sign_on
name = CALLBACK
include_in_schema = False
