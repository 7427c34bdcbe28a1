from {{ cookiecutter.package_name }}.pages.sign_in import sign_in_page

handler = sign_in_page
name = "sign_in"
include_in_schema = False
