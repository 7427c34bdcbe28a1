from {{ cookiecutter.package_name }}.pages.sign_in import sign_out

handler = sign_out
include_in_schema = False
